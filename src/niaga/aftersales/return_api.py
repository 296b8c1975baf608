"""Returns and exchanges over the API: the buyer books the way back, follows it and prints its
label; the seller follows it, confirms what arrived and ships an exchange's replacement.

Added to the app's router (api.py) with one line. Another user's complaint, its return and
its labels are 404, as if they did not exist.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema
from pydantic import Field

from niaga.core.errors import NotFound
from niaga.core.schemas import ERRORS, GATEWAY_ERRORS, Error, Input
from niaga.shipping import leg_labels, legs
from niaga.shipping.api import TrackingEventOut
from niaga.shipping.models import Leg
from niaga.stores import selectors as stores

from . import exchanges, returns, selectors
from .models import Complaint
from .status import Resolution

router = Router(tags=["aftersales: returns"])
KINDS = {"return": Leg.Kind.RETURN, "replacement": Leg.Kind.REPLACEMENT}


class LegOut(Schema):
    kind: str
    courier: str
    service: str
    courier_name: str
    awb: str
    price: int = Field(description="what the courier charged, Rupiah")
    payer: str = Field(description="seller or buyer")
    status: str
    status_label: str
    done: bool
    created_at: dt.datetime
    delivered_at: dt.datetime | None
    events: list[TrackingEventOut] = Field(description="the courier's events, oldest first")

    @staticmethod
    def resolve_events(leg) -> list:
        return list(leg.events.all())


class ReturnLineOut(Schema):
    complaint_line_id: int
    product_name: str
    quantity: int
    sellable: int | None = Field(description="units back on sale, once the seller confirmed")
    written_off: int | None


class ReturnOut(Schema):
    complaint_id: int
    number: str
    status: str
    status_label: str
    resolution: str
    postage_payer: str = Field(description="who pays the way back: seller (their fault) or buyer")
    postage_from_refund: bool = Field(description="the buyer's postage is taken out of the refund")
    return_by: dt.datetime = Field(description="the buyer books the return by then")
    received_at: dt.datetime | None
    confirm_by: dt.datetime | None = Field(description="the seller confirms what arrived by then")
    confirmed_at: dt.datetime | None
    replace_by: dt.datetime | None = Field(description="an exchange's replacement ships by then")
    replacement_held: bool
    refund_amount: int
    lines: list[ReturnLineOut]
    legs: list[LegOut] = Field(description="the parcels, given-back bookings included, oldest first")


class CourierOptionOut(Schema):
    code: str = Field(description='what to book with, e.g. "jne_reg"')
    name: str
    cost: int
    eta: str


class BookIn(Input):
    courier: str = Field(max_length=30, description='a code from the options, e.g. "jne_reg"')


class LineConditionIn(Input):
    complaint_line_id: int
    sellable: int = Field(description="units back on sale")
    written_off: int = Field(description="units written off (damaged, not what was sold)")


class ReceiptIn(Input):
    lines: list[LineConditionIn] = Field(max_length=100)
    note: str = Field("", max_length=500)


def _out(complaint: Complaint) -> dict:
    try:
        case = returns.case_for(complaint)
    except returns.ReturnNotAllowed:
        raise NotFound("Komplain ini tidak meminta barang dikirim balik.", code="no_return") from None
    found = {line.complaint_line_id: line for line in case.lines.all()}
    return {
        "complaint_id": complaint.pk,
        "number": complaint.number,
        "status": complaint.status,
        "status_label": complaint.status_label,
        "resolution": complaint.resolution,
        "postage_payer": returns.postage_payer(complaint),
        "postage_from_refund": returns.postage_from_refund(complaint),
        "return_by": case.return_by,
        "received_at": case.received_at,
        "confirm_by": case.confirm_by,
        "confirmed_at": case.confirmed_at,
        "replace_by": case.replace_by,
        "replacement_held": case.replacement_held,
        "refund_amount": complaint.refund_amount,
        "lines": [
            {
                "complaint_line_id": line.pk,
                "product_name": line.order_line.product_name,
                "quantity": line.quantity,
                "sellable": found[line.pk].sellable if line.pk in found else None,
                "written_off": found[line.pk].written_off if line.pk in found else None,
            }
            for line in returns.claimed_lines(complaint)
        ],
        "legs": returns.legs_of(complaint),
    }


def _buyer(request, complaint_id: int) -> Complaint:
    return selectors.buyer_complaint(request.user, complaint_id)


def _seller(request, complaint_id: int) -> Complaint:
    return selectors.store_complaint(stores.my_store(request.user), complaint_id)


def _label(complaint: Complaint, kind: str) -> HttpResponse:
    leg = returns.live_leg(complaint, KINDS[kind]) if kind in KINDS else None
    if leg is None:
        raise NotFound("Tidak ada label untuk dicetak.", code="no_label")
    response = HttpResponse(leg_labels.render(leg), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="label-{kind}-{leg.awb}.pdf"'
    return response


def _refresh(complaint: Complaint) -> None:
    for leg in returns.legs_of(complaint):
        legs.refresh_leg(leg=leg)


PDF = {
    "responses": {
        200: {
            "description": "the A6 label: the AWB as Code128 and QR, sender, recipient, contents",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}

# --- the buyer ------------------------------------------------------------------------------


@router.get("/complaints/{complaint_id}/return", response={200: ReturnOut, **ERRORS}, summary="Retur (buyer)")
def buyer_return(request, complaint_id: int):
    return _out(_buyer(request, complaint_id))


@router.get(
    "/complaints/{complaint_id}/return/options",
    response={200: list[CourierOptionOut], **ERRORS},
    summary="Couriers for the way back, cheapest first",
)
def return_options(request, complaint_id: int):
    return returns.return_options(_buyer(request, complaint_id))


@router.post(
    "/complaints/{complaint_id}/return/booking",
    response={200: ReturnOut, **GATEWAY_ERRORS},
    summary="Book the return with a courier (AWB, pickup at the buyer's address)",
)
def book_return(request, complaint_id: int, payload: BookIn):
    complaint = _buyer(request, complaint_id)
    returns.book_return(complaint=complaint, buyer=request.user, courier_code=payload.courier)
    return _out(complaint)


@router.delete(
    "/complaints/{complaint_id}/return/booking",
    response={200: ReturnOut, **GATEWAY_ERRORS},
    summary="Give the booking back before the courier took the parcel",
)
def cancel_return(request, complaint_id: int):
    complaint = _buyer(request, complaint_id)
    returns.cancel_return(complaint=complaint, buyer=request.user)
    return _out(complaint)


@router.post(
    "/complaints/{complaint_id}/return/tracking/refresh",
    response={200: ReturnOut, 429: Error, **GATEWAY_ERRORS},
    summary="Perbarui lacak (buyer): once a minute per parcel",
)
def buyer_refresh(request, complaint_id: int):
    complaint = _buyer(request, complaint_id)
    _refresh(complaint)
    return _out(complaint)


@router.get(
    "/complaints/{complaint_id}/return/labels/{kind}",
    response=ERRORS,
    openapi_extra=PDF,
    summary="A parcel's label (kind: return or replacement)",
)
def buyer_label(request, complaint_id: int, kind: str):
    return _label(_buyer(request, complaint_id), kind)


# --- the seller -----------------------------------------------------------------------------


@router.get("/seller/complaints/{complaint_id}/return", response={200: ReturnOut, **ERRORS}, summary="Retur (seller)")
def seller_return(request, complaint_id: int):
    return _out(_seller(request, complaint_id))


@router.post(
    "/seller/complaints/{complaint_id}/return/receipt",
    response={200: ReturnOut, **ERRORS},
    summary="Confirm what arrived: each line's units back on sale or written off",
)
def confirm_receipt(request, complaint_id: int, payload: ReceiptIn):
    complaint = _seller(request, complaint_id)
    returns.confirm_receipt(
        complaint=complaint,
        seller=request.user,
        conditions={line.complaint_line_id: (line.sellable, line.written_off) for line in payload.lines},
        note=payload.note,
    )
    return _out(complaint)


@router.get(
    "/seller/complaints/{complaint_id}/replacement/options",
    response={200: list[CourierOptionOut], **ERRORS},
    summary="Couriers for an exchange's replacement, cheapest first",
)
def replacement_options(request, complaint_id: int):
    complaint = _seller(request, complaint_id)
    if complaint.resolution != Resolution.EXCHANGE:
        raise NotFound("Komplain ini bukan penukaran barang.", code="not_an_exchange")
    return exchanges.replacement_options(complaint)


@router.post(
    "/seller/complaints/{complaint_id}/replacement",
    response={200: ReturnOut, **GATEWAY_ERRORS},
    summary="Ship an exchange's replacement on a new leg (its own AWB)",
)
def ship_replacement(request, complaint_id: int, payload: BookIn):
    complaint = _seller(request, complaint_id)
    exchanges.ship_replacement(complaint=complaint, seller=request.user, courier_code=payload.courier)
    return _out(complaint)


@router.post(
    "/seller/complaints/{complaint_id}/replacement/refund-instead",
    response={200: ReturnOut, **ERRORS},
    summary="No replacement (no stock): refund the buyer instead",
)
def refund_instead(request, complaint_id: int):
    complaint = _seller(request, complaint_id)
    exchanges.refund_instead(complaint=complaint, actor=request.user)
    return _out(complaint)


@router.post(
    "/seller/complaints/{complaint_id}/return/tracking/refresh",
    response={200: ReturnOut, 429: Error, **GATEWAY_ERRORS},
    summary="Perbarui lacak (seller)",
)
def seller_refresh(request, complaint_id: int):
    complaint = _seller(request, complaint_id)
    _refresh(complaint)
    return _out(complaint)


@router.get(
    "/seller/complaints/{complaint_id}/return/labels/{kind}",
    response=ERRORS,
    openapi_extra=PDF,
    summary="A parcel's label (seller; kind: return or replacement)",
)
def seller_label(request, complaint_id: int, kind: str):
    return _label(_seller(request, complaint_id), kind)
