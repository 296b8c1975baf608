import datetime as dt

from django.db.models import OuterRef, Subquery, Sum

from .models import Stock, StockMovement


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


def units_sold(
    *, since: dt.datetime, until: dt.datetime, store_id: int | None = None, variant_ids=None
) -> dict[int, int]:
    """Units sold per variant in [since, until), from the movements: sales (reservations
    committed at payment) less the units of paid orders cancelled back onto the shelf.
    Returns go on the shelf again but were sold; they count as sold here."""
    rows = StockMovement.objects.filter(
        reason__in=[StockMovement.Reason.SOLD, StockMovement.Reason.RESTOCKED],
        created_at__gte=since,
        created_at__lt=until,
    )
    if store_id is not None:
        rows = rows.filter(store_id=store_id)
    if variant_ids is not None:
        rows = rows.filter(stock__variant_id__in=list(variant_ids))
    totals = (
        rows.values("stock__variant_id").annotate(net=Sum("on_hand_change")).values_list("stock__variant_id", "net")
    )
    return {variant_id: -net for variant_id, net in totals if net}
