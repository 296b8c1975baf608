"""The outside services' HTTP sessions: one per thread, all closed when the client is
dropped, so no kept-alive connection (and no thread waiting on it at the other end) outlives
the client."""

import threading

import requests

from niaga.core.http import ThreadSessions
from niaga.payments import gateway
from niaga.shipping.couriers import client as courier_client


def test_each_thread_gets_its_own_configured_session_and_keeps_it():
    sessions = ThreadSessions(lambda s: s.headers.update({"Authorization": "kunci"}))
    mine = sessions.get()
    assert sessions.get() is mine and mine.headers["Authorization"] == "kunci"
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(sessions.get()))
    worker.start()
    worker.join()
    assert theirs[0] is not mine and theirs[0].headers["Authorization"] == "kunci"


def test_closing_closes_the_session_of_every_thread_and_starts_afresh(monkeypatch):
    closed = []
    real_close = requests.Session.close
    monkeypatch.setattr(requests.Session, "close", lambda self: (closed.append(self), real_close(self)))
    sessions = ThreadSessions(lambda s: None)
    mine, theirs = sessions.get(), []
    worker = threading.Thread(target=lambda: theirs.append(sessions.get()))
    worker.start()
    worker.join()
    sessions.close()
    assert closed == [mine, theirs[0]]
    assert sessions.get() is not mine


def test_resetting_the_gateway_and_courier_clients_closes_their_sessions(monkeypatch):
    closed = []
    monkeypatch.setattr(requests.Session, "close", lambda self: closed.append(self))
    used = [gateway.get_gateway().session, courier_client.CourierClient.default().session]
    gateway.reset()
    courier_client.reset()
    assert closed == used
