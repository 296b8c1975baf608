"""The trail in the admin: to read and search, never to add, edit or delete."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "user", "ip", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["action", "actor__email", "user__email", "ip", "target_id"]
    list_select_related = ["actor", "user"]
    date_hierarchy = "at"
    fields = readonly_fields = (
        "at",
        "action",
        "actor",
        "user",
        "ip",
        "user_agent",
        "target_type",
        "target_id",
        "changes",
        "note",
    )
    actions = None
