"""A class is a crowd from one place: forty students behind one campus address (NAT) press
together. Signed-in requests count per account, the address only against a class's ceiling;
anonymous ones per address as before; sign-ins per address, sized for a class, while the
lockout still stops guessing."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core.cache import cache

from niaga.accounts.services import issue_token

CAMPUS = "10.20.0.1"  # the class's one address
CLASS = 40


@pytest.fixture
def limits_on(settings, monkeypatch):
    """Limits on, a class size of 60, and the limiter's clock held still: all in one second."""
    settings.RATELIMIT_ENABLE = True
    settings.NIAGA_CLASS_SIZE = 60
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    frozen = 1_800_000_000.0
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: frozen))
    monkeypatch.setattr(django_ratelimit.core, "EXPIRATION_FUDGE", 3600)
    cache.clear()
    yield
    cache.clear()


def post(client, path, body=None, token="", ip=CAMPUS):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(path, body or {}, content_type="application/json", REMOTE_ADDR=ip, **auth)


def get(client, path, token="", ip=CAMPUS):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(path, REMOTE_ADDR=ip, **auth)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in_by", ["session", "token"])
def test_a_class_adds_to_cart_and_checks_out_in_one_second_from_one_address(client, limits_on, make_user, signed_in_by):
    students = [make_user(f"Siswa {n}") for n in range(CLASS)]
    codes = []
    for student in students:
        token = ""
        if signed_in_by == "session":
            client.force_login(student)
        else:
            client.logout()
            token = issue_token(user=student)
        codes.append(post(client, "/api/v1/cart/items", {"variant_id": 0, "quantity": 1}, token).status_code)
        codes.append(post(client, "/api/v1/checkout", {}, token).status_code)
        codes.append(get(client, "/api/v1/cart", token).status_code)
    assert len(codes) == 3 * CLASS and 429 not in codes


# One account past its own limit, from wherever: (signed in by, method, path, its limit).
OWN_LIMITS = [
    ("session", "post", "/api/v1/checkout/quote", 20),
    ("token", "post", "/api/v1/checkout/quote", 20),
    ("token", "get", "/api/v1/cart", 30),  # the burst: 30 a second
    ("session", "get", "/api/v1/cart", 30),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("signed_in_by", "method", "path", "limit"), OWN_LIMITS)
def test_one_account_past_its_own_limit_is_refused_with_retry_after(
    client, limits_on, make_user, signed_in_by, method, path, limit
):
    student = make_user("Siswa")
    token = issue_token(user=student) if signed_in_by == "token" else ""
    if signed_in_by == "session":
        client.force_login(student)
    send = post if method == "post" else get
    # Each from an address of its own: the account is what is counted.
    answers = [send(client, path, token=token, ip=f"10.30.{n // 250}.{n % 250}") for n in range(limit + 1)]
    assert [a.status_code for a in answers[:limit]].count(429) == 0
    last = answers[limit]
    assert last.status_code == 429 and last.json()["code"] == "rate_limited"
    assert 1 <= int(last["Retry-After"]) <= 60
    client.logout()
    neighbour = make_user("Teman sekelas")  # the same address, another account: not refused
    assert get(client, "/api/v1/cart", token=issue_token(user=neighbour)).status_code != 429


@pytest.mark.django_db
def test_the_address_still_has_a_ceiling_for_signed_in_requests(client, limits_on, make_user, settings):
    settings.NIAGA_CLASS_SIZE = 2  # a class of two: the third account's burst is past the address's
    tokens = [issue_token(user=make_user()) for _ in range(3)]
    codes = [get(client, "/api/v1/cart", token=t).status_code for t in tokens for _ in range(30)]
    assert codes[:60].count(429) == 0 and codes[60:] == [429] * 30


# Anonymous requests count per address as before: (what they send, token, the address's limit).
ANONYMOUS = [
    ("reads", "", 30),
    ("reads with an unknown token", "bukan-token-siapa-pun", 30),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "token", "limit"), ANONYMOUS, ids=[a[0] for a in ANONYMOUS])
def test_anonymous_requests_from_one_address_are_limited_as_before(client, limits_on, what, token, limit):
    codes = [get(client, "/api/v1/categories", token=token).status_code for _ in range(CLASS)]
    assert codes[:limit].count(429) == 0 and codes[limit:] == [429] * (CLASS - limit)
    assert get(client, "/api/v1/categories", ip="10.20.0.2").status_code != 429  # the next address is apart


@pytest.mark.django_db
def test_a_class_signs_in_at_once_from_one_address(client, limits_on, make_user, settings):
    settings.AXES_ENABLED = True
    students = [make_user(f"Siswa {n}") for n in range(CLASS)]
    answers = [post(client, "/api/v1/auth/token", {"email": s.email, "password": "rahasia-kuat-123"}) for s in students]
    assert [a.status_code for a in answers] == [201] * CLASS


@pytest.mark.django_db
def test_sign_ins_from_one_address_are_still_limited_past_a_class(client, limits_on):
    # 2 a minute for each of 60: the 121st is refused, whatever it is.
    codes = [post(client, "/api/v1/auth/register", {}).status_code for _ in range(121)]
    assert codes[:120].count(429) == 0 and codes[120] == 429


@pytest.mark.django_db
def test_guessing_from_a_class_address_is_still_locked_out(client, limits_on, make_user, settings):
    settings.AXES_ENABLED = True
    victim = make_user("Siswa")
    guesses = [post(client, "/api/v1/auth/token", {"email": victim.email, "password": f"tebak-{n}"}) for n in range(6)]
    assert [g.status_code for g in guesses] == [400] * 4 + [429] * 2  # the fifth failure locks
    assert guesses[5].json()["code"] == "locked"
    right = post(client, "/api/v1/auth/token", {"email": victim.email, "password": "rahasia-kuat-123"}, ip="10.40.0.1")
    assert right.status_code == 429  # the account is locked wherever the right password comes from
    # Across accounts, the address locks at 20 failures, long before the class-sized rate limit.
    others = [make_user() for _ in range(20)]
    answers = [post(client, "/api/v1/auth/token", {"email": o.email, "password": "salah"}) for o in others]
    assert answers[-1].json()["code"] == "locked"
    assert all(a.json()["code"] != "rate_limited" for a in answers)


@pytest.mark.django_db
def test_a_class_registers_at_once_from_one_address_with_allauths_limits_on(client, limits_on, settings):
    from niaga import settings as configured

    settings.ACCOUNT_RATE_LIMITS = configured.ACCOUNT_RATE_LIMITS  # allauth's per-address sign-up limit too
    codes = [
        post(
            client,
            "/api/v1/auth/register",
            {"email": f"siswa{n}@kelas.id", "password": "kelas-niaga-2026", "full_name": f"Siswa {n}"},
        ).status_code
        for n in range(CLASS)
    ]
    assert codes == [202] * CLASS
