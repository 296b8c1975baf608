import uuid

from django.db import models
from django.db.models import F, Q

from .charges import whole_number
from .protocol import CHANNELS, HOLDS_ORDER_ID, Status

WALLET_PROVIDERS = [
    ("gopay", "GoPay"),
    ("shopeepay", "ShopeePay"),
    ("ovo", "OVO"),
    ("dana", "DANA"),
    ("linkaja", "LinkAja"),
]
WALLET_LABELS = dict(WALLET_PROVIDERS)


class WalletAccount(models.Model):
    """A payer's e-wallet in the sandbox world: a phone number at one provider, with a balance."""

    provider = models.CharField(max_length=20, choices=WALLET_PROVIDERS)
    phone = models.CharField(max_length=16)  # normalised: 08...
    balance = models.BigIntegerField()  # whole Rupiah
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "dompet digital"
        verbose_name_plural = "dompet digital"
        ordering = ["provider", "phone"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "phone"], name="sandbox_wallet_unique"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="sandbox_wallet_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_label} {self.phone}"

    @property
    def provider_label(self) -> str:
        return WALLET_LABELS.get(self.provider, self.provider)


class WalletMovement(models.Model):
    """One change of a wallet balance: a top-up, a payment, a refund back to the wallet."""

    account = models.ForeignKey(WalletAccount, on_delete=models.CASCADE, related_name="movements")
    amount = models.BigIntegerField()  # positive in, negative out
    description = models.CharField(max_length=200)
    transaction = models.ForeignKey("Transaction", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "mutasi dompet"
        verbose_name_plural = "mutasi dompet"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d}"


class Transaction(models.Model):
    """One charge as the simulated Midtrans knows it."""

    transaction_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Taken while its transaction is open or paid; free again after cancel, expire, deny or
    # failure (protocol.REUSABLE), so several transactions may share one, the latest first.
    order_id = models.CharField(max_length=50, db_index=True)
    gross_amount = models.BigIntegerField()
    payment_type = models.CharField(max_length=20)  # as answered: permata is "bank_transfer"
    channel = models.CharField(max_length=20, choices=[(c.code, c.label) for c in CHANNELS.values()])
    # What the payer types at the bank: the VA number, or the Mandiri bill key. Empty for wallets.
    number = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    fraud_status = models.CharField(max_length=10, default="accept")
    transaction_time = models.DateTimeField()
    expiry_time = models.DateTimeField()
    settlement_time = models.DateTimeField(null=True, blank=True)
    callback_url = models.CharField(max_length=2000, blank=True)
    notification_urls = models.JSONField(default=list, blank=True)
    charge_body = models.JSONField()  # as received: shown on the pages, kept for debugging
    # What a method adds to its answers (card, QRIS, outlet); see protocol._method_fields.
    method_data = models.JSONField(default=dict, blank=True)
    refunded_amount = models.BigIntegerField(default=0)  # the sum of its refunds
    chargeback_amount = models.BigIntegerField(default=0)  # the sum of its chargebacks
    # The sandbox wallet that paid it (deeplink or QRIS); refunds go back there.
    wallet = models.ForeignKey(WalletAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments")
    # A captured card payment settles at this moment (minute sweep or a delayed task).
    settle_after = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "transaksi simulasi"
        verbose_name_plural = "transaksi simulasi"
        ordering = ["-transaction_time", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gross_amount__gt=0), name="sandbox_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("gross_amount")),
                name="sandbox_refund_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(chargeback_amount__gte=0)
                & Q(chargeback_amount__lte=F("gross_amount") - F("refunded_amount")),
                name="sandbox_chargeback_within_amount",
            ),
            # Midtrans answers 406 to a second charge of an order_id that is open or paid.
            models.UniqueConstraint(
                fields=["order_id"],
                condition=Q(status__in=sorted(HOLDS_ORDER_ID)),
                name="sandbox_order_id_held_once",
            ),
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
            models.Index(fields=["status", "settle_after"]),
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
    def kind(self) -> str:
        return CHANNELS[self.channel].kind

    def refund_list(self) -> list["Refund"]:
        return list(self.refunds.order_by("pk"))

    def chargeback_list(self) -> list["Chargeback"]:
        return list(self.chargebacks.order_by("pk"))

    @property
    def items(self) -> list[dict]:
        """The charge's item_details as numbers (a client may have sent "1000.00")."""
        return [
            {"name": item["name"], "quantity": whole_number(item["quantity"]), "price": whole_number(item["price"])}
            for item in self.charge_body.get("item_details") or []
        ]


