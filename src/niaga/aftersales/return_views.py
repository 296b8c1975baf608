"""Pages of a complaint's way back: the buyer books the return, prints its label and follows
it; the seller follows it, confirms what arrived, and ships an exchange's replacement.

Every complaint is fetched through a queryset of the requester's own (the buyer's, or the
seller's store's), so another user's return is a 404, its label too.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from niaga.core.errors import DomainError
from niaga.core.pages import parse_int
from niaga.shipping import leg_labels, legs
from niaga.shipping.models import Leg
from niaga.stores.decorators import store_required

from . import exchanges, returns, selectors
from .models import Complaint
from .return_models import ReturnCase
from .status import Resolution, Status

LABEL_KINDS = {"retur": Leg.Kind.RETURN, "pengganti": Leg.Kind.REPLACEMENT}


def _buyer_complaint(request, pk: int) -> Complaint:
    return get_object_or_404(selectors.for_buyer(request.user), pk=pk)


def _store_complaint(store, pk: int) -> Complaint:
    return get_object_or_404(selectors.for_store(store), pk=pk)


def _case(complaint: Complaint) -> ReturnCase | None:
    try:
        return returns.case_for(complaint)
    except returns.ReturnNotAllowed:
        return None


def _context(complaint: Complaint, *, for_seller: bool) -> dict:
    case = _case(complaint)
    if case is None:
        raise Http404("Komplain ini tidak meminta barang dikirim balik.")
    lines = returns.claimed_lines(complaint)
    found = {line.complaint_line_id: line for line in case.lines.all()}
    return {
        "complaint": complaint,
        "case": case,
        "order": complaint.order,
        "lines": [(line, found.get(line.pk)) for line in lines],
        "legs": returns.legs_of(complaint),
        "return_leg": returns.live_leg(complaint, Leg.Kind.RETURN),
        "replacement_leg": returns.live_leg(complaint, Leg.Kind.REPLACEMENT),
        "payer": returns.postage_payer(complaint),
        "postage_from_refund": returns.postage_from_refund(complaint),
        "is_exchange": complaint.resolution == Resolution.EXCHANGE,
        "Status": Status,
        "for_seller": for_seller,
    }


def _options(fn, complaint: Complaint) -> tuple[list, str]:
    """The couriers to choose from, or why none can be offered (the store's address incomplete)."""
    try:
        return fn(complaint), ""
    except DomainError as exc:
        return [], exc.message


# --- the buyer ------------------------------------------------------------------------------


@login_required
def buyer_return(request, pk: int):
    complaint = _buyer_complaint(request, pk)
    context = _context(complaint, for_seller=False)
    if complaint.status == Status.RETURN_REQUESTED and context["return_leg"] is None:
        context["options"], context["options_error"] = _options(returns.return_options, complaint)
    return render(request, "aftersales/return_buyer.html", context)


@login_required
@require_POST
def book_return(request, pk: int):
    complaint = _buyer_complaint(request, pk)
    try:
        leg = returns.book_return(complaint=complaint, buyer=request.user, courier_code=request.POST.get("courier", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Kurir dipesan, resi {leg.awb}. Cetak label dan tempel di paket.")
    return redirect("aftersales:return", pk=complaint.pk)


@login_required
@require_POST
def cancel_return(request, pk: int):
    complaint = _buyer_complaint(request, pk)
    try:
        returns.cancel_return(complaint=complaint, buyer=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Pengiriman balik dibatalkan; pilih kurir lagi.")
    return redirect("aftersales:return", pk=complaint.pk)


@login_required
@require_POST
def refresh_return(request, pk: int):
    complaint = _buyer_complaint(request, pk)
    _refresh(request, complaint)
    return redirect("aftersales:return", pk=complaint.pk)


@login_required
def buyer_label(request, pk: int, kind: str):
    return _label(_buyer_complaint(request, pk), kind)


# --- the seller -----------------------------------------------------------------------------


@store_required
def seller_return(request, store, pk: int):
    complaint = _store_complaint(store, pk)
    context = {**_context(complaint, for_seller=True), "store": store}
    case = context["case"]
    if (
        context["is_exchange"]
        and complaint.status == Status.RETURN_RECEIVED
        and case.confirmed_at is not None
        and context["replacement_leg"] is None
    ):
        context["options"], context["options_error"] = _options(exchanges.replacement_options, complaint)
    return render(request, "aftersales/return_seller.html", context)


@store_required
@require_POST
def confirm_receipt(request, store, pk: int):
    complaint = _store_complaint(store, pk)
    conditions: dict[int, tuple[int | None, int | None]] = {}
    for line in returns.claimed_lines(complaint):
        sellable = parse_int(request.POST.get(f"sellable_{line.pk}"), minimum=0)
        written_off = parse_int(request.POST.get(f"written_off_{line.pk}"), minimum=0)
        conditions[line.pk] = (sellable, written_off)  # a figure that is not one: the service names it
    try:
        returns.confirm_receipt(
            complaint=complaint, seller=request.user, conditions=conditions, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        context = {**_context(complaint, for_seller=True), "store": store}
        context.update(error=exc.message, errors=exc.fields, values=request.POST)
        return render(request, "aftersales/return_seller.html", context, status=exc.status)
    messages.success(request, "Kondisi barang retur dikonfirmasi.")
    return redirect("aftersales:seller_return", pk=complaint.pk)


@store_required
@require_POST
def ship_replacement(request, store, pk: int):
    complaint = _store_complaint(store, pk)
    try:
        leg = exchanges.ship_replacement(
            complaint=complaint, seller=request.user, courier_code=request.POST.get("courier", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Barang pengganti dipesankan kurir, resi {leg.awb}. Cetak labelnya.")
    return redirect("aftersales:seller_return", pk=complaint.pk)


@store_required
@require_POST
def refund_instead(request, store, pk: int):
    complaint = _store_complaint(store, pk)
    try:
        exchanges.refund_instead(complaint=complaint, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Dana dikembalikan ke pembeli; stok pengganti dilepas.")
    return redirect("aftersales:seller_return", pk=complaint.pk)


@store_required
@require_POST
def seller_refresh(request, store, pk: int):
    complaint = _store_complaint(store, pk)
    _refresh(request, complaint)
    return redirect("aftersales:seller_return", pk=complaint.pk)


@store_required
def seller_label(request, store, pk: int, kind: str):
    return _label(_store_complaint(store, pk), kind)


# --- shared ---------------------------------------------------------------------------------


def _refresh(request, complaint: Complaint) -> None:
    """ "Perbarui lacak" for every parcel of the complaint still on its way."""
    new = 0
    try:
        for leg in returns.legs_of(complaint):
            new += legs.refresh_leg(leg=leg)
    except DomainError as exc:
        messages.error(request, exc.message)
        return
    messages.success(request, f"Lacak diperbarui: {new} kabar baru dari kurir." if new else "Belum ada kabar baru.")


def _label(complaint: Complaint, kind: str) -> HttpResponse:
    leg = returns.live_leg(complaint, LABEL_KINDS.get(kind, "")) if kind in LABEL_KINDS else None
    if leg is None:
        raise Http404("Tidak ada label untuk dicetak.")
    response = HttpResponse(leg_labels.render(leg), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="label-{kind}-{leg.awb}.pdf"'
    return response
