"""Sized versions for every image uploaded before they existed; their stored originals, which
may carry the camera's GPS position, are replaced by clean masters."""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations, models


def make_versions(apps, schema_editor):
    from niaga.core.images import versions

    ProductImage = apps.get_model("catalog", "ProductImage")
    for image in ProductImage.objects.filter(widths="").iterator():
        try:
            with default_storage.open(image.image.name) as upload:
                sized = versions(upload)
        except (OSError, ValueError):
            continue  # the file is gone or unreadable: the page falls back to the thumbnail
        name = PurePosixPath(image.image.name).stem
        old = image.image.name
        image.image.save(f"{name}-clean.{sized.master_extension}", sized.master, save=False)
        default_storage.delete(old)
        image.stem = f"products/v/{name}"
        for width, (webp, jpeg) in sized.files.items():
            default_storage.save(f"{image.stem}-{width}.webp", webp)
            default_storage.save(f"{image.stem}-{width}.jpg", jpeg)
        image.widths = ",".join(str(w) for w in sized.widths)
        image.width, image.height = sized.width, sized.height
        image.save()


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0003_default_categories'),
    ]

    operations = [
        migrations.AddField(
            model_name='productimage',
            name='height',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='productimage',
            name='stem',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='productimage',
            name='width',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='productimage',
            name='widths',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(make_versions, migrations.RunPython.noop),
    ]
