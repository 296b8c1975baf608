"""The flash-sale gate in Redis: one Lua script checks the quota and the buyer's limit and
takes both in one atomic step, so thousands of buyers get an answer from Redis and only as
many as there are units go on to the database.

The database stays the authority (its own conditional updates, services.py); the gate only
keeps the crowd away from it. If Redis is unreachable, `admit` says so and the caller uses
the database path alone.

The scripts live in lua/, because nginx runs them too (lua/flash_edge.lua): there the gate
answers the crowd before any app server, and holds an admitted buyer's units for the app to
`claim`. For that the app publishes each item's terms here, and core/edge.py each token's buyer.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import cast

import redis
from django.conf import settings

log = logging.getLogger(__name__)

ADMITTED, SOLD_OUT, LIMIT_REACHED = 1, 0, -1
TTL_SECONDS = 7 * 24 * 3600
RESERVATION_SECONDS = 60  # the edge's hold on an admitted buyer's units until the app claims them
RESERVATIONS = "niaga:flash:reservations"  # reservation keys by deadline, for `sweep_reservations`
LUA = Path(__file__).with_name("lua")  # the scripts, shared with the edge (flash_edge.lua)


def script_text(name: str) -> str:
    """A script as Redis runs it: the gate's moves (gate.lua), then the script itself."""
    return (LUA / "gate.lua").read_text() + "\n" + (LUA / f"{name}.lua").read_text()


class GateDown(Exception):
    """Redis did not answer: use the database path."""


# Per URL, read from the setting on each call: a changed setting never leaves an old client
# behind (tests switch it; the edge's receivers reach the gate from any code that saves a campaign).
_clients: dict[str, tuple[redis.Redis, dict]] = {}


def _connected() -> tuple[redis.Redis, dict] | None:
    url = settings.NIAGA_FLASH_GATE_URL
    if not url:
        return None
    if url not in _clients:
        timeout = settings.NIAGA_FLASH_GATE_TIMEOUT
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        scripts = {
            name: client.register_script(script_text(name)) for name in ("admit", "give_back", "claim", "release")
        }
        _clients[url] = (client, scripts)
    return _clients[url]


def _client() -> redis.Redis | None:
    connected = _connected()
    return connected[0] if connected else None


def _scripts() -> dict:
    connected = _connected()
    assert connected is not None  # asked for only once _client() answered
    return connected[1]


def reset() -> None:
    _clients.clear()


def enabled() -> bool:
    return _client() is not None


def _keys(item_id: int) -> list[str]:
    return [f"niaga:flash:{item_id}:left", f"niaga:flash:{item_id}:buyers"]


def terms_key(item_id: int) -> str:
    return f"niaga:flash:{item_id}:terms"


def reservation_key(reservation: str) -> str:
    return f"niaga:flash:reserved:{reservation}"


def admit(*, item_id: int, buyer_id: int, quantity: int, limit: int, left_in_db: int) -> int:
    """ADMITTED, SOLD_OUT or LIMIT_REACHED; raises GateDown when Redis is unreachable."""
    try:
        return int(_scripts()["admit"](keys=_keys(item_id), args=[buyer_id, quantity, limit, left_in_db, TTL_SECONDS]))
    except redis.RedisError as exc:
        log.warning("flash gate down (%s): using the database path", exc)
        raise GateDown from exc


def give_back(*, item_id: int, buyer_id: int, quantity: int) -> None:
    """Units of an admitted buyer who did not get (or pay for) the order go back to the gate."""
    if _client() is None:
        return
    try:
        _scripts()["give_back"](keys=_keys(item_id), args=[buyer_id, quantity])
    except redis.RedisError as exc:  # the gate undercounts until `resync`; it never oversells
        log.warning("flash gate down on give-back (%s)", exc)


def claim(*, reservation: str, item_id: int, buyer_id: int, quantity: int) -> bool:
    """Take over the units the edge reserved for this very attempt (its X-Niaga-Reserved):
    True once, for the buyer, item and quantity the edge admitted; else the gate is asked as
    usual. Raises GateDown when Redis is unreachable."""
    if not reservation or len(reservation) > 64:
        return False
    try:
        return bool(
            _scripts()["claim"](
                keys=[reservation_key(reservation), RESERVATIONS], args=[f"{item_id}:{buyer_id}:{quantity}"]
            )
        )
    except redis.RedisError as exc:
        log.warning("flash gate down on claim (%s): using the database path", exc)
        raise GateDown from exc


def sweep_reservations(now: float | None = None) -> int:
    """Units the edge held for attempts that neither the app claimed nor the edge gave back by
    their deadline (nginx could not reach Redis after answering, or died): give them back.
    How many reservations went back."""
    client = _client()
    if client is None:
        return 0
    given = 0
    try:
        due = cast(list[bytes], client.zrangebyscore(RESERVATIONS, "-inf", now or time.time(), start=0, num=500))
        for key in due:
            held = cast(bytes | None, client.get(key))  # the client answers bytes (no decode_responses)
            item_id = int(held.split(b":")[0]) if held else 0
            given += int(_scripts()["release"](keys=[key, *_keys(item_id), RESERVATIONS]))
    except redis.RedisError as exc:  # the next sweep tries again
        log.warning("flash gate down on sweep (%s)", exc)
    if given:
        log.warning("flash gate: %s reservation(s) the edge did not give back went back", given)
    return given


def publish_terms(*, item_id: int, limit: int, starts_at, ends_at, left_in_db: int) -> None:
    """What the edge needs to answer for an item by itself: the per-buyer limit and the sale's
    window (kept until an hour after the sale), and the units left if the gate has not counted
    them yet, as `admit` would. Without them the edge lets every attempt through to the app."""
    client = _client()
    if client is None:
        return
    key = terms_key(item_id)
    try:
        pipe = client.pipeline(transaction=False)
        pipe.hset(key, mapping={"limit": limit, "starts": starts_at.timestamp(), "ends": ends_at.timestamp()})
        pipe.expireat(key, int(ends_at.timestamp()) + 3600)
        pipe.set(_keys(item_id)[0], left_in_db, ex=TTL_SECONDS, nx=True)
        pipe.execute()
    except redis.RedisError as exc:  # the edge passes attempts on to the app meanwhile
        log.warning("flash gate down on publish-terms (%s)", exc)


def withdraw_terms(item_id: int) -> None:
    client = _client()
    if client is None:
        return
    try:
        client.delete(terms_key(item_id))
    except redis.RedisError as exc:
        log.warning("flash gate down on withdraw-terms (%s)", exc)


def edge_answers() -> dict[str, int]:
    """How many attempts the edge answered by itself, by answer, since Redis began counting."""
    client = _client()
    if client is None:
        return {}
    answers = cast(dict[bytes, bytes], client.hgetall("niaga:flash:edge:answers"))
    return {k.decode(): int(v) for k, v in answers.items()}


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
        return cast(bytes | None, client.get(placing_key(admission_id, poll_key)))
    except redis.RedisError:
        return None
