from django.db.models import Sum

from .models import Entry, Transaction


def balance(code: str) -> int:
    return Entry.objects.filter(account__code=code).aggregate(s=Sum("amount"))["s"] or 0


def balance_with_prefix(prefix: str) -> int:
    return Entry.objects.filter(account__code__startswith=prefix).aggregate(s=Sum("amount"))["s"] or 0


def total() -> int:
    """The sum over all accounts: zero, always, or money was created or lost."""
    return Entry.objects.aggregate(s=Sum("amount"))["s"] or 0


def unbalanced_transactions():
    """Transactions whose entries do not sum to zero (there must be none)."""
    return Transaction.objects.annotate(s=Sum("entries__amount")).exclude(s=0)


def postings(reference: str):
    return Transaction.objects.filter(reference=reference).prefetch_related("entries__account")


def posted(key: str) -> bool:
    """Whether a movement under this key is already in the books (each key posts once)."""
    return Transaction.objects.filter(key=key).exists()


def balance_for(code: str, reference: str) -> int:
    """What postings under one reference (an order's number) moved into `code`."""
    return (
        Entry.objects.filter(account__code=code, transaction__reference=reference).aggregate(s=Sum("amount"))["s"] or 0
    )
