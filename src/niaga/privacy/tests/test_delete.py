"""Hak penghapusan: the owner deletes their account. Personal data goes (raw database checked),
the account cannot sign in again, and the orders and the ledger stay whole for the seller and
the tax office."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.db import connection
from django.urls import reverse

from niaga.accounts.models import Address, ApiToken, User
from niaga.accounts.services import issue_token
from niaga.audit.models import Event
from niaga.chat import services as chat
from niaga.chat.models import Message, Side
from niaga.ledger import selectors as ledger
from niaga.notifications.models import Notification
from niaga.notifications.services import notify
from niaga.orders.models import Order
from niaga.privacy import services
from niaga.privacy.models import Consent, ConsentKind, DataExport
from niaga.reviews.models import Review
from niaga.reviews.services import write_review

from .conftest import paid

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-kuat-123"  # conftest make_user's


def raw_rows(table: str) -> list[str]:
    """Every row of a table as the database holds it (no model, no decryption)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def accounts_tables() -> list[str]:
    tables = connection.introspection.table_names()
    return [t for t in tables if t.startswith(("accounts_", "account_", "mfa_", "usersessions_"))]


def test_deleting_anonymises_and_keeps_the_books(client, buyer, finished_order, shop):
    store, product = shop
    token = issue_token(user=buyer)
    write_review(buyer=buyer, line_id=finished_order.lines.get().pk, rating=4, text="Bagus.", anonymous=False)
    conversation = chat.start(buyer=buyer, store=store)
    chat.send(conversation=conversation, side=Side.BUYER, sender=buyer, body="WA saya 0812-7777-3141 ya kak")
    notify(user=buyer, title="Promo", body="Halo Sri", email=False)
    services.record_consent(buyer, ConsentKind.EMAIL_PROMO, True)
    assert ledger.total() == 0

    client.force_login(buyer)
    page = client.get(reverse("privacy:delete"))
    assert "Belum bisa dihapus" not in page.content.decode()
    answer = client.post(reverse("privacy:delete"), {"password": PASSWORD, "confirm": "1"})
    assert answer.status_code == 302

    # The raw accounts tables keep no trace of the name, the e-mail or the phone.
    for table in accounts_tables():
        for row in raw_rows(table):
            for trace in ("Sri Wahyuni", "sri.wahyuni", "3141", "7777"):
                assert trace not in row, (table, trace)
    user = User.objects.get(pk=buyer.pk)
    assert user.full_name == "Pengguna dihapus" and user.phone == "" and user.deleted_at
    assert re.fullmatch(r"dihapus-\d+-[0-9a-f]+@pengguna-dihapus\.invalid", user.email)
    assert not Address.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user).exists()
    assert not Notification.objects.filter(user=user).exists()

    # No way back in: not the page, not the API, not the old token, not the old session.
    assert not user.has_usable_password() and not user.is_active
    assert client.get(reverse("privacy:home")).status_code == 302
    assert not client.login(email="sri.wahyuni@contoh.id", password=PASSWORD)
    signin = client.post(reverse("accounts:login"), {"email": "sri.wahyuni@contoh.id", "password": PASSWORD})
    assert signin.status_code != 302
    assert (
        client.post(
            "/api/v1/auth/token", {"email": "sri.wahyuni@contoh.id", "password": PASSWORD}, "application/json"
        ).status_code
        == 400
    )
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    # The books stay whole, and the seller still sees the order (and where it went).
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()
    order = Order.objects.get(pk=finished_order.pk)
    assert order.buyer_id == user.pk and order.total == finished_order.total
    assert order.shipping_address["street"] == "Jl. Tebet Raya No. 12"
    assert order.shipping_address["phone"] == ""  # delivered: the courier no longer needs it
    client.force_login(store.owner)
    seller_page = client.get(reverse("seller:order", args=[order.pk]))
    assert seller_page.status_code == 200
    assert order.number in seller_page.content.decode()
    assert "Pengguna dihapus" in seller_page.content.decode()

    # The review stays, under a name that is no one's; the chat keeps the text the seller saw.
    review = Review.objects.get(buyer=user)
    assert review.text == "Bagus." and review.shown_name == "Pengguna Niaga"
    product_page = client.get(product.get_absolute_url()).content.decode()
    assert "Pengguna Niaga" in product_page and "Sri Wahyuni" not in product_page
    message = Message.objects.get(sender=user)
    assert "0812-7777-3141" not in message.body and message.body == message.shown_body

    # Marketing withdrawn, recorded; the deletion in the audit trail.
    latest = Consent.objects.filter(user=user, kind=ConsentKind.EMAIL_PROMO).first()
    assert latest is not None and latest.granted is False and latest.source == "account_deleted"
    assert Event.objects.filter(action="data.deleted", user=user).exists()


