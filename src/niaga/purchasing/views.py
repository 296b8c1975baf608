"""Toko Saya › Pemasok, Pesanan Pembelian, Penerimaan Barang, Stok Menipis.

Views parse, call a service, render; the rules are in services.py and advice.py."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from niaga.catalog.models import Variant
from niaga.core.errors import DomainError
from niaga.core.pages import amount_text, or_404, parse_int
from niaga.stores.decorators import store_required

from . import advice, documents, selectors, services
from .models import StoreReorder
from .status import RECEIVABLE, Status

PER_PAGE = 20
BLANK_LINES = 5


def _int_or_raw(raw: str):
    """A typed number as int; anything else passed on, for the service to refuse on its field."""
    text = amount_text(raw)
    value = parse_int(text)
    return value if value is not None else (None if not text else text)


# --- suppliers -----------------------------------------------------------------------------------


def _supplier_data(post) -> dict:
    data = {k: post.get(k, "") for k in ("name", "contact_name", "phone", "email", "address", "notes")}
    data["lead_time_days"] = _int_or_raw(post.get("lead_time_days", ""))
    data["is_active"] = post.get("is_active") == "on"
    return data


def _lead_or_error(data: dict) -> None:
    if data["lead_time_days"] is not None and not isinstance(data["lead_time_days"], int):
        raise DomainError(
            "Periksa kembali data pemasok.",
            code="invalid_supplier",
            fields={"lead_time_days": "Isi dengan angka hari."},
        )


@store_required
@require_http_methods(["GET", "POST"])
def suppliers(request, store):
    context = {"store": store, "values": {"is_active": True}, "errors": {}}
    status = 200
    if request.method == "POST":
        data = _supplier_data(request.POST)
        try:
            _lead_or_error(data)
            supplier = services.create_supplier(store=store, data=data)
        except DomainError as exc:
            context.update(values=request.POST, errors=exc.fields, error=exc.message)
            status = exc.status
        else:
            messages.success(request, f"Pemasok {supplier.name} ditambahkan.")
            return redirect("purchasing:suppliers")
    context["suppliers"] = selectors.suppliers(store)
    return render(request, "purchasing/suppliers.html", context, status=status)


@store_required
@require_http_methods(["GET", "POST"])
def supplier_edit(request, store, supplier_id: int):
    supplier = or_404(selectors.supplier, store, supplier_id)
    values = {k: getattr(supplier, k) for k in services.SUPPLIER_FIELDS}
    context = {"store": store, "supplier": supplier, "values": values, "errors": {}}
    status = 200
    if request.method == "POST":
        data = _supplier_data(request.POST)
        try:
            _lead_or_error(data)
            services.update_supplier(supplier=supplier, data=data)
        except DomainError as exc:
            context.update(values=request.POST, errors=exc.fields, error=exc.message)
            status = exc.status
        else:
            messages.success(request, "Pemasok disimpan.")
            return redirect("purchasing:suppliers")
    return render(request, "purchasing/supplier_edit.html", context, status=status)


# --- purchase orders -----------------------------------------------------------------------------


@store_required
def purchase_orders(request, store):
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    page = Paginator(selectors.purchase_orders(store, status=status), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "purchasing/purchase_orders.html",
        {"store": store, "page_obj": page, "statuses": Status.choices, "current": status},
    )


def _variants(store):
    return Variant.objects.filter(product__store=store, product__is_active=True).select_related("product", "stock")


def _lines_from(post, count: int) -> tuple[list[services.LineIn], dict[str, str]]:
    lines: list[services.LineIn] = []
    errors: dict[str, str] = {}
    for i in range(count):
        variant = post.get(f"line-{i}-variant", "")
        if not variant:
            continue
        n = len(lines)
        values = [
            parse_int(variant),
            _int_or_raw(post.get(f"line-{i}-quantity", "")),
            _int_or_raw(post.get(f"line-{i}-cost", "")),
        ]
        for key, value in zip(("variant_id", "quantity", "unit_cost"), values, strict=True):
            if not isinstance(value, int):
                errors[f"lines.{n}.{key}"] = "Isi dengan angka."
        lines.append(services.LineIn(*(v if isinstance(v, int) else -1 for v in values)))
    return lines, errors


@store_required
@require_http_methods(["GET", "POST"])
def purchase_order_new(request, store):
    context = {
        "store": store,
        "suppliers": selectors.suppliers(store, active_only=True),
        "locations": selectors.locations(store),
        "variants": _variants(store),
        "rows": _rows({}, {}),
        "values": request.POST if request.method == "POST" else {},
        "errors": {},
    }
    if request.method == "POST":
        lines, errors = _lines_from(request.POST, BLANK_LINES)
        expected = None
        if request.POST.get("expected_date"):
            try:
                expected = dt.date.fromisoformat(request.POST["expected_date"])
            except ValueError:
                errors["expected_date"] = "Tanggal tidak valid."
        try:
            if errors:
                raise DomainError("Periksa kembali isian yang ditandai.", code="invalid_lines", fields=errors)
            po = services.create_purchase_order(
                store=store,
                supplier_id=parse_int(request.POST.get("supplier")) or 0,
                location_id=parse_int(request.POST.get("location")),
                expected_date=expected,
                notes=request.POST.get("notes", ""),
                lines=lines,
                actor=request.user,
            )
        except DomainError as exc:
            errors = _row_errors(exc.fields, request.POST, BLANK_LINES)
            context.update(error=exc.message, errors=errors, rows=_rows(request.POST, errors))
            return render(request, "purchasing/purchase_order_new.html", context, status=exc.status)
        messages.success(request, f"{po.number} dibuat sebagai draf.")
        return redirect("purchasing:purchase_order", po_id=po.pk)
    return render(request, "purchasing/purchase_order_new.html", context)


def _rows(post, errors: dict[str, str]) -> list[dict]:
    """The line rows to draw: what was typed, and each row's messages."""
    rows = []
    for i in range(BLANK_LINES):
        prefix = f"line-{i}-"
        rows.append(
            {
                "i": i,
                "variant": post.get(prefix + "variant", ""),
                "quantity": post.get(prefix + "quantity", ""),
                "cost": post.get(prefix + "cost", ""),
                "errors": [text for key, text in errors.items() if key.startswith(prefix)],
            }
        )
    return rows


