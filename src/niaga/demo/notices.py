"""The demo's notifications: its two months of history told the demo seller of every order,
review and alert, 89 unread. A newcomer should find the few that still ask for something, so
the history's older ones are marked read when they were written, and of the recent ones about
one order or complaint only the latest is left unread (it says where that one stands)."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import F

from niaga.core import clock
from niaga.notifications.models import Notification

RECENT = dt.timedelta(days=2)
_ONE_THING = re.compile(r"/\d+/$")  # a page of one order, complaint or chat


def settle(*, emails: list[str]) -> int:
    """Mark read these users' notifications older than RECENT, and those a later one about the
    same order, complaint or chat supersedes; returns how many."""
    unread = Notification.objects.filter(user__email__in=emails, read_at__isnull=True)
    done = unread.filter(created_at__lt=clock.now() - RECENT).update(read_at=F("created_at"))
    latest: dict[tuple[int, str], int] = {}
    superseded = []
    for pk, user_id, url in unread.order_by("-created_at", "-pk").values_list("pk", "user_id", "url"):
        if not _ONE_THING.search(url):
            continue
        if (user_id, url) in latest:
            superseded.append(pk)
        else:
            latest[(user_id, url)] = pk
    return done + Notification.objects.filter(pk__in=superseded).update(read_at=F("created_at"))
