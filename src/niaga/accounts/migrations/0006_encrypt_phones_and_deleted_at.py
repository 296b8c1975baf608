"""Phone numbers encrypted at rest (existing rows re-saved encrypted), and the mark of a deleted account."""

import encrypted_model_fields.fields
import niaga.core.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_token_scopes_expiry'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='deleted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dihapus pada'),
        ),
        migrations.AlterField(
            model_name='address',
            name='phone',
            field=encrypted_model_fields.fields.EncryptedCharField(verbose_name='nomor HP'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=encrypted_model_fields.fields.EncryptedCharField(blank=True, verbose_name='nomor HP'),
        ),
        migrations.RunPython(
            niaga.core.fields.encrypt_rows('accounts', 'User', 'phone'),
            niaga.core.fields.decrypt_rows('accounts', 'User', 'phone'),
        ),
        migrations.RunPython(
            niaga.core.fields.encrypt_rows('accounts', 'Address', 'phone'),
            niaga.core.fields.decrypt_rows('accounts', 'Address', 'phone'),
        ),
    ]
