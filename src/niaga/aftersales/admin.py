"""Complaints in the admin: read only. Every change goes through services (the money and the
order move with it); operators decide from operator/komplain/."""

from django.contrib import admin

from .models import Complaint, ComplaintAttachment, ComplaintLine, ComplaintMessage


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = ComplaintLine
    extra = 0
    can_delete = False
    readonly_fields = ["order_line", "quantity"]

    def has_add_permission(self, request, obj=None):
        return False


class MessageInline(admin.TabularInline):
    model = ComplaintMessage
    extra = 0
    can_delete = False
    readonly_fields = ["role", "author", "body", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly):
    list_display = [
        "number",
        "order",
        "store",
        "reason",
        "resolution",
        "status",
        "outcome",
        "refund_amount",
        "created_at",
    ]
    list_filter = ["status", "reason", "resolution", "outcome"]
    search_fields = ["number", "order__number"]
    inlines = [LineInline, MessageInline]


@admin.register(ComplaintAttachment)
class AttachmentAdmin(ReadOnly):
    list_display = ["message", "file"]


from . import return_admin  # noqa: E402,F401  (returns and exchanges, read only)
