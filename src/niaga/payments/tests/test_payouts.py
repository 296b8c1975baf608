"""Withdrawals as the seller and the operator see them: the form says what it needs, the
operator's queue speaks Rupiah and Bahasa Indonesia, and the seller hears when it is paid."""

import pytest
from django.core import mail

from niaga.notifications.models import Notification
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.models import Payout

pytestmark = pytest.mark.django_db


def completed(group):
    """A checkout paid at the gateway and received by the buyer, through the real services."""
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    order = group.orders.get()
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    return order


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def requested(place, make_product, make_store, bank_account):
    product = make_product(make_store(), price=20_000, stock=1)
    order = completed(place(product=product))
    bank_account(order.store)
    payout = money.request_payout(store=order.store, amount=15_390)
    return order, payout


def test_the_seller_is_told_in_the_app_and_by_email_when_a_payout_is_paid(
    requested, operator, client, django_capture_on_commit_callbacks, second_factor
):
    order, payout = requested
    mail.outbox.clear()
    second_factor(client, operator)  # staff pages ask for a second factor
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/payments/payout/", {"action": "approve", "_selected_action": [payout.pk]})
    payout.refresh_from_db()
    assert payout.status == Payout.Status.PAID
    note = Notification.objects.get(user=order.store.owner, title__startswith="Penarikan")
    assert note.title == "Penarikan Rp15.390 sudah dibayarkan"
    assert "BCA ****7890" in note.body and "1234567890" not in note.body and note.url == "/toko-saya/saldo/"
    assert [m.to for m in mail.outbox] == [[order.store.owner.email]]
    assert "Rp15.390" in mail.outbox[0].subject + mail.outbox[0].body


def test_the_seller_is_told_when_a_payout_is_refused_and_the_money_is_back(requested, operator):
    order, payout = requested
    money.settle_payout(payout=payout, approve=False, operator=operator)
    note = Notification.objects.get(user=order.store.owner, title__startswith="Penarikan")
    assert note.title == "Penarikan Rp15.390 ditolak" and "kembali ke saldo" in note.body


def test_the_operators_payout_queue_shows_rupiah_and_indonesian_names(requested, operator, client, second_factor):
    second_factor(client, operator)  # staff pages ask for a second factor
    page = client.get("/admin/payments/payout/").content.decode()
    assert "Rp15.390" in page and ">15390<" not in page
    for column in ("Toko", "Jumlah", "Bank tujuan", "Nomor rekening", "Nama pemilik rekening"):
        assert column in page
    index = client.get("/admin/").content.decode()
    assert "Penarikan saldo" in index and "Pengiriman notifikasi" in index
    assert "deliverys" not in index.lower() and "Payouts" not in index


def test_a_payout_row_cannot_be_edited_into_paid_in_the_admin(requested, operator, client, second_factor):
    _, payout = requested
    second_factor(client, operator)  # staff pages ask for a second factor
    answer = client.post(f"/admin/payments/payout/{payout.pk}/change/", {"status": "paid"})
    assert answer.status_code == 403
    payout.refresh_from_db()
    assert payout.status == Payout.Status.REQUESTED


def test_the_payout_form_asks_only_the_amount_and_names_the_saved_account(requested, client):
    order, _ = requested
    client.force_login(order.store.owner)
    page = client.get("/toko-saya/saldo/").content.decode()
    assert 'name="bank"' not in page and 'name="account_number"' not in page
    assert "BCA ****7890" in page and "1234567890" not in page
    label = page[page.index('for="id_amount"') :]
    assert label.index('class="req"') < label.index("</label>")
