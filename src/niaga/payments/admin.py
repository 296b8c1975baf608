from django.contrib import admin, messages

from niaga.core.errors import DomainError

from . import money
from .models import PaymentAttempt, PaymentNotification, Payout


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(admin.ModelAdmin):
    list_display = ["gateway_order_id", "method", "status", "gross_amount", "created_at"]
    list_filter = ["status", "method"]
    search_fields = ["gateway_order_id", "transaction_id", "va_number"]


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
