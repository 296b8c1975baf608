"""Reads of the audit trail, scoped: the operator's whole trail, a user's own security events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from .labels import SECURITY
from .models import Event


@dataclass(frozen=True)
class Filters:
    email: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def for_operator(filters: Filters) -> QuerySet[Event]:
    """Every event, newest first, narrowed by the account's e-mail (as actor or as the account
    concerned, or the e-mail a failed sign-in typed), the action and the day (WIB)."""
    events = Event.objects.select_related("actor", "user")
    if filters.email:
        email = filters.email.strip().lower()
        events = (
            events.filter(user__email__iexact=email)
            | events.filter(actor__email__iexact=email)
            | events.filter(action="auth.login_failed", changes__email=email)
        )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    return events.order_by("-at", "-pk")


def security_events_of(user) -> QuerySet[Event]:
    """A user's own account events (never anyone else's), newest first."""
    return Event.objects.filter(user=user, action__in=SECURITY).select_related("actor").order_by("-at", "-pk")
