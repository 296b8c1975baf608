"""The flash-sale gate in Redis: one Lua script checks the quota and the buyer's limit and
takes both in one atomic step, so thousands of buyers get an answer from Redis and only as
many as there are units go on to the database.

The database stays the authority (its own conditional updates, services.py); the gate only
keeps the crowd away from it. If Redis is unreachable, `admit` says so and the caller uses
the database path alone.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import redis
from django.conf import settings

log = logging.getLogger(__name__)

ADMITTED, SOLD_OUT, LIMIT_REACHED = 1, 0, -1
TTL_SECONDS = 7 * 24 * 3600

# KEYS[1] units left, KEYS[2] hash buyer -> units; ARGV: buyer, quantity, limit, initial left.
_ADMIT = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[5])
end
local want = tonumber(ARGV[2])
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if mine + want > tonumber(ARGV[3]) then return -1 end
if tonumber(redis.call('GET', KEYS[1])) < want then return 0 end
redis.call('DECRBY', KEYS[1], want)
redis.call('HINCRBY', KEYS[2], ARGV[1], want)
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
"""
_GIVE_BACK = """
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[2]) end
if tonumber(redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
"""


class GateDown(Exception):
    """Redis did not answer: use the database path."""


@lru_cache(maxsize=1)
def _client():
    url = settings.NIAGA_FLASH_GATE_URL
    if not url:
        return None
    return redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)


def reset() -> None:
    _client.cache_clear()


def enabled() -> bool:
    return _client() is not None


def _keys(item_id: int) -> list[str]:
    return [f"niaga:flash:{item_id}:left", f"niaga:flash:{item_id}:buyers"]


def admit(*, item_id: int, buyer_id: int, quantity: int, limit: int, left_in_db: int) -> int:
    """ADMITTED, SOLD_OUT or LIMIT_REACHED; raises GateDown when Redis is unreachable."""
    client = _client()
    try:
        return int(client.eval(_ADMIT, 2, *_keys(item_id), buyer_id, quantity, limit, left_in_db, TTL_SECONDS))
    except redis.RedisError as exc:
        log.warning("flash gate down (%s): using the database path", exc)
        raise GateDown from exc


def give_back(*, item_id: int, buyer_id: int, quantity: int) -> None:
    """Units of an admitted buyer who did not get (or pay for) the order go back to the gate."""
    client = _client()
    if client is None:
        return
    try:
        client.eval(_GIVE_BACK, 2, *_keys(item_id), buyer_id, quantity)
    except redis.RedisError as exc:  # the gate undercounts until `resync`; it never oversells
        log.warning("flash gate down on give-back (%s)", exc)


def resync(*, item_id: int, left_in_db: int, buyers: dict[int, int]) -> None:
    """Set the gate to what the database says (after Redis lost its data, or a give-back failed)."""
    client = _client()
    if client is None:
        return
    left_key, buyers_key = _keys(item_id)
    pipe = client.pipeline()
    pipe.set(left_key, left_in_db, ex=TTL_SECONDS)
    pipe.delete(buyers_key)
    if buyers:
        pipe.hset(buyers_key, mapping={str(k): v for k, v in buyers.items() if v > 0} or {"-": 0})
        pipe.expire(buyers_key, TTL_SECONDS)
    pipe.execute()


# While a job makes an admitted buyer's order, the buyer's page asks every second or two;
# the WSGI shortcut answers those from this key, before Django (its name holds the poll key
# only the buyer was given, its value is the JSON answer).
PLACING_SECONDS = 600


def placing_key(admission_id: int, poll_key: str) -> str:
    return f"niaga:flash:placing:{admission_id}:{poll_key}"


def mark_placing(*, admission_id: int, poll_key: str, answer: bytes) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.set(placing_key(admission_id, poll_key), answer, ex=PLACING_SECONDS)
    except redis.RedisError as exc:  # the polls go to Django instead
        log.warning("flash gate down on mark-placing (%s)", exc)


def unmark_placing(*, admission_id: int, poll_key: str) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.delete(placing_key(admission_id, poll_key))
    except redis.RedisError as exc:  # expires by itself; until then polls hear "placing"
        log.warning("flash gate down on unmark-placing (%s)", exc)


def placing_answer(admission_id: int, poll_key: str) -> bytes | None:
    client = _client()
    if client is None:
        return None
    try:
        return client.get(placing_key(admission_id, poll_key))
    except redis.RedisError:
        return None
