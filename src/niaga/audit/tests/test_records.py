"""Each sensitive action leaves one event naming who did it, whose account it concerns, from
where, and what changed; never a secret."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from niaga.audit.models import Event
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import Payout

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
PASSWORD = "rahasia-kuat-123"


def only(action, **filters):
    events = list(Event.objects.filter(action=action, **filters))
    assert len(events) == 1, f"{action}: {events}"
    return events[0]


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


# --- signing in ---------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_the_address_and_the_browser(make_user, client):
    user = make_user(email="Sari@Contoh.id")
    answer = client.post(
        reverse("account_login"),
        {"login": "sari@contoh.id", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=PHONE,
    )
    assert answer.status_code == 302
    event = only("auth.login")
    assert (event.actor, event.user, event.ip, event.user_agent) == (user, user, "203.0.113.7", PHONE)


def test_a_failed_sign_in_names_the_account_by_its_email_lower_cased_and_never_the_password(make_user, client):
    user = make_user(email="budi@contoh.id")
    client.post(
        reverse("account_login"), {"login": "BUDI@Contoh.ID", "password": "salah-sekali-99"}, REMOTE_ADDR="198.51.100.2"
    )
    event = only("auth.login_failed")
    assert (event.actor, event.user, event.ip) == (None, user, "198.51.100.2")
    assert event.changes == {"email": "budi@contoh.id"}
    assert "salah-sekali-99" not in str(Event.objects.values())


def test_a_failed_sign_in_for_an_unknown_email_is_recorded_without_an_account(client):
    client.post(reverse("account_login"), {"login": "Tidak.Ada@contoh.id", "password": "apa-saja-123"})
    event = only("auth.login_failed")
    assert (event.user, event.changes) == (None, {"email": "tidak.ada@contoh.id"})


def test_a_sign_in_through_the_api_and_the_sign_out_are_recorded(make_user, client):
    user = make_user(email="api@contoh.id")
    assert (
        client.post(
            "/api/v1/auth/login", {"email": "api@contoh.id", "password": PASSWORD}, content_type="application/json"
        ).status_code
        == 200
    )
    client.post("/api/v1/auth/logout")
    assert only("auth.login").user == user
    assert only("auth.logout").user == user


# --- payouts --------------------------------------------------------------------------------


def completed(group):
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    order = group.orders.get()
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    return order


@pytest.fixture
def store_with_income(place, make_product, make_store):
    product = make_product(make_store(), price=20_000, stock=1)
    return completed(place(product=product)).store


def test_a_payout_request_from_the_sellers_page_names_the_seller_and_hides_the_account_number(
    store_with_income, client, second_factor, bank_account
):
    seller = store_with_income.owner
    bank_account(store_with_income, bank_code="bca", number="1234567890", name="Sari")
    second_factor(client, seller)  # the payout page asks for a step-up
    answer = client.post(reverse("seller:payout"), {"amount": "15000"}, REMOTE_ADDR="203.0.113.9")
    assert answer.status_code == 302 and answer["Location"] == reverse("seller:balance")
    payout = Payout.objects.get()
    event = only("payout.requested")
    assert (event.actor, event.user, event.ip) == (seller, seller, "203.0.113.9")
    assert (event.target_type, event.target_id) == ("payments.payout", str(payout.pk))
    assert event.changes == {"store": store_with_income.pk, "amount": 15000, "bank": "bca", "account": "…7890"}
    assert "1234567890" not in str(event.changes)


@pytest.mark.parametrize(("action", "recorded"), [("approve", "payout.approved"), ("reject", "payout.rejected")])
def test_the_operators_payout_decision_names_the_operator(
    store_with_income, operator, client, action, recorded, second_factor, bank_account
):
    bank_account(store_with_income, bank_code="bca", number="1234567890", name="Sari")
    payout = money.request_payout(store=store_with_income, amount=15_000)
    assert only("payout.requested").actor == store_with_income.owner  # no request: the owner asked
    second_factor(client, operator)
    client.post("/admin/payments/payout/", {"action": action, "_selected_action": [payout.pk]}, REMOTE_ADDR="10.1.2.3")
    event = only(recorded)
    assert (event.actor, event.user, event.ip) == (operator, store_with_income.owner, "10.1.2.3")
    decided = "paid" if action == "approve" else "rejected"
    assert event.changes == {"store": store_with_income.pk, "amount": 15_000, "status": ["requested", decided]}


# --- order moves by operators, and refunds -------------------------------------------------


def test_an_operator_cancelling_a_paid_order_records_the_move_and_the_refund(place, operator, client, second_factor):
    group = place()
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    order = group.orders.get()
    second_factor(client, operator)
    client.post(
        "/admin/orders/order/", {"action": "cancel_orders", "_selected_action": [order.pk]}, REMOTE_ADDR="10.9.8.7"
    )
    moved = only("order.moved_by_operator")
    assert (moved.actor, moved.user, moved.ip) == (operator, order.buyer, "10.9.8.7")
    assert moved.changes == {"order": order.number, "status": ["to_pack", "cancelled"]}
    refunded = only("refund.issued")
    assert (refunded.actor, refunded.user, refunded.target_id) == (operator, order.buyer, str(order.pk))
    assert refunded.changes["order"] == order.number and refunded.changes["amount"] == order.total
    assert refunded.changes["to"] == "saldo"  # a VA cannot be refunded through the gateway


def test_moves_by_buyers_sellers_and_the_gateway_are_not_operator_moves(place):
    group = place()
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    orders.transition(order=group.orders.get(), to_status=Status.READY_TO_SHIP, role=Actor.SELLER)
    assert not Event.objects.filter(action="order.moved_by_operator").exists()


def test_a_refund_is_recorded_once_however_often_it_is_asked(place):
    group = place()
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    order = group.orders.get()
    money.refund_to_saldo(order=order, amount=1000, key="uji:refund", reason="Uji")
    money.refund_to_saldo(order=order, amount=1000, key="uji:refund", reason="Uji")
    event = only("refund.issued")
    assert (event.actor, event.changes["amount"], event.note) == (None, 1000, "Uji")


# --- roles ----------------------------------------------------------------------------------


def test_making_someone_staff_in_the_admin_names_the_operator_and_the_change(
    make_user, operator, client, second_factor
):
    user = make_user(email="calon@contoh.id")
    second_factor(client, operator)
    answer = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "email": user.email,
            "full_name": user.full_name,
            "phone": user.phone,
            "password": user.password,
            "is_staff": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "groups": [Group.objects.create(name="Mediator").pk],
            "_save": "Simpan",
        },
        REMOTE_ADDR="10.0.0.5",
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    events = Event.objects.filter(action="role.changed", user=user).order_by("pk")
    assert [(e.actor, e.ip, e.changes) for e in events] == [
        (operator, "10.0.0.5", {"is_staff": [False, True]}),
        (operator, "10.0.0.5", {"groups": {"added": ["Mediator"]}}),
    ]


def test_role_changes_outside_a_request_are_recorded_without_an_actor(make_user):
    user = make_user()
    user.is_superuser = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    group = Group.objects.create(name="Gudang")
    group.user_set.add(user)
    user.groups.clear()
    events = [(e.actor, e.changes) for e in Event.objects.filter(action="role.changed", user=user).order_by("pk")]
    assert events == [
        (None, {"is_superuser": [False, True]}),
        (None, {"user_permissions": {"added": ["audit.view_event"]}}),
        (None, {"groups": {"added": ["Gudang"]}}),
        (None, {"groups": {"removed": ["Gudang"]}}),
    ]


def test_saving_a_user_without_a_role_change_records_nothing(make_user, client):
    user = make_user()
    user.full_name = "Nama Baru"
    user.save()
    client.force_login(user)  # last_login is saved too
    assert not Event.objects.filter(action="role.changed").exists()
