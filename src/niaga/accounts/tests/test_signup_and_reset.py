"""Sign-up, e-mail verification and "Lupa kata sandi" on allauth, end to end through the outbox;
and neither tells whether an e-mail has an account."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from niaga.accounts.models import User
from niaga.audit.models import Event

PASSWORD = "rahasia-kuat-123"
NEW_PASSWORD = "kata-sandi-baru-789"
LINK = re.compile(r"https?://testserver(/\S+)")


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found[1]


def sign_up(client, email: str, **overrides):
    data = {"full_name": "Sari Wulandari", "email": email, "phone": "0812-3456-7890", "password1": PASSWORD}
    return client.post("/daftar/", {**data, **overrides})


@pytest.mark.django_db
def test_sign_up_sends_a_link_that_verifies_the_email_and_signs_the_buyer_in(client):
    page = sign_up(client, "Sari@Contoh.id")
    assert page.status_code == 302 and page["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session  # nobody is signed in before the link is opened
    user = User.objects.get()
    assert (user.email, user.full_name, user.phone) == ("sari@contoh.id", "Sari Wulandari", "+6281234567890")
    assert not EmailAddress.objects.get(user=user).verified
    assert "Cek email Anda" in client.get(page["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["sari@contoh.id"] and message.subject == "[Niaga] Verifikasi email Anda"
    link = link_in(message)
    confirm = client.get(link)
    assert confirm.status_code == 200 and "sari@contoh.id" in confirm.content.decode()
    assert "_auth_user_id" not in client.session  # a GET (a mail scanner's preview) confirms nothing
    done = client.post(link)
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified
    home = client.get("/").content.decode()
    assert "Sari Wulandari" in home and "Pesanan Saya" in home


@pytest.mark.django_db
def test_an_unverified_account_cannot_sign_in_and_is_sent_its_link_again(client, make_user):
    make_user(email="baru@contoh.id", verified=False)
    page = client.post("/masuk/", {"login": "baru@contoh.id", "password": PASSWORD})
    assert page.status_code == 302 and page["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.to == ["baru@contoh.id"] and "/akun/confirm-email/" in link_in(message)


def _normalised(page, email: str) -> str:
    return page.content.decode().replace(email, "EMAIL")


@pytest.mark.django_db
def test_sign_up_with_a_taken_email_answers_exactly_as_for_a_new_one(client, make_user):
    owner = make_user(email="budi@contoh.id")
    new, taken = client, type(client)()
    answer_new = sign_up(new, "orang-baru@contoh.id")
    answer_taken = sign_up(taken, "Budi@Contoh.id", full_name="Penyusup", password1="kata-sandi-penyusup-1")
    assert (answer_new.status_code, answer_new["Location"]) == (answer_taken.status_code, answer_taken["Location"])
    page_new = new.get(answer_new["Location"])
    page_taken = taken.get(answer_taken["Location"])
    assert page_new.status_code == page_taken.status_code == 200
    assert _normalised(page_new, "orang-baru@contoh.id") == _normalised(page_taken, "budi@contoh.id")
    assert "_auth_user_id" not in new.session and "_auth_user_id" not in taken.session

    # The owner is told someone tried; the account is untouched.
    owner_mail = next(m for m in mail.outbox if m.to == ["budi@contoh.id"])
    assert owner_mail.subject == "[Niaga] Email Anda sudah terdaftar" and "/akun/password/reset/" in owner_mail.body
    owner.refresh_from_db()
    assert owner.full_name != "Penyusup" and owner.check_password(PASSWORD)
    assert User.objects.filter(email__iexact="budi@contoh.id").count() == 1


@pytest.mark.django_db
def test_reset_from_the_emailed_link_sets_a_new_password_and_ends_every_session(client, make_user):
    user = make_user(email="budi@contoh.id")
    elsewhere = type(client)()
    assert elsewhere.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 302

    asked = client.post(reverse("account_reset_password"), {"email": "BUDI@contoh.id"})
    assert asked.status_code == 302 and asked["Location"] == reverse("account_reset_password_done")
    [message] = mail.outbox
    assert message.to == ["budi@contoh.id"] and message.subject == "[Niaga] Atur ulang kata sandi"
    opened = client.get(link_in(message))  # allauth moves the key out of the address bar
    assert opened.status_code == 302
    form = client.get(opened["Location"])
    assert form.status_code == 200 and 'name="password1"' in form.content.decode()
    weak = client.post(opened["Location"], {"password1": "123", "password2": "123"})
    assert weak.status_code == 400
    saved = client.post(opened["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert saved.status_code == 302 and saved["Location"] == reverse("account_reset_password_from_key_done")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert type(client)().post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 400
    fresh = type(client)()
    assert fresh.post("/masuk/", {"login": "budi@contoh.id", "password": NEW_PASSWORD}).status_code == 302
    assert elsewhere.get(reverse("accounts:security")).status_code == 302  # signed out there
    assert Event.objects.filter(action="password.reset", user=user).count() == 1
    assert any(m.subject == "[Niaga] Kata sandi Anda diatur ulang" for m in mail.outbox)
    # The link works once.
    assert "Tautan tidak berlaku" in client.get(link_in(message), follow=True).content.decode()


@pytest.mark.django_db
def test_reset_answers_exactly_alike_for_a_known_and_an_unknown_email(client, make_user):
    make_user(email="budi@contoh.id")
    known, unknown = client, type(client)()
    answer_known = known.post(reverse("account_reset_password"), {"email": "budi@contoh.id"})
    answer_unknown = unknown.post(reverse("account_reset_password"), {"email": "tidak-ada@contoh.id"})
    assert (answer_known.status_code, answer_known["Location"]) == (
        answer_unknown.status_code,
        answer_unknown["Location"],
    )
    page_known, page_unknown = known.get(answer_known["Location"]), unknown.get(answer_unknown["Location"])
    assert page_known.content == page_unknown.content and page_known.status_code == 200
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "budi@contoh.id": "[Niaga] Atur ulang kata sandi",
        "tidak-ada@contoh.id": "[Niaga] Permintaan atur ulang kata sandi",
    }


@pytest.mark.django_db
def test_password_change_keeps_this_session_ends_the_others_and_is_recorded(client, make_user):
    user = make_user(email="budi@contoh.id")
    phone = type(client)(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/126.0 Mobile Safari/537.36")
    for browser in (client, phone):
        assert browser.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 302

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "bukan-ini", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and "Ketik kata sandi Anda saat ini." in wrong.content.decode()
    changed = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302

    assert client.get(reverse("accounts:security")).status_code == 200  # still signed in here
    assert phone.get(reverse("accounts:security"))["Location"].startswith("/masuk/")  # not there
    assert [s.device for s in _sessions(client)] == ["Perangkat tidak dikenal"]  # the phone's is gone
    assert Event.objects.filter(action="password.changed", user=user).count() == 1
    assert [m.subject for m in mail.outbox] == ["[Niaga] Kata sandi Anda diubah"]


def _sessions(client):
    return client.get(reverse("accounts:sessions")).context["sessions"]
