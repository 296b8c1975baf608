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


class MarketDay(models.Model):
    """The operator's marketplace report for one closed day (reports.rollup), so a month is read
        from ~30 rows instead of grouping a month of orders, attempts, postings and deliveries. A day
        without a row is computed live; the row's presence marks the day as rolled up. `rolled_at` is
    the start of the run that rolled it: changes after it make the day stale (marketdays.changed_days)."""

    day = models.DateField("hari", unique=True)
    gmv = models.BigIntegerField("GMV", default=0)
    orders = models.PositiveIntegerField("pesanan", default=0)
    refunds = models.BigIntegerField("dana dikembalikan", default=0)
    commission = models.BigIntegerField("komisi", default=0)
    fees = models.BigIntegerField("biaya layanan", default=0)
    buyers = models.PositiveIntegerField("pembeli", default=0)
    new_buyers = models.PositiveIntegerField("pembeli baru", default=0)
    rolled_at = models.DateTimeField("dihitung")

    class Meta:
        verbose_name = "ringkasan harian marketplace"
        verbose_name_plural = "ringkasan harian marketplace"
        ordering = ["day"]


class MarketDayMethod(models.Model):
    """Payment attempts of a day per method: made, paid, and the paid amount."""

    day = models.DateField("hari")
    method = models.CharField("metode", max_length=40)
    attempts = models.PositiveIntegerField("percobaan", default=0)
    paid = models.PositiveIntegerField("dibayar", default=0)
    amount = models.BigIntegerField("jumlah dibayar", default=0)

    class Meta:
        verbose_name = "ringkasan harian metode pembayaran"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["day", "method"], name="market_day_method")]


class MarketDayCourier(models.Model):
    """Deliveries of a day per courier, and how many arrived on time."""

    day = models.DateField("hari")
    courier = models.CharField("kurir", max_length=120)
    deliveries = models.PositiveIntegerField("pengiriman", default=0)
    on_time = models.PositiveIntegerField("tepat waktu", default=0)

    class Meta:
        verbose_name = "ringkasan harian kurir"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["day", "courier"], name="market_day_courier")]


class MarketDayStore(models.Model):
    """GMV and orders of a day per store (the top stores of a period sum these)."""

    day = models.DateField("hari")
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name="toko")
    gmv = models.BigIntegerField("GMV", default=0)
    orders = models.PositiveIntegerField("pesanan", default=0)

    class Meta:
        verbose_name = "ringkasan harian toko"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["day", "store"], name="market_day_store")]


class MarketDayCategory(models.Model):
    """Goods sold (price × units not cancelled) and orders of a day per category."""

    day = models.DateField("hari")
    category = models.ForeignKey(
        "catalog.Category", null=True, on_delete=models.CASCADE, related_name="+", verbose_name="kategori"
    )
    gmv = models.BigIntegerField("nilai barang", default=0)
    orders = models.PositiveIntegerField("pesanan", default=0)

    class Meta:
        verbose_name = "ringkasan harian kategori"
        verbose_name_plural = verbose_name
        constraints = [models.UniqueConstraint(fields=["day", "category"], name="market_day_category")]
