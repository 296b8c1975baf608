"""Penilaian Toko as buyers read it: the page and the API show the figures behind the badges,
the store and product pages show the badges with their figures, and only the owner sees which
orders earned the penalty points."""

from __future__ import annotations

import pytest

from niaga.orders.status import Actor, Status
from niaga.stores.models import StoreStanding

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(history):
    h = history()
    ago = h.ago
    o1 = h.order(paid=ago(10), ship_by=ago(8), shipped=ago(9), delivered=ago(7))
    h.order(paid=ago(20), ship_by=ago(18), shipped=ago(17), delivered=ago(15))  # late
    h.order(paid=ago(5), cancelled=(Status.TO_PACK, Actor.SELLER, ago(4)))
    h.review(o1, 5, ago(6))
    h.chat(("b", ago(2)), ("s", ago(2, minutes=-12)))
    return h


def test_the_page_shows_the_figures_and_keeps_the_standing(client, shop):
    page = client.get(f"/toko/{shop.store.slug}/penilaian/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Penilaian Toko" in text
    assert "1 dari 2 pesanan dikirim" in text and "50%" in text  # on time
    assert "1 dari 3 pesanan dibayar" in text  # cancelled by the seller
    assert "5,0 / 5" in text or "5.0 / 5" in text
    assert "± 12 menit" in text
    assert "2 poin" in text and "Batas: 2 poin" in text
    assert shop.store.orders.first().number not in text  # a visitor does not see which orders
    standing = StoreStanding.objects.get(store=shop.store)
    assert standing.penalty_points == 2 and standing.campaigns_blocked_until is None

    client.force_login(shop.store.owner)
    own = client.get(f"/toko/{shop.store.slug}/penilaian/").content.decode()
    late = shop.store.orders.order_by("pk")[1]
    assert late.number in own and "Pengiriman terlambat" in own


def test_the_api_gives_the_same_figures(client, shop):
    answer = client.get(f"/api/v1/stores/{shop.store.slug}/reputation")
    assert answer.status_code == 200
    body = answer.json()
    assert body["shipped_on_time"] == {"part": 1, "whole": 2, "percent": 50.0}
    assert body["cancelled_by_seller"] == {"part": 1, "whole": 3, "percent": 33.3}
    assert body["rating"]["average"] == 5.0 and body["rating"]["count"] == 1
    assert body["chat"] == {"answered": {"part": 1, "whole": 1, "percent": 100.0}, "median_seconds": 720}
    assert body["penalty"]["points"] == 2 and body["penalty"]["can_join_flash_sales"] is True
    assert [p["kind"] for p in body["penalty"]["history"]] == ["late", "cancelled"]
    assert body["penalty"]["history"][0]["order_number"] is None  # not the public's to know
    assert body["window_days"] == 90 and body["badges"] == []

    client.force_login(shop.store.owner)
    own = client.get("/api/v1/seller/store/reputation").json()
    late = shop.store.orders.order_by("pk")[1]
    assert own["penalty"]["history"][0] == {**body["penalty"]["history"][0], "order_number": late.number}


def test_an_unknown_or_closed_store_is_not_found(client, shop):
    assert client.get("/toko/tidak-ada/penilaian/").status_code == 404
    assert client.get("/api/v1/stores/tidak-ada/reputation").status_code == 404
    type(shop.store).objects.filter(pk=shop.store.pk).update(is_active=False)
    assert client.get(f"/toko/{shop.store.slug}/penilaian/").status_code == 404


def test_store_and_product_pages_show_the_badges_with_their_figures(client, shop):
    StoreStanding.objects.create(
        store=shop.store,
        penalty_points=0,
        badges=[{"code": "on_time", "label": "Kirim Tepat Waktu", "why": "Minimal 98% tepat waktu"}],
        headline=[{"label": "Dikirim tepat waktu", "value": "99% (198/200)"}],
        computed_at=shop.now,
    )
    for url in (f"/toko/{shop.store.slug}/", shop.product.get_absolute_url()):
        text = client.get(url).content.decode()
        assert "Kirim Tepat Waktu" in text and "99% (198/200)" in text, url
        assert f"/toko/{shop.store.slug}/penilaian/" in text, url
