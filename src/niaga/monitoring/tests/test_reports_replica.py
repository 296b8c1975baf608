"""With DATABASE_REPLICA_URL set, the operator's charts read the replica, never the primary
that checkout writes to. The PostgreSQL pass of make test runs with a replica alias (in
tests a mirror of the primary); without one, reports read the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from niaga.core import db
from niaga.monitoring import selectors

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_reports_read_the_replica_when_one_is_configured(settings, place):
    place(quantity=1, stock=3)
    if "replica" not in settings.DATABASES:
        assert db.reports() == "default"
        pytest.skip("no replica configured in this pass (the PostgreSQL pass sets DATABASE_REPLICA_URL)")
    assert db.reports() == "replica"
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        minutes = selectors.orders_per_minute(5)
        payments = selectors.payments_last_hour()
    assert sum(m["orders"] for m in minutes) == 1 and payments == []
    assert len(replica) == 2 and len(primary) == 0
