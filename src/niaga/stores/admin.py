from django.contrib import admin

from .models import Store


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "city_name", "owner", "is_active"]
    search_fields = ["name", "slug"]
