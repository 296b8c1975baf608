from django.contrib import admin, messages

from niaga.core.errors import DomainError

from . import money, services
from .models import PaymentAttempt, PaymentNotification, Payout, Refund


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["gateway_order_id", "method", "status", "fraud_status", "gross_amount", "created_at"]
    list_filter = ["status", "fraud_status", "method"]
    search_fields = ["gateway_order_id", "transaction_id", "va_number"]
    actions = ["approve_challenge", "deny_challenge", "capture"]

    def _decide(self, request, queryset, label: str, decide):
        done = 0
        for attempt in queryset:
            try:
                decide(attempt)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{attempt}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{done} pembayaran {label}.")

    # A card capture the fraud check held (fraud_status "challenge") waits for the operator.
    @admin.action(description="Setujui pembayaran yang ditinjau (challenge)")
    def approve_challenge(self, request, queryset):
        self._decide(request, queryset, "disetujui", lambda a: services.decide_challenge(attempt=a, approve=True))

    @admin.action(description="Tolak pembayaran yang ditinjau (challenge)")
    def deny_challenge(self, request, queryset):
        self._decide(request, queryset, "ditolak", lambda a: services.decide_challenge(attempt=a, approve=False))

    @admin.action(description="Capture kartu yang sudah diotorisasi")
    def capture(self, request, queryset):
        self._decide(request, queryset, "di-capture", lambda a: services.capture_authorized(attempt=a))


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["key", "attempt", "amount", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["attempt", "order", "key", "amount", "reason", "status"]

    def has_add_permission(self, request):
        return False


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(admin.ModelAdmin):
    list_display = ["dedupe_key", "source", "transaction_status", "outcome", "received_at"]
    list_filter = ["source", "outcome"]


@admin.register(Payout)
class PayoutAdmin(admin.ModelAdmin):
    """The operator's queue of withdrawals: approve pays out, reject returns the money."""

    list_display = ["store", "amount", "bank", "account_number", "account_name", "status", "created_at"]
    list_filter = ["status", "bank"]
    readonly_fields = ["store", "amount", "bank", "account_number", "account_name", "status", "decided_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    def _settle(self, request, queryset, approve: bool):
        done = 0
        for payout in queryset:
            try:
                money.settle_payout(payout=payout, approve=approve, operator=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{payout}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{done} penarikan {'dibayarkan' if approve else 'ditolak'}.")

    @admin.action(description="Setujui dan bayarkan")
    def approve(self, request, queryset):
        self._settle(request, queryset, True)

    @admin.action(description="Tolak (saldo kembali ke penjual)")
    def reject(self, request, queryset):
        self._settle(request, queryset, False)
