"""Pesanan Saya and the order detail with its timeline."""

import pytest
from django.urls import reverse

from niaga.payments.tests.fakes import fake_gateway, placed_order  # noqa: F401  (fixtures)


@pytest.mark.django_db
def test_my_orders_tabs_and_pay_now(client, placed_order):
    buyer, group = placed_order()
    order = group.orders.get()
    client.force_login(buyer)
    page = client.get("/pesanan/")
    assert page.status_code == 200
    html = page.content.decode()
    for tab in ("Semua", "Belum Bayar", "Dikemas", "Dikirim", "Selesai", "Dibatalkan"):
        assert tab in html
    assert order.number in html and "Menunggu Pembayaran" in html
    assert f'href="{reverse("payments:page", args=[group.code])}">Bayar Sekarang' in html
    assert order.number in client.get("/pesanan/", {"tab": "unpaid"}).content.decode()
    assert order.number not in client.get("/pesanan/", {"tab": "packing"}).content.decode()
    assert client.get("/pesanan/", {"tab": "<x>", "page": "zz"}).status_code == 200


@pytest.mark.django_db
def test_order_detail_shows_timeline_newest_first(client, placed_order):
    buyer, group = placed_order()
    order = group.orders.get()
    client.force_login(buyer)
    client.post(reverse("payments:cancel", args=[group.code]), {"next": reverse("orders:detail", args=[order.pk])})
    page = client.get(reverse("orders:detail", args=[order.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dibatalkan pembeli" in html and "Pesanan dibuat" in html and "Pembeli ·" in html
    assert html.index("Dibatalkan pembeli") < html.index("Pesanan dibuat")
    assert order.courier_name in html and "Jl. Tebet Raya No. 12" in html and "WIB" in html


@pytest.mark.django_db
def test_unpaid_order_can_be_cancelled_from_detail(client, placed_order):
    buyer, group = placed_order()
    order = group.orders.get()
    client.force_login(buyer)
    html = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert ">Batalkan</button>" in html
    page = client.post(
        reverse("payments:cancel", args=[group.code]), {"next": reverse("orders:detail", args=[order.pk])}
    )
    assert page["Location"] == reverse("orders:detail", args=[order.pk])
    order.refresh_from_db()
    assert order.status == "cancelled"


@pytest.mark.django_db
def test_orders_are_private(client, placed_order, make_user):
    _, group = placed_order()
    order = group.orders.get()
    assert client.get("/pesanan/")["Location"].startswith("/masuk/")
    client.force_login(make_user())
    assert client.get(reverse("orders:detail", args=[order.pk])).status_code == 404
    assert order.number not in client.get("/pesanan/").content.decode()
