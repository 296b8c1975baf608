"""Two factors with an authenticator app: enrolment shows a QR code and asks for a code before it
is on; sign-in then asks for the code after the password; a recovery code works once; every
change goes into the audit trail; staff cannot open /admin/ or /operator/ without it."""

import re

import pytest
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.shortcuts import resolve_url
from django.urls import reverse

from niaga.audit.models import Event
from niaga.conftest import totp_now

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-kuat-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Used codes and allauth's counters of wrong codes live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def enrolled(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def post_committed(client, capture, url: str, data: dict | None = None):
    """POST, then run what the view left for its transaction's commit inside that request, as
    in production (autocommit: at once, mid-request). The test's own transaction never commits,
    so the callbacks are captured; allauth's notification e-mail among them reads the request."""
    with capture() as callbacks:
        answer = client.post(url, data or {})
    with context.request_context(answer.wsgi_request):
        for callback in callbacks:
            callback()
    return answer


def test_enrolment_shows_a_qr_code_then_turns_on_with_a_code_from_the_app(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user("Pembeli")
    client.force_login(user)
    # allauth asks for the password again before a factor is added
    start = client.get(reverse("mfa_activate_totp"))
    assert start.status_code == 302 and start["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="totp-qr" src="data:image/svg+xml;base64,' in html  # the QR code, as a data: image
    assert "Aktifkan aplikasi autentikator" in html and 'lang="id"' in html
    assert "<style" not in html and 'style="' not in html
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', html).group(1)

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if totp_now(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Kode salah atau sudah dipakai." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    done = post_committed(
        client, django_capture_on_commit_callbacks, reverse("mfa_activate_totp"), {"code": totp_now(secret)}
    )
    assert done.status_code == 302
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}
    # the secret is kept encrypted with the field keys, never as typed into the app
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert secret not in stored and stored.startswith("gAAAA")
    assert set(Event.objects.filter(user=user, action="mfa.added").values_list("changes__type", flat=True)) == {
        "totp",
        "recovery_codes",
    }


def test_sign_in_asks_for_the_code_after_the_password(client, make_user):
    user = make_user("Pembeli")
    secret = enrolled(user)

    after_password = sign_in(client, user.email)
    assert after_password.status_code == 302 and after_password["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone

    form = client.get(reverse("mfa_authenticate"))
    assert form.status_code == 200 and "Masukkan kode dari aplikasi autentikator" in form.content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    done = client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_code_is_accepted_once(client, make_user):
    user = make_user("Pembeli")
    secret = enrolled(user)
    code = totp_now(secret)
    sign_in(client, user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    other = client.__class__()
    sign_in(other, user.email)
    replay = other.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200 and "_auth_user_id" not in other.session


def test_a_recovery_code_signs_in_once_and_never_again(client, make_user):
    user = make_user("Pembeli")
    enrolled(user)
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    assert len(codes) == 10

    sign_in(client, user.email)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[3]}).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    again = client.__class__()
    sign_in(again, user.email)
    second_use = again.post(reverse("mfa_authenticate"), {"code": codes[3]})
    assert second_use.status_code == 200 and "_auth_user_id" not in again.session
    left = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    assert codes[3] not in left and len(left) == 9


def test_the_mfa_page_is_niagas_in_indonesian_and_lists_the_factors(client, make_user):
    user = make_user("Pembeli")
    client.force_login(user)
    off = client.get(reverse("mfa_index")).content.decode()
    assert "Verifikasi dua langkah belum aktif." in off and reverse("mfa_activate_totp") in off
    assert reverse("mfa_add_webauthn") in off
    assert 'class="site-header"' in off  # Niaga's own layout
    enrolled(user)
    on = client.get(reverse("mfa_index")).content.decode()
    assert "Verifikasi dua langkah aktif." in on and "10 dari 10 kode belum dipakai" in on


def test_buyers_are_never_forced(client, make_user):
    user = make_user("Pembeli")
    client.force_login(user)
    assert client.get(reverse("orders:list")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_removing_and_regenerating_are_in_the_audit_trail(
    client, make_user, second_factor, django_capture_on_commit_callbacks
):
    user = make_user("Pembeli")
    second_factor(client, user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks before changes

    assert (
        post_committed(client, django_capture_on_commit_callbacks, reverse("mfa_generate_recovery_codes")).status_code
        == 302
    )
    reset = Event.objects.get(user=user, action="mfa.recovery_codes_generated")
    assert reset.actor == user and reset.ip == "127.0.0.1" and reset.changes == {"type": "recovery_codes"}

    assert post_committed(client, django_capture_on_commit_callbacks, reverse("mfa_deactivate_totp")).status_code == 302
    removed = set(Event.objects.filter(user=user, action="mfa.removed").values_list("changes__type", flat=True))
    assert removed == {"totp", "recovery_codes"}  # the codes go with the last factor
    assert not Authenticator.objects.filter(user=user).exists()
    for event in Event.objects.filter(user=user):
        assert "secret" not in str(event.changes) and "seed" not in str(event.changes)


# --- staff ---------------------------------------------------------------------------------


@pytest.fixture
def staff(make_user):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.mark.parametrize("path", ["/admin/", "/admin/orders/order/", "/operator/", "/operator/komplain/"])
def test_staff_without_a_second_factor_are_sent_to_enrol_first(client, staff, path):
    client.force_login(staff)
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("mfa_index"))
    follow = client.get(answer["Location"]).content.decode()
    assert "Akun staf wajib memakai verifikasi dua langkah" in follow


@pytest.mark.django_db(transaction=True)  # allauth tells of the new factor on commit, as in production
def test_staff_come_back_to_the_page_after_enrolling(client, staff):
    client.force_login(staff)
    client.get("/operator/")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', html).group(1)
    client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert 'id="mfa-continue"' in codes  # "Sudah saya simpan, lanjutkan"
    back = client.get(reverse("accounts:mfa_continue"))
    assert back.status_code == 302 and back["Location"] == "/operator/"
    assert client.get("/operator/").status_code == 200  # adding the app took a code: no second ask


def test_staff_signed_in_by_password_alone_are_asked_for_the_code(client, staff):
    secret = enrolled(staff)
    client.force_login(staff)  # however the session began, without a second factor
    answer = client.get("/admin/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    page = client.get(answer["Location"]).content.decode()
    assert "Gunakan kata sandi" not in page and "Use your password" not in page  # no password way round
    done = client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_sign_in_goes_through_allauth_and_asks_for_the_code(client, staff, settings):
    secret = enrolled(staff)
    login = client.get("/admin/login/?next=/admin/")
    # not Django's password-only form: the site's sign-in (allauth's secure_admin_login)
    assert login.status_code == 302
    assert login["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=%2Fadmin%2F"
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302  # password alone: not in
    client.post(reverse("mfa_authenticate"), {"code": totp_now(secret)})
    assert client.get("/admin/").status_code == 200


def test_non_staff_are_not_asked_by_the_staff_rule(client, make_user):
    client.force_login(make_user("Pembeli"))
    answer = client.get("/operator/")
    assert answer.status_code == 302 and reverse("mfa_index") not in answer["Location"]  # the page's own refusal


def test_a_password_alone_cannot_add_a_key_to_an_account_that_has_a_second_factor(client, make_user):
    user = make_user("Penjual")
    secret = enrolled(user)
    client.force_login(user)  # say, a thief who has the password
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # what allauth alone would accept
    for name in ("mfa_add_webauthn", "mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        answer = client.get(reverse(name))
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_reauthenticate")), name
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()

    client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret)})
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
