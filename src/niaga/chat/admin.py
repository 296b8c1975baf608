"""Operators read conversations and, for flagged messages, what was really written (the other
side saw it masked). Nothing is edited here: messages are a record."""

from __future__ import annotations

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline

from .models import Conversation, Message


class FlaggedFilter(admin.SimpleListFilter):
    title = "kontak di luar Niaga"
    parameter_name = "ditandai"

    def lookups(self, request, model_admin):
        return [("ya", "Ditandai"), ("tidak", "Bersih")]

    def queryset(self, request, queryset):
        if self.value() == "ya":
            return queryset.exclude(flags=[])
        if self.value() == "tidak":
            return queryset.filter(flags=[])
        return queryset


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("created_at", "side", "sender", "body", "shown_body", "flags", "product", "order", "image_name")
    readonly_fields = fields
    ordering = ("pk",)

    @admin.display(description="gambar")
    def image_name(self, message: Message) -> str:
        return message.image.name or ""


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "buyer", "store", "last_message_at", "buyer_unread", "seller_unread")
    list_select_related = ("buyer", "store")
    search_fields = ("buyer__email", "store__name", "store__slug")
    readonly_fields = [f.name for f in Conversation._meta.fields]
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("pk", "created_at", "conversation", "side", "shown_body", "flags")
    list_filter = (FlaggedFilter, "side")
    list_select_related = ("conversation__buyer", "conversation__store")
    search_fields = ("body", "conversation__store__name", "conversation__buyer__email")
    fields = ("conversation", "side", "sender", "body", "shown_body", "flags", "product", "order", "created_at")
    readonly_fields = fields
