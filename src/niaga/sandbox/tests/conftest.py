"""Sandbox fixtures: huey in immediate mode, a real HTTP receiver, an API client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from huey.contrib.djhuey import HUEY

from .helpers import CLIENT_KEY, SERVER_KEY, Api, Receiver


@pytest.fixture(autouse=True)
def huey_immediate() -> Iterator[None]:
    previous = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = previous


@pytest.fixture(scope="session")
def receiver_server() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def receiver(receiver_server) -> Receiver:
    receiver_server.reset()
    return receiver_server


@pytest.fixture(autouse=True)
def sandbox_settings(settings, receiver):
    settings.NIAGA_SANDBOX_SERVER_KEY = SERVER_KEY
    settings.NIAGA_SANDBOX_NOTIFICATION_URL = receiver.url
    settings.NIAGA_SANDBOX_EWALLET_PIN = "123456"
    settings.NIAGA_MIDTRANS_CLIENT_KEY = CLIENT_KEY
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = ""
    settings.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = 60
    settings.NIAGA_SANDBOX_WALLET_DEMO_BALANCE = 1_000_000
    return settings


@pytest.fixture
def api(client) -> Api:
    return Api(client)
