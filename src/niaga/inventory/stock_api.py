"""The seller's stock over the API: its history (movements), units per location, transfers
and stock counts. Every route reads the asking seller's store; writes need the `products`
scope (accounts/scopes.py)."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from niaga.core.errors import NotFound
from niaga.core.schemas import ERRORS, Day, Input
from niaga.stores import selectors as stores

from . import selectors, warehouse
from .levels import MAX_STOCK, store_locations
from .models import StockCount, StockCountLine, StockMovement

router = Router(tags=["inventory"])


class MovementOut(Schema):
    id: int
    created_at: dt.datetime
    variant_id: int
    product_id: int
    product_name: str
    variant_name: str
    location_id: int | None
    location_name: str
    reason: str
    reason_label: str
    on_hand_change: int
    reserved_change: int
    unit_cost: int | None
    reference: str
    actor: str
    note: str

    @staticmethod
    def from_row(m: StockMovement) -> "MovementOut":
        variant = m.stock.variant
        return MovementOut(
            id=m.pk,
            created_at=m.created_at,
            variant_id=variant.pk,
            product_id=variant.product_id,
            product_name=variant.product.name,
            variant_name=variant.name,
            location_id=m.location_id,
            location_name=m.location.name if m.location else "",
            reason=m.reason,
            reason_label=m.get_reason_display(),
            on_hand_change=m.on_hand_change,
            reserved_change=m.reserved_change,
            unit_cost=m.unit_cost,
            reference=m.reference,
            actor=m.actor.full_name if m.actor else m.actor_label,
            note=m.note,
        )


class LevelOut(Schema):
    variant_id: int
    product_name: str
    variant_name: str
    sku: str
    location_id: int
    location_name: str
    on_hand: int
    reserved: int
    available: int


class LocationOut(Schema):
    id: int
    name: str


class TransferLineIn(Input):
    variant_id: int
    quantity: int = Field(ge=1, le=MAX_STOCK)


class TransferIn(Input):
    source_id: int
    destination_id: int
    lines: list[TransferLineIn] = Field(min_length=1, max_length=500)
    note: str = Field("", max_length=255)


class TransferLineOut(Schema):
    variant_id: int
    quantity: int


class TransferOut(Schema):
    number: str
    source_id: int
    destination_id: int
    created_at: dt.datetime
    lines: list[TransferLineOut]


class CountIn(Input):
    location_id: int


class CountLineOut(Schema):
    stock_id: int
    variant_id: int
    product_name: str
    variant_name: str
    expected: int
    counted: int | None
    why: str
    note: str
    adjusted: int | None


class CountOut(Schema):
    id: int
    number: str
    location_id: int
    status: str
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    lines: list[CountLineOut]


class CountLineIn(Input):
    stock_id: int
    counted: int | None = Field(None, ge=0, le=MAX_STOCK)
    why: StockCountLine.Why | None = None
    note: str = Field("", max_length=255)


class CountEntriesIn(Input):
    lines: list[CountLineIn] = Field(max_length=5000)


def _count_out(count: StockCount) -> CountOut:
    return CountOut(
        id=count.pk,
        number=count.number,
        location_id=count.location_id,
        status=count.status,
        created_at=count.created_at,
        confirmed_at=count.confirmed_at,
        lines=[
            CountLineOut(
                stock_id=line.stock_id,
                variant_id=line.stock.variant_id,
                product_name=line.stock.variant.product.name,
                variant_name=line.stock.variant.name,
                expected=line.expected,
                counted=line.counted,
                why=line.why,
                note=line.note,
                adjusted=line.adjusted,
            )
            for line in selectors.count_lines(count)
        ],
    )


def _my_count(request, count_id: int) -> StockCount:
    count = selectors.store_count(store=stores.my_store(request.user), count_id=count_id)
    if count is None:
        raise NotFound("Stok opname tidak ditemukan.", code="count_not_found")
    return count


@router.get("/seller/stock/movements", response={200: list[MovementOut], **ERRORS})
@paginate(LimitOffsetPagination)
def stock_movements(
    request,
    product_id: int | None = None,
    variant_id: int | None = None,
    reason: StockMovement.Reason | None = None,
    location_id: int | None = None,
    since: Day | None = None,
    until: Day | None = None,
):
    """The store's stock history, newest first; `since`/`until` are dates (until inclusive, WIB)."""
    store = stores.my_store(request.user)
    start, end = selectors.day_bounds(since, until)
    rows = selectors.store_movements(
        store=store,
        product_id=product_id,
        variant_id=variant_id,
        reason=reason or "",
        location_id=location_id,
        since=start,
        until=end,
    )
    return _Mapped(rows)


