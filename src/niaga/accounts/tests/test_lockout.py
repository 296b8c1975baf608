"""Brute force: 5 failed sign-ins lock an account from wherever they come, 20 lock an address
whichever accounts it tries; on the pages, the API and /admin/; the right password is refused
while locked; the lock lasts longer the more it is hammered, and ends by itself; the owner
hears of it once; an operator can end it."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.core import mail
from django.db.models import F
from django.urls import reverse

from niaga.accounts import lockout
from niaga.audit.models import Event

pytestmark = pytest.mark.django_db

RIGHT = "rahasia-kuat-123"  # conftest's make_user password


@pytest.fixture(autouse=True)
def _lockout_on(settings):
    settings.AXES_ENABLED = True
    # Hundreds of sign-ins here: a fast hasher (what is counted does not depend on it).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def later(minutes: float) -> None:
    """Move the clock forward for the lockout: every recorded failure is that much older."""
    delta = dt.timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - delta)


def api_token(client, email, password, ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token",
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def page_login(client, email, password, ip="10.0.0.1"):
    # `login` is allauth's field, `email` the hand-written form's: the page reads its own.
    return client.post(
        reverse("accounts:login"), {"login": email, "email": email, "password": password}, REMOTE_ADDR=ip
    )


def test_an_account_is_locked_across_twenty_addresses_and_refuses_the_right_password(client, make_user):
    user = make_user()
    codes = [api_token(client, user.email, "salah-terus", ip=f"10.1.0.{n}").status_code for n in range(1, 21)]
    assert codes == [400] * 4 + [429] * 16
    answer = api_token(client, user.email, RIGHT, ip="10.1.0.99")
    assert answer.status_code == 429
    assert answer.json()["code"] == "locked"
    # Hammered past three limits' worth while locked: the lock grew from 15 minutes to an hour.
    assert 59 * 60 <= int(answer["Retry-After"]) <= 60 * 60 + 5
    assert "kata sandi" in answer.json()["message"]


def test_the_account_key_is_the_lower_cased_email(client, make_user):
    user = make_user(email="budi@contoh.id")
    for n, spelled in enumerate(["BUDI@contoh.id", "Budi@Contoh.ID", " budi@contoh.id", "budi@CONTOH.id"]):
        api_token(client, spelled, "salah", ip=f"10.2.0.{n}")
    assert api_token(client, "budi@contoh.id", "salah", ip="10.2.0.9").status_code == 429
    assert api_token(client, user.email, RIGHT, ip="10.2.0.10").status_code == 429


def test_an_address_is_locked_across_accounts(client, make_user):
    users = [make_user() for _ in range(21)]
    codes = [api_token(client, u.email, "salah", ip="10.3.0.1").status_code for u in users[:20]]
    assert codes == [400] * 19 + [429]
    # A fresh account, the right password, from the locked address: refused.
    assert api_token(client, users[20].email, RIGHT, ip="10.3.0.1").status_code == 429
    # The same account from elsewhere is fine: it had no failures of its own.
    assert api_token(client, users[20].email, RIGHT, ip="10.3.0.2").status_code == 201


def test_the_sign_in_page_shows_when_to_try_again_and_the_reset_link(client, make_user):
    user = make_user()
    for _ in range(4):
        assert page_login(client, user.email, "salah").status_code in (200, 400)  # the form, with its error
    locked = page_login(client, user.email, "salah")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Coba lagi nanti" in page and "menit lagi" in page
    assert reverse("account_reset_password") in page and "Lupa kata sandi" in page
    assert int(locked["Retry-After"]) > 0
    right = page_login(client, user.email, RIGHT, ip="10.0.0.2")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_session_api_login_is_locked_too(client, make_user):
    user = make_user()

    def login(password):
        return client.post(
            "/api/v1/auth/login", {"email": user.email, "password": password}, content_type="application/json"
        )

    assert [login("salah").status_code for _ in range(5)] == [400] * 4 + [429]
    answer = login(RIGHT)
    assert answer.status_code == 429 and answer.json()["code"] == "locked"
    assert client.get("/api/v1/me").status_code == 401


def test_the_admin_login_is_the_locked_sign_in_page(client, make_user):
    """/admin/login/ checks no password of its own (allauth's secure_admin_login sends everyone to
    the sign-in page, which also asks staff for the second factor): guesses meet the page's lock."""
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    sent = client.post(reverse("admin:login"), {"username": operator.email, "password": "salah"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:login"))
    assert not AccessAttempt.objects.exists()  # no password was tried there
    for _ in range(4):
        assert page_login(client, operator.email, "salah").status_code in (200, 400)
    assert page_login(client, operator.email, "salah").status_code == 429
    assert page_login(client, operator.email, RIGHT, ip="10.4.0.1").status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in


def test_the_lock_ends_after_its_back_off_which_grows_with_hammering(client, make_user):
    user = make_user()
    for _ in range(5):
        api_token(client, user.email, "salah")
    later(14)
    # (From another address: a try while locked counts, and would extend its own address's row.)
    assert api_token(client, user.email, RIGHT, ip="10.0.0.2").status_code == 429
    later(1.1)
    assert api_token(client, user.email, RIGHT).status_code == 201

    other = make_user()
    for _ in range(10):  # twice the limit: 30 minutes
        api_token(client, other.email, "salah", ip="10.5.0.1")
    answer = api_token(client, other.email, RIGHT, ip="10.5.0.2")
    assert answer.status_code == 429
    assert 29 * 60 <= int(answer["Retry-After"]) <= 30 * 60 + 5
    later(16)
    assert api_token(client, other.email, RIGHT, ip="10.5.0.3").status_code == 429
    later(16)
    assert api_token(client, other.email, RIGHT, ip="10.5.0.4").status_code == 201


def test_the_owner_is_told_once_per_lock_and_the_audit_trail_has_it(client, make_user):
    user = make_user()
    for _ in range(9):
        api_token(client, user.email, "salah")
    to_owner = [m for m in mail.outbox if user.email in m.to]
    assert len(to_owner) == 1
    message = to_owner[0]
    assert "dikunci" in message.subject
    assert reverse("account_reset_password") in message.body
    assert Event.objects.filter(action="account.locked", user=user).count() == 1

    later(60 * 24)  # the lock is over; a new one is a new notice
    for _ in range(5):
        api_token(client, user.email, "salah")
    assert len([m for m in mail.outbox if user.email in m.to]) == 2


def test_failures_for_an_unknown_email_lock_it_all_the_same_and_tell_nobody(client, db):
    codes = [api_token(client, "tidak-ada@contoh.id", "salah", ip=f"10.6.0.{n}").status_code for n in range(6)]
    assert codes == [400] * 4 + [429] * 2  # the same answers as for a real account: nothing to enumerate
    assert mail.outbox == []


@pytest.fixture
def operator(client, make_user):
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    return staff


def test_an_operator_sees_the_locks_and_opens_one(client, make_user, operator, second_factor):
    user = make_user()
    for _ in range(5):
        api_token(client, user.email, "salah", ip="10.7.0.1")
    assert api_token(client, user.email, RIGHT, ip="10.7.0.2").status_code == 429
    assert [(lock.kind, lock.key) for lock in lockout.locks_now()] == [("account", user.email)]

    second_factor(client, operator)  # operator pages ask for it
    page = client.get(reverse("monitoring:lockouts"))
    assert page.status_code == 200 and user.email in page.content.decode()
    answer = client.post(reverse("monitoring:lockouts"), {"kind": "account", "key": user.email})
    assert answer.status_code == 302
    client.logout()

    assert api_token(client, user.email, RIGHT, ip="10.7.0.2").status_code == 201
    event = Event.objects.get(action="account.unlocked")
    assert event.actor == operator and event.user == user


def test_an_operator_opens_a_locked_address(client, make_user, operator):
    for n in range(20):
        api_token(client, f"orang{n}@contoh.id", "salah", ip="10.8.0.1")
    assert [(lock.kind, lock.key) for lock in lockout.locks_now()] == [("address", "10.8.0.1")]
    lockout.unlock(kind="address", key="10.8.0.1", operator=operator)
    assert api_token(client, make_user().email, RIGHT, ip="10.8.0.1").status_code == 201


def test_only_staff_reach_the_lock_page(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("monitoring:lockouts")).status_code == 302
    assert client.post(reverse("monitoring:lockouts"), {"kind": "address", "key": "1.2.3.4"}).status_code == 302
    assert not Event.objects.filter(action="account.unlocked").exists()


def test_the_rate_limit_answers_first_and_its_refusals_are_not_counted_as_failures(client, settings, make_user):
    settings.RATELIMIT_ENABLE = True
    settings.NIAGA_CLASS_SIZE = 1  # sign-ins per address at their floor, 20 a minute: below the address's lock
    user = make_user()
    answers = [api_token(client, user.email, "salah", ip="10.9.0.1") for _ in range(22)]
    assert [a.json()["code"] for a in answers[-2:]] == ["rate_limited", "rate_limited"]
    assert lockout.failures(ip="10.9.0.1") == 20  # what reached authenticate, no more


def test_with_allauths_own_limits_on_the_lock_comes_first_and_the_owner_is_told(client, make_user, settings):
    """allauth counts failed sign-ins too; its limit per account sits above the lock's, so a run of
    guesses ends in the lock (the owner e-mailed, an operator able to see it), not in allauth's
    quieter refusal."""
    from niaga import settings as configured

    settings.ACCOUNT_RATE_LIMITS = configured.ACCOUNT_RATE_LIMITS or {"login_failed": "10/m/ip,8/300s/key"}
    mail.outbox.clear()
    user = make_user()
    answers = [api_token(client, user.email, "salah-terus", ip=f"10.6.0.{n}") for n in range(1, 8)]
    assert [a.status_code for a in answers] == [400] * 4 + [429] * 3
    assert {a.json()["code"] for a in answers[4:]} == {"locked"}
    assert [m.to for m in mail.outbox] == [[user.email]]
