"""With REDIS_URL set, jobs and the cache really go through Redis (no silent fallback)."""

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCacheClient
from huey import RedisHuey
from huey.contrib.djhuey import HUEY

from niaga.core.rediscache import RedisCache
from niaga.notifications.models import Notification
from niaga.notifications.tasks import send_email

pytestmark = pytest.mark.redis


def test_the_cache_is_redis():
    assert isinstance(cache._cache, RedisCacheClient)
    cache.set("niaga:test", {"n": 1}, 30)
    assert cache.get("niaga:test") == {"n": 1}
    client = cache._cache.get_client()
    assert client.ping()


def test_every_cache_call_reuses_one_redis_client_instead_of_building_one():
    """Building a redis-py client cost more than the round trip; the pool's connections are
    shared by the one client all the same."""
    assert isinstance(caches["default"], RedisCache)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("niaga:test:reuse", 1, 30)
    assert cache.incr("niaga:test:reuse") == 2 and cache._cache.get_client() is client


@pytest.mark.django_db(transaction=True)
def test_a_job_waits_in_redis_until_a_consumer_runs_it(make_user, settings):
    assert isinstance(HUEY, RedisHuey)  # with its fallback for a Redis that is down (core/jobs.py)
    HUEY.immediate = False
    HUEY.flush()
    note = Notification.objects.create(user=make_user(), title="Halo", body="Tes antrean")
    send_email(note.pk)
    assert HUEY.pending_count() == 1 and mail.outbox == []
    HUEY.execute(HUEY.dequeue())
    assert HUEY.pending_count() == 0
    assert [m.subject for m in mail.outbox] == ["[Niaga] Halo"]
