"""Orders in the admin: read-only. A status moves only along TRANSITIONS, through the
orders service, which also moves the stock and (by its effects) the money; the operator's
moves are the actions below, each one a call of that service."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline, rupiah_column

from . import services
from .models import Order, OrderEvent, OrderGroup, OrderLine
from .status import Actor, Status


class LineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = ("product_name", "variant_name", "unit_price_rupiah", "quantity", "cancelled_quantity")
    unit_price_rupiah = rupiah_column("unit_price", "Harga satuan")


class EventInline(ReadOnlyInline):
    model = OrderEvent
    fields = readonly_fields = ("created_at", "from_status", "to_status", "actor_role", "actor", "reason")


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "store", "buyer", "status", "total_rupiah", "created_at"]
    list_filter = ["status"]
    search_fields = ["number"]
    list_select_related = ["store", "buyer"]
    inlines = [LineInline, EventInline]
    actions = ["cancel_orders", "complete_orders"]
    total_rupiah = rupiah_column("total", "Total pesanan")
    subtotal_rupiah = rupiah_column("subtotal", "Subtotal produk")
    shipping_rupiah = rupiah_column("shipping_cost", "Ongkos kirim")
    fields = readonly_fields = (
        "number",
        "group",
        "store",
        "buyer",
        "status",
        "subtotal_rupiah",
        "shipping_rupiah",
        "total_rupiah",
        "courier_name",
        "awb",
        "payment_due_at",
        "paid_at",
        "ship_by",
        "shipped_at",
        "confirm_by",
        "note",
    )

    def _move(self, request, queryset, to_status: str, reason: str) -> None:
        def move(order):
            services.transition(
                order=order,
                to_status=to_status,
                role=Actor.OPERATOR,
                actor=request.user,
                reason=reason,
                request=request,
            )

        self.each(request, queryset, move, f"{{}} pesanan menjadi {Status(to_status).label}.")

    # The rows are read-only: an operator moves an order through the service, which guards it.
    @admin.action(description="Batalkan pesanan (stok dan dana pembeli dikembalikan)", permissions=["operate"])
    def cancel_orders(self, request, queryset):
        self._move(request, queryset, Status.CANCELLED, "Dibatalkan operator")

    @admin.action(description="Selesaikan pesanan (dana diteruskan ke penjual)", permissions=["operate"])
    def complete_orders(self, request, queryset):
        self._move(request, queryset, Status.COMPLETED, "Diselesaikan operator")


@admin.register(OrderGroup)
class OrderGroupAdmin(ReadOnlyAdmin):
    list_display = ["code", "buyer", "payment_method", "total_rupiah", "paid_at"]
    search_fields = ["code"]
    total_rupiah = rupiah_column("total", "Total dibayar")
    subtotal_rupiah = rupiah_column("subtotal", "Subtotal produk")
    shipping_rupiah = rupiah_column("shipping_total", "Total ongkos kirim")
    fee_rupiah = rupiah_column("service_fee", "Biaya layanan")
    fields = readonly_fields = (
        "code",
        "buyer",
        "payment_method",
        "subtotal_rupiah",
        "shipping_rupiah",
        "fee_rupiah",
        "total_rupiah",
        "payment_due_at",
        "paid_at",
    )
