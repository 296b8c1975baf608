"""A buyer shops as soon as the sign-up link is opened; selling needs that verified e-mail too:
no store is opened and no payout asked for from an unverified address, whatever the way in.
And accounts from before verification, and the demo's, sign in as they always did."""

import importlib

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps

from niaga.accounts.models import User
from niaga.core.errors import PermissionDenied
from niaga.payments import money
from niaga.stores.models import Store
from niaga.stores.services import open_store

pytestmark = pytest.mark.django_db


def test_an_unverified_email_opens_no_store(client, make_user):
    user = make_user(verified=False)
    with pytest.raises(PermissionDenied) as refused:
        open_store(owner=user, data={"name": "Toko Belum Verifikasi", "city_code": "32.73"})
    assert refused.value.code == "email_unverified" and user.email in refused.value.message
    client.force_login(user)
    page = client.post("/toko-saya/buka/", {"name": "Toko Belum Verifikasi", "city_code": "32.73"})
    assert page.status_code == 403 and "Verifikasi email Anda dulu" in page.content.decode()
    assert not Store.objects.exists()


def test_an_unverified_email_asks_for_no_payout(make_user, make_store, bank_account):
    store = make_store()
    bank_account(store)  # a payout goes to the saved account: the address is what is missing
    EmailAddress.objects.filter(user=store.owner).update(verified=False)
    with pytest.raises(PermissionDenied) as refused:
        money.request_payout(store=store, amount=50_000)
    assert refused.value.code == "email_unverified"
    assert not store.payouts.exists()


def test_the_migration_counts_existing_accounts_as_verified(client):
    old = User.objects.create_user(email="lama@contoh.id", password="rahasia-kuat-123", full_name="Pengguna Lama")
    unfinished = User.objects.create_user(email="belum@contoh.id", password="rahasia-kuat-123", full_name="Belum")
    EmailAddress.objects.create(user=unfinished, email="belum@contoh.id", primary=True, verified=False)
    migration = importlib.import_module("niaga.accounts.migrations.0004_verified_emails_of_existing_users")
    migration.verify_existing(apps, None)
    assert EmailAddress.objects.get(user=old).verified and EmailAddress.objects.get(user=old).primary
    assert not EmailAddress.objects.get(user=unfinished).verified  # signed up on allauth: verifies itself
    assert client.post("/masuk/", {"login": "lama@contoh.id", "password": "rahasia-kuat-123"}).status_code == 302
    assert client.session["_auth_user_id"] == str(old.pk)
