"""Each rule of docs/risk.md on a constructed history: it fires at its threshold and not one
step short of it, and only within its window."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from niaga.core import clock
from niaga.payments.models import BankAccount, Payout
from niaga.risk import rules

from .histories import STREET, card_attempt, checkout

pytestmark = pytest.mark.django_db
MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)


@pytest.fixture
def product(make_store, make_product):
    return make_product(make_store(), price=50_000, stock=500)


@pytest.fixture
def old_buyer(make_user):
    """An account a year old, so the new-account rule stays quiet unless a test wants it."""
    user = make_user("Pembeli")
    get_user_model().objects.filter(pk=user.pk).update(date_joined=clock.now() - 365 * DAY)
    user.refresh_from_db()
    return user


def codes(group):
    return [r.code for r in rules.checkout_reasons(group, clock.now())]


def test_velocity_fires_at_the_fifth_checkout_in_an_hour(old_buyer, product):
    checkout(old_buyer, product, ago=61 * MINUTE)  # outside the window
    for _ in range(3):
        checkout(old_buyer, product, ago=10 * MINUTE)
    fourth = checkout(old_buyer, product)
    assert rules.velocity(fourth, clock.now()) is None
    fifth = checkout(old_buyer, product)
    reason = rules.velocity(fifth, clock.now())
    assert reason is not None and reason.points == rules.VELOCITY_POINTS and "5 transaksi" in reason.text


def test_a_device_shared_by_two_other_accounts_fires_one_does_not(make_user, old_buyer, product):
    checkout(make_user(), product, device="dev-1", ago=31 * DAY)  # too long ago to count
    checkout(make_user(), product, device="dev-1", ago=DAY)
    mine = checkout(old_buyer, product, device="dev-1")
    checkout(old_buyer, product, device="dev-1")  # the buyer's own checkouts never count
    assert rules.shared_device(mine, clock.now()) is None
    checkout(make_user(), product, device="dev-1", ago=HOUR)
    assert rules.shared_device(mine, clock.now()).points == rules.DEVICE_POINTS
    assert rules.shared_device(checkout(make_user(), product, device=""), clock.now()) is None  # unknown device


def test_an_address_shared_by_three_other_accounts_in_a_day_fires(make_user, old_buyer, product):
    checkout(make_user(), product, ip="10.0.0.9", ago=25 * HOUR)
    for _ in range(2):
        checkout(make_user(), product, ip="10.0.0.9", ago=HOUR)
    mine = checkout(old_buyer, product, ip="10.0.0.9")
    assert rules.shared_ip(mine, clock.now()) is None
    checkout(make_user(), product, ip="10.0.0.9")
    assert rules.shared_ip(mine, clock.now()).points == rules.IP_POINTS


def test_a_card_used_by_another_account_fires(make_user, old_buyer, product):
    mine = checkout(old_buyer, product)
    card_attempt(mine, masked="481111-1114")
    card_attempt(checkout(old_buyer, product), masked="481111-1114")  # the same buyer again: fine
    card_attempt(checkout(make_user(), product), masked="481111-1114", ago=31 * DAY)  # long ago
    assert rules.shared_card(mine, clock.now()) is None
    card_attempt(checkout(make_user(), product), masked="481111-1114")
    assert rules.shared_card(mine, clock.now()).points == rules.CARD_POINTS


def test_a_new_account_spending_a_lot_fires_below_seven_days_and_from_three_million(
    make_user, make_store, make_product
):
    pricey = make_product(make_store(), price=rules.HIGH_VALUE - 1000 - 18_000, stock=5)
    young = make_user("Pembeli")
    at_limit = checkout(young, pricey)
    assert at_limit.total == rules.HIGH_VALUE  # goods, postage and the service fee
    assert rules.new_account_high_value(at_limit, clock.now()) is not None
    cheaper = make_product(make_store(), price=rules.HIGH_VALUE - 1000 - 18_000 - 1, stock=5)
    assert rules.new_account_high_value(checkout(young, cheaper), clock.now()) is None
    get_user_model().objects.filter(pk=young.pk).update(date_joined=clock.now() - 7 * DAY)
    at_limit.buyer.refresh_from_db()
    assert rules.new_account_high_value(at_limit, clock.now()) is None


def test_three_refused_cards_in_a_day_fire(old_buyer, product):
    group = checkout(old_buyer, product)
    card_attempt(group, status="deny", ago=25 * HOUR)  # yesterday's
    card_attempt(group, status="failure")
    card_attempt(checkout(old_buyer, product), status="deny")
    card_attempt(group, status="settlement")  # a paid one is no failure
    assert rules.failed_cards(group, clock.now()) is None
    card_attempt(group, status="failed")
    reason = rules.failed_cards(group, clock.now())
    assert reason.points == rules.FAILED_CARD_POINTS and reason.text.startswith("3 percobaan")


def test_a_shipping_address_used_by_three_other_accounts_fires(make_user, old_buyer, product):
    mine = checkout(old_buyer, product, address=STREET)
    for _ in range(2):
        checkout(make_user(), product, address=STREET)
    checkout(make_user(), product, address={**STREET, "village_code": "31.73.05.1004"})  # another village
    assert rules.shared_address(mine, clock.now()) is None
    checkout(make_user(), product, address=STREET)
    assert rules.shared_address(mine, clock.now()).points == rules.ADDRESS_POINTS
    assert rules.shared_address(checkout(make_user(), product), clock.now()) is None  # no street: no rule


def test_the_gateways_own_fraud_check_counts(old_buyer, product):
    group = checkout(old_buyer, product)
    card_attempt(group, status="capture", fraud="accept")
    assert rules.gateway_fraud(group, clock.now()) is None
    card_attempt(group, status="capture", fraud="challenge")
    assert rules.gateway_fraud(group, clock.now()).code == "gateway_challenge"
    card_attempt(group, status="deny", fraud="deny")
    assert rules.gateway_fraud(group, clock.now()).points == rules.DENY_POINTS


def test_a_quiet_history_scores_nothing(old_buyer, product):
    group = checkout(old_buyer, product, ip="10.1.1.1", device="dev-q", address=STREET)
    assert codes(group) == [] and rules.level_of(rules.total([])) == "low"


def test_levels_and_the_cap():
    assert [rules.level_of(s) for s in (0, 29, 30, 59, 60, 100)] == ["low", "low", "medium", "medium", "high", "high"]
    assert rules.total([rules.Reason("a", "", 70), rules.Reason("b", "", 70)]) == 100


# --- payouts -----------------------------------------------------------------------------------


@pytest.fixture
def old_store(make_store):
    from niaga.stores.models import Store

    store = make_store()
    Store.objects.filter(pk=store.pk).update(created_at=clock.now() - 365 * DAY)
    store.refresh_from_db()
    return store


def payout(store, amount, status=Payout.Status.REQUESTED):
    return Payout.objects.create(
        store=store, amount=amount, bank="bca", account_number="1234567890", account_name="Sari", status=status
    )


def account(store, *, created_ago, changed_ago):
    now = clock.now()
    return BankAccount.objects.create(
        store=store,
        bank="bca",
        account_number="1234567890",
        account_name="Sari",
        created_at=now - created_ago,
        changed_at=now - changed_ago,
    )


def test_a_payout_within_three_days_of_a_bank_account_change_fires(old_store):
    account(old_store, created_ago=100 * DAY, changed_ago=3 * DAY)
    assert rules.bank_changed(payout(old_store, 50_000), clock.now()) is None
    BankAccount.objects.filter(store=old_store).update(changed_at=clock.now() - 3 * DAY + MINUTE)
    reason = rules.bank_changed(payout(old_store, 50_000), clock.now())
    assert reason.points == rules.BANK_CHANGE_POINTS and rules.level_of(reason.points) == "high"


def test_an_account_saved_for_the_first_time_is_no_change(old_store):
    account(old_store, created_ago=HOUR, changed_ago=HOUR)
    assert rules.bank_changed(payout(old_store, 50_000), clock.now()) is None


def test_a_payout_over_three_times_the_largest_before_fires(old_store):
    payout(old_store, 400_000, Payout.Status.PAID)
    payout(old_store, 9_000_000, Payout.Status.REJECTED)  # never paid: not history
    assert rules.payout_spike(payout(old_store, 1_200_000), clock.now()) is None
    assert rules.payout_spike(payout(old_store, 1_200_001), clock.now()).points == rules.SPIKE_POINTS


def test_a_large_first_payout_fires_and_a_small_spike_does_not(old_store, make_store):
    assert rules.payout_spike(payout(old_store, rules.FIRST_PAYOUT_LARGE - 1), clock.now()) is None
    assert rules.payout_spike(payout(old_store, rules.FIRST_PAYOUT_LARGE), clock.now()) is not None
    payout(old_store, 10_000, Payout.Status.PAID)
    assert rules.payout_spike(payout(old_store, rules.SPIKE_MINIMUM - 1), clock.now()) is None  # small money


def test_a_store_younger_than_fourteen_days_fires(old_store):
    from niaga.stores.models import Store

    Store.objects.filter(pk=old_store.pk).update(created_at=clock.now() - 14 * DAY)
    old_store.refresh_from_db()
    assert rules.new_store(payout(old_store, 50_000), clock.now()) is None
    Store.objects.filter(pk=old_store.pk).update(created_at=clock.now() - 14 * DAY + MINUTE)
    old_store.refresh_from_db()
    assert rules.new_store(payout(old_store, 50_000), clock.now()).points == rules.NEW_STORE_POINTS
