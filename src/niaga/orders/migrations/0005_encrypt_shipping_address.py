"""The order's address snapshot (name, phone, street) encrypted at rest; existing rows re-saved."""

import niaga.core.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0004_indonesian_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='order',
            name='shipping_address',
            field=niaga.core.fields.EncryptedJSONField(verbose_name='alamat pengiriman'),
        ),
        migrations.RunPython(
            niaga.core.fields.encrypt_rows('orders', 'Order', 'shipping_address'),
            niaga.core.fields.decrypt_rows('orders', 'Order', 'shipping_address'),
        ),
    ]
