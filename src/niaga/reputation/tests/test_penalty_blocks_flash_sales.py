"""A store over its penalty threshold cannot put a product in a flash sale, through the page,
the API or the operator's admin; once the points age out (and the standing is refreshed by the
periodic job) it can again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from niaga.core import clock
from niaga.notifications.models import Notification
from niaga.orders.status import Actor, Status
from niaga.promotions.admin import CampaignItemForm
from niaga.promotions.models import Campaign
from niaga.reputation import services, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _windows(settings):
    settings.NIAGA_REPUTATION_PENALTY_WINDOW_DAYS = 28
    settings.NIAGA_REPUTATION_PENALTY_THRESHOLD = 2


@pytest.fixture
def penalised(history):
    """Three points: a late shipment 20 days ago, seller cancellations 10 and 2 days ago."""
    h = history()
    ago = h.ago
    h.order(paid=ago(23), ship_by=ago(21), shipped=ago(20), delivered=ago(18))
    h.order(paid=ago(11), cancelled=(Status.TO_PACK, Actor.SELLER, ago(10)))
    h.order(paid=ago(3), cancelled=(Status.TO_PACK, Actor.SYSTEM, ago(2)))
    return h


def sale(variant, starts_in=dt.timedelta(hours=1)) -> dict:
    start = clock.now() + starts_in
    return {
        "name": "Harbolnas 12.12",
        "variant_id": variant.pk,
        "price": 199_000,
        "quota": 5,
        "per_buyer_limit": 1,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
    }


def page_form(variant) -> dict:
    start = timezone.localtime(clock.now() + dt.timedelta(hours=1))
    return {
        "name": "Harbolnas 12.12",
        "variant": str(variant.pk),
        "price": "199.000",
        "quota": "5",
        "per_buyer_limit": "1",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
    }


def test_the_penalised_store_is_refused_then_recovers_when_its_oldest_point_ages_out(client, penalised):
    h = penalised
    variant = h.product.variants.get()
    services.refresh_standing(store=h.store)
    client.force_login(h.store.owner)

    refused = client.post("/api/v1/seller/flash-sales", sale(variant), content_type="application/json")
    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert body["code"] == "store_penalised" and "poin penalti" in body["message"]
    page = client.post("/toko-saya/flash-sale/", page_form(variant))
    assert page.status_code == 409 and "poin penalti" in page.content.decode()
    assert not Campaign.objects.exists()
    penalties = Notification.objects.filter(user=h.store.owner, title="Toko kamu terkena poin penalti")
    told = penalties.get()  # once, when it crossed the threshold
    assert "3 poin" in told.body and "flash sale" in told.body
    services.refresh_standing(store=h.store)
    assert penalties.count() == 1
    assert 'id="penalty-note"' in client.get("/toko-saya/flash-sale/").content.decode()  # said before trying

    # The late shipment's point ages out 28 days after it: 8 days from now. Not a second before.
    with clock.travel(dt.timedelta(days=8) - dt.timedelta(minutes=1)):
        tasks.refresh_standings.call_local()
        still = client.post("/api/v1/seller/flash-sales", sale(variant), content_type="application/json")
        assert still.status_code == 409
    with clock.travel(dt.timedelta(days=8, minutes=1)):
        assert tasks.refresh_standings.call_local() >= 1
        h.store.standing.refresh_from_db()
        assert (h.store.standing.penalty_points, h.store.standing.campaigns_blocked_until) == (2, None)
        joined = client.post("/api/v1/seller/flash-sales", sale(variant), content_type="application/json")
        assert joined.status_code == 201, joined.content
        assert 'id="penalty-note"' not in client.get("/toko-saya/flash-sale/").content.decode()
    assert Campaign.objects.get().store == h.store


def test_the_block_lifts_at_its_moment_even_before_the_next_refresh(client, penalised):
    h = penalised
    variant = h.product.variants.get()
    services.refresh_standing(store=h.store)
    client.force_login(h.store.owner)
    with clock.travel(dt.timedelta(days=8, minutes=1)):  # the snapshot is stale, its moment has passed
        joined = client.post("/api/v1/seller/flash-sales", sale(variant), content_type="application/json")
    assert joined.status_code == 201, joined.content


def test_an_operator_cannot_add_the_penalised_stores_product_to_a_campaign(penalised):
    h = penalised
    services.refresh_standing(store=h.store)
    campaign = Campaign.objects.create(
        name="Harbolnas",
        slug="harbolnas",
        starts_at=clock.now() + dt.timedelta(hours=1),
        ends_at=clock.now() + dt.timedelta(hours=3),
    )
    data = {"campaign": campaign.pk, "variant": h.product.variants.get().pk, "price": 1000, "quota": 1}
    form = CampaignItemForm(data={**data, "per_buyer_limit": 1, "taken": 0})
    assert not form.is_valid()
    assert "poin penalti" in str(form.errors)


def test_a_store_within_the_threshold_joins(client, history):
    h = history()
    h.order(paid=h.ago(11), cancelled=(Status.TO_PACK, Actor.SELLER, h.ago(10)))
    h.order(paid=h.ago(3), cancelled=(Status.TO_PACK, Actor.SELLER, h.ago(2)))
    services.refresh_standing(store=h.store)
    assert h.store.standing.penalty_points == 2
    client.force_login(h.store.owner)
    joined = client.post("/api/v1/seller/flash-sales", sale(h.product.variants.get()), content_type="application/json")
    assert joined.status_code == 201, joined.content
