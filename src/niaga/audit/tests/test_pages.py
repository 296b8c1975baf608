"""The two pages of the trail: operators read and filter every event; each user reads their
own security events, and nobody else's."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga import audit
from niaga.core import clock

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"


class Seen:
    """A request as record() reads it: an address and a browser."""

    def __init__(self, ip="203.0.113.7", agent=PHONE):
        self.user = None
        self.META = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": agent}


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = True
    user.save()
    return user


def on(day: int):
    """Record as if it were that day of March 2026, at noon WIB."""
    return clock.travel(dt.datetime(2026, 3, day, 5, 0, tzinfo=dt.UTC) - timezone.now())


@pytest.fixture
def sari_and_budi(make_user):
    """Sari's three events on 1 March, Budi's two on 2 March."""
    sari, budi = make_user(email="sari@contoh.id"), make_user(email="budi@contoh.id")
    with on(1):
        audit.record("auth.login", actor=sari, request=Seen())
        audit.record("auth.login_failed", user=sari, request=Seen("198.51.100.2"), changes={"email": "sari@contoh.id"})
        audit.record("token.created", actor=sari, note="aplikasi kasir")
    with on(2):
        audit.record("auth.login", actor=budi, request=Seen("192.0.2.44"))
        audit.record("payout.requested", actor=budi, changes={"amount": 15000})
    return sari, budi


def test_a_user_sees_their_own_sign_ins_with_device_and_address_and_not_anyone_elses(sari_and_budi, client):
    sari, budi = sari_and_budi
    client.force_login(sari)
    page = client.get(reverse("audit:my_events"))
    assert page.status_code == 200
    text = page.content.decode()
    # force_login is a sign-in too: it comes first.
    assert [row["event"].action for row in page.context["rows"]] == [
        "auth.login",
        "token.created",
        "auth.login_failed",
        "auth.login",
    ]
    assert text.count('class="card section-card audit-event"') == 4
    assert "Chrome di Android" in text and "203.0.113.7" in text
    assert "Gagal masuk" in text and "198.51.100.2" in text
    assert "Token API dibuat" in text
    assert "192.0.2.44" not in text and "Penarikan" not in text  # Budi's, and not a security event


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    answer = client.get(reverse("audit:my_events"))
    assert answer.status_code == 302 and "next=" in answer["Location"]


def test_the_operator_page_lists_every_event_newest_first(sari_and_budi, operator, client, second_factor):
    second_factor(client, operator)
    page = client.get(reverse("audit:operator_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "7 catatan" in text  # the five above, the operator made staff and signed in
    assert text.index("Penarikan saldo diajukan") < text.index("Token API dibuat")
    assert "budi@contoh.id" in text and "amount: 15000" in text


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ({"email": "SARI@contoh.id"}, ["token.created", "auth.login_failed", "auth.login"]),
        ({"action": "auth.login"}, ["auth.login", "auth.login"]),
        ({"email": "budi@contoh.id", "action": "auth.login"}, ["auth.login"]),
        ({"since": "2026-03-02"}, ["payout.requested", "auth.login"]),
        ({"until": "2026-03-01"}, ["token.created", "auth.login_failed", "auth.login"]),
    ],
)
def test_the_operator_filters_by_email_action_and_day(sari_and_budi, operator, client, query, actions, second_factor):
    with on(3):
        second_factor(client, operator)
    page = client.get(reverse("audit:operator_list"), {**query, "until": query.get("until", "2026-03-02")})
    assert page.status_code == 200
    assert [row["event"].action for row in page.context["rows"]] == actions


def test_a_bad_date_in_the_filter_is_a_400_with_a_message(operator, client, second_factor):
    second_factor(client, operator)
    page = client.get(reverse("audit:operator_list"), {"since": "kemarin"})
    assert page.status_code == 400
    assert "Tanggal tidak valid" in page.content.decode()


def test_the_operator_page_is_paginated(make_user, operator, client, second_factor):
    user = make_user()
    for _ in range(35):
        audit.record("token.created", actor=user)
    second_factor(client, operator)
    first = client.get(reverse("audit:operator_list"), {"action": "token.created"})
    assert len(first.context["rows"]) == 30 and "Halaman 1 dari 2" in first.content.decode()
    assert len(client.get(reverse("audit:operator_list"), {"action": "token.created", "page": 2}).context["rows"]) == 5


def test_someone_who_is_not_staff_gets_404_on_the_operator_page(make_user, client):
    client.force_login(make_user())
    assert client.get(reverse("audit:operator_list")).status_code == 404


def test_the_operators_nav_links_the_trail(operator, client, second_factor):
    second_factor(client, operator)
    assert reverse("audit:operator_list").encode() in client.get(reverse("monitoring:dashboard")).content
