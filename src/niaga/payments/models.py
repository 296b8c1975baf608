from django.db import models

from niaga.core.fields import EncryptedCharField
from niaga.core.money import rupiah
from niaga.orders.models import OrderGroup

from .statuses import PAID, AttemptStatus, PayoutStatus, RefundStatus


class PaymentAttempt(models.Model):
    """One charge at the gateway for one checkout. Switching method makes a new attempt.

    `status` follows the gateway's own vocabulary (pending, settlement, expire, ...), plus
    `failed` for a charge the gateway never accepted (down, refused): see statuses.py.
    """

    Status = AttemptStatus

    group = models.ForeignKey(OrderGroup, on_delete=models.PROTECT, related_name="payments", verbose_name="transaksi")
    method = models.CharField("metode", max_length=20)
    provider = models.CharField("penyedia", max_length=20, default="midtrans")
    # The order_id we send the gateway: unique per attempt, as gateways refuse a reused one.
    gateway_order_id = models.CharField("order id gateway", max_length=50, unique=True)
    transaction_id = models.CharField("id transaksi gateway", max_length=64, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.CREATING)
    fraud_status = models.CharField("status fraud", max_length=20, blank=True)  # statuses.FraudStatus, as sent
    gross_amount = models.BigIntegerField("jumlah")
    bank = models.CharField(max_length=20, blank=True)
    va_number = models.CharField("nomor VA", max_length=32, blank=True)
    biller_code = models.CharField(max_length=10, blank=True)
    bill_key = models.CharField(max_length=20, blank=True)
    payment_code = models.CharField(max_length=20, blank=True)  # Indomaret / Alfamart
    qr_string = models.TextField(blank=True)  # QRIS payload
    redirect_url = models.URLField(max_length=2000, blank=True)  # 3-D Secure, PayLater approval
    installment_term = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the gateway returned to the buyer that Niaga did not send itself (a refund made in the
    # gateway's dashboard, a chargeback, a void), as booked in the ledger so far.
    returned_amount = models.BigIntegerField(default=0)
    masked_card = models.CharField(max_length=20, blank=True)
    actions = models.JSONField(default=dict, blank=True)  # name -> url (deeplink, QR, ...)
    expires_at = models.DateTimeField("kedaluwarsa", null=True, blank=True)
    paid_at = models.DateTimeField("dibayar pada", null=True, blank=True)
    error_message = models.CharField("pesan galat", max_length=255, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "percobaan pembayaran"
        verbose_name_plural = "percobaan pembayaran"
        indexes = [
            # The marketplace report's attempts per day and method; attempts paid since its last rollup.
            models.Index(fields=["created_at"], name="attempt_created"),
            models.Index(fields=["paid_at"], name="attempt_paid"),
        ]

    def __str__(self) -> str:
        return f"{self.gateway_order_id} ({self.status})"

    @property
    def is_paid(self) -> bool:
        return self.status in PAID


class PaymentNotification(models.Model):
    """Every gateway message we acted on, once: the unique key makes repeats harmless."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Diterapkan"
        # A card capture the fraud check holds: stored, not paid until the operator decides.
        CHALLENGE = "challenge", "Ditahan untuk ditinjau"
        STALE = "stale", "Diabaikan (tidak maju)"
        # A repeat of a stored one: answered, never stored again.
        DUPLICATE = "duplicate", "Ulangan"

    attempt = models.ForeignKey(
        PaymentAttempt, on_delete=models.PROTECT, related_name="notifications", verbose_name="percobaan"
    )
    dedupe_key = models.CharField("kunci unik", max_length=160, unique=True)
    source = models.CharField("sumber", max_length=12)  # "webhook" | "poll"
    transaction_status = models.CharField("status transaksi", max_length=20)
    status_code = models.CharField("kode status", max_length=3)
    body = models.JSONField("isi")
    outcome = models.CharField("hasil", max_length=20)  # Outcome
    received_at = models.DateTimeField("diterima", auto_now_add=True)

    class Meta:
        verbose_name = "notifikasi pembayaran"
        verbose_name_plural = "notifikasi pembayaran"


class Refund(models.Model):
    """Money Niaga sends back for one order through the gateway that took it.

    Requested in the same transaction that moves the order's escrow to "refunds payable";
    then sent (a refund of a settled payment, or a void of a captured card), refused (the
    buyer gets saldo instead), or covered by money the gateway returned on its own.
    """

    Status = RefundStatus

    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=120, unique=True)  # the ledger key of its "refund_requested"
    amount = models.BigIntegerField()
    reason = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")]
        # Refunds since the marketplace rollup's last run (reports.marketdays.changed_days).
        indexes = [models.Index(fields=["created_at"], name="refund_created")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


PAYOUT_BANKS = [
    ("bca", "BCA"),
    ("bni", "BNI"),
    ("bri", "BRI"),
    ("mandiri", "Mandiri"),
    ("cimb", "CIMB Niaga"),
    ("permata", "Permata"),
    ("bsi", "BSI"),
    ("btn", "BTN"),
]


def masked(account_number: str) -> str:
    """What pages, e-mails and the audit trail show of an account number: its last four digits."""
    return f"****{account_number[-4:]}" if account_number else ""


class BankAccount(models.Model):
    """The store's one saved bank account ("Rekening Bank"): every payout goes to it.

    Set and changed by the owner after a fresh second factor (payments.services.set_bank_account);
    the number is encrypted at rest (FIELD_ENCRYPTION_KEY) and shown masked."""

    store = models.OneToOneField(
        "stores.Store", on_delete=models.CASCADE, related_name="bank_account", verbose_name="toko"
    )
    bank = models.CharField("bank", max_length=20, choices=PAYOUT_BANKS)
    account_number = EncryptedCharField("nomor rekening", max_length=20)
    account_name = models.CharField("nama pemilik rekening", max_length=80)
    created_at = models.DateTimeField("pertama disimpan")
    # When the account last changed to another one (the first save counts as a change too):
    # the fraud review watches payouts soon after it.
    changed_at = models.DateTimeField("diubah pada")

    class Meta:
        verbose_name = "rekening bank"
        verbose_name_plural = "rekening bank"

    def __str__(self) -> str:
        return f"{self.get_bank_display()} {self.masked_number} a.n. {self.account_name}"

    @property
    def masked_number(self) -> str:
        return masked(self.account_number)

    @property
    def replaced(self) -> bool:
        """Changed from an earlier account (not only saved for the first time)."""
        return self.changed_at > self.created_at


class Payout(models.Model):
    """A seller's withdrawal to the store's saved bank account, approved by an operator.

    Bank, number and holder are a snapshot of the account at request time (the number
    encrypted at rest): a later change of the account does not redirect this payout."""

    Status = PayoutStatus

    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="payouts", verbose_name="toko")
    amount = models.BigIntegerField("jumlah")
    bank = models.CharField("bank tujuan", max_length=20, choices=PAYOUT_BANKS)
    account_number = EncryptedCharField("nomor rekening", max_length=20)  # encrypted at rest (core.fields)
    account_name = models.CharField("nama pemilik rekening", max_length=80)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # Waiting for the fraud review's decision (risk): it cannot be approved until then.
    held = models.BooleanField("ditahan untuk ditinjau", default=False)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="diputuskan oleh",
    )
    created_at = models.DateTimeField("diajukan", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "penarikan saldo"
        verbose_name_plural = "penarikan saldo"
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive")]

    def __str__(self) -> str:
        return f"Penarikan #{self.pk} {rupiah(self.amount)}"

    @property
    def masked_number(self) -> str:
        return masked(self.account_number)
