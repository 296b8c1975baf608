"""Payments in the admin: charges and the gateway's notifications are records to read;
a payout is decided by the actions below, which go through money.settle_payout (the
ledger, the seller's notice), never by editing the row."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, rupiah_column

from . import money, services
from .models import PaymentAttempt, PaymentNotification, Payout, Refund


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(ReadOnlyAdmin):
    list_display = ["gateway_order_id", "method", "gateway_status", "fraud_status", "gross_amount_rupiah", "created_at"]
    # The gateway's own words, as its dashboard shows them (two statuses share the buyer's label).
    list_filter = [("status", admin.AllValuesFieldListFilter), "fraud_status", "method"]
    search_fields = ["gateway_order_id", "transaction_id", "va_number"]
    gross_amount_rupiah = rupiah_column("gross_amount", "Jumlah")
    actions = ["approve_challenge", "deny_challenge", "capture"]

    @admin.display(description="status", ordering="status")
    def gateway_status(self, attempt: PaymentAttempt) -> str:
        return attempt.status

    def _decide(self, request, queryset, label: str, decide):
        self.each(request, queryset, decide, f"{{}} pembayaran {label}.")

    # A card capture the fraud check held (fraud_status "challenge") waits for the operator.
    @admin.action(description="Setujui pembayaran yang ditinjau (challenge)", permissions=["operate"])
    def approve_challenge(self, request, queryset):
        self._decide(request, queryset, "disetujui", lambda a: services.decide_challenge(attempt=a, approve=True))

    @admin.action(description="Tolak pembayaran yang ditinjau (challenge)", permissions=["operate"])
    def deny_challenge(self, request, queryset):
        self._decide(request, queryset, "ditolak", lambda a: services.decide_challenge(attempt=a, approve=False))

    @admin.action(description="Capture kartu yang sudah diotorisasi", permissions=["operate"])
    def capture(self, request, queryset):
        self._decide(request, queryset, "di-capture", lambda a: services.capture_authorized(attempt=a))


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["key", "attempt", "amount_rupiah", "status", "created_at"]
    list_filter = ["status"]
    amount_rupiah = rupiah_column("amount", "Jumlah")


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(ReadOnlyAdmin):
    list_display = ["dedupe_key", "source", "transaction_status", "outcome", "received_at"]
    list_filter = ["source", "outcome"]


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    """The operator's queue of withdrawals: approve pays out, reject returns the money."""

    list_display = ["store", "amount_rupiah", "bank", "account_number", "account_name", "status", "held", "created_at"]
    list_filter = ["status", "held", "bank"]
    list_select_related = ["store"]
    amount_rupiah = rupiah_column("amount", "Jumlah")
    fields = (
        "store",
        "amount_rupiah",
        "bank",
        "account_number",
        "account_name",
        "status",
        "held",
        "decided_by",
        "created_at",
    )
    readonly_fields = fields
    actions = ["approve", "reject"]

    def _settle(self, request, queryset, approve: bool):
        def settle(payout):
            money.settle_payout(payout=payout, approve=approve, operator=request.user, request=request)

        self.each(request, queryset, settle, f"{{}} penarikan {'dibayarkan' if approve else 'ditolak'}.")

    @admin.action(description="Setujui dan bayarkan", permissions=["operate"])
    def approve(self, request, queryset):
        self._settle(request, queryset, True)

    @admin.action(description="Tolak (saldo kembali ke penjual)", permissions=["operate"])
    def reject(self, request, queryset):
        self._settle(request, queryset, False)
