from django.db.models import OuterRef, Subquery, Sum

from .models import Stock


def available_for(variant_ids: list[int]) -> dict[int, int]:
    rows = Stock.objects.filter(variant_id__in=variant_ids).values_list("variant_id", "on_hand", "reserved")
    return {vid: on_hand - reserved for vid, on_hand, reserved in rows}


def units_left_of_product() -> Subquery:
    """A product's units left to sell over all its variants, for a listing that reads the
    product as OuterRef("pk") (the catalog's cards, through catalog.shelf)."""
    return Subquery(
        Stock.objects.filter(variant__product=OuterRef("pk"))
        .values("variant__product")
        .annotate(total=Sum("on_hand") - Sum("reserved"))
        .values("total")
    )
