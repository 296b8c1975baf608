"""Payout bank account numbers encrypted at rest; existing rows re-saved."""

import encrypted_model_fields.fields
import niaga.core.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0007_named_statuses'),
    ]

    operations = [
        migrations.AlterField(
            model_name='payout',
            name='account_number',
            field=encrypted_model_fields.fields.EncryptedCharField(verbose_name='nomor rekening'),
        ),
        migrations.RunPython(
            niaga.core.fields.encrypt_rows('payments', 'Payout', 'account_number'),
            niaga.core.fields.decrypt_rows('payments', 'Payout', 'account_number'),
        ),
    ]
