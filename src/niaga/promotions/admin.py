from django.contrib import admin

from .models import Campaign, CampaignItem


class CampaignItemInline(admin.TabularInline):
    model = CampaignItem
    extra = 1
    raw_id_fields = ["variant"]
    readonly_fields = ["taken"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Operators schedule flash sales: a window, and per variant a price, a quota and a limit."""

    list_display = ["name", "slug", "store", "starts_at", "ends_at"]
    list_filter = [("store", admin.EmptyFieldListFilter)]
    raw_id_fields = ["store"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CampaignItemInline]
