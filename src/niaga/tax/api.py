"""PPh Pasal 22 marketplace (PMK 37/2025) dan PPN atas jasa platform, in the API.

A seller reads and writes only their own store's tax data; a buyer downloads only their own
order's invoice."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema

from niaga.core.errors import DomainError, NotFound
from niaga.core.schemas import ERRORS, Input
from niaga.stores import selectors as stores

from . import documents, selectors, services

router = Router(tags=["tax"])

PDF = {200: None, **ERRORS}
PDF_DOC = {
    "responses": {
        200: {"description": "PDF", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
    }
}


class ProfileOut(Schema):
    id_kind: str
    id_number_masked: str
    name: str
    address: str
    is_pkp: bool

    @staticmethod
    def resolve_id_number_masked(profile) -> str:
        return profile.masked_id


class ProfileIn(Input):
    id_kind: str
    id_number: str
    name: str
    address: str
    is_pkp: bool = False


class StatementIn(Input):
    year: int
    declared_turnover: int
    signed_on: dt.date
    agreed: bool


class StatementOut(Schema):
    year: int
    declared_turnover: int
    signed_on: dt.date


class CollectionOut(Schema):
    id: int
    order_number: str
    kind: str
    turnover: int
    base: int
    rate_bps: int
    amount: int
    rule: str
    reason: str
    occurred_at: dt.datetime
    period: dt.date

    @staticmethod
    def resolve_order_number(row) -> str:
        return row.order.number


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _month(text: str) -> dt.date:
    period = selectors.parse_period(text)
    if period is None:
        raise DomainError("Bulan tidak valid.", code="invalid_month", fields={"month": "Tulis seperti 2026-03."})
    return period


@router.get("/seller/tax/profile", response={200: ProfileOut, **ERRORS}, summary="The store's tax profile")
def get_profile(request):
    profile = selectors.profile_of(stores.my_store(request.user))
    if profile is None:
        raise NotFound("Profil pajak belum diisi.", code="tax_profile_missing")
    return profile


@router.put("/seller/tax/profile", response={200: ProfileOut, **ERRORS}, summary="Save the store's tax profile")
def put_profile(request, payload: ProfileIn):
    return services.save_profile(store=stores.my_store(request.user), **payload.dict())


@router.post(
    "/seller/tax/statements",
    response={201: StatementOut, **ERRORS},
    summary="State the year's turnover ≤ Rp500 million",
)
def post_statement(request, payload: StatementIn):
    return 201, services.submit_statement(store=stores.my_store(request.user), **payload.dict())


@router.get("/seller/tax/collections", response={200: list[CollectionOut], **ERRORS}, summary="PPh 22 collected")
def list_collections(request, month: str = ""):
    store = stores.my_store(request.user)
    period = _month(month) if month else None
    return list(selectors.collections_of(store, period=period)[:500])


@router.get("/seller/tax/collections/{collection_id}", response={200: CollectionOut, **ERRORS})
def get_collection(request, collection_id: int):
    return selectors.collection_of(stores.my_store(request.user), collection_id)


@router.get(
    "/seller/tax/proof/{month}", response=PDF, openapi_extra=PDF_DOC, summary="Bukti pungut PPh 22 of a month (PDF)"
)
def proof(request, month: str):
    return _pdf(documents.proof_pdf(stores.my_store(request.user), _month(month)), f"bukti-pungut-{month}.pdf")


@router.get(
    "/seller/tax/platform-invoice/{month}", response=PDF, openapi_extra=PDF_DOC, summary="Niaga's invoice, PPN shown"
)
def platform_invoice(request, month: str):
    store = stores.my_store(request.user)
    return _pdf(documents.platform_invoice_pdf(store, _month(month)), f"invoice-niaga-{month}.pdf")


@router.get("/orders/{order_id}/invoice", response=PDF, openapi_extra=PDF_DOC, summary="The buyer's invoice (PDF)")
def invoice(request, order_id: int):
    order = selectors.order_for_buyer(request.user, order_id)
    return _pdf(documents.invoice_pdf(order), f"invoice-{order.pk}.pdf")
