"""The fraud review's rules: each a small function over the database's history that answers a
Reason (its code, its words for the operator, its points) or None. docs/risk.md lists them
with their weights and thresholds; the numbers live here, once.

A checkout is scored when its payment is verified (risk.services.screen_paid_order): by then
the gateway's fraud check has answered. A payout is scored when it is requested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db.models import Max

from niaga.core.money import rupiah
from niaga.orders.models import OrderGroup
from niaga.payments.models import BankAccount, PaymentAttempt, PaymentNotification, Payout
from niaga.payments.statuses import REFUSED, FraudStatus

HOUR, DAY = dt.timedelta(hours=1), dt.timedelta(days=1)

# --- the numbers (docs/risk.md) -------------------------------------------------------------
VELOCITY_WINDOW, VELOCITY_LIMIT, VELOCITY_POINTS = HOUR, 5, 20
DEVICE_WINDOW, DEVICE_OTHERS, DEVICE_POINTS = 30 * DAY, 2, 25
IP_WINDOW, IP_OTHERS, IP_POINTS = DAY, 3, 15
CARD_WINDOW, CARD_OTHERS, CARD_POINTS = 30 * DAY, 1, 25
NEW_ACCOUNT_AGE, HIGH_VALUE, NEW_ACCOUNT_POINTS = 7 * DAY, 3_000_000, 35
FAILED_CARD_WINDOW, FAILED_CARD_LIMIT, FAILED_CARD_POINTS = DAY, 3, 25
ADDRESS_WINDOW, ADDRESS_OTHERS, ADDRESS_POINTS = 30 * DAY, 3, 20
CHALLENGE_POINTS, DENY_POINTS = 40, 70

BANK_CHANGE_WINDOW, BANK_CHANGE_POINTS = 3 * DAY, 60
SPIKE_FACTOR, SPIKE_MINIMUM, FIRST_PAYOUT_LARGE, SPIKE_POINTS = 3, 1_000_000, 5_000_000, 30
NEW_STORE_AGE, NEW_STORE_POINTS = 14 * DAY, 20

MEDIUM_FROM, HIGH_FROM = 30, 60  # score thresholds: low < 30 ≤ medium < 60 ≤ high


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    points: int

    def as_dict(self) -> dict:
        return asdict(self)


def level_of(score: int) -> str:
    if score >= HIGH_FROM:
        return "high"
    return "medium" if score >= MEDIUM_FROM else "low"


def total(reasons: list[Reason]) -> int:
    return min(sum(r.points for r in reasons), 100)


# --- a checkout ------------------------------------------------------------------------------


def velocity(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """Many checkouts from one account in a short time (this one counted)."""
    n = OrderGroup.objects.filter(buyer_id=group.buyer_id, created_at__gt=now - VELOCITY_WINDOW).count()
    if n < VELOCITY_LIMIT:
        return None
    return Reason("velocity", f"Akun ini membuat {n} transaksi dalam 1 jam terakhir.", VELOCITY_POINTS)


def _others(group: OrderGroup, since: dt.datetime, **same):
    """The other accounts whose checkouts since then share `same` with this one."""
    return (
        OrderGroup.objects.filter(created_at__gt=since, **same)
        .exclude(buyer_id=group.buyer_id)
        .values_list("buyer_id", flat=True)
        .distinct()
    )


def others_on_device(group: OrderGroup, now: dt.datetime):
    return _others(group, now - DEVICE_WINDOW, placed_device=group.placed_device)


def shared_device(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """One device (browser and address) behind several accounts."""
    if not group.placed_device:
        return None
    n = others_on_device(group, now).count()
    if n < DEVICE_OTHERS:
        return None
    return Reason("device", f"Perangkat yang sama dipakai {n} akun lain dalam 30 hari.", DEVICE_POINTS)


def others_on_ip(group: OrderGroup, now: dt.datetime):
    return _others(group, now - IP_WINDOW, placed_ip=group.placed_ip)


def shared_ip(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """One network address behind several accounts in a day."""
    if not group.placed_ip:
        return None
    n = others_on_ip(group, now).count()
    if n < IP_OTHERS:
        return None
    return Reason("ip", f"Alamat IP {group.placed_ip} dipakai {n} akun lain dalam 24 jam.", IP_POINTS)


def cards_of(group: OrderGroup) -> set[str]:
    return set(PaymentAttempt.objects.filter(group=group).exclude(masked_card="").values_list("masked_card", flat=True))


def others_on_card(group: OrderGroup, now: dt.datetime):
    return (
        PaymentAttempt.objects.filter(masked_card__in=cards_of(group), created_at__gt=now - CARD_WINDOW)
        .exclude(group__buyer_id=group.buyer_id)
        .values_list("group__buyer_id", flat=True)
        .distinct()
    )


def shared_card(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """One card (the gateway's masked number) paying for several accounts."""
    if not cards_of(group):
        return None
    n = others_on_card(group, now).count()
    if n < CARD_OTHERS:
        return None
    return Reason("card", f"Kartu yang sama dipakai {n} akun lain dalam 30 hari.", CARD_POINTS)


def new_account_high_value(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """A young account spending a lot at once."""
    if group.total < HIGH_VALUE:  # most checkouts: no need to read the buyer
        return None
    age = now - group.buyer.date_joined
    if age >= NEW_ACCOUNT_AGE:
        return None
    days = age.days
    return Reason(
        "new_account",
        f"Akun baru ({days} hari) dengan transaksi {rupiah(group.total)}.",
        NEW_ACCOUNT_POINTS,
    )


def failed_cards(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """Card after card refused: someone trying stolen numbers."""
    n = PaymentAttempt.objects.filter(
        group__buyer_id=group.buyer_id,
        method="card",
        status__in=REFUSED,
        created_at__gt=now - FAILED_CARD_WINDOW,
    ).count()
    if n < FAILED_CARD_LIMIT:
        return None
    return Reason("failed_cards", f"{n} percobaan kartu ditolak dalam 24 jam.", FAILED_CARD_POINTS)


def others_at_address(group: OrderGroup, now: dt.datetime):
    """Other accounts whose checkouts went to this one's address (matched by its keyed digest:
    the address itself is encrypted at rest)."""
    if not group.placed_address:
        return OrderGroup.objects.none().values_list("buyer_id", flat=True)
    return _others(group, now - ADDRESS_WINDOW, placed_address=group.placed_address)


def shared_address(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """One shipping address receiving for many accounts (a drop address)."""
    n = others_at_address(group, now).count()
    if n < ADDRESS_OTHERS:
        return None
    return Reason("address", f"Alamat pengiriman yang sama dipakai {n} akun lain dalam 30 hari.", ADDRESS_POINTS)


def gateway_fraud(group: OrderGroup, now: dt.datetime) -> Reason | None:
    """The gateway's own fraud check held (challenge) or refused (deny) a card of this checkout."""
    words = set(PaymentAttempt.objects.filter(group=group).values_list("fraud_status", flat=True))
    if PaymentNotification.objects.filter(attempt__group=group, outcome=PaymentNotification.Outcome.CHALLENGE).exists():
        words.add(FraudStatus.CHALLENGE)
    if FraudStatus.DENY in words:
        return Reason("gateway_deny", "Pemeriksaan fraud gateway menolak kartu (deny).", DENY_POINTS)
    if FraudStatus.CHALLENGE in words:
        return Reason("gateway_challenge", "Pemeriksaan fraud gateway menandai kartu (challenge).", CHALLENGE_POINTS)
    return None


CHECKOUT_RULES: tuple[Callable[[OrderGroup, dt.datetime], Reason | None], ...] = (
    velocity,
    shared_device,
    shared_ip,
    shared_card,
    new_account_high_value,
    failed_cards,
    shared_address,
    gateway_fraud,
)


# --- a payout --------------------------------------------------------------------------------


def bank_changed(payout: Payout, now: dt.datetime) -> Reason | None:
    """Money asked for right after the account it goes to was changed: a taken-over store's
    first move. The account's first save is not a change."""
    account = BankAccount.objects.filter(store_id=payout.store_id).first()
    if account is None or not account.replaced or now - account.changed_at >= BANK_CHANGE_WINDOW:
        return None
    hours = int((now - account.changed_at).total_seconds() // 3600)
    return Reason(
        "bank_changed",
        f"Rekening tujuan diubah {hours} jam sebelum penarikan ini.",
        BANK_CHANGE_POINTS,
    )


def payout_spike(payout: Payout, now: dt.datetime) -> Reason | None:
    """Much more than the store ever withdrew (or a large first withdrawal)."""
    largest = (
        Payout.objects.filter(store_id=payout.store_id, status=Payout.Status.PAID)
        .exclude(pk=payout.pk)
        .aggregate(m=Max("amount"))["m"]
    )
    if largest is None:
        if payout.amount < FIRST_PAYOUT_LARGE:
            return None
        return Reason("payout_spike", f"Penarikan pertama toko ini sebesar {rupiah(payout.amount)}.", SPIKE_POINTS)
    if payout.amount < SPIKE_MINIMUM or payout.amount <= SPIKE_FACTOR * largest:
        return None
    return Reason(
        "payout_spike",
        f"Penarikan {rupiah(payout.amount)}, lebih dari {SPIKE_FACTOR}× penarikan terbesar sebelumnya "
        f"({rupiah(largest)}).",
        SPIKE_POINTS,
    )


def new_store(payout: Payout, now: dt.datetime) -> Reason | None:
    """A store only days old already withdrawing."""
    age = now - payout.store.created_at
    if age >= NEW_STORE_AGE:
        return None
    return Reason("new_store", f"Toko baru dibuka {age.days} hari lalu.", NEW_STORE_POINTS)


PAYOUT_RULES: tuple[Callable[[Payout, dt.datetime], Reason | None], ...] = (bank_changed, payout_spike, new_store)


def checkout_reasons(group: OrderGroup, now: dt.datetime) -> list[Reason]:
    return [reason for rule in CHECKOUT_RULES if (reason := rule(group, now))]


def payout_reasons(payout: Payout, now: dt.datetime) -> list[Reason]:
    return [reason for rule in PAYOUT_RULES if (reason := rule(payout, now))]
