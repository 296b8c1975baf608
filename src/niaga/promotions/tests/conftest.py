import datetime as dt
import os

import pytest
from huey.contrib.djhuey import HUEY

from niaga.core import clock
from niaga.promotions import gate, services
from niaga.promotions.models import Campaign, CampaignItem


@pytest.fixture
def use_gate(settings):
    """Point the flash-sale gate at Redis (url) or switch it off (""), with no keys left over."""

    def switch(url: str):
        settings.NIAGA_FLASH_GATE_URL = url
        gate.reset()
        services.forget()
        if url and url == os.environ.get("REDIS_URL"):
            import redis

            client = redis.Redis.from_url(url)
            for pattern in ("niaga:flash:*", "niaga:edge:*"):
                for key in client.scan_iter(pattern):
                    client.delete(key)

    yield switch
    gate.reset()
    services.forget()


@pytest.fixture
def flash_item(make_store, make_product):
    def make(
        *, quota=50, limit=2, price=9_900, stock=500, starts_in=dt.timedelta(minutes=-1), ends_in=dt.timedelta(hours=2)
    ):
        store = make_store()
        product = make_product(store, name="Earphone TWS Harbolnas", price=99_000, stock=stock, weight_grams=150)
        now = clock.now()
        campaign = Campaign.objects.create(
            name="Harbolnas 11.11", slug=f"harbolnas-{product.pk}", starts_at=now + starts_in, ends_at=now + ends_in
        )
        return CampaignItem.objects.create(
            campaign=campaign, variant=product.variants.get(), price=price, quota=quota, per_buyer_limit=limit
        )

    return make


@pytest.fixture
def queued_jobs():
    """Jobs go to the real queue (Redis) instead of running inline; `run()` is the consumer."""
    HUEY.immediate = False
    HUEY.flush()

    def run() -> int:
        """Run every queued job; how many were flash orders to make."""
        placing = 0
        while (task := HUEY.dequeue()) is not None:
            HUEY.execute(task)
            placing += task.name.endswith("place_admitted")
        return placing

    yield run
    HUEY.flush()
    HUEY.immediate = True
