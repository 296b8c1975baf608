from django.contrib import admin

from .models import Reservation, Stock


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ["variant", "on_hand", "reserved"]


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["reference", "stock", "quantity", "status", "created_at"]
    list_filter = ["status"]
