"""Pooled HTTP sessions for the outside services (gateway, couriers): one per app-server
thread, since a requests.Session is not safe to share between threads, and all of them
closed together when the client is dropped. A session left open keeps its kept-alive
connection, and the server at the other end keeps a thread waiting on it."""

from __future__ import annotations

import threading
from collections.abc import Callable

import requests


class ThreadSessions:
    def __init__(self, configure: Callable[[requests.Session], None]):
        self._configure = configure
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[requests.Session] = []

    def get(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            self._configure(session)
            with self._lock:
                self._all.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            sessions, self._all = self._all, []
        for session in sessions:
            session.close()
        self._local = threading.local()
