"""niaga recount_figures: recount every product's rating and units sold from the rows.

The services keep the figures as they write; this is for an operator who restored rows from
a backup or edited them by hand, and wants the cards and the sorting to agree again."""

from django.core.management.base import BaseCommand

from niaga.catalog.models import Product
from niaga.reviews import services

BATCH = 200


class Command(BaseCommand):
    help = "Recount every product's average stars, review count and units sold from the rows."

    def handle(self, *args, **options):
        ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            services.refresh_figures(product_ids=ids[start : start + BATCH])
        self.stdout.write(f"{len(ids)} produk dihitung ulang.")
