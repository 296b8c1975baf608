from django.contrib import admin

from niaga.core.admin_tools import rupiah_column

from .models import (
    CardToken,
    Chargeback,
    Faults,
    NotificationDelivery,
    Refund,
    Transaction,
    WalletAccount,
    WalletMovement,
)


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = [
        "order_id", "channel", "number", "gross_amount_rupiah", "status", "fraud_status", "refunded_rupiah",
        "chargeback_rupiah", "expiry_time",
    ]  # fmt: skip
    gross_amount_rupiah = rupiah_column("gross_amount", "Jumlah")
    refunded_rupiah = rupiah_column("refunded_amount", "Sudah direfund")
    chargeback_rupiah = rupiah_column("chargeback_amount", "Chargeback")
    list_filter = ["status", "channel"]
    search_fields = ["order_id", "number", "transaction_id"]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["transaction", "url", "attempts", "response_code", "delivered", "held", "next_attempt_at"]
    list_filter = ["delivered", "held"]
    list_select_related = ["transaction"]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["transaction", "refund_key", "amount_rupiah", "reason", "created_at"]
    amount_rupiah = rupiah_column("amount", "Jumlah")
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
    list_display = ["provider", "phone", "balance_rupiah", "updated_at"]
    balance_rupiah = rupiah_column("balance", "Saldo")
    list_filter = ["provider"]
    search_fields = ["phone"]


@admin.register(WalletMovement)
class WalletMovementAdmin(admin.ModelAdmin):
    list_display = ["account", "amount_rupiah", "description", "created_at"]
    amount_rupiah = rupiah_column("amount", "Jumlah")
    list_select_related = ["account"]


admin.site.register(Faults)
