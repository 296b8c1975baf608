"""Stock in the admin, to read: units move only through reservations and the
inventory services (an edited count would skip the oversell guard)."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin

from .models import Reservation, ReturnedStock, Stock, StockCount, StockLevel, StockMovement, StockTransfer


@admin.register(Stock)
class StockAdmin(ReadOnlyAdmin):
    list_display = ["variant", "on_hand", "reserved"]
    list_select_related = ["variant__product"]


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "stock", "quantity", "status", "location", "created_at"]
    list_filter = ["status"]


@admin.register(ReturnedStock)
class ReturnedStockAdmin(ReadOnlyAdmin):
    list_display = ["reference", "stock", "condition", "quantity", "reason", "recorded_by", "created_at"]
    list_filter = ["condition"]
    search_fields = ["reference"]


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = ["stock", "location", "on_hand", "reserved"]
    list_select_related = ["stock__variant__product", "location"]


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "stock", "location", "reason", "on_hand_change", "reserved_change", "reference"]
    list_filter = ["reason"]
    search_fields = ["reference"]
    list_select_related = ["stock__variant__product", "location"]


@admin.register(StockTransfer)
class StockTransferAdmin(ReadOnlyAdmin):
    list_display = ["number", "store", "source", "destination", "created_at"]
    search_fields = ["number"]


@admin.register(StockCount)
class StockCountAdmin(ReadOnlyAdmin):
    list_display = ["number", "store", "location", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["number"]
