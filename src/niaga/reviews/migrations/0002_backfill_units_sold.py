"""Units sold of every product counted from the orders already completed (Selesai) before
the figure existed; from now on reviews.services.refresh_figures keeps it."""

from django.db import migrations
from django.db.models import F, Sum


def count_units_sold(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    OrderLine = apps.get_model("orders", "OrderLine")
    sold = (
        OrderLine.objects.filter(order__status="completed")
        .values("variant__product_id")
        .annotate(n=Sum(F("quantity") - F("cancelled_quantity")))
    )
    for row in sold:
        Product.objects.filter(pk=row["variant__product_id"]).update(units_sold=max(0, row["n"] or 0))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_reviews_photos_reports"),
        ("catalog", "0006_product_rating_and_units_sold"),
        ("orders", "0004_indonesian_names"),
    ]

    operations = [migrations.RunPython(count_units_sold, migrations.RunPython.noop)]
