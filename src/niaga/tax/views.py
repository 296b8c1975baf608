"""Pages: the seller's Pajak page and documents, the buyer's invoice, the operator's report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.core.pages import or_404
from niaga.core.tables import Sheet, csv_response, xlsx_bytes
from niaga.core.templatetags.niaga import wib
from niaga.stores.decorators import store_required

from . import deposits, documents, selectors, services
from .forms import DepositForm, ExemptionForm, ProfileForm, StatementForm

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


def _report_sheet(period: dt.date, rows, figures: selectors.MonthFigures) -> Sheet:
    header = [
        "Masa pajak", "Toko", "Jenis identitas", "NPWP/NIK", "Nama wajib pajak",
        "Peredaran bruto", "DPP", "PPh 22 dipungut", "PPh 22 dibatalkan", "PPh 22 neto",
    ]  # fmt: skip
    month = f"{period:%Y-%m}"
    body = [
        [
            month,
            r.store_name,
            r.id_kind,
            r.id_number,
            r.taxpayer_name,
            r.turnover,
            r.base,
            r.collected,
            r.reversed,
            r.net,
        ]
        for r in rows
    ]
    # The month's own lines, below the sellers': what the sellers' rows add up to, what was
    # deposited for it, and what is still to deposit.
    body += [
        [month, "JUMLAH", "", "", "", sum(r.turnover for r in rows), sum(r.base for r in rows),
         figures.collected, figures.reversed, figures.net],
        [month, "DISETOR", "", "", "", "", "", "", "", figures.deposited],
        [month, "BELUM DISETOR", "", "", "", "", "", "", "", figures.outstanding],
    ]  # fmt: skip
    return Sheet(title=f"PPh22 {month}", header=header, rows=body)


def _deposit_sheet(period: dt.date) -> Sheet:
    header = ["Masa pajak", "Tanggal setor", "Kode billing / NTPN", "Jumlah", "Dicatat oleh", "Dicatat"]
    body = (
        [f"{period:%Y-%m}", d.deposited_on, d.reference, d.amount, d.recorded_by.email, wib(d.created_at)]
        for d in selectors.deposits_of(period)
    )
    return Sheet(title=f"Setoran {period:%Y-%m}", header=header, rows=body)


def _record_deposit(request, form: DepositForm) -> dt.date | None:
    """The operator's deposit; the month it was for when recorded, else None (the form says why)."""
    if not form.checked():
        return None
    data = form.cleaned_data
    try:
        deposit = deposits.record_deposit(
            period=data["period"].replace(day=1),
            amount=data["amount"],
            deposited_on=data["deposited_on"],
            reference=data["reference"],
            operator=request.user,
            request=request,
        )
    except DomainError as exc:
        form.refuse(exc)
        return None
    messages.success(request, f"Setoran {deposit.reference} masa {deposit.period:%Y-%m} dicatat.")
    return deposit.period


@staff_member_required
@require_http_methods(["GET", "POST"])
def operator_report(request):
    form = DepositForm(request.POST) if request.method == "POST" else None
    if form is not None:
        recorded = _record_deposit(request, form)
        if recorded is not None:
            return redirect(f"{reverse('tax:operator')}?bulan={recorded:%Y-%m}")
    period = selectors.parse_period(request.GET.get("bulan") or request.POST.get("period")) or _this_month()
    rows = selectors.monthly_report(period)
    figures = selectors.month_figures(period)
    fmt = request.GET.get("format", "") if form is None else ""
    if fmt == "csv":
        return csv_response(_report_sheet(period, rows, figures), filename=f"pph22-{period:%Y-%m}.csv")
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes([_report_sheet(period, rows, figures), _deposit_sheet(period)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="pph22-{period:%Y-%m}.xlsx"'
        return response
    totals = {k: sum(getattr(r, k) for r in rows) for k in ("turnover", "base", "collected", "reversed", "net")}
    form = form or DepositForm(initial={"period": f"{period:%Y-%m}", "amount": max(figures.outstanding, 0) or ""})
    context = {
        "period": period,
        "month": documents.month_name(period),
        "rows": rows,
        "totals": totals,
        "ledger": selectors.ledger_movement(period),
        "figures": figures,
        "months": selectors.months(including=period),
        "deposits": selectors.deposits_of(period),
        "ledger_deposited": selectors.ledger_deposited(period),
        "deposit": form.context(),
    }
    return render(request, "tax/operator.html", context, status=form.status)
