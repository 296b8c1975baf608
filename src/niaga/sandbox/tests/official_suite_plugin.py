"""A pytest plugin for the run of `midtransclient`'s own test suite against the sandbox.

Loaded with `-p` into that run (test_official_midtransclient_suite.py). It changes nothing in
the suite: it only points the client's Core API base URL at the sandbox. Both base URLs are
pointed there, because one test switches the client to production with a bad key and expects
401 — a test must never talk to the real Midtrans, and the sandbox answers 401 for that key
for the same reason Midtrans does.
"""

from __future__ import annotations

import os

import pytest

BASE_URL_VARIABLE = "NIAGA_OFFICIAL_SUITE_BASE_URL"


@pytest.fixture(autouse=True, scope="session")
def _midtrans_is_the_sandbox():
    # Imported here, after the suite's own tests/context.py has put the source distribution
    # first on sys.path: this is the very ApiConfig the suite's client uses.
    from midtransclient.config import ApiConfig

    base_url = os.environ[BASE_URL_VARIABLE]
    ApiConfig.CORE_SANDBOX_BASE_URL = base_url
    ApiConfig.CORE_PRODUCTION_BASE_URL = base_url
    yield
