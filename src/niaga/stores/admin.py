from django.contrib import admin

from .models import Store, StoreStanding


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city_name", "owner", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(StoreStanding)
class StoreStandingAdmin(admin.ModelAdmin):
    """Written by reputation.services.refresh_standing only: read here, never edited."""

    list_display = ["store", "penalty_points", "campaigns_blocked_until", "computed_at"]
    search_fields = ["store__name", "store__slug"]
    readonly_fields = [f.name for f in StoreStanding._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
