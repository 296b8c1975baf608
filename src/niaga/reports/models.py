"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator."""

from __future__ import annotations

from django.db import models

from niaga.core.private import private_storage


class ExportKind(models.TextChoices):
    SALES = "sales", "Penjualan (ringkasan dan rincian)"
    SALES_LINES = "sales_lines", "Penjualan per barang pesanan"
    STOCK = "stock", "Stok"
    FUNNEL = "funnel", "Corong penjualan"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Menunggu"
    RUNNING = "running", "Sedang dibuat"
    READY = "ready", "Siap diunduh"
    FAILED = "failed", "Gagal"
    EXPIRED = "expired", "Kedaluwarsa"


class ReportExport(models.Model):
    """One report written to a file by a job (reports.exports), for the store's people to
    download until `expires_at`; like privacy's DataExport, in private storage."""

    Status = ExportStatus

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name="toko")
    requested_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="diminta oleh"
    )
    kind = models.CharField("jenis", max_length=12, choices=ExportKind.choices)
    format = models.CharField("format", max_length=4, choices=ExportFormat.choices)
    # {"since": "2026-11-01", "until": "2026-11-30", "dead_days": 60}: the report's own inputs.
    parameters = models.JSONField("parameter", default=dict)
    status = models.CharField("status", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField("kemajuan (%)", default=0)
    rows_done = models.PositiveIntegerField("baris selesai", default=0)
    rows_total = models.PositiveIntegerField("jumlah baris", default=0)
    file = models.FileField("berkas", upload_to="reports/exports/", storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField("ukuran (byte)", default=0)
    error = models.CharField("galat", max_length=255, blank=True)
    created_at = models.DateTimeField("diminta", auto_now_add=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    expires_at = models.DateTimeField("kedaluwarsa", null=True, blank=True)

    class Meta:
        verbose_name = "ekspor laporan"
        verbose_name_plural = "ekspor laporan"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["store", "-created_at"], name="report_export_store"),
            models.Index(fields=["status", "expires_at"], name="report_export_expiry"),
        ]

    def __str__(self) -> str:
        return f"Ekspor {self.kind} #{self.pk} ({self.status})"

    @property
    def status_label(self) -> str:
        return ExportStatus(self.status).label

    @property
    def kind_label(self) -> str:
        return ExportKind(self.kind).label

    @property
    def filename(self) -> str:
        since, until = self.parameters.get("since", ""), self.parameters.get("until", "")
        return f"laporan-{self.kind}-{since}-{until}.{self.format}"
