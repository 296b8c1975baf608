"""The buyer is asked to review when an order completes (in the app and by e-mail, once) and
reminded once before the window closes; a review retires the kept product page at once;
cards show stars and units sold."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from niaga.core import clock, pagecache
from niaga.notifications.models import Notification
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.reviews import services
from niaga.reviews.models import Invitation

from .conftest import shipped

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_completion_asks_the_buyer_once_in_the_app_and_by_email(place, product, django_capture_on_commit_callbacks):
    order = shipped(place(product=product))
    with django_capture_on_commit_callbacks(execute=True):
        orders.transition(order=order, to_status=Status.COMPLETED, role=Actor.SYSTEM, reason="Selesai otomatis")
    invite = Notification.objects.get(user=order.buyer, title="Yuk, beri ulasan")
    assert "Kemeja Batik Tulis" in invite.body and invite.url == reverse("reviews:mine")
    assert any("Yuk, beri ulasan" in m.subject and m.to == [order.buyer.email] for m in mail.outbox)
    assert Invitation.objects.filter(order=order).count() == 1
    assert not services.invite(order=order, completed_at=clock.now())  # asked already: not again
    assert Notification.objects.filter(user=order.buyer, title="Yuk, beri ulasan").count() == 1


def test_one_nudge_before_the_window_closes_for_lines_still_unreviewed(bought, settings):
    settings.NIAGA_REVIEW_WITHIN_DAYS = 30
    waiting, reviewed = bought(), bought()
    services.write_review(buyer=reviewed.buyer, line_id=reviewed.lines.get().pk, rating=5)
    assert services.nudge(now=clock.now() + 20 * DAY) == 0  # too early
    assert services.nudge(now=clock.now() + 28 * DAY) == 1
    assert services.nudge(now=clock.now() + 28 * DAY + dt.timedelta(hours=1)) == 0  # once
    nudges = Notification.objects.filter(title="Batas ulasan segera berakhir")
    assert [n.user for n in nudges] == [waiting.buyer]
    assert services.nudge(now=clock.now() + 31 * DAY) == 0  # closed: nothing to remind of


def test_a_new_review_retires_the_kept_product_page(
    deployed, settings, bought, product, django_capture_on_commit_callbacks
):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.forget()
    try:
        url = product.get_absolute_url()
        reviews_url = reverse("reviews:product", args=[product.store.slug, product.slug])
        order = bought()  # an order completing does too (units sold)
        first = deployed("GET", url)
        assert "1 terjual" in first.body.decode() and "Belum ada ulasan" in first.body.decode()
        assert deployed("GET", url).headers["X-Cache"] == "hit"
        deployed("GET", reviews_url)
        assert deployed("GET", reviews_url).headers["X-Cache"] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            services.write_review(
                buyer=order.buyer, line_id=order.lines.get().pk, rating=5, text="Kainnya halus sekali"
            )
        fresh = deployed("GET", url)
        assert "X-Cache" not in fresh.headers and "Kainnya halus sekali" in fresh.body.decode()
        assert "(1 ulasan)" in fresh.body.decode()
        assert "Kainnya halus sekali" in deployed("GET", reviews_url).body.decode()
        listing = deployed("GET", "/cari/", query="q=kemeja").body.decode()
        assert "1 terjual" in listing and "5,0" in listing
    finally:
        cache.clear()
        pagecache.forget()


def test_cards_on_home_and_store_page_show_stars_and_units_sold(bought, product, client):
    for stars in (5, 4):
        order = bought(quantity=2)
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=stars)
    for url in (reverse("catalog:home"), reverse("stores:detail", args=[product.store.slug])):
        html = client.get(url).content.decode()
        assert "4,5" in html and "4 terjual" in html, url
    product_page = client.get(product.get_absolute_url()).content.decode()
    assert 'aria-label="4,5 dari 5 bintang"' in product_page and "(2 ulasan)" in product_page
