"""An after-sales parcel's sender and recipient encrypted at rest; existing rows re-saved."""

import niaga.core.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('shipping', '0003_after_sales_legs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='leg',
            name='recipient',
            field=niaga.core.fields.EncryptedJSONField(verbose_name='penerima'),
        ),
        migrations.AlterField(
            model_name='leg',
            name='sender',
            field=niaga.core.fields.EncryptedJSONField(verbose_name='pengirim'),
        ),
        migrations.RunPython(
            niaga.core.fields.encrypt_rows('shipping', 'Leg', 'sender', 'recipient'),
            niaga.core.fields.decrypt_rows('shipping', 'Leg', 'sender', 'recipient'),
        ),
    ]
