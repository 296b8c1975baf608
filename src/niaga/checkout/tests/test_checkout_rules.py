"""The rules around "Buat Pesanan" and paying that a careless client or a bad moment can hit."""

import pytest

from niaga.cart.services import add_item, cart_for
from niaga.catalog.services import update_product
from niaga.checkout.services import place_order
from niaga.core.errors import Conflict, DomainError
from niaga.orders.models import OrderGroup
from niaga.orders.services import buyer_cancel
from niaga.payments import gateway
from niaga.payments import services as payments

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ready(make_user, make_store, make_product, make_address):
    product = make_product(make_store(), stock=5)
    buyer = make_user("Pembeli")
    address = make_address(buyer)
    cart = cart_for(user=buyer, create=True)
    add_item(cart=cart, variant_id=product.variants.get().pk, quantity=1)
    return product, buyer, address, cart


@pytest.fixture
def gateway_down(settings):
    settings.NIAGA_MIDTRANS_BASE_URL = "http://127.0.0.1:9/unreachable"  # nothing listens on the discard port
    gateway.reset()
    yield
    gateway.reset()


def test_pressing_buat_pesanan_twice_orders_once(sandbox, ready):
    product, buyer, address, cart = ready
    place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca")
    with pytest.raises(DomainError, match="Keranjang masih kosong"):
        place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca")
    assert OrderGroup.objects.count() == 1
    assert product.variants.get().stock.reserved == 1


def test_a_product_taken_off_sale_cannot_be_checked_out(sandbox, ready):
    product, buyer, address, cart = ready
    update_product(product=product, data={"is_active": False})
    with pytest.raises(Conflict, match="Tidak dijual lagi"):
        place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca")
    assert not OrderGroup.objects.exists()


def test_gateway_down_keeps_the_order_and_retry_charges_it_later(ready, gateway_down, settings, live_server):
    _, buyer, address, cart = ready
    group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca").group
    failed = group.payments.get()
    assert failed.status == "failed" and "tidak bisa dihubungi" in failed.error_message
    assert group.orders.get().status == "awaiting_payment"
    settings.NIAGA_MIDTRANS_BASE_URL = f"{live_server.url}/sandbox/midtrans"
    settings.NIAGA_PUBLIC_URL = live_server.url
    gateway.reset()
    attempt = payments.retry_payment(group=group)
    assert attempt.status == "pending" and attempt.va_number


def test_a_cancelled_checkout_cannot_be_charged_again(ready, gateway_down):
    _, buyer, address, cart = ready
    group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca").group
    buyer_cancel(group=group, buyer=buyer)
    with pytest.raises(Conflict, match="tidak lagi menunggu pembayaran"):
        payments.retry_payment(group=group)
    assert group.payments.count() == 1


def test_switching_method_while_the_gateway_is_down_opens_no_second_bill(sandbox, ready, settings):
    _, buyer, address, cart = ready
    group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca").group
    assert group.payments.get().status == "pending"
    settings.NIAGA_MIDTRANS_BASE_URL = "http://127.0.0.1:9/unreachable"
    gateway.reset()
    with pytest.raises(Exception, match="sibuk"):
        payments.switch_method(group=group, method="gopay")
    statuses = sorted(group.payments.values_list("status", flat=True))
    assert statuses == ["failed", "pending"]  # the VA stays payable; the new bill was never opened
    assert group.orders.get().status == "awaiting_payment"
