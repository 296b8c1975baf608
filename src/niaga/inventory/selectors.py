import datetime as dt

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from .models import Stock, StockCount, StockLevel, StockMovement, StockTransfer


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


# --- the seller's stock pages and API: always scoped to the asking seller's store ----------


def store_movements(
    *,
    store,
    product_id: int | None = None,
    variant_id: int | None = None,
    reason: str = "",
    location_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
):
    """A store's stock history, newest first, filtered as the seller asks."""
    rows = StockMovement.objects.filter(store=store)
    if product_id:
        rows = rows.filter(stock__variant__product_id=product_id)
    if variant_id:
        rows = rows.filter(stock__variant_id=variant_id)
    if reason:
        rows = rows.filter(reason=reason)
    if location_id:
        rows = rows.filter(location_id=location_id)
    if since:
        rows = rows.filter(created_at__gte=since)
    if until:
        rows = rows.filter(created_at__lt=until)
    return rows.select_related("stock__variant__product", "location", "actor").order_by("-created_at", "-pk")


def store_levels(*, store):
    """Every variant of the store at every location it has units at (or held there)."""
    return (
        StockLevel.objects.filter(stock__variant__product__store=store)
        .select_related("stock__variant__product", "location")
        .order_by("stock__variant__product__name", "stock__variant_id", "location_id")
    )


def store_variants(*, store):
    """The store's variants with their Stock, for pickers (transfer, filters)."""
    return (
        Stock.objects.filter(variant__product__store=store)
        .select_related("variant__product")
        .order_by("variant__product__name", "variant_id")
    )


def store_transfers(*, store):
    return StockTransfer.objects.filter(store=store).select_related("source", "destination", "created_by")


def store_counts(*, store):
    return StockCount.objects.filter(store=store).select_related("location")


def store_count(*, store, count_id: int) -> StockCount | None:
    """One of the store's counts, or None (a stranger's count does not exist for them)."""
    return StockCount.objects.filter(store=store, pk=count_id).select_related("location").first()


def count_lines(count: StockCount):
    return count.lines.select_related("stock__variant__product").order_by("stock__variant__product__name", "pk")


def day_bounds(since: dt.date | None, until: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Dates as the seller means them (in their local time), as [start, end) instants; `until`
    is inclusive."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone) if until else None
    return start, end
