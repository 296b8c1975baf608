"""Writes for imports: a seller's upload becomes an ImportJob, is checked (plan.build) and,
once the seller agrees, applied in one transaction — all of it, or nothing."""

from __future__ import annotations

import logging
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from niaga.core import clock
from niaga.core.errors import Conflict
from niaga.stores.models import Store

from . import jobs, reader, tasks
from .jobs import apply, validate  # noqa: F401  (the pages, API and bench call them here)
from .locations import store_locations  # noqa: F401
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)
INLINE_BYTES = 64 * 1024  # a sheet this small is checked in the request; larger ones by a job


def start(*, store: Store, user, file: UploadedFile, images: UploadedFile | None = None) -> ImportJob:
    """Keep the upload and check it: at once when small, else by a job (tasks.validate_import).
    Pictures named by URL are fetched by the job only, never in the request."""
    reader.check_upload(file, kind="file")
    if images is not None:
        reader.check_upload(images, kind="images")
    job = ImportJob(store=store, created_by=user if getattr(user, "pk", None) else None)
    job.original_name = (file.name or "")[:200]
    job.file.save(
        f"{store.pk}-{clock.now():%Y%m%d%H%M%S}.{'csv' if (file.name or '').lower().endswith('.csv') else 'xlsx'}",
        file,
        save=False,
    )
    if images is not None:
        job.images.save(f"{store.pk}-gambar.zip", images, save=False)
    job.save()
    if (file.size or 0) <= INLINE_BYTES:
        job = jobs.validate(job_id=job.pk, fetch=False)
    if job.status == ImportStatus.VALIDATING:
        transaction.on_commit(partial(tasks.validate_import, job.pk))
    job.refresh_from_db()
    return job


def request_apply(*, job: ImportJob) -> ImportJob:
    """The seller agreed to the preview: the job applies it (once, however often this is asked)."""
    if job.status in (ImportStatus.APPLYING, ImportStatus.DONE):
        return job
    if job.status != ImportStatus.READY:
        raise Conflict("Impor ini tidak bisa diterapkan: perbaiki galatnya dan unggah ulang.", code="import_not_ready")
    if ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(status=ImportStatus.APPLYING, progress=0):
        transaction.on_commit(partial(tasks.apply_import, job.pk))
    job.refresh_from_db()
    return job
