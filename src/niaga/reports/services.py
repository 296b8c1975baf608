"""Writes of the reports app: asking for a report file (the job writes it)."""

from __future__ import annotations

from django.db import transaction

from niaga.core.errors import Conflict, DomainError
from niaga.stores.models import Store

from . import tasks
from .models import ExportFormat, ExportKind, ExportStatus, ReportExport
from .periods import Period

OPEN_EXPORTS_PER_STORE = 3


def request_export(
    *, store: Store, user, kind: str, format: str, period: Period, options: dict | None = None
) -> ReportExport:
    """Queue a report file for the store. A store has at most a few files being made at once."""
    if kind not in ExportKind.values:
        raise DomainError("Jenis laporan tidak dikenal.", code="bad_kind", fields={"kind": "Pilihan tidak dikenal."})
    if format not in ExportFormat.values:
        raise DomainError("Format tidak dikenal.", code="bad_format", fields={"format": "Pilih csv atau xlsx."})
    parameters = {"since": period.since.isoformat(), "until": period.until.isoformat(), **(options or {})}
    with transaction.atomic():
        Store.objects.select_for_update().filter(pk=store.pk).first()  # two clicks queue one after the other
        running = ReportExport.objects.filter(
            store=store, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]
        ).count()
        if running >= OPEN_EXPORTS_PER_STORE:
            raise Conflict(
                f"Sudah ada {running} laporan yang sedang dibuat. Tunggu sampai selesai, lalu coba lagi.",
                code="too_many_exports",
            )
        export = ReportExport.objects.create(
            store=store, requested_by=user, kind=kind, format=format, parameters=parameters
        )
        transaction.on_commit(lambda: _queue(export.pk))
    return export


def _queue(export_id: int) -> None:
    tasks.build_export(export_id)
