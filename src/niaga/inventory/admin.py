"""Stock in the admin, to read: units move only through reservations and the
inventory services (an edited count would skip the oversell guard)."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin

from .models import Reservation, ReturnedStock, Stock


@admin.register(Stock)
class StockAdmin(ReadOnlyAdmin):
    list_display = ["variant", "on_hand", "reserved"]
    list_select_related = ["variant__product"]


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ["reference", "stock", "quantity", "status", "created_at"]
    list_filter = ["status"]


@admin.register(ReturnedStock)
class ReturnedStockAdmin(ReadOnlyAdmin):
    list_display = ["reference", "stock", "condition", "quantity", "reason", "recorded_by", "created_at"]
    list_filter = ["condition"]
    search_fields = ["reference"]
