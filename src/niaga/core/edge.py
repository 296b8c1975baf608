"""Who a bearer token belongs to, for the proxy in front of the app servers.

nginx's flash location (promotions/lua/flash_edge.lua) runs the flash-sale gate itself, and
the gate counts units per buyer. So it finds the buyer of a token here, in the gate's Redis,
under the token's SHA-256 (the same digest the database keeps; the key itself is never
stored). The app still authenticates every attempt the edge lets through: a stale entry can
hold a unit for one request, never sell it.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings

log = logging.getLogger(__name__)

SECONDS = 24 * 3600  # refreshed while the token is used (accounts stamps it once a minute)
_clients: dict[str, redis.Redis] = {}


def token_key(digest: str) -> str:
    return f"niaga:edge:token:{digest}"


def _client() -> redis.Redis | None:
    url = settings.NIAGA_FLASH_GATE_URL
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    return _clients[url]


def publish_token(digest: str, user_id: int) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.set(token_key(digest), user_id, ex=SECONDS)
    except redis.RedisError as exc:  # the edge passes this buyer's attempts on to the app
        log.warning("edge token not published (%s)", exc)


def withdraw_token(digest: str) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.delete(token_key(digest))
    except redis.RedisError as exc:  # expires by itself; the app refuses the token meanwhile
        log.warning("edge token not withdrawn (%s)", exc)
