"""Pusat Resolusi over the API: the buyer's complaints, the seller's answers, Niaga's mediation.

Opening a complaint and writing in its thread take multipart/form-data (photos of evidence);
the other actions take JSON. Another user's complaint is 404, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import File, Form, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.files import UploadedFile
from pydantic import Field, TypeAdapter, ValidationError

from niaga.core import private
from niaga.core.errors import DomainError, NotFound
from niaga.core.schemas import ERRORS, Input
from niaga.orders import selectors as order_selectors
from niaga.stores import selectors as stores

from . import selectors, services
from .models import Complaint
from .return_api import router as return_router
from .status import Role, Status

router = Router(tags=["aftersales"])


class LineOut(Schema):
    order_line_id: int
    product_name: str
    variant_name: str
    unit_price: int
    quantity: int
    value: int

    @staticmethod
    def resolve_product_name(line) -> str:
        return line.order_line.product_name

    @staticmethod
    def resolve_variant_name(line) -> str:
        return line.order_line.variant_name

    @staticmethod
    def resolve_unit_price(line) -> int:
        return line.order_line.unit_price


class MessageOut(Schema):
    id: int
    role: str
    author_name: str
    body: str
    photos: list[str]
    created_at: dt.datetime

    @staticmethod
    def resolve_author_name(message) -> str:
        return message.author.full_name if message.author_id else ""

    @staticmethod
    def resolve_photos(message, context) -> list[str]:
        request = context["request"]
        return [
            request.build_absolute_uri(reverse("api:complaint_photo", args=[a.pk])) for a in message.attachments.all()
        ]


class ComplaintInList(Schema):
    id: int
    number: str
    order_id: int
    order_number: str
    store_id: int
    store_name: str
    buyer_name: str
    reason: str
    reason_label: str
    resolution: str
    status: str
    status_label: str
    respond_by: dt.datetime
    buyer_respond_by: dt.datetime | None
    offer_amount: int | None
    refund_amount: int
    outcome: str
    escalated_at: dt.datetime | None
    resolved_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_order_number(c) -> str:
        return c.order.number

    @staticmethod
    def resolve_store_name(c) -> str:
        return c.store.name

    @staticmethod
    def resolve_buyer_name(c) -> str:
        return c.buyer.full_name

    @staticmethod
    def resolve_reason_label(c) -> str:
        return c.get_reason_display()

    @staticmethod
    def resolve_status_label(c) -> str:
        return Status(c.status).label


class ComplaintOut(ComplaintInList):
    description: str
    offer_reason: str
    decided_by: str
    decision_reason: str
    max_refund: int = Field(description="the most this complaint can give back now (0 once it ended)")
    refunded_to: str = Field(description='where the refund went: "Saldo Niaga" or the paying method ("" if none)')
    lines: list[LineOut]
    messages: list[MessageOut]

    @staticmethod
    def resolve_max_refund(c) -> int:
        return services.max_refund(c) if c.is_open else 0

    @staticmethod
    def resolve_refunded_to(c) -> str:
        return services.refund_destination(c)

    @staticmethod
    def resolve_lines(c) -> list:
        return list(c.lines.all())

    @staticmethod
    def resolve_messages(c) -> list:
        return list(c.messages.all())


class LineIn(Schema):
    order_line_id: int
    quantity: int


class OpenIn(Schema):
    reason: str = Field("", max_length=20, description="not_received, damaged, wrong_item, not_as_described, ...")
    resolution: str = Field("", max_length=20, description="refund_only, return_refund or exchange")
    description: str = Field("", max_length=services.BODY_MAX)
    lines: str = Field("", max_length=10_000, description='JSON: [{"order_line_id": 1, "quantity": 2}, ...]')


_LINES = TypeAdapter(list[LineIn])


def _lines(raw: str) -> list[services.LineRequest]:
    try:
        lines = _LINES.validate_json(raw)
    except ValidationError:
        raise DomainError(
            "Daftar barang tidak valid.",
            code="invalid_complaint",
            fields={"lines": 'JSON: [{"order_line_id": 1, "quantity": 2}]'},
        ) from None
    return [services.LineRequest(order_line_id=line.order_line_id, quantity=line.quantity) for line in lines]


class MessageIn(Schema):
    body: str = Field("", max_length=services.BODY_MAX)


class ReasonIn(Input):
    reason: str = Field("", max_length=services.BODY_MAX)


class RespondIn(Input):
    action: Literal["accept", "offer", "reject"]
    amount: int | None = Field(None, description="the partial refund offered (action offer), Rupiah")
    reason: str = Field("", max_length=services.BODY_MAX, description="required to offer or reject")


class DecideIn(Input):
    decision: Literal["refund_full", "refund_partial", "return_required", "reject"]
    amount: int | None = Field(None, description="for refund_partial, Rupiah")
    reason: str = Field(max_length=services.BODY_MAX, description="seen by the buyer and the seller")


class StatusQuery(Schema):
    status: str = Field("", max_length=20)


Photos = File[list[UploadedFile]]


def _listed(qs, status: str):
    if status in Status.values:
        qs = qs.filter(status=status)
    return list(qs.order_by("-created_at", "-pk")[:200])


# --- the buyer --------------------------------------------------------------------------


@router.get("/complaints", response=list[ComplaintInList], summary="Komplain Saya (buyer)")
def my_complaints(request, q: Query[StatusQuery]):
    return _listed(selectors.for_buyer(request.user), q.status)


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def my_complaint(request, complaint_id: int):
    return selectors.buyer_complaint(request.user, complaint_id)


@router.post(
    "/orders/{order_id}/complaint",
    response={201: ComplaintOut, **ERRORS},
    summary="Ajukan Komplain (multipart: fields and photos)",
)
def open_complaint(request, order_id: int, payload: Form[OpenIn], photos: Photos = None):  # type: ignore[assignment]
    order = order_selectors.buyer_order(request.user, order_id)
    complaint = services.open_complaint(
        buyer=request.user,
        order=order,
        lines=_lines(payload.lines),
        reason=payload.reason,
        description=payload.description,
        resolution=payload.resolution,
        photos=list(photos or []),
    )
    return HttpStatus(201, selectors.buyer_complaint(request.user, complaint.pk))


@router.post(
    "/complaints/{complaint_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Reply in the complaint's thread (multipart: body and photos)",
)
def buyer_message(request, complaint_id: int, payload: Form[MessageIn], photos: Photos = None):  # type: ignore[assignment]
    complaint = selectors.buyer_complaint(request.user, complaint_id)
    message = services.post_message(
        complaint=complaint, author=request.user, role=Role.BUYER, body=payload.body, photos=list(photos or [])
    )
    return HttpStatus(201, message)


@router.post("/complaints/{complaint_id}/accept-offer", response={200: ComplaintOut, **ERRORS})
def accept_offer(request, complaint_id: int):
    services.accept_offer(complaint=selectors.buyer_complaint(request.user, complaint_id), buyer=request.user)
    return selectors.buyer_complaint(request.user, complaint_id)


@router.post("/complaints/{complaint_id}/escalate", response={200: ComplaintOut, **ERRORS}, summary="Ajukan ke Niaga")
def escalate(request, complaint_id: int, payload: ReasonIn):
    complaint = selectors.buyer_complaint(request.user, complaint_id)
    services.escalate(complaint=complaint, actor=request.user, reason=payload.reason)
    return selectors.buyer_complaint(request.user, complaint_id)


@router.post("/complaints/{complaint_id}/withdraw", response={200: ComplaintOut, **ERRORS})
def withdraw(request, complaint_id: int, payload: ReasonIn):
    complaint = selectors.buyer_complaint(request.user, complaint_id)
    services.withdraw(complaint=complaint, buyer=request.user, reason=payload.reason)
    return selectors.buyer_complaint(request.user, complaint_id)


# --- the seller -------------------------------------------------------------------------


@router.get("/seller/complaints", response={200: list[ComplaintInList], **ERRORS}, summary="My store's complaints")
def store_complaints(request, q: Query[StatusQuery]):
    return _listed(selectors.for_store(stores.my_store(request.user)), q.status)


@router.get("/seller/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def store_complaint(request, complaint_id: int):
    return selectors.store_complaint(stores.my_store(request.user), complaint_id)


@router.post(
    "/seller/complaints/{complaint_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="The seller's reply or evidence (multipart: body and photos)",
)
def seller_message(request, complaint_id: int, payload: Form[MessageIn], photos: Photos = None):  # type: ignore[assignment]
    complaint = selectors.store_complaint(stores.my_store(request.user), complaint_id)
    message = services.post_message(
        complaint=complaint, author=request.user, role=Role.SELLER, body=payload.body, photos=list(photos or [])
    )
    return HttpStatus(201, message)


@router.post(
    "/seller/complaints/{complaint_id}/respond",
    response={200: ComplaintOut, **ERRORS},
    summary="Accept, offer a partial refund, or reject with a reason",
)
def respond(request, complaint_id: int, payload: RespondIn):
    store = stores.my_store(request.user)
    complaint = selectors.store_complaint(store, complaint_id)
    if payload.action == "accept":
        services.seller_accept(complaint=complaint, seller=request.user, note=payload.reason)
    elif payload.action == "offer":
        services.seller_offer(complaint=complaint, seller=request.user, amount=payload.amount, reason=payload.reason)
    else:
        services.seller_reject(complaint=complaint, seller=request.user, reason=payload.reason)
    return selectors.store_complaint(store, complaint_id)


# --- Niaga's operator -------------------------------------------------------------------


def _operator(request) -> None:
    # To anyone else the routes do not exist (as the operator's pages and reviews' API answer):
    # a 403 on /operator/complaints/{id} would tell a stranger which complaint ids are real.
    if not (request.user.is_active and request.user.is_staff):
        raise NotFound("Tidak ditemukan.", code="not_found")


@router.get(
    "/operator/complaints",
    response={200: list[ComplaintInList], **ERRORS},
    summary="Mediation queue (escalated, oldest first) or complaints by status",
)
def operator_complaints(request, q: Query[StatusQuery]):
    _operator(request)
    if not q.status:
        return list(selectors.escalated_queue()[:200])
    return _listed(selectors.for_operator(q.status), q.status)


@router.get("/operator/complaints/{complaint_id}", response={200: ComplaintOut, **ERRORS})
def operator_complaint(request, complaint_id: int) -> Complaint:
    _operator(request)
    return selectors.operator_complaint(complaint_id)


@router.post(
    "/operator/complaints/{complaint_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Niaga's message to both sides (multipart: body and photos)",
)
def operator_message(request, complaint_id: int, payload: Form[MessageIn], photos: Photos = None):  # type: ignore[assignment]
    _operator(request)
    complaint = selectors.operator_complaint(complaint_id)
    message = services.post_message(
        complaint=complaint, author=request.user, role=Role.OPERATOR, body=payload.body, photos=list(photos or [])
    )
    return HttpStatus(201, message)


@router.post(
    "/operator/complaints/{complaint_id}/decide",
    response={200: ComplaintOut, **ERRORS},
    summary="Decide a mediated complaint, with a reason both sides see",
)
def decide(request, complaint_id: int, payload: DecideIn):
    _operator(request)
    complaint = selectors.operator_complaint(complaint_id)
    services.decide(
        complaint=complaint,
        operator=request.user,
        decision=payload.decision,
        amount=payload.amount,
        reason=payload.reason,
    )
    return selectors.operator_complaint(complaint_id)


router.add_router("", return_router)  # returns and exchanges (return_api.py)


@router.get(
    "/complaint-photos/{photo_id}",
    url_name="complaint_photo",
    summary="A photo of evidence, to the complaint's buyer, seller and Niaga's operators only",
    response={200: None, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The photo (metadata removed).",
                "content": {"image/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def complaint_photo(request, photo_id: int):
    return private.serve(selectors.attachment_for(request.user, photo_id).file)