def _row_errors(fields: dict[str, str], post, count: int) -> dict[str, str]:
    """A service's `lines.N.x` (N counts filled rows) as the form's row names (`line-i-x`)."""
    filled = [i for i in range(count) if post.get(f"line-{i}-variant")]
    names = {"variant_id": "variant", "quantity": "quantity", "unit_cost": "cost"}
    out = {}
    for key, text in fields.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(filled):
            out[f"line-{filled[int(parts[1])]}-{names.get(parts[2], parts[2])}"] = text
        else:
            out[{"supplier_id": "supplier", "location_id": "location"}.get(key, key)] = text
    return out


@store_required
@require_http_methods(["GET", "POST"])
def purchase_order(request, store, po_id: int):
    po = or_404(selectors.purchase_order, store, po_id)
    if request.method == "POST":
        move = {"order": services.place_order, "cancel": services.cancel, "close": services.close_short}.get(
            request.POST.get("action", "")
        )
        try:
            if move is None:
                raise DomainError("Aksi tidak dikenal.", code="invalid_action")
            po = move(po=po)
        except DomainError as exc:
            po = or_404(selectors.purchase_order, store, po_id)
            context = {"store": store, "po": po, "error": exc.message, "receivable": po.status in RECEIVABLE}
            return render(request, "purchasing/purchase_order.html", context, status=exc.status)
        messages.success(request, f"{po.number}: {po.get_status_display()}.")
        return redirect("purchasing:purchase_order", po_id=po.pk)
    context = {"store": store, "po": po, "receivable": po.status in RECEIVABLE}
    return render(request, "purchasing/purchase_order.html", context)


