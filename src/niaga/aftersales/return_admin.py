"""Returns in the admin, to read: they move only through returns.py and exchanges.py (the
parcels are shipping's legs, in their own admin)."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline

from .return_models import ReturnCase, ReturnLine


class ReturnLineInline(ReadOnlyInline):
    model = ReturnLine
    fields = readonly_fields = ("complaint_line", "sellable", "written_off")


@admin.register(ReturnCase)
class ReturnCaseAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "return_by", "received_at", "confirm_by", "confirmed_at", "replace_by"]
    search_fields = ["complaint__number", "complaint__order__number"]
    readonly_fields = [f.name for f in ReturnCase._meta.fields]
    inlines = [ReturnLineInline]
