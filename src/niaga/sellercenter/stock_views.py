"""The seller's stock pages: Riwayat Stok (movements, CSV export), Stok per Gudang, Transfer
Stok and Stok Opname. Reads go through inventory.selectors scoped to the seller's store;
writes through inventory.warehouse."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from niaga.core.errors import DomainError
from niaga.core.pages import parse_int
from niaga.core.tables import Sheet, csv_response
from niaga.inventory import selectors as stock
from niaga.inventory import warehouse
from niaga.inventory.levels import store_locations
from niaga.inventory.models import StockCount, StockCountLine, StockMovement
from niaga.stores.decorators import store_required

PER_PAGE = 30


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filters(request, store) -> dict:
    """The history's filters as the seller typed them; unknown values are ignored."""
    places = store_locations(store_id=store.pk)
    reason = request.GET.get("alasan", "")
    location_id = parse_int(request.GET.get("gudang"))
    since, until = _date(request.GET.get("dari")), _date(request.GET.get("sampai"))
    return {
        "product_id": parse_int(request.GET.get("produk")),
        "variant_id": parse_int(request.GET.get("varian")),
        "reason": reason if reason in StockMovement.Reason.values else "",
        "location_id": location_id if location_id in places else None,
        "since": since,
        "until": until,
    }


def _rows(request, store):
    chosen = _filters(request, store)
    start, end = stock.day_bounds(chosen["since"], chosen["until"])
    rows = stock.store_movements(
        store=store,
        product_id=chosen["product_id"],
        variant_id=chosen["variant_id"],
        reason=chosen["reason"],
        location_id=chosen["location_id"],
        since=start,
        until=end,
    )
    return chosen, rows


@store_required
def movements(request, store):
    chosen, rows = _rows(request, store)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sellercenter/stock_movements.html",
        {
            "store": store,
            "page_obj": page,
            "movements": page.object_list,
            "chosen": chosen,
            "reasons": StockMovement.Reason.choices,
            "places": store_locations(store_id=store.pk).items(),
            "variants": stock.store_variants(store=store),
            "query": query.urlencode(),
        },
    )


@store_required
def movements_csv(request, store):
    _, rows = _rows(request, store)

    def lines():
        for m in rows.iterator(chunk_size=2000):
            variant = m.stock.variant
            yield [
                m.created_at.isoformat(),
                variant.product.name,
                variant.name,
                variant.sku,
                m.location.name if m.location else "",
                m.get_reason_display(),
                m.on_hand_change,
                m.reserved_change,
                m.unit_cost if m.unit_cost is not None else "",
                m.reference,
                m.actor.full_name if m.actor else m.actor_label,
                m.note,
            ]

    sheet = Sheet(
        title="Riwayat Stok",
        header=[
            "Waktu",
            "Produk",
            "Varian",
            "SKU",
            "Gudang",
            "Alasan",
            "Perubahan stok fisik",
            "Perubahan ditahan",
            "Harga pokok per unit",
            "Referensi",
            "Oleh",
            "Catatan",
        ],
        rows=lines(),
    )
    return csv_response(sheet, filename=f"riwayat-stok-{store.slug}.csv")


@store_required
def levels(request, store):
    return render(
        request,
        "sellercenter/stock_levels.html",
        {"store": store, "levels": stock.store_levels(store=store)},
    )


@store_required
@require_http_methods(["GET", "POST"])
def transfer(request, store):
    places = store_locations(store_id=store.pk)
    variants = list(stock.store_variants(store=store))
    context = {
        "store": store,
        "places": places.items(),
        "variants": variants,
        "transfers": stock.store_transfers(store=store).prefetch_related("lines__stock__variant__product")[:20],
    }
    if request.method == "POST":
        lines = []
        for row in variants:
            qty = parse_int(request.POST.get(f"qty_{row.variant_id}"))
            if qty:
                lines.append((row.variant_id, qty))
        try:
            doc = warehouse.transfer(
                store=store,
                source_id=parse_int(request.POST.get("source_id")) or 0,
                destination_id=parse_int(request.POST.get("destination_id")) or 0,
                lines=lines,
                actor=request.user,
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            for row in variants:
                row.error = exc.fields.get(f"variant_{row.variant_id}", "")
            context.update(error=exc.message, errors=exc.fields, posted=request.POST)
            return render(request, "sellercenter/stock_transfer.html", context, status=exc.status)
        messages.success(request, f"Transfer {doc.number} dicatat.")
        return redirect("seller:stock_transfer")
    return render(request, "sellercenter/stock_transfer.html", context)


@store_required
@require_http_methods(["GET", "POST"])
def counts(request, store):
    places = store_locations(store_id=store.pk)
    context = {"store": store, "places": places.items(), "counts": stock.store_counts(store=store)[:30]}
    if request.method == "POST":
        try:
            count = warehouse.start_count(
                store=store, location_id=parse_int(request.POST.get("location_id")) or 0, actor=request.user
            )
        except DomainError as exc:
            context.update(error=exc.message, errors=exc.fields)
            return render(request, "sellercenter/stock_counts.html", context, status=exc.status)
        return redirect("seller:stock_count", count_id=count.pk)
    return render(request, "sellercenter/stock_counts.html", context)


@store_required
@require_http_methods(["GET", "POST"])
def count(request, store, count_id: int):
    found = stock.store_count(store=store, count_id=count_id)
    if found is None:
        raise Http404("Stok opname tidak ditemukan.")
    context = {"store": store, "count": found, "whys": StockCountLine.Why.choices}
    if request.method == "POST" and found.status == StockCount.Status.DRAFT:
        lines = list(stock.count_lines(found))
        entries = {}
        for line in lines:
            raw = (request.POST.get(f"counted_{line.stock_id}") or "").strip()
            counted = parse_int(raw) if raw else None
            if raw and counted is None:
                counted = -1  # not a number: refused by the service with its field
            entries[line.stock_id] = {
                "counted": counted,
                "why": request.POST.get(f"why_{line.stock_id}", ""),
                "note": request.POST.get(f"note_{line.stock_id}", ""),
            }
        try:
            warehouse.enter_counts(count=found, entries=entries)
            if request.POST.get("action") == "confirm":
                warehouse.confirm_count(count=found, actor=request.user)
                messages.success(request, f"Stok opname {found.number} dikonfirmasi.")
            else:
                messages.success(request, "Hasil hitung disimpan.")
        except DomainError as exc:
            for line in lines:  # what the seller typed stays on the page, with its messages
                entry = entries[line.stock_id]
                line.counted, line.why, line.note = entry["counted"], entry["why"], entry["note"]
            context.update(error=exc.message, lines=_annotated(lines, exc.fields))
            return render(request, "sellercenter/stock_count.html", context, status=exc.status)
        return redirect(reverse("seller:stock_count", args=[found.pk]))
    context["lines"] = _annotated(list(stock.count_lines(found)), {})
    return render(request, "sellercenter/stock_count.html", context)


def _annotated(lines: list, errors: dict) -> list:
    """Each line with its difference so far and its own messages, for the template."""
    for line in lines:
        line.difference = None if line.counted is None or line.counted < 0 else line.counted - line.expected
        line.error_counted = errors.get(f"counted_{line.stock_id}", "")
        line.error_why = errors.get(f"why_{line.stock_id}", "")
    return lines
