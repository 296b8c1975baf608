"""The buyer's own "Perbarui lacak" (once a minute per order), tracking events with the times
they happened, and the couriers' codes read in Indonesian."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from niaga.core import clock
from niaga.core.templatetags.niaga import wib
from niaga.orders.status import Status
from niaga.shipping.models import TrackingEvent

from .test_courier_failures import handed_over  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_buyer_refreshes_tracking_and_sees_dikirim_with_the_couriers_times(sandbox, handed_over, client):
    cache.clear()
    order, shipment, _ = handed_over()
    order.refresh_from_db()
    assert order.status == Status.READY_TO_SHIP
    client.force_login(order.buyer)
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'id="buyer-refresh-tracking"' in page
    with clock.travel(dt.timedelta(hours=9)):
        answer = client.post(reverse("shipping:refresh_tracking", args=[order.pk]), follow=True)
    order.refresh_from_db()
    assert order.status == Status.SHIPPED  # not waiting for the seller or the poll
    events = list(TrackingEvent.objects.filter(shipment=shipment))
    assert len({e.occurred_at for e in events}) == len(events) >= 4
    html = answer.content.decode()
    assert "kabar baru dari kurir" in html
    for event in events:
        assert wib(event.occurred_at) in html
    assert "Dalam perjalanan" in html and "in_transit" not in html and "confirmed" not in html


def test_perbarui_lacak_is_once_a_minute_per_order(sandbox, handed_over, client):
    cache.clear()
    order, shipment, _ = handed_over()
    client.force_login(order.buyer)
    url = reverse("shipping:refresh_tracking", args=[order.pk])
    with clock.travel(dt.timedelta(hours=3)):
        client.post(url)
    seen = TrackingEvent.objects.filter(shipment=shipment).count()
    with clock.travel(dt.timedelta(hours=3, seconds=30)):
        again = client.post(url, follow=True).content.decode()
    assert "Coba lagi dalam" in again
    with clock.travel(dt.timedelta(hours=9)):  # later events exist, but the courier was not asked
        client.post(url)
        assert TrackingEvent.objects.filter(shipment=shipment).count() > seen  # a minute later it may ask again


def test_another_buyer_cannot_refresh_someone_elses_parcel(sandbox, handed_over, client, make_user):
    order, _, _ = handed_over()
    client.force_login(make_user("Orang Lain"))
    assert client.post(reverse("shipping:refresh_tracking", args=[order.pk])).status_code == 404


def test_every_tracking_code_reads_in_indonesian():
    from niaga.core import tracking
    from niaga.shipping.models import TrackingEvent as Event

    for code in (
        "confirmed",
        "allocated",
        "picked",
        "in_transit",
        "dropping_off",
        "on_hold",
        "delivered",
        "return_in_transit",
        "returned",
        "lost",
        "cancelled",
    ):
        assert Event(status=code).label == tracking.label(code) != code
    assert tracking.label("something_new") == "Info pengiriman"


def test_the_api_refreshes_once_a_minute_and_answers_429_with_retry_after(sandbox, handed_over, client):
    cache.clear()
    order, _, _ = handed_over()
    client.force_login(order.buyer)
    url = f"/api/v1/orders/{order.pk}/tracking/refresh"
    with clock.travel(dt.timedelta(hours=3)):
        first = client.post(url)
        second = client.post(url)
    assert first.status_code == 200
    body = first.json()
    assert (
        body["status"] == "picked"
        and body["status_label"] == "Diambil kurir"
        and all(e["label"] != e["status"] for e in body["events"])
    )
    assert second.status_code == 429 and second.json()["code"] == "rate_limited"
    assert 0 < int(second["Retry-After"]) <= 60
