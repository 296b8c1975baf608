"""Phone numbers, address snapshots and bank account numbers are unreadable in the database,
read back whole through the models, and re-encrypted with a new key by `niaga rotate_field_keys`."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection
from encrypted_model_fields import fields as encrypted

from niaga.accounts.models import Address, User
from niaga.orders.models import Order
from niaga.payments import money
from niaga.payments.models import BankAccount, Payout

pytestmark = pytest.mark.django_db


def raw(model, field: str, pk) -> str:
    table, column = model._meta.db_table, model._meta.get_field(field).column
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def keys(settings, monkeypatch):
    """use(key, ...): the fields encrypt with the first and decrypt with any, as after a restart."""

    def use(*configured: bytes):
        settings.FIELD_ENCRYPTION_KEY = [k.decode() for k in configured]
        monkeypatch.setattr(encrypted, "CRYPTER", encrypted.get_crypter())

    return use


def test_no_digit_of_a_phone_or_an_account_number_is_in_the_database(buyer, finished_order, shop, bank_account):
    user_phone = raw(User, "phone", buyer.pk)
    address = Address.objects.get(user=buyer)
    account = bank_account(shop[0], bank_code="bni", number="8800123456", name="Sari")
    payout = money.request_payout(store=shop[0], amount=10_000)
    for stored in (
        user_phone,
        raw(Address, "phone", address.pk),
        raw(Order, "shipping_address", finished_order.pk),
        raw(BankAccount, "account_number", account.pk),
        raw(Payout, "account_number", payout.pk),
    ):
        assert stored.startswith("gAAAAA")
        for digits in ("7777", "3141", "8765", "8800123456", "0123"):
            assert digits not in stored
    assert "Tebet" not in raw(Order, "shipping_address", finished_order.pk)

    assert User.objects.get(pk=buyer.pk).phone == "+6281277773141"
    assert Address.objects.get(pk=address.pk).phone == "+6281298765432"
    assert Order.objects.get(pk=finished_order.pk).shipping_address["phone"] == "+6281298765432"
    assert BankAccount.objects.get(pk=account.pk).account_number == "8800123456"
    assert Payout.objects.get(pk=payout.pk).account_number == "8800123456"


def test_rotation_moves_every_value_to_the_new_key(keys, settings, make_user, placed, shop):
    old, new = settings.FIELD_ENCRYPTION_KEY[0].encode(), Fernet.generate_key()  # every row so far is under `old`
    buyer = make_user(phone="0812-1111-2222")
    order = placed(buyer, shop[1]).orders.get()
    assert Fernet(old).decrypt(raw(User, "phone", buyer.pk).encode()) == b"+6281211112222"

    keys(new, old)  # the new key first; the old one still reads
    assert User.objects.get(pk=buyer.pk).phone == "+6281211112222"
    call_command("rotate_field_keys", stdout=open("/dev/null", "w"))

    keys(new)  # the old key dropped: everything still reads
    assert User.objects.get(pk=buyer.pk).phone == "+6281211112222"
    assert User.objects.get(pk=shop[0].owner_id).phone == "+6281234567890"
    assert Order.objects.get(pk=order.pk).shipping_address["recipient_name"] == buyer.full_name
    for model, field, pk in ((User, "phone", buyer.pk), (Order, "shipping_address", order.pk)):
        token = raw(model, field, pk).encode()
        Fernet(new).decrypt(token)
        with pytest.raises(InvalidToken):
            Fernet(old).decrypt(token)


def test_rotation_refuses_a_value_no_key_opens(keys, make_user):
    lost = Fernet.generate_key()
    keys(lost)
    user = make_user(phone="0812-3333-4444")
    keys(Fernet.generate_key())
    with pytest.raises(CommandError, match="tidak bisa dibuka"):
        call_command("rotate_field_keys", stdout=open("/dev/null", "w"))
    assert Fernet(lost).decrypt(raw(User, "phone", user.pk).encode()) == b"+6281233334444"  # left as it was
