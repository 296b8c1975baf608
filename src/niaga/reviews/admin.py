"""Reviews in the admin: read-only. Hiding and showing again go through the reviews service
(with a reason the buyer reads), on the operator's page /operator/ulasan/ — never by editing
a row, which would leave the product's average behind."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline

from .models import ModerationEvent, Review, ReviewPhoto, ReviewReport


class PhotoInline(ReadOnlyInline):
    model = ReviewPhoto
    fields = readonly_fields = ("image", "width", "height", "position")


class ReportInline(ReadOnlyInline):
    model = ReviewReport
    fields = readonly_fields = ("created_at", "reporter", "reason", "note", "handled_at")


class ModerationInline(ReadOnlyInline):
    model = ModerationEvent
    fields = readonly_fields = ("created_at", "operator", "action", "reason")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["pk", "product", "store", "buyer", "rating", "photo_count", "created_at", "hidden_at"]
    list_filter = ["rating", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["order__number", "product__name"]
    list_select_related = ["product", "store", "buyer"]
    inlines = [PhotoInline, ReportInline, ModerationInline]
    fields = readonly_fields = (
        "order",
        "line",
        "product",
        "store",
        "buyer",
        "variant_name",
        "rating",
        "text",
        "anonymous",
        "created_at",
        "edited_at",
        "previous_rating",
        "previous_text",
        "reply",
        "replied_at",
        "replied_by",
        "hidden_at",
        "hidden_reason",
    )
