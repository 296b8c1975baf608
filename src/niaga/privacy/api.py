"""UU PDP in the API: a copy of my data, my marketing consents, deleting my account."""

from __future__ import annotations

from datetime import datetime

from django.http import FileResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from niaga.core.schemas import ERRORS, Input, Ok

from . import selectors, services
from .models import ConsentKind, ConsentSource, DataExport

router = Router(tags=["privacy"])


class ExportOut(Schema):
    id: int
    status: str = Field(description="pending, ready, failed or expired")
    status_label: str
    requested_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    size: int = Field(description="bytes of the ZIP, once ready")
    download_url: str | None = Field(description="GET it (same authentication) while ready and not expired")

    @staticmethod
    def resolve_download_url(export: DataExport) -> str | None:
        if not selectors.downloadable(export):
            return None
        return reverse("api:privacy_export_file", kwargs={"export_id": export.pk})


class ConsentOut(Schema):
    kind: str
    label: str
    text: str
    granted: bool
    since: datetime | None


class ConsentRowOut(Schema):
    kind: str
    granted: bool
    at: datetime
    source: str
    text_version: str


class ConsentsOut(Schema):
    current: list[ConsentOut]
    history: list[ConsentRowOut]


class ConsentIn(Input):
    kind: ConsentKind = Field(description="email_promo or push_promo")
    granted: bool


class DeleteIn(Input):
    password: str = Field(max_length=128)
    code: str = Field("", max_length=64, description="a TOTP or recovery code, required when MFA is enrolled")


def _consents(user) -> ConsentsOut:
    return ConsentsOut(
        current=[ConsentOut(**c.__dict__) for c in selectors.consents_now(user)],
        history=[ConsentRowOut.from_orm(row) for row in selectors.consent_history(user)[:50]],
    )


@router.post("/me/data-export", response={202: ExportOut, **ERRORS}, summary="Ask for a copy of all my data (ZIP)")
def request_export(request):
    return Status(202, services.request_export(user=request.user, request=request))


@router.get("/me/data-export/{export_id}", response={200: ExportOut, **ERRORS}, summary="A copy of my data: status")
def get_export(request, export_id: int):
    return selectors.export_for(request.user, export_id)


@router.get(
    "/me/data-export/{export_id}/file",
    url_name="privacy_export_file",
    response={200: None, **ERRORS},
    summary="Download a copy of my data",
    openapi_extra={
        "responses": {
            200: {
                "description": "The ZIP: every table as CSV and JSON.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_file(request, export_id: int):
    export = selectors.file_for(request.user, export_id)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=f"data-niaga-{export.pk}.zip")
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/me/consents", response={200: ConsentsOut, **ERRORS}, summary="My marketing consents and their history")
def get_consents(request):
    return _consents(request.user)


@router.post("/me/consents", response={200: ConsentsOut, **ERRORS}, summary="Grant or withdraw one marketing consent")
def set_consent(request, payload: ConsentIn):
    services.record_consent(request.user, payload.kind, payload.granted, request, source=ConsentSource.API)
    return _consents(request.user)


@router.post("/me/delete", response={200: Ok, **ERRORS}, summary="Delete my account (anonymised; orders kept)")
def delete_me(request, payload: DeleteIn):
    services.delete_account(user=request.user, password=payload.password, code=payload.code, request=request)
    return Ok(message="Akun dihapus.")
