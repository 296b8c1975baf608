"""Rekening Bank on Toko Saya: behind a fresh second factor, saved encrypted, audited and
e-mailed with the number masked."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.db import connection
from django.urls import reverse

from niaga.audit.models import Event
from niaga.payments.models import BankAccount

pytestmark = pytest.mark.django_db

ACCOUNT = {"bank": "mandiri", "account_number": "1370012345678", "account_name": "Sari Wulandari"}


@pytest.fixture
def seller(make_store):
    return make_store(name="Toko Buku Kampus")


def stepped_up(client, user):
    """Enrolled in TOTP and just passed it, as allauth records a second factor in the session."""
    authenticator = TOTP.activate(user, generate_totp_secret()).instance
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "mfa", "at": time.time(), "type": "totp", "id": authenticator.pk, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_a_seller_without_a_second_factor_is_sent_to_enrol_one(client, seller):
    client.force_login(seller.owner)
    for answer in (client.get(reverse("seller:bank")), client.post(reverse("seller:bank"), ACCOUNT)):
        assert answer.status_code == 302
        assert answer.url.startswith(reverse("mfa_index")) and "next=%2Ftoko-saya%2Frekening%2F" in answer.url
    assert not BankAccount.objects.exists()


def test_an_enrolled_seller_is_asked_again_when_not_recently_verified(client, seller):
    TOTP.activate(seller.owner, generate_totp_secret())
    client.force_login(seller.owner)
    answer = client.post(reverse("seller:bank"), ACCOUNT)
    assert answer.status_code == 302 and reverse("mfa_reauthenticate") in answer.url
    assert not BankAccount.objects.exists()


def test_a_change_is_saved_encrypted_audited_masked_and_emailed(client, seller, django_capture_on_commit_callbacks):
    stepped_up(client, seller.owner)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("seller:bank"), ACCOUNT)
    assert answer.status_code == 302 and answer.url == reverse("seller:balance")
    account = BankAccount.objects.get(store=seller)
    assert (account.bank, account.account_number, account.masked_number) == ("mandiri", "1370012345678", "****5678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT account_number FROM payments_bankaccount WHERE id = %s", [account.pk])
        assert "1370012345678" not in cursor.fetchone()[0]  # encrypted at rest

    event = Event.objects.get(action="bank.changed")
    assert event.actor == seller.owner and event.target_id == str(account.pk)
    assert event.changes["account"] == "****5678" and "1370012345678" not in str(event.changes)
    [message] = [m for m in mail.outbox if m.to == [seller.owner.email]]
    assert "Rekening bank Toko Buku Kampus disimpan" in message.subject
    assert "****5678" in message.body and "1370012345678" not in message.body and "Bukan Anda?" in message.body

    page = client.get(reverse("seller:balance")).content.decode()
    assert "Mandiri ****5678" in page and "1370012345678" not in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("seller:bank"), {**ACCOUNT, "bank": "bca", "account_number": "8800112233"})
    second = Event.objects.filter(action="bank.changed").latest("pk")
    assert second.changes["before"] == {"bank": "mandiri", "account": "****5678"}
    assert "diubah" in mail.outbox[0].subject


def test_a_bad_account_is_refused_on_its_fields(client, seller):
    stepped_up(client, seller.owner)
    answer = client.post(reverse("seller:bank"), {"bank": "xyz", "account_number": "12ab", "account_name": ""})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert (
        "Pilih bank." in html and "Nomor rekening 6–20 angka." in html and "Nama pemilik rekening wajib diisi." in html
    )
    assert not BankAccount.objects.exists() and not Event.objects.filter(action="bank.changed").exists()