class Refund(models.Model):
    """One accepted `POST /v2/{id}/refund`; its answer is replayed for a repeated refund_key."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="refunds")
    refund_key = models.CharField(max_length=50)
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    response = models.JSONField(default=dict)

    class Meta:
        verbose_name = "refund simulasi"
        verbose_name_plural = "refund simulasi"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["transaction", "refund_key"], name="sandbox_refund_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sandbox_refund_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.transaction.order_id} -{self.amount} ({self.refund_key})"


class Chargeback(models.Model):
    """The card holder's bank took (part of) a settled payment back from the merchant."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="chargebacks")
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="sandbox_chargeback_positive")]

    def __str__(self) -> str:
        return f"{self.transaction.order_id} chargeback -{self.amount}"


class CardToken(models.Model):
    """A card token: single-use from `GET /v2/token`, or saved (reusable, for one-click
    charges) from `GET /v2/card/register`. Only the masked number is kept."""

    class Outcome(models.TextChoices):
        """What the test card is set up to do (cards.TEST_CARDS)."""

        ACCEPT = "accept", "Diterima"
        DENY_BANK = "deny_bank", "Ditolak bank"
        DENY_FRAUD = "deny_fraud", "Ditolak deteksi fraud"
        CHALLENGE = "challenge", "Ditahan deteksi fraud (challenge)"
        FAILURE = "failure", "Gagal diproses bank"
        CHARGEBACK = "chargeback", "Diterima, lalu chargeback penuh"
        PARTIAL_CHARGEBACK = "partial_chargeback", "Diterima, lalu chargeback sebagian"

    token_id = models.CharField(max_length=64, unique=True)
    masked_card = models.CharField(max_length=11)  # 481111-1114
    card_type = models.CharField(max_length=10, default="credit")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    saved = models.BooleanField(default=False)  # a saved_token_id: charged any number of times
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token kartu"
        verbose_name_plural = "token kartu"

    def __str__(self) -> str:
        return self.token_id


class Faults(models.Model):
    """The fault switchboard: one row (pk=1) of misbehaviours to apply to new events."""

    charge_503 = models.PositiveIntegerField(default=0)  # the next N charges answer 503
    duplicate_notifications = models.PositiveIntegerField(default=0)  # each notification N times (0/1: once)
    out_of_order = models.BooleanField(default=False)  # hold "pending" until the next status is sent
    delay_seconds = models.PositiveIntegerField(default=0)  # every notification this much later
    reverse_settlement = models.BooleanField(default=False)  # Permata/Mandiri/Indomaret settle, then deny
    refund_414 = models.PositiveIntegerField(default=0)  # the next N refunds: 414, merchant's funds too low
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gangguan simulasi"
        verbose_name_plural = "gangguan simulasi"

    def __str__(self) -> str:
        return "faults"


class NotificationDelivery(models.Model):
    """One notification body on its way to one URL, with its attempts so far."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="deliveries")
    url = models.CharField("URL", max_length=2000)
    body = models.JSONField("isi")
    attempts = models.PositiveIntegerField("percobaan", default=0)
    response_code = models.PositiveIntegerField(
        "kode jawaban", null=True, blank=True
    )  # of the last attempt; null if no answer
    error = models.CharField(max_length=255, blank=True)
    delivered = models.BooleanField("terkirim", default=False)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the next attempt is due; null once delivered or given up (or while held).
    next_attempt_at = models.DateTimeField("percobaan berikutnya", null=True, blank=True)
    # Held back by the out_of_order fault until the transaction's next notification is queued.
    held = models.BooleanField("ditahan", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivered", "next_attempt_at"])]
        verbose_name = "pengiriman notifikasi"
        verbose_name_plural = "pengiriman notifikasi"

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


class Parcel(models.Model):
    """A parcel booked with the courier simulator. Its journey is computed from its times
    and scenario (parcels.journey), so moving the clock moves the parcel."""

    class Scenario(models.TextChoices):
        NORMAL = "normal", "Lancar"
        FAILED_ATTEMPT = "failed_attempt", "Gagal antar sekali, lalu sampai"
        RETURNED = "returned", "Gagal antar 3×, diretur ke pengirim"
        LOST = "lost", "Hilang di perjalanan"

    id = models.CharField(primary_key=True, max_length=32)
    courier = models.CharField(max_length=20)
    service = models.CharField(max_length=20)
    waybill = models.CharField(max_length=30, unique=True)
    reference_id = models.CharField(max_length=64)
    origin_area_id = models.CharField(max_length=10)
    origin_area_name = models.CharField(max_length=80, blank=True)
    destination_area_id = models.CharField(max_length=10)
    destination_area_name = models.CharField(max_length=80, blank=True)
    recipient_name = models.CharField(max_length=100)
    weight = models.PositiveIntegerField()  # grams
    insurance = models.BigIntegerField(default=0)
    price = models.BigIntegerField()
    scenario = models.CharField(max_length=20, choices=Scenario.choices, default=Scenario.NORMAL)
    pickup_id = models.CharField(max_length=32, blank=True)
    pickup_requested_at = models.DateTimeField(null=True, blank=True)
    # "Majukan waktu": [[when, hours], ...] — at each moment the parcel's journey jumped ahead.
    advances = models.JSONField(default=list)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    request = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
