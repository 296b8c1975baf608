"""Pemasok, pesanan pembelian, penerimaan barang dan saran pemesanan ulang."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.core import clock

from .status import Status


class Supplier(models.Model):
    """A store's supplier (Pemasok): who to order from and how long they take."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="suppliers", verbose_name="toko")
    name = models.CharField("nama", max_length=120)
    contact_name = models.CharField("nama kontak", max_length=80, blank=True)
    phone = models.CharField("telepon", max_length=20, blank=True)
    email = models.EmailField("e-mail", max_length=120, blank=True)
    address = models.CharField("alamat", max_length=300, blank=True)
    lead_time_days = models.PositiveIntegerField("waktu tunggu (hari)", null=True, blank=True)
    notes = models.TextField("catatan", max_length=2000, blank=True)
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", default=clock.now)

    class Meta:
        verbose_name = "pemasok"
        verbose_name_plural = "pemasok"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PurchaseOrder(models.Model):
    """Pesanan Pembelian: goods ordered from a supplier into one of the store's locations."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="purchase_orders")
    number = models.CharField("nomor", max_length=20)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="purchase_orders")
    location = models.ForeignKey("fulfillment.Location", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    expected_date = models.DateField("perkiraan tiba", null=True, blank=True)
    notes = models.TextField("catatan", max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("dibuat", default=clock.now)
    ordered_at = models.DateTimeField("dipesan", null=True, blank=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)

    class Meta:
        verbose_name = "pesanan pembelian"
        verbose_name_plural = "pesanan pembelian"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["store", "number"], name="po_number_per_store")]

    def __str__(self) -> str:
        return self.number

    @property
    def total(self) -> int:
        return sum(line.quantity * line.unit_cost for line in self.lines.all())


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("jumlah dipesan")
    unit_cost = models.BigIntegerField("harga per unit")
    received = models.PositiveIntegerField("jumlah diterima", default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="po_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="po_line_cost_not_negative"),
        ]

    @property
    def subtotal(self) -> int:
        return self.quantity * self.unit_cost

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.received, 0)


class Receipt(models.Model):
    """Penerimaan Barang: goods that arrived, against a PO or ad hoc (opening stock with cost).

    The idempotency key (the form's hidden token, the API's Idempotency-Key) is unique per
    store, so a double click or a retried call finds the first receipt instead of a second."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="receipts")
    number = models.CharField("nomor", max_length=20)
    purchase_order = models.ForeignKey(
        PurchaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts"
    )
    location = models.ForeignKey("fulfillment.Location", on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField(max_length=80, blank=True)
    note = models.CharField("catatan", max_length=255, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("diterima", default=clock.now)

    class Meta:
        verbose_name = "penerimaan barang"
        verbose_name_plural = "penerimaan barang"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "number"], name="receipt_number_per_store"),
            models.UniqueConstraint(
                fields=["store", "idempotency_key"], condition=~Q(idempotency_key=""), name="receipt_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReceiptLine(models.Model):
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="lines")
    po_line = models.ForeignKey(PurchaseOrderLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("jumlah")
    unit_cost = models.BigIntegerField("harga per unit")

    class Meta:
        ordering = ["pk"]


class VariantReorder(models.Model):
    """A variant's reorder overrides (the seller's) and its low-stock alert state (ours).

    `alert_state` is what the seller was last told: an alert is sent when it moves from ok
    to low (or to out), and re-armed when stock goes back above the reorder point."""

    class Alert(models.TextChoices):
        OK = "ok", "Aman"
        LOW = "low", "Menipis"
        OUT = "out", "Habis"

    variant = models.OneToOneField("catalog.Variant", on_delete=models.CASCADE, related_name="reorder")
    min_stock = models.PositiveIntegerField("stok minimum", null=True, blank=True)
    lead_time_days = models.PositiveIntegerField("waktu tunggu (hari)", null=True, blank=True)
    alert_state = models.CharField(max_length=4, choices=Alert.choices, default=Alert.OK)
    alerted_at = models.DateTimeField(null=True, blank=True)
    # The point of the last check; None until one, or after a setting it depends on changed.
    reorder_point = models.IntegerField("titik pesan ulang terakhir", null=True, blank=True)

    class Meta:
        verbose_name = "pengaturan stok ulang"
        verbose_name_plural = "pengaturan stok ulang"


class StoreReorder(models.Model):
    """A store's own default lead time, used for variants with no supplier's figure."""

    store = models.OneToOneField("stores.Store", on_delete=models.CASCADE, related_name="reorder_settings")
    lead_time_days = models.PositiveIntegerField("waktu tunggu bawaan (hari)", null=True, blank=True)

    class Meta:
        verbose_name = "pengaturan pemesanan ulang toko"
        verbose_name_plural = "pengaturan pemesanan ulang toko"
