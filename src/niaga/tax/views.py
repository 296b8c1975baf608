"""Pages: the seller's Pajak page and documents, the buyer's invoice, the operator's report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.core.pages import or_404
from niaga.core.tables import Sheet, csv_response, xlsx_bytes
from niaga.stores.decorators import store_required

from . import documents, selectors, services
from .forms import ExemptionForm, ProfileForm, StatementForm

FORMS = {"profile": ProfileForm, "statement": StatementForm, "skb": ExemptionForm}


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _period(text: str) -> dt.date:
    period = selectors.parse_period(text)
    if period is None:
        raise Http404("Bulan tidak valid.")
    return period


def _this_month() -> dt.date:
    return timezone.localdate(clock.now()).replace(day=1)


@store_required
@require_http_methods(["GET", "POST"])
def seller(request, store):
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = {}
    if action in FORMS:
        form = FORMS[action](request.POST, request.FILES)
        bound[action] = form
        if form.checked():
            data = dict(form.cleaned_data)
            try:
                if action == "profile":
                    services.save_profile(store=store, **data)
                elif action == "statement":
                    services.submit_statement(store=store, **data)
                else:
                    services.add_exemption(store=store, **data)
            except DomainError as exc:
                form.refuse(exc)
            else:
                messages.success(request, "Data pajak disimpan.")
                return redirect("tax:seller")
    elif request.method == "POST":
        return HttpResponse("Aksi tidak dikenal.", status=400)
    profile = selectors.profile_of(store)
    initial = {"id_kind": "npwp", "year": timezone.localdate(clock.now()).year}
    if profile:
        initial.update(id_kind=profile.id_kind, name=profile.name, address=profile.address, is_pkp=profile.is_pkp)
    forms_ = {name: bound.get(name) or cls(initial=initial) for name, cls in FORMS.items()}
    status = max((f.status for f in bound.values()), default=200)
    context = {
        "store": store,
        "profile": profile,
        "statements": selectors.statements_of(store),
        "exemptions": selectors.exemptions_of(store),
        "collections": selectors.collections_of(store)[:50],
        "periods": selectors.periods_of(store),
        "forms": {name: f.context() for name, f in forms_.items()},
        "error": next((f.message for f in bound.values() if f.message), ""),
    }
    return render(request, "tax/seller.html", context, status=status)


@store_required
@require_GET
def proof(request, store, month: str):
    period = _period(month)
    return _pdf(documents.proof_pdf(store, period), f"bukti-pungut-pph22-{month}.pdf")


@store_required
@require_GET
def platform_invoice(request, store, month: str):
    period = _period(month)
    return _pdf(documents.platform_invoice_pdf(store, period), f"invoice-niaga-{month}.pdf")


@login_required
@require_GET
def buyer_invoice(request, order_id: int):
    order = or_404(selectors.order_for_buyer, request.user, order_id)
    return _pdf(documents.invoice_pdf(order), f"invoice-{order.pk}.pdf")


def _report_sheet(period: dt.date, rows) -> Sheet:
    header = [
        "Masa pajak", "Toko", "Jenis identitas", "NPWP/NIK", "Nama wajib pajak",
        "Peredaran bruto", "DPP", "PPh 22 dipungut", "PPh 22 dibatalkan", "PPh 22 neto",
    ]  # fmt: skip
    body = (
        [
            f"{period:%Y-%m}",
            r.store_name,
            r.id_kind,
            r.id_number,
            r.taxpayer_name,
            r.turnover,
            r.base,
            r.collected,
            r.reversed,
            r.net,
        ]  # fmt: skip
        for r in rows
    )
    return Sheet(title=f"PPh22 {period:%Y-%m}", header=header, rows=body)


@staff_member_required
@require_GET
def operator_report(request):
    period = selectors.parse_period(request.GET.get("bulan")) or _this_month()
    rows = selectors.monthly_report(period)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        return csv_response(_report_sheet(period, rows), filename=f"pph22-{period:%Y-%m}.csv")
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes([_report_sheet(period, rows)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="pph22-{period:%Y-%m}.xlsx"'
        return response
    totals = {k: sum(getattr(r, k) for r in rows) for k in ("turnover", "base", "collected", "reversed", "net")}
    context = {
        "period": period,
        "month": documents.month_name(period),
        "rows": rows,
        "totals": totals,
        "ledger": selectors.ledger_movement(period),
    }
    return render(request, "tax/operator.html", context)
