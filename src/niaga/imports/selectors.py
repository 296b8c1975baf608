"""Reads for imports, always through the asking seller's store."""

from __future__ import annotations

from niaga.core.errors import NotFound

from .models import ImportJob


def store_imports(store):
    return ImportJob.objects.filter(store=store)


def store_import(store, job_id: int) -> ImportJob:
    """The store's own import, or 404 (another store's import does not exist for this seller)."""
    job = ImportJob.objects.filter(store=store, pk=job_id).select_related("store").first()
    if job is None:
        raise NotFound("Impor tidak ditemukan.", code="import_not_found")
    return job
