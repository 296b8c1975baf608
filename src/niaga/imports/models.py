"""Impor dan ekspor katalog lewat spreadsheet: one ImportJob per uploaded file."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from niaga.core.private import private_storage


class ImportStatus(models.TextChoices):
    """validating → invalid | ready; ready → applying → done | failed."""

    VALIDATING = "validating", "Sedang diperiksa"
    INVALID = "invalid", "Ada galat"
    READY = "ready", "Siap diterapkan"
    APPLYING = "applying", "Sedang diterapkan"
    DONE = "done", "Selesai"
    FAILED = "failed", "Gagal"


TRANSITIONS: dict[str, tuple[str, ...]] = {
    ImportStatus.VALIDATING: (ImportStatus.INVALID, ImportStatus.READY, ImportStatus.FAILED),
    ImportStatus.READY: (ImportStatus.APPLYING,),
    ImportStatus.APPLYING: (ImportStatus.DONE, ImportStatus.FAILED),
}


class ImportJob(models.Model):
    """One spreadsheet a seller uploaded, its check and, once asked, its application.

    The files sit in private storage (a seller's catalogue and costs are not public); the
    errors are kept as a list of {row, column, message}, all of them, for the page and the report.
    """

    Status = ImportStatus

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="imports", verbose_name="toko")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="oleh"
    )
    file = models.FileField("berkas", upload_to="imports/", storage=private_storage)
    images = models.FileField("ZIP gambar", upload_to="imports/", storage=private_storage, blank=True)
    # Pictures the sheet names by URL, fetched while it was checked: by URL {"sha256"} or
    # {"error"}, and the bytes in a ZIP by hash, which apply reads (it fetches nothing).
    fetched = models.FileField("gambar dari URL", upload_to="imports/", storage=private_storage, blank=True)
    image_urls = models.JSONField("URL gambar", default=dict, blank=True)
    images_total = models.PositiveIntegerField("jumlah URL gambar", default=0)
    images_done = models.PositiveIntegerField("URL gambar sudah diambil", default=0)
    original_name = models.CharField("nama berkas", max_length=200, blank=True)
    status = models.CharField("status", max_length=10, choices=ImportStatus.choices, default=ImportStatus.VALIDATING)
    rows = models.PositiveIntegerField("baris", default=0)
    new_products = models.PositiveIntegerField("produk baru", default=0)
    updated_products = models.PositiveIntegerField("produk diperbarui", default=0)
    new_variants = models.PositiveIntegerField("varian baru", default=0)
    updated_variants = models.PositiveIntegerField("varian diperbarui", default=0)
    errors = models.JSONField("galat", default=list, blank=True)
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        verbose_name = "impor produk"
        verbose_name_plural = "impor produk"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["store", "-created_at"], name="import_store_time")]

    def __str__(self) -> str:
        return f"Impor #{self.pk} ({self.get_status_display()})"

    @property
    def error_count(self) -> int:
        return len(self.errors or [])