class _Mapped:
    """A queryset the paginator slices, turned into schemas only for the page it keeps."""

    def __init__(self, rows):
        self.rows = rows

    def __len__(self):
        return self.rows.count()

    def count(self):
        return self.rows.count()

    def __getitem__(self, window):
        return [MovementOut.from_row(m) for m in self.rows[window]]


@router.get("/seller/stock/levels", response={200: list[LevelOut], **ERRORS})
def stock_levels(request):
    store = stores.my_store(request.user)
    return [
        LevelOut(
            variant_id=level.stock.variant_id,
            product_name=level.stock.variant.product.name,
            variant_name=level.stock.variant.name,
            sku=level.stock.variant.sku,
            location_id=level.location_id,
            location_name=level.location.name,
            on_hand=level.on_hand,
            reserved=level.reserved,
            available=level.available,
        )
        for level in selectors.store_levels(store=store)
    ]


@router.get("/seller/stock/locations", response={200: list[LocationOut], **ERRORS})
def stock_locations(request):
    store = stores.my_store(request.user)
    return [LocationOut(id=pk, name=name) for pk, name in store_locations(store_id=store.pk).items()]


@router.post("/seller/stock/transfers", response={201: TransferOut, **ERRORS})
def create_transfer(request, payload: TransferIn):
    store = stores.my_store(request.user)
    doc = warehouse.transfer(
        store=store,
        source_id=payload.source_id,
        destination_id=payload.destination_id,
        lines=[(line.variant_id, line.quantity) for line in payload.lines],
        actor=request.user,
        note=payload.note,
    )
    return Status(
        201,
        TransferOut(
            number=doc.number,
            source_id=doc.source_id,
            destination_id=doc.destination_id,
            created_at=doc.created_at,
            lines=[
                TransferLineOut(variant_id=line.stock.variant_id, quantity=line.quantity)
                for line in doc.lines.select_related("stock")
            ],
        ),
    )


@router.post("/seller/stock/counts", response={201: CountOut, **ERRORS})
def start_count(request, payload: CountIn):
    store = stores.my_store(request.user)
    count = warehouse.start_count(store=store, location_id=payload.location_id, actor=request.user)
    return Status(201, _count_out(count))


@router.get("/seller/stock/counts/{count_id}", response={200: CountOut, **ERRORS})
def get_count(request, count_id: int):
    return _count_out(_my_count(request, count_id))


@router.put("/seller/stock/counts/{count_id}/lines", response={200: CountOut, **ERRORS})
def enter_counts(request, count_id: int, payload: CountEntriesIn):
    count = _my_count(request, count_id)
    entries = {
        line.stock_id: {"counted": line.counted, "why": line.why.value if line.why else "", "note": line.note}
        for line in payload.lines
    }
    return _count_out(warehouse.enter_counts(count=count, entries=entries))


@router.post("/seller/stock/counts/{count_id}/confirm", response={200: CountOut, **ERRORS})
def confirm_count(request, count_id: int):
    count = _my_count(request, count_id)
    return _count_out(warehouse.confirm_count(count=count, actor=request.user))
