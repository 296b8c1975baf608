"""The operator's view of flash buyers the gate admitted (their orders are checkout's)."""

from django.contrib import admin

from niaga.promotions.models import Admission

from . import admissions


@admin.register(Admission)
class AdmissionAdmin(admin.ModelAdmin):
    """Flash buyers the gate admitted, and whether their order was made. During the peak the
    operator watches for rows left "placing" and can queue them again (placing is idempotent)."""

    list_display = ["pk", "item", "buyer", "quantity", "status", "message", "created_at", "placed_at", "group"]
    list_filter = ["status", "item__campaign"]
    search_fields = ["buyer__email", "group__code"]
    date_hierarchy = "created_at"
    list_select_related = ["item__campaign", "item__variant__product", "buyer", "group"]
    readonly_fields = [f.name for f in Admission._meta.fields if f.name != "poll_key"]
    exclude = ["poll_key"]  # the buyer's key to their own poll answer
    actions = ["queue_again"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Buat pesanan yang masih diproses lagi (antrekan ulang)")
    def queue_again(self, request, queryset):
        queued = admissions.queue_again(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{queued} admisi diantrekan ulang; yang sudah selesai atau gagal dilewati.")
