"""Read-only: tax rows are written by the services (the ledger posts under the same keys)."""

from django.contrib import admin

from .models import Collection, Deposit, Exemption, TurnoverStatement


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Collection)
class CollectionAdmin(ReadOnly):
    list_display = ("key", "store", "kind", "turnover", "base", "amount", "period")
    list_filter = ("kind", "period")


@admin.register(TurnoverStatement)
class StatementAdmin(ReadOnly):
    list_display = ("store", "year", "declared_turnover", "signed_on")


@admin.register(Exemption)
class ExemptionAdmin(ReadOnly):
    list_display = ("store", "number", "valid_from", "valid_until")


@admin.register(Deposit)
class DepositAdmin(ReadOnly):
    list_display = ("period", "deposited_on", "reference", "amount", "recorded_by")
