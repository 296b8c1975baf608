"""E-mails as a marketplace sends them: HTML with a text part, a greeting by name, what to do
next and the link; the buyer's payment instructions after "Buat Pesanan"; sellers e-mailed
only when there is something to do."""

import pytest
from django.core import mail

from niaga.core.templatetags.niaga import wib
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money

pytestmark = pytest.mark.django_db(transaction=True)
PUBLIC = "http://niaga.test"


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NIAGA_PUBLIC_URL = PUBLIC


def parts(message) -> tuple[str, str]:
    html = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "an HTML part beside the text"
    return message.body, html[0]


def test_after_buat_pesanan_the_buyer_gets_the_va_number_amount_and_gateway_deadline(sandbox, checkout_group, settings):
    settings.NIAGA_PUBLIC_URL = PUBLIC
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    group.refresh_from_db()
    [message] = mail.outbox  # the buyer only: an unpaid order e-mails no seller
    assert message.to == [group.buyer.email]
    text, html = parts(message)
    first_name = group.buyer.full_name.split(" ")[0]
    link = f"{PUBLIC}/pembayaran/{group.code}/"
    for body in (text, html):
        assert f"Halo {first_name}," in body
        assert attempt.va_number in body
        assert f"Rp{group.total:,}".replace(",", ".") in body
        assert wib(group.payment_due_at) in body and wib(attempt.expires_at) in body
        assert link in body
        assert "BCA mobile" in body  # how to pay, step by step
    assert f'href="{link}"' in html


def test_a_card_buyer_is_led_to_the_payment_page(checkout_group):
    group = checkout_group("card")
    [message] = mail.outbox
    text, html = parts(message)
    assert "buka halaman pembayaran" in text and f"{PUBLIC}/pembayaran/{group.code}/" in text


def test_no_seller_email_for_an_unpaid_order_but_one_for_a_paid_order_to_pack(checkout_group):
    group = checkout_group("card")
    order = group.orders.get()
    seller = order.store.owner
    assert [m.to for m in mail.outbox] == [[group.buyer.email]]
    assert seller.notifications.filter(title__startswith="Pesanan baru masuk").exists()  # in the app, still
    mail.outbox.clear()

    orders.mark_group_paid(group=group, reason="Pembayaran terverifikasi")
    to_seller = [m for m in mail.outbox if m.to == [seller.email]]
    to_buyer = [m for m in mail.outbox if m.to == [group.buyer.email]]
    assert len(to_seller) == 1 and len(to_buyer) == 1
    text, html = parts(to_seller[0])
    assert f"Halo {seller.full_name.split(' ')[0]}," in text
    assert "Kemas pesanan" in text and f"{PUBLIC}/toko-saya/pesanan/{order.pk}/" in text
    assert "Yang perlu dilakukan" in html


def test_moves_that_give_the_seller_nothing_to_do_stay_in_the_app(checkout_group):
    group = checkout_group("card")
    order = group.orders.get()
    seller = order.store.owner
    mail.outbox.clear()
    orders.transition(
        order=order, to_status=Status.CANCELLED, role=Actor.BUYER, actor=group.buyer, reason="Salah pilih"
    )
    assert [m.to for m in mail.outbox] == [[group.buyer.email]]
    assert seller.notifications.filter(title="Pesanan dibatalkan").exists()


def test_a_paid_payout_is_emailed_to_the_seller(
    sandbox, checkout_group, make_user, make_store, make_product, bank_account
):
    from niaga.checkout.tests import sandbox_actions as bank

    group = checkout_group("va_bca", product=make_product(make_store(), price=50_000))
    bank.pay_va(sandbox.url, "bca", group.payments.get().va_number)
    order = group.orders.get()
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.DELIVERED, Actor.COURIER),
        (Status.COMPLETED, Actor.SYSTEM),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    store = order.store
    bank_account(store)
    mail.outbox.clear()
    payout = money.request_payout(store=store, amount=10_000)
    assert mail.outbox == []  # asking is the seller's own doing
    money.settle_payout(payout=payout, approve=True, operator=make_user("Operator"))
    [message] = mail.outbox
    assert message.to == [store.owner.email]
    text, html = parts(message)
    assert "Penarikan Rp10.000 sudah dibayarkan" in message.subject and "BCA ****7890" in text
    assert f"{sandbox.url}/toko-saya/saldo/" in html


def test_switching_method_emails_the_new_number(sandbox, checkout_group, client):
    group = checkout_group("va_bca")
    mail.outbox.clear()
    client.force_login(group.buyer)
    client.post(f"/pembayaran/{group.code}/ganti/", {"method": "va_bni"})
    attempt = group.payments.get(method="va_bni")
    [message] = mail.outbox
    text, html = parts(message)
    assert attempt.va_number in text and "BNI" in text and attempt.va_number in html


def test_a_complaint_emails_the_seller_with_what_to_do(checkout_group):
    group = checkout_group("card")
    orders.mark_group_paid(group=group, reason="Pembayaran terverifikasi")
    order = group.orders.get()
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.DELIVERED, Actor.COURIER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    mail.outbox.clear()
    orders.transition(
        order=order, to_status=Status.COMPLAINT, role=Actor.BUYER, actor=group.buyer, reason="Barang rusak"
    )
    [message] = mail.outbox
    assert message.to == [order.store.owner.email]
    text, _ = parts(message)
    assert "Barang rusak" in text and "tanggapi" in text and f"{PUBLIC}/toko-saya/pesanan/{order.pk}/" in text
