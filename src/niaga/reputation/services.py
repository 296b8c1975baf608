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
from django.urls import reverse
from django.utils import timezone

from niaga.core import clock
from niaga.notifications.services import notify
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
        before = StoreStanding.objects.select_for_update().filter(store=rep.store).first()
        was_blocked = before is not None and before.blocks_campaigns(now)
        standing, _ = StoreStanding.objects.update_or_create(store=rep.store, defaults=values)
        if standing.blocks_campaigns(now) and not was_blocked:
            _tell_blocked(rep, standing)
    return standing


def _tell_blocked(rep: Reputation, standing: StoreStanding) -> None:
    """The owner learns once, when the store crosses the threshold, why and until when."""
    until = timezone.localtime(standing.campaigns_blocked_until)
    notify(
        user=rep.store.owner,
        title="Toko kamu terkena poin penalti",
        body=(
            f"{rep.penalty.total} poin dalam {rep.penalty.window.days} hari terakhir "
            f"({rep.penalty.late_shipments} pengiriman terlambat, {rep.penalty.seller_cancellations} "
            f"pesanan dibatalkan penjual), di atas batas {rep.penalty.threshold} poin. Toko belum bisa ikut "
            f"flash sale sampai {until:%d-%m-%Y %H:%M} WIB."
        ),
        url=reverse("reputation:store", args=[rep.store.slug]),
        next_step="Kirim pesanan sebelum batas waktunya dan hindari membatalkan pesanan agar poin tidak bertambah.",
    )


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
