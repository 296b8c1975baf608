"""The books in the admin, to read: a posting is made by a service, never typed in."""

from django.contrib import admin

from niaga.core.admin_tools import ReadOnlyAdmin, ReadOnlyInline, rupiah_column

from .models import Entry, Transaction


class EntryInline(ReadOnlyInline):
    model = Entry
    fields = readonly_fields = ("account", "amount_rupiah")
    amount_rupiah = rupiah_column("amount", "Jumlah")


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "reference", "key", "memo"]
    list_filter = ["kind"]
    search_fields = ["reference", "key"]
    inlines = [EntryInline]