def test_deletion_waits_for_open_orders_and_says_which(client, buyer, placed, shop):
    group = placed(buyer, shop[1])
    order = paid(group)  # Perlu Dikemas: the seller still has to send it
    client.force_login(buyer)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "Belum bisa dihapus" in page and order.number in page

    answer = client.post("/api/v1/me/delete", {"password": PASSWORD}, "application/json")
    assert answer.status_code == 409
    assert answer.json()["code"] == "deletion_blocked"
    assert "pesanan" in answer.json()["message"]
    assert User.objects.get(pk=buyer.pk).deleted_at is None


def test_a_store_with_money_still_held_or_unpaid_waits(shop, finished_order):
    store = shop[0]  # its order completed: the money is on the store's available balance
    blockers = services.deletion_blockers(store.owner)
    assert any("Saldo toko" in b for b in blockers)


def test_saldo_left_blocks(buyer, placed, shop):
    from niaga.payments import money

    order = paid(placed(buyer, shop[1]))
    money.refund_to_saldo(order=order, key="refund:test", reason="Stok habis")
    from niaga.orders import services as orders
    from niaga.orders.status import Actor, Status

    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    blockers = services.deletion_blockers(buyer)
    assert len(blockers) == 1 and "Saldo Anda" in blockers[0]


def test_the_wrong_password_deletes_nothing(client, buyer):
    client.force_login(buyer)
    answer = client.post(reverse("privacy:delete"), {"password": "salah-sekali", "confirm": "1"})
    assert answer.status_code == 403
    assert "Kata sandi salah" in answer.content.decode()
    assert client.post("/api/v1/me/delete", {"password": "salah"}, "application/json").status_code == 403
    assert User.objects.get(pk=buyer.pk).is_active


def test_with_a_second_factor_the_code_is_asked_too(client, buyer):
    totp = TOTP.activate(buyer, "JBSWY3DPEHPK3PXP")
    client.force_login(buyer)
    assert "Kode verifikasi dua langkah" in client.get(reverse("privacy:delete")).content.decode()
    refused = client.post("/api/v1/me/delete", {"password": PASSWORD, "code": "000000"}, "application/json")
    assert refused.status_code == 403 and "code" in refused.json()["fields"]
    code = format_hotp_value(hotp_value("JBSWY3DPEHPK3PXP", next(yield_hotp_counters_from_time())))
    done = client.post("/api/v1/me/delete", {"password": PASSWORD, "code": code}, "application/json")
    assert done.status_code == 200, done.content
    assert not Authenticator.objects.filter(pk=totp.instance.pk).exists()
    assert User.objects.get(pk=buyer.pk).deleted_at is not None


def test_a_recovery_code_confirms_once(buyer):
    TOTP.activate(buyer, "JBSWY3DPEHPK3PXP")
    code = RecoveryCodes.activate(buyer).get_unused_codes()[0]
    services.confirm_identity(user=buyer, password=PASSWORD, code=code)
    with pytest.raises(services.PermissionDenied):
        services.confirm_identity(user=buyer, password=PASSWORD, code=code)


def test_the_users_exports_go_with_the_account(buyer, built):
    with built():
        export = services.request_export(user=buyer)
    export.refresh_from_db()
    path = export.file.path
    with built():
        services.delete_account(user=buyer, password=PASSWORD)
    import os

    assert not DataExport.objects.filter(user=buyer).exists() and not os.path.exists(path)


def test_guessing_the_password_on_the_deletion_form_is_cut_short(client, buyer, settings, monkeypatch):
    from types import SimpleNamespace

    import django_ratelimit.core
    from django.core.cache import cache

    settings.RATELIMIT_ENABLE = True
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    monkeypatch.setattr(django_ratelimit.core, "EXPIRATION_FUDGE", 3600)
    cache.clear()
    client.force_login(buyer)
    answers = [
        client.post("/api/v1/me/delete", {"password": f"tebakan-{n}"}, "application/json").status_code for n in range(6)
    ]
    cache.clear()
    assert answers == [403] * 5 + [429]
