from django import forms
from django.contrib import admin

from niaga.core import clock
from niaga.core.errors import DomainError

from . import campaigns
from .models import Campaign, CampaignItem


class CampaignItemForm(forms.ModelForm):
    """An operator's item: a store over its penalty points cannot enter (campaigns.refuse_penalised)."""

    class Meta:
        model = CampaignItem
        fields = "__all__"

    def clean(self):
        cleaned = super().clean() or {}
        variant = cleaned.get("variant")
        if variant is not None and self.has_changed():
            try:
                campaigns.refuse_penalised(variant.product.store, clock.now())
            except DomainError as exc:
                raise forms.ValidationError(exc.message) from None
        return cleaned


class CampaignItemInline(admin.TabularInline):
    model = CampaignItem
    form = CampaignItemForm
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
