"""Reads of complaints, always scoped to who asks (the buyer, the store, or Niaga's staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from niaga.core.errors import NotFound

from .models import Complaint, ComplaintMessage
from .status import Status


@dataclass(frozen=True)
class ComplaintFigures:
    """Complaints opened against a store since a moment (for its reputation)."""

    opened: int
    escalated: int  # of those, taken to Niaga's mediation
    resolved: int  # of those, ended (resolved or withdrawn)
    resolved_without_escalation: int  # of those ended, never escalated


def complaint_figures(store_id: int, since: dt.datetime) -> ComplaintFigures:
    ended = Q(status__in=[Status.RESOLVED, Status.WITHDRAWN])
    figures = Complaint.objects.filter(store_id=store_id, created_at__gte=since).aggregate(
        opened=Count("pk"),
        escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        resolved=Count("pk", filter=ended),
        resolved_without_escalation=Count("pk", filter=ended & Q(escalated_at__isnull=True)),
    )
    return ComplaintFigures(**figures)


def _with_related(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return qs.select_related("order", "store__owner", "buyer")


def _detail(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    return _with_related(qs).prefetch_related(
        "lines__order_line",
        Prefetch(
            "messages", queryset=ComplaintMessage.objects.select_related("author").prefetch_related("attachments")
        ),
    )


def _one(qs: QuerySet[Complaint], pk: int) -> Complaint:
    complaint = _detail(qs).filter(pk=pk).first()
    if complaint is None:
        raise NotFound("Komplain tidak ditemukan.", code="complaint_not_found")
    return complaint


def for_buyer(user) -> QuerySet[Complaint]:
    return _with_related(Complaint.objects.filter(buyer=user))


def for_store(store) -> QuerySet[Complaint]:
    return _with_related(Complaint.objects.filter(store=store))


def awaiting_seller(store) -> QuerySet[Complaint]:
    """The store's complaints it must answer now (Toko Saya's home counts them)."""
    return Complaint.objects.filter(store=store, status=Status.AWAITING_SELLER)


def buyer_complaint(user, pk: int) -> Complaint:
    """One of the buyer's own complaints; anyone else's is not found (never forbidden)."""
    return _one(Complaint.objects.filter(buyer=user), pk)


def store_complaint(store, pk: int) -> Complaint:
    return _one(Complaint.objects.filter(store=store), pk)


def operator_complaint(pk: int) -> Complaint:
    """Niaga's staff see every complaint (the view is guarded as the operator pages are)."""
    return _one(Complaint.objects.all(), pk)


def of_order(order_id: int) -> Complaint | None:
    """The order's complaint (one per order, ever); the caller already scoped the order."""
    return Complaint.objects.filter(order_id=order_id).first()


def escalated_queue() -> QuerySet[Complaint]:
    """Niaga's mediation queue: oldest escalation first."""
    return _with_related(Complaint.objects.filter(status=Status.ESCALATED)).order_by("escalated_at", "pk")


def for_operator(status: str | None = None) -> QuerySet[Complaint]:
    qs = _with_related(Complaint.objects.all())
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs
