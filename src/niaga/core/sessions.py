"""Sessions kept in the database, with a copy in the cache: Django's cached_db, made to go on
when the cache cannot be reached.

Django's cached_db reads a session from the database when the cache misses, but then fails
the request writing the copy back, or answering whether a key exists, when Redis is down:
every signed-in page was a 500. Here the database is the truth and the cache only a copy:
a copy that cannot be read, written or deleted is gone without, and the buyer stays signed in.

A copy is kept for COPY_SECONDS at most, not for the session's lifetime: a sign-out during an
outage deletes the session from the database but cannot delete its copy, and a Redis that
comes back must not bring that session back to life for more than this long.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.cache.backends.base import BaseCache

from . import degraded

COPY_SECONDS = 300


class SessionStore(CachedDbStore):
    # What Django's cached_db and db stores set up and use, which the type stubs leave out.
    _cache: BaseCache
    _session: dict[str, Any]
    _get_session_from_db: Callable[[], AbstractBaseSession | None]

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except degraded.REDIS_DOWN as exc:
            degraded.going_on_without("sessions", exc, "sessions are read from the database")
            data = None
        except Exception:
            data = None
        if data is not None:
            return data
        s = self._get_session_from_db()
        if not s:
            return {}
        data = self.decode(s.session_data)
        self._copy(data, self.get_expiry_age(expiry=s.expire_date))
        return data

    def exists(self, session_key):
        if session_key:
            try:
                if (self.cache_key_prefix + session_key) in self._cache:
                    return True
            except degraded.REDIS_DOWN as exc:
                degraded.going_on_without("sessions", exc, "sessions are read from the database")
        return super(CachedDbStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDbStore, self).save(must_create)
        self._copy(self._session, self.get_expiry_age())

    def delete(self, session_key=None):
        super(CachedDbStore, self).delete(session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except degraded.REDIS_DOWN as exc:
            degraded.going_on_without(
                "sessions", exc, f"a deleted session's copy lives on for at most {COPY_SECONDS} s"
            )

    def _copy(self, data, expiry_age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, min(expiry_age, COPY_SECONDS))
        except degraded.REDIS_DOWN as exc:
            degraded.going_on_without("sessions", exc, "sessions are kept in the database only")
