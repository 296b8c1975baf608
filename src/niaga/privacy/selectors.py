"""Reads for UU PDP, always of the asking user's own rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from niaga.core.errors import NotFound

from . import policy
from .models import Consent, ConsentKind, DataExport, ExportStatus


def exports_for(user):
    return DataExport.objects.filter(user=user)


def export_for(user, export_id: int) -> DataExport:
    """The user's own export; anyone else's is simply not found."""
    try:
        return DataExport.objects.get(user=user, pk=export_id)
    except DataExport.DoesNotExist:
        raise NotFound("Salinan data tidak ditemukan.", code="export_not_found") from None


def downloadable(export: DataExport, now=None) -> bool:
    now = now or timezone.now()
    return (
        export.status == ExportStatus.READY
        and bool(export.file)
        and export.expires_at is not None
        and export.expires_at > now
    )


def file_for(user, export_id: int) -> DataExport:
    """The export whose file the owner may download now (not found once it expired)."""
    export = export_for(user, export_id)
    if not downloadable(export):
        raise NotFound("Salinan data ini sudah kedaluwarsa atau belum siap.", code="export_not_ready")
    return export


@dataclass(frozen=True)
class ConsentNow:
    kind: str
    label: str
    text: str
    granted: bool
    since: object  # datetime | None


def consents_now(user) -> list[ConsentNow]:
    """Each kind of marketing with the choice that holds (no row yet: not granted)."""
    found = []
    for kind in ConsentKind:
        latest = Consent.objects.filter(user=user, kind=kind).order_by("-at", "-pk").first()
        found.append(
            ConsentNow(
                kind=kind.value,
                label=kind.label,
                text=policy.CONSENT_TEXTS[kind].text,
                granted=bool(latest and latest.granted),
                since=latest.at if latest else None,
            )
        )
    return found


def has_consent(user, kind: str) -> bool:
    """For whatever sends promotions: only to users whose latest choice for `kind` is yes."""
    latest = Consent.objects.filter(user=user, kind=kind).order_by("-at", "-pk").first()
    return bool(latest and latest.granted)


def consent_history(user):
    return Consent.objects.filter(user=user).order_by("-at", "-pk")
