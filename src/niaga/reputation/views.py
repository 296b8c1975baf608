"""Penilaian Toko (/toko/<slug>/penilaian/): the figures, the penalty points and the badges,
computed now (and kept as the store's standing)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from niaga.core.pages import or_404
from niaga.stores import selectors as stores

from . import selectors, services


def store(request, slug: str):
    shop = or_404(stores.public_store, slug)
    rep = services.refresh_standing(store=shop)
    is_owner = request.user.is_authenticated and shop.owner_id == request.user.pk
    return render(
        request,
        "reputation/store.html",
        {
            "store": shop,
            "rep": rep,
            "f": rep.figures,
            "penalty": rep.penalty,
            "is_owner": is_owner,
            "window_days": settings.NIAGA_REPUTATION_WINDOW_DAYS,
            "penalty_days": settings.NIAGA_REPUTATION_PENALTY_WINDOW_DAYS,
            "chat_time": selectors.duration_text(rep.figures.chat_median_seconds),
        },
    )
