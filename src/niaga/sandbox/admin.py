from django.contrib import admin

from .models import NotificationDelivery, Transaction


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    list_display = ["order_id", "channel", "number", "gross_amount", "status", "expiry_time"]
    list_filter = ["status", "channel"]
    search_fields = ["order_id", "number", "transaction_id"]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["transaction", "url", "attempts", "response_code", "delivered", "next_attempt_at"]
    list_filter = ["delivered"]
    list_select_related = ["transaction"]
