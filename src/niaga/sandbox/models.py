import uuid

from django.db import models
from django.db.models import Q

from .charges import whole_number
from .protocol import CHANNELS, Status


class Transaction(models.Model):
    """One charge as the simulated Midtrans knows it."""

    transaction_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order_id = models.CharField(max_length=50, unique=True)  # Midtrans refuses a reused order_id
    gross_amount = models.BigIntegerField()
    payment_type = models.CharField(max_length=20)  # as answered: permata is "bank_transfer"
    channel = models.CharField(max_length=20, choices=[(c.code, c.label) for c in CHANNELS.values()])
    # What the payer types at the bank: the VA number, or the Mandiri bill key. Empty for wallets.
    number = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    transaction_time = models.DateTimeField()
    expiry_time = models.DateTimeField()
    settlement_time = models.DateTimeField(null=True, blank=True)
    callback_url = models.CharField(max_length=2000, blank=True)
    notification_urls = models.JSONField(default=list, blank=True)
    charge_body = models.JSONField()  # as received: shown on the pages, kept for debugging
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-transaction_time", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gross_amount__gt=0), name="sandbox_amount_positive"),
            # A bank can route a number to one open bill only; paid and expired ones free it.
            models.UniqueConstraint(
                fields=["channel", "number"],
                condition=Q(status=Status.PENDING) & ~Q(number=""),
                name="sandbox_live_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["channel", "number"]),
            models.Index(fields=["status", "expiry_time"]),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} ({self.status})"

    @property
    def channel_label(self) -> str:
        return CHANNELS[self.channel].label

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def items(self) -> list[dict]:
        """The charge's item_details as numbers (a client may have sent "1000.00")."""
        return [
            {"name": item["name"], "quantity": whole_number(item["quantity"]), "price": whole_number(item["price"])}
            for item in self.charge_body.get("item_details") or []
        ]


class NotificationDelivery(models.Model):
    """One notification body on its way to one URL, with its attempts so far."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="deliveries")
    url = models.CharField(max_length=2000)
    body = models.JSONField()
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)  # of the last attempt; null if no answer
    error = models.CharField(max_length=255, blank=True)
    delivered = models.BooleanField(default=False)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the next attempt is due; null once delivered or given up.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivered", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.body.get('order_id')} {self.body.get('transaction_status')} -> {self.url}"


class IdempotencyKey(models.Model):
    """A POST remembered by its Idempotency-Key for a few minutes.

    `response` is null while the first request is still running; only a successful
    answer is kept, since that is the only kind Midtrans replays.
    """

    key = models.CharField(max_length=46, unique=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.key
