"""Double-entry money. Every movement is a Transaction whose Entries sum to zero.

An account is a name ("escrow:store:3:order:17"); its balance is the sum of its entries,
never a stored number. Positive means money the platform holds for, or owes to, that
account; the `world:*` accounts are where money comes from and goes to, so they run negative.
"""

from django.db import models
from django.db.models import Q

from niaga.core import clock


class Account(models.Model):
    code = models.CharField("kode akun", max_length=80, unique=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "akun buku besar"
        verbose_name_plural = "akun buku besar"

    def __str__(self) -> str:
        return self.code


class Transaction(models.Model):
    # What happened, once: posting the same key again is a no-op.
    key = models.CharField("kunci", max_length=120, unique=True)
    kind = models.CharField("jenis", max_length=30)
    reference = models.CharField("referensi", max_length=64, db_index=True)
    memo = models.CharField("keterangan", max_length=255, blank=True)
    # Set by services.post (the clock's time, so a demo's postings carry its story's dates).
    created_at = models.DateTimeField("waktu", default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]
        # Postings in a range: the marketplace report's commission and fees per day, balances at a date.
        indexes = [models.Index(fields=["created_at"], name="txn_created")]
        verbose_name = "jurnal"
        verbose_name_plural = "jurnal"

    def __str__(self) -> str:
        return self.key


class Entry(models.Model):
    transaction = models.ForeignKey(
        Transaction, on_delete=models.PROTECT, related_name="entries", verbose_name="jurnal"
    )
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", verbose_name="akun")
    amount = models.BigIntegerField("jumlah")

    class Meta:
        verbose_name = "baris jurnal"
        verbose_name_plural = "baris jurnal"
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_not_zero")]
        indexes = [models.Index(fields=["account", "transaction"])]
