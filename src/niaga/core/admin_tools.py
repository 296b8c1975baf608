"""Pieces the apps' admin pages share: read-only records, money shown as Rupiah.

The admin is a window on records that services move (orders, payments, payouts, the
ledger, stock); editing them there would skip the transition table, the ledger and the
reservations. So those admins show and never write; what an operator may do goes
through an admin action that calls the owning service.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages

from .errors import DomainError
from .money import rupiah


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows a record and its history; adding, editing and deleting are for services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def each(self, request, queryset, act: Callable, done: str) -> None:
        """Run an operator's action through its service on each selected row; a row the
        service refuses is named with its reason, the rest go on. `done` takes the count."""
        count = 0
        for row in queryset:
            try:
                act(row)
                count += 1
            except DomainError as exc:
                self.message_user(request, f"{row}: {exc.message}", messages.WARNING)
        self.message_user(request, done.format(count))

    def has_operate_permission(self, request) -> bool:
        """Actions that move money or orders (`permissions=["operate"]`) are the operators':
        superusers. A staff member allowed only to view the records never runs them."""
        return bool(request.user.is_active and request.user.is_superuser)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def rupiah_column(field: str, label: str) -> Callable:
    """A list/detail column printing an integer Rupiah field as "Rp15.390".

    Set it as an attribute of the ModelAdmin (called as a method) or list it directly.
    """

    @admin.display(description=label, ordering=field)
    def column(*args) -> str:
        value = getattr(args[-1], field)
        return "" if value is None else rupiah(value)

    column.__name__ = f"{field}_rupiah"
    return column
