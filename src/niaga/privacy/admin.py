"""UU PDP records for operators to read (an objection or a complaint to answer): consents as
given and withdrawn, and which copies of their data users asked for. Never the files."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin

from .models import Consent, DataExport


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "granted", "at", "source", "text_version"]
    list_filter = ["kind", "granted", "source"]
    search_fields = ["user__email"]
    fields = ["user", "kind", "granted", "at", "source", "ip", "user_agent", "text_version"]


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = ["user", "status", "requested_at", "finished_at", "expires_at", "size"]
    list_filter = ["status"]
    search_fields = ["user__email"]
    fields = ["user", "status", "requested_at", "finished_at", "expires_at", "size"]
