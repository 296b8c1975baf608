from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.catalog.models import Variant
from niaga.core.fields import EncryptedJSONField
from niaga.stores.models import Store

from .status import Actor, Status

HELD_LABEL = "Ditinjau Niaga"


class OrderGroup(models.Model):
    """One checkout: the orders of several stores paid with one payment."""

    code = models.CharField("kode transaksi", max_length=32, unique=True)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="order_groups", verbose_name="pembeli"
    )
    payment_method = models.CharField("metode pembayaran", max_length=20)
    subtotal = models.BigIntegerField("subtotal produk")
    shipping_total = models.BigIntegerField("total ongkos kirim")
    service_fee = models.BigIntegerField("biaya layanan")
    total = models.BigIntegerField("total dibayar")
    payment_due_at = models.DateTimeField("batas pembayaran")
    paid_at = models.DateTimeField("dibayar pada", null=True, blank=True)
    # Where the checkout was placed from (orders.origin), for the fraud review's rules.
    placed_ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    placed_device = models.CharField("perangkat", max_length=64, blank=True)
    # origin.address_digest of the shipping address: matched by the fraud review, never read back.
    placed_address = models.CharField("sidik alamat", max_length=40, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "transaksi"
        verbose_name_plural = "transaksi"
        constraints = [models.CheckConstraint(condition=Q(total__gt=0), name="group_total_positive")]
        indexes = [
            models.Index(fields=["placed_device", "created_at"]),
            models.Index(fields=["placed_ip", "created_at"]),
            models.Index(fields=["placed_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.code


class Order(models.Model):
    """What one store must send to one buyer."""

    number = models.CharField("nomor pesanan", max_length=40, unique=True)
    group = models.ForeignKey(OrderGroup, on_delete=models.PROTECT, related_name="orders", verbose_name="transaksi")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders", verbose_name="pembeli"
    )
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="orders", verbose_name="toko")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    # The address as it was at checkout; later edits of the address book do not move parcels.
    # Encrypted at rest as a whole (name, phone, street): never filtered on in SQL.
    shipping_address = EncryptedJSONField("alamat pengiriman")
    # The destination's city (kota/kabupaten) in plain text, for the seller's sales by city:
    # the address above is encrypted whole and cannot be grouped in SQL.
    buyer_city = models.CharField("kota pembeli", max_length=80, blank=True)
    courier_code = models.CharField("kode kurir", max_length=30)
    courier_name = models.CharField("kurir", max_length=60)
    shipping_eta = models.CharField("estimasi tiba", max_length=30, blank=True)
    weight_grams = models.PositiveIntegerField("berat (gram)")
    subtotal = models.BigIntegerField("subtotal produk")
    shipping_cost = models.BigIntegerField("ongkos kirim")
    total = models.BigIntegerField("total pesanan")
    note = models.CharField("catatan pembeli", max_length=200, blank=True)
    payment_due_at = models.DateTimeField("batas pembayaran")
    paid_at = models.DateTimeField("dibayar pada", null=True, blank=True)
    # The seller must ship by this moment, or the order is cancelled and refunded.
    ship_by = models.DateTimeField("kirim paling lambat", null=True, blank=True)
    # Paid, but waiting for the fraud review's decision: the seller is not told to pack, cannot
    # pack or ship, and the ship-by deadline counts from the release (services.release_hold).
    held = models.BooleanField("ditahan untuk ditinjau", default=False)
    awb = models.CharField("nomor resi", max_length=40, blank=True)
    shipped_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    # The buyer confirms receipt by this moment, or the order completes by itself.
    confirm_by = models.DateTimeField("konfirmasi paling lambat", null=True, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "pesanan"
        verbose_name_plural = "pesanan"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "ship_by"]),
            models.Index(fields=["status", "confirm_by"]),
            models.Index(fields=["buyer", "status", "-created_at"]),
            models.Index(fields=["store", "status", "-created_at"]),
            models.Index(fields=["status", "payment_due_at"]),
            # The seller's sales report: one store's orders paid in a period (reports.sales).
            models.Index(fields=["store", "paid_at"], name="order_store_paid"),
            # The operator's marketplace report: orders paid in a range; a buyer's earlier paid order.
            models.Index(fields=["paid_at"], name="order_paid_at"),
            models.Index(fields=["buyer", "paid_at"], name="order_buyer_paid"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        if self.held and self.status == Status.TO_PACK:
            return HELD_LABEL
        return Status(self.status).label


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name="pesanan")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="+", verbose_name="varian")
    # Snapshots: what the buyer saw and agreed to pay.
    product_name = models.CharField("produk", max_length=120)
    variant_name = models.CharField("varian", max_length=80, blank=True)
    unit_price = models.BigIntegerField("harga satuan")
    quantity = models.PositiveIntegerField("jumlah")
    weight_grams = models.PositiveIntegerField("berat satuan (gram)")
    # Units the seller could not send (short pick) and refunded; the rest still ships.
    cancelled_quantity = models.PositiveIntegerField("jumlah dibatalkan", default=0)

    class Meta:
        verbose_name = "barang pesanan"
        verbose_name_plural = "barang pesanan"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def to_send(self) -> int:
        return self.quantity - self.cancelled_quantity


class OrderEvent(models.Model):
    """One step of an order's timeline: who moved it where, when, and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name="pesanan")
    from_status = models.CharField("dari status", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("ke status", max_length=20, choices=Status.choices)
    actor_role = models.CharField("peran", max_length=10, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="oleh",
    )
    reason = models.CharField("alasan", max_length=255, blank=True)
    created_at = models.DateTimeField("waktu")

    class Meta:
        verbose_name = "riwayat pesanan"
        verbose_name_plural = "riwayat pesanan"
        ordering = ["created_at", "pk"]
        indexes = [
            # Deliveries per day (the marketplace report's on-time rate).
            models.Index(fields=["to_status", "created_at"], name="order_event_status_at"),
            # Events since the rollup's last run (reports.marketdays.changed_days).
            models.Index(fields=["created_at"], name="order_event_created"),
        ]
