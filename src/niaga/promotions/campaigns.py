"""Sellers schedule their own flash sales: one product variant, a window, a price below the
normal one, a quota the shelf can cover, and a limit per buyer. Operators use the admin.

A variant is in at most one campaign at a time: two overlapping windows would leave the
price a buyer pays to chance.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from niaga.catalog.models import Variant
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError, NotFound
from niaga.core.ids import random_code
from niaga.core.money import rupiah
from niaga.stores.models import StoreStanding

from .models import Campaign, CampaignItem

MIN_LEAD = dt.timedelta(minutes=5)  # time for the countdown to be seen and pages to refresh
MAX_LENGTH = dt.timedelta(hours=24)
MAX_AHEAD = dt.timedelta(days=90)
MIN_PRICE = 100
MAX_LIMIT = 100  # "Beli Sekarang" takes at most this many at once


def _fail(message: str, field: str, hint: str, code: str = "invalid_campaign"):
    raise DomainError(message, code=code, fields={field: hint})


def schedule(
    *,
    store,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    variant_id: int,
    price: int,
    quota: int,
    per_buyer_limit: int,
) -> Campaign:
    """A seller's flash sale for one of its variants, or a DomainError naming the field."""
    name = (name or "").strip()
    if not 3 <= len(name) <= 80:
        _fail("Beri nama flash sale (3–80 huruf).", "name", "3–80 huruf.")
    now = clock.now()
    if starts_at < now + MIN_LEAD:
        _fail("Flash sale dimulai paling cepat 5 menit dari sekarang.", "starts_at", "Minimal 5 menit lagi.")
    if starts_at > now + MAX_AHEAD:
        _fail("Flash sale dijadwalkan paling jauh 90 hari ke depan.", "starts_at", "Maks. 90 hari lagi.")
    if ends_at <= starts_at:
        _fail("Waktu selesai harus setelah waktu mulai.", "ends_at", "Setelah waktu mulai.")
    if ends_at - starts_at > MAX_LENGTH:
        _fail("Flash sale berlangsung paling lama 24 jam.", "ends_at", "Maks. 24 jam.")
    variant = (
        Variant.objects.select_related("product", "stock")
        .filter(pk=variant_id, product__store=store, product__is_active=True)
        .first()
    )
    if variant is None:
        raise NotFound("Produk tidak ditemukan di toko ini.", code="product_not_found")
    refuse_penalised(store, now)
    normal = variant.unit_price
    if not MIN_PRICE <= price < normal:
        _fail(f"Harga flash sale harus di bawah harga normal ({rupiah(normal)}).", "price", "Di bawah harga normal.")
    on_shelf = variant.stock.available if hasattr(variant, "stock") else 0
    if not 1 <= quota <= on_shelf:
        _fail(f"Kuota 1 sampai stok yang tersedia ({on_shelf}).", "quota", f"1–{on_shelf}.")
    if not 1 <= per_buyer_limit <= min(quota, MAX_LIMIT):
        _fail("Batas per pembeli 1 sampai kuota (maks. 100).", "per_buyer_limit", f"1–{min(quota, MAX_LIMIT)}.")
    with transaction.atomic():
        # Serialise schedules of this variant so two overlapping ones cannot both pass the check.
        Variant.objects.select_for_update().filter(pk=variant.pk).first()
        if overlaps(variant=variant, starts_at=starts_at, ends_at=ends_at):
            raise Conflict(
                "Produk ini sudah ada di flash sale lain pada waktu itu.",
                code="campaign_overlap",
                fields={"starts_at": "Bentrok."},
            )
        slug = f"{slugify(name)[:40] or 'flash-sale'}-{random_code(6).lower()}"
        try:
            campaign = Campaign.objects.create(store=store, name=name, slug=slug, starts_at=starts_at, ends_at=ends_at)
        except IntegrityError:  # the same random suffix twice: vanishingly rare, but say so plainly
            raise Conflict("Coba simpan sekali lagi.", code="campaign_slug_taken") from None
        CampaignItem.objects.create(
            campaign=campaign, variant=variant, price=price, quota=quota, per_buyer_limit=per_buyer_limit
        )
    return campaign


def refuse_penalised(store, now: dt.datetime) -> None:
    """A store over its penalty points (late shipments, seller cancellations) sits out flash
    sales until they age out: its standing, written by the reputation app, says until when."""
    standing = StoreStanding.objects.filter(store_id=store.pk).first()
    if standing is not None and standing.blocks_campaigns(now):
        until = timezone.localtime(standing.campaigns_blocked_until)
        raise Conflict(
            f"{store.name} belum bisa ikut flash sale karena poin penalti ({standing.penalty_points} poin, "
            f"dari pengiriman terlambat atau pesanan dibatalkan penjual). Bisa ikut lagi mulai "
            f"{until:%d-%m-%Y %H:%M} WIB.",
            code="store_penalised",
            fields={"variant": "Toko sedang terkena poin penalti."},
        )


def overlaps(*, variant, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """Whether the variant is already in a campaign for part of this window."""
    return CampaignItem.objects.filter(
        variant=variant, campaign__starts_at__lt=ends_at, campaign__ends_at__gt=starts_at
    ).exists()


def of_store(store):
    return Campaign.objects.filter(store=store).prefetch_related("items__variant__product").order_by("-starts_at")


def cancel(*, store, slug: str) -> None:
    """A seller calls off a campaign that has not started; one that has started runs its course."""
    campaign = Campaign.objects.filter(store=store, slug=slug).first()
    if campaign is None:
        raise NotFound("Flash sale tidak ditemukan.", code="campaign_not_found")
    if campaign.starts_at <= clock.now():
        raise Conflict("Flash sale yang sudah dimulai tidak bisa dibatalkan.", code="campaign_started")
    campaign.delete()
