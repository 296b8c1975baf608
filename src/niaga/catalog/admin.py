from django.contrib import admin

from niaga.core.admin_tools import rupiah_column

from .models import Category, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position"]
    prepopulated_fields = {"slug": ["name"]}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0


class ImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "category", "price_rupiah", "is_active"]
    price_rupiah = rupiah_column("price", "Harga")
    list_filter = ["is_active", "condition", "category"]
    search_fields = ["name"]
    inlines = [VariantInline, ImageInline]
