"""Reads of the fraud review: the operator's queue and the evidence of one case."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q

from niaga.core import clock
from niaga.core.errors import NotFound
from niaga.orders.models import Order, OrderLine
from niaga.orders.status import Status
from niaga.payments.models import BankAccount, PaymentAttempt, Payout

from . import rules
from .models import Assessment, Decision

FILTERS = {
    "": ("Menunggu keputusan", Q(decision=Decision.PENDING)),
    "decided": ("Sudah diputuskan", Q(decision__in=[Decision.RELEASED, Decision.REJECTED], decided_by__isnull=False)),
    "all": ("Semua penilaian", Q()),
}


def queue(which: str = ""):
    """Waiting cases, highest score first; or the decided ones, or every score, newest first."""
    condition = FILTERS.get(which, FILTERS[""])[1]
    qs = Assessment.objects.filter(condition).select_related("user", "group", "payout__store", "decided_by")
    return qs.order_by("-score", "created_at", "pk") if which == "" else qs.order_by("-created_at", "-pk")


def pending_count() -> int:
    return Assessment.objects.filter(decision=Decision.PENDING).count()


def case(pk: int) -> Assessment:
    found = Assessment.objects.select_related("user", "group", "payout__store__owner", "decided_by").filter(pk=pk)
    assessment = found.first()
    if assessment is None:
        raise NotFound("Kasus tidak ditemukan.", code="risk_case_not_found")
    return assessment


@dataclass
class Evidence:
    account_age_days: int
    orders_total: int
    orders_completed: int
    orders_cancelled: int
    shared: dict[str, list] = field(default_factory=dict)  # "device" -> [User, ...]
    orders: list[Order] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    attempts: list[PaymentAttempt] = field(default_factory=list)
    payout: Payout | None = None
    bank_account: BankAccount | None = None
    earlier_payouts: list[Payout] = field(default_factory=list)
    store_age_days: int | None = None


def _users(ids) -> list:
    return list(get_user_model().objects.filter(pk__in=list(ids)[:20]).order_by("pk"))


def evidence(assessment: Assessment) -> Evidence:
    """What the operator weighs: the account's age and history, other accounts sharing its
    device, address, card or shipping address, and the orders or the payout itself."""
    now = clock.now()
    user = assessment.user
    history = Order.objects.filter(buyer=user).aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=Status.COMPLETED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )
    found = Evidence(
        account_age_days=(now - user.date_joined).days,
        orders_total=history["total"],
        orders_completed=history["completed"],
        orders_cancelled=history["cancelled"],
    )
    group, payout = assessment.group, assessment.payout
    if group is not None:
        found.orders = list(
            group.orders.select_related("store").prefetch_related(
                Prefetch("lines", queryset=OrderLine.objects.order_by("pk"))
            )
        )
        found.cards = sorted(rules.cards_of(group))
        found.shared = {
            "Perangkat": _users(rules.others_on_device(group, now)) if group.placed_device else [],
            "Alamat IP": _users(rules.others_on_ip(group, now)) if group.placed_ip else [],
            "Kartu": _users(rules.others_on_card(group, now)) if found.cards else [],
            "Alamat pengiriman": _users(rules.others_at_address(group, now)),
        }
        found.attempts = list(PaymentAttempt.objects.filter(group=group).order_by("pk"))
    if payout is not None:
        found.payout = payout
        found.store_age_days = (now - payout.store.created_at).days
        found.bank_account = BankAccount.objects.filter(store_id=payout.store_id).first()
        found.earlier_payouts = list(Payout.objects.filter(store_id=payout.store_id).exclude(pk=payout.pk)[:10])
    return found
