"""Reads of complaints, always scoped to who asks (the buyer, the store, or Niaga's staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Complaint
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
    return qs.select_related("order", "store", "buyer")


def for_buyer(user) -> QuerySet[Complaint]:
    return _with_related(Complaint.objects.filter(buyer=user))


def for_store(store) -> QuerySet[Complaint]:
    return _with_related(Complaint.objects.filter(store=store))


def escalated_queue() -> QuerySet[Complaint]:
    """Niaga's mediation queue: oldest escalation first."""
    return _with_related(Complaint.objects.filter(status=Status.ESCALATED)).order_by("escalated_at", "pk")


def for_operator() -> QuerySet[Complaint]:
    return _with_related(Complaint.objects.all())
