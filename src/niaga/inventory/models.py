from django.conf import settings
from django.db import models
from django.db.models import F, Q

from niaga.core import clock


class Stock(models.Model):
    """Units of one variant: on hand, and how many of those are held for unpaid orders.

    available = on_hand - reserved. Every change is a single conditional UPDATE, and the
    database refuses any row where reserved would exceed on_hand or go below zero.
    """

    variant = models.OneToOneField(
        "catalog.Variant", on_delete=models.CASCADE, related_name="stock", verbose_name="varian"
    )
    on_hand = models.IntegerField("stok fisik", default=0)
    reserved = models.IntegerField("ditahan", default=0)
    # Moving-average cost of one unit on hand, in Rupiah, updated at each goods receipt
    # (Penerimaan Barang); 0 until the seller first receives goods with a cost.
    average_cost = models.BigIntegerField("harga pokok rata-rata", default=0)

    class Meta:
        verbose_name = "stok"
        verbose_name_plural = "stok"
        constraints = [
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
            models.CheckConstraint(condition=Q(on_hand__gte=F("reserved")), name="stock_never_oversold"),
        ]

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Reservation(models.Model):
    """Units held for an order until it is paid (committed) or cancelled (released); sold
    units of an order cancelled before it ships go back on the shelf (restocked)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Ditahan"
        COMMITTED = "committed", "Terjual"
        RELEASED = "released", "Dilepas"
        RESTOCKED = "restocked", "Kembali ke stok"

    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="reservations", verbose_name="stok")
    quantity = models.PositiveIntegerField("jumlah")
    # Whoever holds the units, e.g. an order number; inventory does not know about orders.
    reference = models.CharField("referensi", max_length=64, db_index=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Where the units are held, so release, commit and restock move that same level.
    location = models.ForeignKey(
        "fulfillment.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="gudang",
    )
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "reservasi stok"
        verbose_name_plural = "reservasi stok"
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="reservation_quantity_positive")]


class ReturnedStock(models.Model):
    """Units that came back from a buyer (a return), and what the seller made of them: back
    on the shelf as sellable, or written off (damaged, not the item sold). Recorded once per
    reference, variant and condition, with the reason and who decided."""

    class Condition(models.TextChoices):
        SELLABLE = "sellable", "Kembali ke stok"
        WRITTEN_OFF = "written_off", "Dihapuskan"

    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="returns", verbose_name="stok")
    condition = models.CharField("kondisi", max_length=12, choices=Condition.choices)
    quantity = models.PositiveIntegerField("jumlah")
    # Whoever sent the units back, e.g. a complaint number; inventory does not know about complaints.
    reference = models.CharField("referensi", max_length=64, db_index=True)
    reason = models.CharField("alasan", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="dicatat oleh",
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    class Meta:
        verbose_name = "barang retur"
        verbose_name_plural = "barang retur"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="returned_stock_quantity_positive"),
            models.UniqueConstraint(fields=["reference", "stock", "condition"], name="returned_stock_once"),
        ]


class StockLevel(models.Model):
    """A variant's units at one location (a store's warehouse or a Niaga fulfillment centre).

    The variant's Stock row is the sum of its levels; both move in the same transaction.
    The location is named by string: locations live in fulfillment, which ranks above.
    """

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="levels", verbose_name="stok")
    location = models.ForeignKey(
        "fulfillment.Location", on_delete=models.PROTECT, related_name="stock_levels", verbose_name="gudang"
    )
    on_hand = models.IntegerField("stok fisik", default=0)
    reserved = models.IntegerField("ditahan", default=0)

    class Meta:
        verbose_name = "stok per gudang"
        verbose_name_plural = "stok per gudang"
        constraints = [
            models.UniqueConstraint(fields=["stock", "location"], name="one_level_per_location"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="level_reserved_not_negative"),
            models.CheckConstraint(condition=Q(on_hand__gte=F("reserved")), name="level_never_oversold"),
        ]

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockMovement(models.Model):
    """One change of a variant's stock and why: the history the figures are the sum of.

    Written in the same transaction as the change it records, so for every variant
    sum(on_hand_change) == Stock.on_hand and sum(reserved_change) == Stock.reserved.
    """

    class Reason(models.TextChoices):
        OPENING = "opening", "Stok awal"
        ADJUSTED = "adjusted", "Diubah penjual"
        RESERVED = "reserved", "Ditahan untuk pesanan"
        RELEASED = "released", "Tahanan dilepas"
        SOLD = "sold", "Terjual"
        RESTOCKED = "restocked", "Pembatalan: kembali ke stok"
        RETURNED = "returned", "Retur: kembali ke stok"
        WRITTEN_OFF = "written_off", "Dihapuskan"
        COUNTED = "counted", "Selisih stok opname"
        RECEIVED = "received", "Penerimaan barang"
        TRANSFER_OUT = "transfer_out", "Transfer keluar"
        TRANSFER_IN = "transfer_in", "Transfer masuk"
        IMPORTED = "imported", "Impor massal"

    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="movements", verbose_name="stok")
    # Denormalised from the stock's variant, so a store's history and reports read one index.
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name="toko")
    location = models.ForeignKey(
        "fulfillment.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="gudang",
    )
    reason = models.CharField("alasan", max_length=14, choices=Reason.choices)
    on_hand_change = models.IntegerField("perubahan stok fisik", default=0)
    reserved_change = models.IntegerField("perubahan ditahan", default=0)
    # Cost of one unit, in Rupiah, where the movement brings goods in at a known cost (receipts).
    unit_cost = models.BigIntegerField("harga pokok per unit", null=True, blank=True)
    # The order number, purchase order, count or transfer this movement belongs to.
    reference = models.CharField("referensi", max_length=64, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="oleh",
    )
    # Who or what, when no person did it: "sistem", "kedaluwarsa", "impor".
    actor_label = models.CharField("oleh (sistem)", max_length=40, blank=True)
    note = models.CharField("catatan", max_length=255, blank=True)
    created_at = models.DateTimeField("waktu", default=clock.now, db_index=True)

    class Meta:
        verbose_name = "mutasi stok"
        verbose_name_plural = "mutasi stok"
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["stock", "created_at"], name="movement_stock_time"),
            models.Index(fields=["store", "created_at"], name="movement_store_time"),
            models.Index(fields=["store", "reason", "created_at"], name="movement_store_reason_time"),
        ]


class StockTransfer(models.Model):
    """Units moved from one location of a store to another: one document, its lines, and a
    TRANSFER_OUT and TRANSFER_IN movement per line with the document's number as reference."""

    number = models.CharField("nomor", max_length=30, unique=True)
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name="toko")
    source = models.ForeignKey(
        "fulfillment.Location", on_delete=models.PROTECT, related_name="+", verbose_name="dari gudang"
    )
    destination = models.ForeignKey(
        "fulfillment.Location", on_delete=models.PROTECT, related_name="+", verbose_name="ke gudang"
    )
    note = models.CharField("catatan", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="oleh"
    )
    created_at = models.DateTimeField("waktu", default=clock.now)

    class Meta:
        verbose_name = "transfer stok"
        verbose_name_plural = "transfer stok"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("destination")), name="transfer_between_two_places")
        ]


