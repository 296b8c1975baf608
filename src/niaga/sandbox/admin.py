from django.contrib import admin

from .models import CardToken, Chargeback, Faults, NotificationDelivery, Refund, Transaction, WalletAccount, WalletMovement


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = [
        "order_id", "channel", "number", "gross_amount", "status", "fraud_status", "refunded_amount",
        "chargeback_amount", "expiry_time",
    ]  # fmt: skip
    list_filter = ["status", "channel"]
    search_fields = ["order_id", "number", "transaction_id"]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["transaction", "url", "attempts", "response_code", "delivered", "held", "next_attempt_at"]
    list_filter = ["delivered", "held"]
    list_select_related = ["transaction"]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["transaction", "refund_key", "amount", "reason", "created_at"]
    list_select_related = ["transaction"]


@admin.register(Chargeback)
class ChargebackAdmin(admin.ModelAdmin):
    list_display = ["transaction", "amount", "reason", "created_at"]
    list_select_related = ["transaction"]


@admin.register(CardToken)
class CardTokenAdmin(admin.ModelAdmin):
    list_display = ["token_id", "masked_card", "outcome", "saved", "created_at", "used_at"]


@admin.register(WalletAccount)
class WalletAccountAdmin(admin.ModelAdmin):
    list_display = ["provider", "phone", "balance", "updated_at"]
    list_filter = ["provider"]
    search_fields = ["phone"]


@admin.register(WalletMovement)
class WalletMovementAdmin(admin.ModelAdmin):
    list_display = ["account", "amount", "description", "created_at"]
    list_select_related = ["account"]


admin.site.register(Faults)
