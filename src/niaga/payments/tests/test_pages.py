"""The payment page: instructions per method, status, and the buyer's buttons (gateway faked)."""

import re

import pytest
from django.urls import reverse

from niaga.orders.models import Order
from niaga.payments.models import PaymentAttempt


def page_url(group):
    return reverse("payments:page", args=[group.code])


@pytest.mark.django_db
def test_va_page_shows_number_amount_deadline_and_steps(client, placed_order):
    buyer, group = placed_order("va_bca")
    client.force_login(buyer)
    page = client.get(page_url(group))
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'id="va-number">12345678901234<', html)
    assert f'id="amount">Rp{group.total:,}'.replace(",", ".") in html
    assert re.search(r'id="deadline">\d{2} \w{3} \d{4} \d{2}:\d{2} WIB<', html)
    assert "data-countdown=" in html and "BCA Virtual Account" in html and "Bank BCA" in html
    assert "BCA mobile" in html and "ATM BCA" in html  # instructions
    for button in ("Cek Status Pembayaran", "Ganti Metode Pembayaran", "Batalkan Pesanan"):
        assert button in html
    assert "Menunggu Pembayaran" in html and group.orders.get().number in html
    assert f'data-poll-url="/api/v1/payments/{group.code}"' in html


@pytest.mark.django_db
def test_mandiri_shows_biller_code_and_bill_key(client, placed_order):
    buyer, group = placed_order("va_mandiri")
    client.force_login(buyer)
    html = client.get(page_url(group)).content.decode()
    assert 'id="biller-code">70012<' in html and 'id="bill-key">998877665544<' in html


@pytest.mark.django_db
def test_gopay_shows_pay_button_and_qr(client, placed_order):
    buyer, group = placed_order("gopay")
    client.force_login(buyer)
    html = client.get(page_url(group)).content.decode()
    assert re.search(r'id="ewallet-pay" href="http://sandbox.test/gopay/pay/1">Bayar dengan GoPay<', html)
    assert 'src="http://sandbox.test/qr/1.png"' in html


@pytest.mark.django_db
def test_a_javascript_deeplink_is_never_rendered(client, placed_order):
    buyer, group = placed_order("shopeepay")
    client.force_login(buyer)
    html = client.get(page_url(group)).content.decode()
    assert "javascript:alert" not in html and 'id="ewallet-pay"' not in html


@pytest.mark.django_db
def test_only_the_buyer_sees_the_page(client, placed_order, make_user):
    _, group = placed_order()
    assert client.get(page_url(group))["Location"].startswith("/masuk/?next=")
    client.force_login(make_user())
    assert client.get(page_url(group)).status_code == 404
    assert client.post(reverse("payments:cancel", args=[group.code])).status_code == 404
    assert group.orders.get().status == "awaiting_payment"


@pytest.mark.django_db
def test_cek_status_after_payment_shows_success_and_perlu_dikemas(client, placed_order, fake_gateway):
    buyer, group = placed_order()
    client.force_login(buyer)
    assert client.post(reverse("payments:refresh", args=[group.code])).status_code == 302
    assert "Belum ada pembayaran masuk" in client.get(page_url(group)).content.decode()
    fake_gateway.status_answer = "settlement"
    client.post(reverse("payments:refresh", args=[group.code]))
    html = client.get(page_url(group)).content.decode()
    assert "Pembayaran berhasil" in html and "Perlu Dikemas" in html
    assert reverse("orders:detail", args=[group.orders.get().pk]) in html
    assert "data-poll-url" not in html and "Batalkan Pesanan" not in html


@pytest.mark.django_db
def test_ewallet_callback_refreshes_once(client, placed_order, fake_gateway):
    buyer, group = placed_order("gopay")
    client.force_login(buyer)
    fake_gateway.status_answer = "settlement"
    attempt = PaymentAttempt.objects.get(group=group)
    page = client.get(page_url(group), {"order_id": attempt.gateway_order_id, "result": "success"})
    assert page.status_code == 302 and page["Location"] == page_url(group)
    assert Order.objects.get(group=group).status == "to_pack"
    assert "Perlu Dikemas" in client.get(page_url(group)).content.decode()


@pytest.mark.django_db
def test_failed_charge_shows_error_and_coba_lagi(client, placed_order, fake_gateway):
    fake_gateway.down = True
    buyer, group = placed_order()
    client.force_login(buyer)
    html = client.get(page_url(group)).content.decode()
    assert "Layanan pembayaran sedang tidak bisa dihubungi" in html and "Coba Lagi" in html
    fake_gateway.down = False
    assert client.post(reverse("payments:retry", args=[group.code])).status_code == 302
    assert 'id="va-number"' in client.get(page_url(group)).content.decode()


@pytest.mark.django_db
def test_switch_to_a_method_the_store_refuses(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    bad = client.post(reverse("payments:switch", args=[group.code]), {"method": "bitcoin"})
    assert bad.status_code == 400 and "Metode ini tidak diterima toko." in bad.content.decode()
    assert PaymentAttempt.objects.filter(group=group).count() == 1
    assert group.orders.get().status == "awaiting_payment"


@pytest.mark.django_db
def test_switch_method(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    client.post(reverse("payments:switch", args=[group.code]), {"method": "gopay"})
    assert group.orders.get().status == "awaiting_payment"
    html = client.get(page_url(group)).content.decode()
    assert "Bayar dengan GoPay" in html and "Metode pembayaran diganti ke GoPay." in html


@pytest.mark.django_db
def test_cancel_then_cancel_again(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    assert client.post(reverse("payments:cancel", args=[group.code])).status_code == 302
    html = client.get(page_url(group)).content.decode()
    assert "Dibatalkan" in html and "Batalkan Pesanan" not in html
    again = client.post(reverse("payments:cancel", args=[group.code]))
    assert again.status_code == 409 and "tidak bisa dibatalkan lagi" in again.content.decode()


@pytest.mark.django_db
def test_actions_need_post(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    for name in ("refresh", "retry", "switch", "cancel"):
        assert client.get(reverse(f"payments:{name}", args=[group.code])).status_code == 405
