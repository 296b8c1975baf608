"""Reads of the reports app, scoped to the store of who asks (a stranger gets NotFound)."""

from __future__ import annotations

from django.db.models import QuerySet

from niaga.core.errors import NotFound
from niaga.stores import selectors as stores

from .models import ExportStatus, ReportExport


def exports_of(store) -> QuerySet[ReportExport]:
    return ReportExport.objects.filter(store=store).order_by("-created_at", "-pk")


def export_for(user, export_id: int) -> ReportExport:
    store = stores.store_of(user)
    export = ReportExport.objects.filter(pk=export_id, store=store).first() if store else None
    if export is None:
        raise NotFound("Ekspor laporan tidak ditemukan.", code="export_not_found")
    return export


def file_for(user, export_id: int) -> ReportExport:
    export = export_for(user, export_id)
    if export.status != ExportStatus.READY or not export.file:
        raise NotFound("Berkas laporan belum siap atau sudah kedaluwarsa.", code="export_not_ready")
    return export
