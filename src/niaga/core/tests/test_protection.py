"""Under load: 429 with Retry-After past a limit (per address and per account), and a
waiting room that lets buyers in strictly in arrival order and tells each their place."""

import datetime as dt
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache

from niaga.core import clock, waitingroom


@pytest.fixture
def limits_on(settings, monkeypatch):
    """Limits on, and the limiter's clock held still so a window cannot end mid-test."""
    settings.RATELIMIT_ENABLE = True
    frozen = 1_800_000_000.0
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: frozen))
    monkeypatch.setattr(django_ratelimit.core, "EXPIRATION_FUDGE", 3600)  # nor its counters expire in real time
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_login_attempts_from_one_address_are_limited_with_retry_after(client, limits_on, settings):
    settings.NIAGA_CLASS_SIZE = 30  # a class of 30 signs in at 2 a minute each: 60 from one address
    answers = [
        client.post(
            "/api/v1/auth/token", {"email": "x@contoh.id", "password": "salah"}, content_type="application/json"
        )
        for _ in range(61)
    ]
    assert [a.status_code for a in answers[:60]].count(429) == 0
    last = answers[60]
    assert last.status_code == 429 and last.json()["code"] == "rate_limited" and 1 <= int(last["Retry-After"]) <= 60
    other_address = client.post(
        "/api/v1/auth/token",
        {"email": "x@contoh.id", "password": "salah"},
        content_type="application/json",
        REMOTE_ADDR="10.0.0.9",
    )
    assert other_address.status_code != 429


@pytest.mark.django_db
def test_one_account_cannot_hammer_checkout_from_many_addresses(client, limits_on, make_user):
    client.force_login(make_user("Pembeli"))
    codes = [
        client.post(
            "/api/v1/checkout/quote", {}, content_type="application/json", REMOTE_ADDR=f"10.0.1.{i}"
        ).status_code
        for i in range(21)
    ]
    assert codes[:20].count(429) == 0 and codes[20] == 429


@pytest.mark.django_db
def test_reads_are_limited_only_at_impossible_rates_and_probes_never(client, limits_on):
    codes = [client.get("/api/v1/categories").status_code for _ in range(31)]
    assert codes[:30].count(429) == 0 and codes[30] == 429
    assert all(client.get("/healthz").status_code == 200 for _ in range(40))


@pytest.mark.django_db
def test_limits_can_be_turned_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    assert all(client.get("/api/v1/categories").status_code == 200 for _ in range(40))


@pytest.fixture
def room(settings):
    cache.clear()
    settings.NIAGA_WAITING_ROOM_PER_MINUTE = 3
    yield
    cache.clear()


def test_the_waiting_room_admits_in_arrival_order_a_few_each_minute(room):
    start = clock.now().replace(second=5)
    with clock.travel(start - clock.now()):
        answers = [waitingroom.enter(f"buyer{i}", per_minute=3) for i in range(7)]
        assert answers == [(True, 0), (True, 0), (True, 0), (False, 1), (False, 2), (False, 3), (False, 4)]
        assert waitingroom.enter("buyer5", per_minute=3) == (False, 3)  # asking again keeps the place
        assert waitingroom.enter("buyer0", per_minute=3) == (True, 0)  # once in, stays in
    with clock.travel(start - clock.now() + dt.timedelta(minutes=1)):
        # The latest arrival asks first, but the next three tickets go in before it.
        assert waitingroom.enter("buyer6", per_minute=3) == (False, 1)
        assert [waitingroom.enter(f"buyer{i}", per_minute=3) for i in (3, 4, 5)] == [(True, 0)] * 3
    with clock.travel(start - clock.now() + dt.timedelta(minutes=2)):
        assert waitingroom.enter("buyer6", per_minute=3) == (True, 0)


@pytest.mark.django_db
def test_checkout_shows_the_queue_with_place_and_retry_after(client, room, make_user):
    people = [make_user(f"Pembeli {i}") for i in range(4)]
    with clock.travel(clock.now().replace(second=5) - clock.now()):  # all in one minute's budget
        for person in people[:3]:
            client.force_login(person)
            assert client.get("/checkout/").status_code != 503
        client.force_login(people[3])
        page = client.get("/checkout/")
        assert (
            page.status_code == 503
            and page["Retry-After"] == "5"
            and "Posisimu ke-<strong>1</strong>" in page.content.decode()
        )
        api = client.post("/api/v1/checkout/quote", {}, content_type="application/json")
        assert api.status_code == 503 and api.json()["code"] == "waiting_room" and api.json()["position"] == 1
        assert client.get("/").status_code == 200  # browsing is never queued