@store_required
def purchase_order_pdf(request, store, po_id: int):
    po = or_404(selectors.purchase_order, store, po_id)
    response = HttpResponse(documents.purchase_order_pdf(po), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{po.number}.pdf"'
    return response


# --- goods received ------------------------------------------------------------------------------


@store_required
@require_http_methods(["GET", "POST"])
def receive_po(request, store, po_id: int):
    po = or_404(selectors.purchase_order, store, po_id)
    context = {
        "store": store,
        "po": po,
        "locations": selectors.locations(store),
        "key": request.POST.get("key") or secrets.token_urlsafe(16),
        "values": request.POST if request.method == "POST" else {},
        "errors": {},
        "rows": _receive_rows(po, None, {}),
    }
    if request.method == "POST":
        lines: list[services.ReceiveLine] = []
        errors: dict[str, str] = {}
        for line in po.lines.all():
            qty = _int_or_raw(request.POST.get(f"qty-{line.pk}", "") or "0")
            if not isinstance(qty, int):
                errors[f"qty-{line.pk}"] = "Isi dengan angka."
            lines.append(services.ReceiveLine(qty if isinstance(qty, int) else -1, po_line_id=line.pk))
        try:
            if errors:
                raise DomainError("Periksa kembali isian yang ditandai.", code="invalid_receipt", fields=errors)
            done = services.receive(
                store=store,
                purchase_order_id=po.pk,
                location_id=parse_int(request.POST.get("location")),
                allow_over=request.POST.get("allow_over") == "on",
                note=request.POST.get("note", ""),
                idempotency_key=context["key"],
                lines=lines,
                actor=request.user,
            )
        except DomainError as exc:
            ids = [x.pk for x in po.lines.all()]
            fields = {}
            for key, text in exc.fields.items():
                parts = key.split(".")
                if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(ids):
                    fields[f"qty-{ids[int(parts[1])]}"] = text
                else:
                    fields[key] = text
            context.update(error=exc.message, errors=fields, rows=_receive_rows(po, request.POST, fields))
            return render(request, "purchasing/receive.html", context, status=exc.status)
        messages.success(request, f"{done.receipt.number}: barang diterima.")
        return redirect("purchasing:receipt", receipt_id=done.receipt.pk)
    return render(request, "purchasing/receive.html", context)


def _receive_rows(po, post, errors: dict[str, str]) -> list[dict]:
    return [
        {
            "line": line,
            "value": post.get(f"qty-{line.pk}", "") if post is not None else line.remaining,
            "error": errors.get(f"qty-{line.pk}", ""),
        }
        for line in po.lines.all()
    ]


@store_required
@require_http_methods(["GET", "POST"])
def receive_adhoc(request, store):
    """Goods without a PO: opening stock with its cost, a purchase paid at the market."""
    context = {
        "store": store,
        "locations": selectors.locations(store),
        "variants": _variants(store),
        "rows": _rows({}, {}),
        "key": request.POST.get("key") or secrets.token_urlsafe(16),
        "values": request.POST if request.method == "POST" else {},
        "errors": {},
    }
    if request.method == "POST":
        raw, errors = _lines_from(request.POST, BLANK_LINES)
        lines = [services.ReceiveLine(x.quantity, variant_id=x.variant_id, unit_cost=x.unit_cost) for x in raw]
        try:
            if errors:
                raise DomainError("Periksa kembali isian yang ditandai.", code="invalid_receipt", fields=errors)
            done = services.receive(
                store=store,
                location_id=parse_int(request.POST.get("location")),
                note=request.POST.get("note", ""),
                idempotency_key=context["key"],
                lines=lines,
                actor=request.user,
            )
        except DomainError as exc:
            errors = _row_errors(exc.fields, request.POST, BLANK_LINES)
            context.update(error=exc.message, errors=errors, rows=_rows(request.POST, errors))
            return render(request, "purchasing/receive_adhoc.html", context, status=exc.status)
        messages.success(request, f"{done.receipt.number}: barang diterima.")
        return redirect("purchasing:receipt", receipt_id=done.receipt.pk)
    return render(request, "purchasing/receive_adhoc.html", context)


@store_required
def receipt(request, store, receipt_id: int):
    found = or_404(selectors.receipt, store, receipt_id)
    return render(request, "purchasing/receipt.html", {"store": store, "receipt": found})


# --- Stok Menipis ----------------------------------------------------------------------------------


def _save_settings(store, post) -> None:
    """The settings form: the store's default lead time, and one variant's overrides."""
    values = {k: _int_or_raw(post.get(k, "")) for k in ("store_lead", "min_stock", "lead_time_days")}
    bad = {k: "Isi dengan angka." for k, v in values.items() if v is not None and not isinstance(v, int)}
    if bad:
        raise DomainError("Periksa kembali pengaturan.", code="invalid_reorder", fields=bad)
    with transaction.atomic():
        services.set_store_lead_time(store=store, lead_time_days=values["store_lead"])
        variant_id = parse_int(post.get("variant"))
        if variant_id is not None:
            services.set_overrides(
                store=store,
                variant_id=variant_id,
                min_stock=values["min_stock"],
                lead_time_days=values["lead_time_days"],
            )


@store_required
@require_http_methods(["GET", "POST"])
def low_stock(request, store):
    context = {
        "store": store,
        "window": advice.window_days(),
        "safety_days": advice.safety_days(),
        "review_days": advice.review_days(),
        "default_lead": advice.default_lead_days(),
        "errors": {},
    }
    status = 200
    if request.method == "POST" and request.POST.get("action") == "settings":
        try:
            _save_settings(store, request.POST)
        except DomainError as exc:
            context.update(error=exc.message, errors=exc.fields)
            status = exc.status
        else:
            messages.success(request, "Pengaturan stok disimpan.")
            return redirect("purchasing:low_stock")
    elif request.method == "POST":
        ids = [v for v in (parse_int(x) for x in request.POST.getlist("variant")) if v is not None]
        try:
            if not ids:
                raise DomainError(
                    "Pilih minimal satu barang.", code="nothing_selected", fields={"variant": "Pilih barang."}
                )
            made = services.draft_from_advice(store=store, variant_ids=ids, actor=request.user)
        except DomainError as exc:
            context.update(error=exc.message, errors=exc.fields)
            status = exc.status
        else:
            messages.success(request, "Draf pesanan pembelian dibuat: " + ", ".join(po.number for po in made))
            return (
                redirect("purchasing:purchase_order", po_id=made[0].pk)
                if len(made) == 1
                else redirect("purchasing:purchase_orders")
            )
    context["rows"] = advice.to_reorder(store_id=store.pk)
    context["variants"] = _variants(store)
    context["store_lead"] = StoreReorder.objects.filter(store=store).values_list("lead_time_days", flat=True).first()
    return render(request, "purchasing/low_stock.html", context, status=status)
