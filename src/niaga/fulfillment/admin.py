from django import forms
from django.contrib import admin, messages

from . import relocation
from .models import Location, PickList, StoreLocation


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "store",
        "street",
        "village_name",
        "regency_name",
        "postal_code",
        "contact_name",
        "phone",
        "pickup_ready",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "regency_name"]
    filter_horizontal = ["staff"]
    raw_id_fields = ["store"]
    list_select_related = ["store"]
    # Once made, the pickup address is changed on the warehouse's own form, which checks it
    # against the region tree and the district's postal codes.
    ADDRESS = [
        "street",
        "village_code",
        "village_name",
        "district_code",
        "district_name",
        "regency_code",
        "regency_name",
        "province_code",
        "province_name",
        "postal_code",
        "contact_name",
        "phone",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.ADDRESS if obj is not None else []

    @admin.display(description="Siap dijemput kurir", boolean=True)
    def pickup_ready(self, obj) -> bool:
        return not obj.pickup_missing()


class StoreLocationForm(forms.ModelForm):
    take_stock = forms.BooleanField(
        label="Pindahkan semua stok ke gudang baru",
        required=False,
        initial=True,
        help_text="Tanpa ini, stok tetap di gudang lama dan produk terbaca Stok habis saat checkout "
        "sampai stok dipindahkan.",
    )

    class Meta:
        model = StoreLocation
        fields = ["store", "location", "take_stock"]


@admin.register(StoreLocation)
class StoreLocationAdmin(admin.ModelAdmin):
    """Which location ships each store's orders: move a store into a fulfillment center here,
    with its stock (a transfer) or, when declined, a plain warning that it reads sold out."""

    form = StoreLocationForm
    list_display = ["store", "location"]
    raw_id_fields = ["store"]

    def save_model(self, request, obj, form, change):
        done = relocation.move_store(
            store=obj.store, location=obj.location, take_stock=form.cleaned_data["take_stock"], actor=request.user
        )
        obj.pk = StoreLocation.objects.get(store=obj.store).pk
        if done.warning:
            self.message_user(request, done.warning, messages.WARNING)
        elif done.transfer is not None:
            self.message_user(request, f"Stok ikut dipindahkan ({done.transfer.number}).")


@admin.register(PickList)
class PickListAdmin(admin.ModelAdmin):
    list_display = ["number", "location", "created_by", "created_at", "completed_at"]
    list_filter = ["location"]
    readonly_fields = ["number", "location", "created_by", "created_at", "completed_at"]
