"""While the sandbox plays the gateway, a payment page leads into it, to its method's page."""

import re
from html import unescape

import pytest
import requests

from niaga.payments import simulator

pytestmark = pytest.mark.django_db(transaction=True)


def link_on_page(client, group) -> str:
    client.force_login(group.buyer)
    html = client.get(f"/pembayaran/{group.code}/").content.decode()
    found = re.search(r'id="simulator-link" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else ""


@pytest.mark.parametrize(
    "method, page, says",
    [
        ("va_bca", "/sandbox/bank/?bank=bca&va_number=", "Nomor VA"),
        ("va_mandiri", "/sandbox/bank/?bank=mandiri&biller_code=", "Kode bayar"),
        ("indomaret", "/sandbox/kasir/?store=indomaret&payment_code=", "Kode pembayaran"),
        ("qris", "/sandbox/qris/?qr_string=", "Nomor tagihan"),
        ("gopay", "/sandbox/ewallet/", "GoPay"),
        ("kredivo", "/sandbox/paylater/", "Kredivo"),
    ],
)
def test_the_payment_page_links_to_its_methods_simulator_page_with_the_bill_open(
    sandbox, checkout_group, client, method, page, says
):
    group = checkout_group(method)
    link = link_on_page(client, group)
    assert link.startswith(sandbox.url + page)
    bill = requests.get(link, timeout=30)
    assert bill.status_code == 200
    assert group.payments.get().gateway_order_id in bill.text and says in bill.text  # the bill itself, looked up


def test_the_card_page_links_to_the_3ds_page_and_names_the_test_card(sandbox, checkout_group, client):
    from niaga.checkout.tests import sandbox_actions as person
    from niaga.payments import services as payments

    group = checkout_group("card")
    client.force_login(group.buyer)
    assert "Kartu uji: 4811 1111 1111 1114" in client.get(f"/pembayaran/{group.code}/").content.decode()
    attempt = payments.charge_card(group=group, token_id=person.card_token(sandbox.url, "4811111111111114")["token_id"])
    assert link_on_page(client, group) == attempt.redirect_url
    assert "/sandbox/3ds/" in attempt.redirect_url


def test_no_link_when_the_sandbox_is_off(sandbox, checkout_group, client, settings):
    group = checkout_group("va_bca")
    settings.NIAGA_SANDBOX_ENABLED = False
    assert link_on_page(client, group) == ""
    client.force_login(group.buyer)
    html = client.get(f"/pembayaran/{group.code}/").content.decode()
    assert "Bayar di simulator" not in html and "SIMULATOR" not in html


def test_no_link_when_the_gateway_is_the_real_midtrans(settings):
    settings.NIAGA_SANDBOX_ENABLED = True
    settings.NIAGA_MIDTRANS_BASE_URL = "https://api.sandbox.midtrans.com"
    assert simulator.sandbox_root() == ""
    settings.NIAGA_MIDTRANS_BASE_URL = "http://127.0.0.1:8000/sandbox/midtrans"
    assert simulator.sandbox_root() == "http://127.0.0.1:8000/sandbox"


@pytest.mark.parametrize(
    "method, page", [("va_bca", "/sandbox/bank/?bank=bca&va_number="), ("gopay", "/sandbox/ewallet/")]
)
def test_with_the_sandboxs_api_on_a_server_of_its_own_the_link_is_at_the_sites_address(
    sandbox, checkout_group, client, settings, method, page
):
    """make run serves the gateway's API on PORT+1 and the sandbox's pages at the site's address."""
    from niaga.payments import gateway

    own_server = sandbox.url.replace("localhost", "127.0.0.1")
    assert own_server != sandbox.url
    settings.NIAGA_MIDTRANS_BASE_URL = f"{own_server}/sandbox/midtrans"
    settings.NIAGA_SANDBOX_PAGES_URL = sandbox.url
    gateway.reset()
    group = checkout_group(method)
    link = link_on_page(client, group)
    assert link.startswith(sandbox.url + page)
    assert requests.get(link, timeout=30).status_code == 200
