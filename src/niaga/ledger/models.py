"""Double-entry money. Every movement is a Transaction whose Entries sum to zero.

An account is a name ("escrow:store:3:order:17"); its balance is the sum of its entries,
never a stored number. Positive means money the platform holds for, or owes to, that
account; the `world:*` accounts are where money comes from and goes to, so they run negative.
"""

from django.db import models
from django.db.models import Q


class Account(models.Model):
    code = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.code


class Transaction(models.Model):
    # What happened, once: posting the same key again is a no-op.
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30)
    reference = models.CharField(max_length=64, db_index=True)
    memo = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Entry(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_not_zero")]
        indexes = [models.Index(fields=["account", "transaction"])]
