"""Writes of the reputation app: the store's standing, the snapshot apps below it read.

`refresh_standing` computes a store's reputation and writes it into stores.StoreStanding:
its penalty points, until when it sits out flash sales (promotions refuses a campaign entry
before then), its badges and the headline figures the store and product pages show. It runs
for every store from a periodic job (tasks.py) and for one store whenever its Penilaian Toko
page or API is read, so the snapshot is never older than the job's period.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F

from niaga.core import clock
from niaga.stores.models import Store, StoreStanding

from . import selectors
from .selectors import Reputation


def write_standing(rep: Reputation, *, now: dt.datetime) -> StoreStanding:
    """Write what `rep` says into the store's standing (one row per store)."""
    values = {
        "penalty_points": rep.penalty.total,
        "campaigns_blocked_until": rep.penalty.blocked_until,
        "badges": [{"code": b.code, "label": b.label, "why": b.why} for b in rep.badges],
        "headline": selectors.headline(rep.figures),
        "computed_at": now,
    }
    with transaction.atomic():
        standing, _ = StoreStanding.objects.update_or_create(store=rep.store, defaults=values)
    return standing


def refresh_standing(*, store: Store, now: dt.datetime | None = None) -> Reputation:
    """Compute the store's reputation now and keep its standing; returns the reputation."""
    now = now or clock.now()
    rep = selectors.reputation(store, now=now)
    write_standing(rep, now=now)
    return rep


def refresh_all(*, now: dt.datetime | None = None, limit: int = 5000) -> int:
    """Every active store's standing, least recently computed first. Safe to run twice."""
    now = now or clock.now()
    stores = Store.objects.filter(is_active=True).order_by(F("standing__computed_at").asc(nulls_first=True), "pk")[
        :limit
    ]
    count = 0
    for store in stores:
        refresh_standing(store=store, now=now)
        count += 1
    return count
