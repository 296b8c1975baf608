"""The platform's starting categories: a seller on a fresh install can list at once."""

from django.db import migrations

CATEGORIES = [
    ("Buku & Alat Tulis", "buku-alat-tulis"),
    ("Elektronik", "elektronik"),
    ("Handphone & Aksesoris", "handphone-aksesoris"),
    ("Fashion Pria", "fashion-pria"),
    ("Fashion Wanita", "fashion-wanita"),
    ("Makanan & Minuman", "makanan-minuman"),
    ("Kesehatan & Kecantikan", "kesehatan-kecantikan"),
    ("Rumah Tangga", "rumah-tangga"),
    ("Olahraga", "olahraga"),
    ("Mainan & Hobi", "mainan-hobi"),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for position, (name, slug) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