class StockTransferLine(models.Model):
    transfer = models.ForeignKey(StockTransfer, on_delete=models.CASCADE, related_name="lines")
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="+", verbose_name="stok")
    quantity = models.PositiveIntegerField("jumlah")

    class Meta:
        verbose_name = "baris transfer"
        verbose_name_plural = "baris transfer"
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="transfer_quantity_positive")]


class StockCount(models.Model):
    """A stock count (stok opname) of one location: the seller enters what is on the shelf,
    and on confirmation each difference becomes a COUNTED movement."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Sedang dihitung"
        CONFIRMED = "confirmed", "Dikonfirmasi"

    number = models.CharField("nomor", max_length=30, unique=True)
    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="+", verbose_name="toko")
    location = models.ForeignKey(
        "fulfillment.Location", on_delete=models.PROTECT, related_name="+", verbose_name="gudang"
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="dibuat oleh"
    )
    created_at = models.DateTimeField("dibuat", default=clock.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="dikonfirmasi oleh",
    )
    confirmed_at = models.DateTimeField("dikonfirmasi", null=True, blank=True)

    class Meta:
        verbose_name = "stok opname"
        verbose_name_plural = "stok opname"
        ordering = ["-created_at", "-pk"]


class StockCountLine(models.Model):
    class Why(models.TextChoices):
        DAMAGED = "rusak", "Rusak"
        LOST = "hilang", "Hilang"
        MISCOUNTED = "salah_hitung", "Salah hitung"
        OTHER = "lainnya", "Lainnya"

    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="+", verbose_name="stok")
    # On hand at the location when the count was started (shown as "tercatat").
    expected = models.IntegerField("tercatat", default=0)
    counted = models.IntegerField("dihitung", null=True, blank=True)
    why = models.CharField("alasan selisih", max_length=14, choices=Why.choices, blank=True)
    note = models.CharField("catatan", max_length=255, blank=True)
    # The change made at confirmation (counted less on hand then), null until confirmed.
    adjusted = models.IntegerField("penyesuaian", null=True, blank=True)

    class Meta:
        verbose_name = "baris stok opname"
        verbose_name_plural = "baris stok opname"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["count", "stock"], name="one_count_line_per_stock"),
            models.CheckConstraint(condition=Q(counted__gte=0) | Q(counted__isnull=True), name="counted_not_negative"),
        ]
