from django.conf import settings
from django.db import models
from django.db.models import F, Q


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
