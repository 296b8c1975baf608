from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.catalog.models import Variant
from niaga.stores.models import Store

from .status import Actor, Status


class OrderGroup(models.Model):
    """One checkout: the orders of several stores paid with one payment."""

    code = models.CharField(max_length=32, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="order_groups")
    payment_method = models.CharField(max_length=20)
    subtotal = models.BigIntegerField()
    shipping_total = models.BigIntegerField()
    service_fee = models.BigIntegerField()
    total = models.BigIntegerField()
    payment_due_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(total__gt=0), name="group_total_positive")]

    def __str__(self) -> str:
        return self.code


class Order(models.Model):
    """What one store must send to one buyer."""

    number = models.CharField(max_length=40, unique=True)
    group = models.ForeignKey(OrderGroup, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    # The address as it was at checkout; later edits of the address book do not move parcels.
    shipping_address = models.JSONField()
    courier_code = models.CharField(max_length=30)
    courier_name = models.CharField(max_length=60)
    shipping_eta = models.CharField(max_length=30, blank=True)
    weight_grams = models.PositiveIntegerField()
    subtotal = models.BigIntegerField()
    shipping_cost = models.BigIntegerField()
    total = models.BigIntegerField()
    note = models.CharField(max_length=200, blank=True)
    payment_due_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    # The seller must ship by this moment, or the order is cancelled and refunded.
    ship_by = models.DateTimeField(null=True, blank=True)
    awb = models.CharField("nomor resi", max_length=40, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    # The buyer confirms receipt by this moment, or the order completes by itself.
    confirm_by = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "ship_by"]),
            models.Index(fields=["status", "confirm_by"]),
            models.Index(fields=["buyer", "status", "-created_at"]),
            models.Index(fields=["store", "status", "-created_at"]),
            models.Index(fields=["status", "payment_due_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return Status(self.status).label


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="+")
    # Snapshots: what the buyer saw and agreed to pay.
    product_name = models.CharField(max_length=120)
    variant_name = models.CharField(max_length=80, blank=True)
    unit_price = models.BigIntegerField()
    quantity = models.PositiveIntegerField()
    weight_grams = models.PositiveIntegerField()
    # Units the seller could not send (short pick) and refunded; the rest still ships.
    cancelled_quantity = models.PositiveIntegerField(default=0)

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def to_send(self) -> int:
        return self.quantity - self.cancelled_quantity


class OrderEvent(models.Model):
    """One step of an order's timeline: who moved it where, when, and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor_role = models.CharField(max_length=10, choices=Actor.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
