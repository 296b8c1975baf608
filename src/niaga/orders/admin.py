from django.contrib import admin

from .models import Order, OrderEvent, OrderGroup, OrderLine


class LineInline(admin.TabularInline):
    model = OrderLine
    extra = 0


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "store", "buyer", "status", "total", "created_at"]
    list_filter = ["status"]
    search_fields = ["number"]
    inlines = [LineInline, EventInline]


@admin.register(OrderGroup)
class OrderGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "buyer", "payment_method", "total", "paid_at"]
