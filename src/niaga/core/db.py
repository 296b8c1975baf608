"""Which database answers what. Reports and the operator's charts read from the replica when
one is configured (DATABASE_REPLICA_URL), a few seconds behind at most; everything that
decides anything — stock, money, order status — reads and writes the primary."""

from django.conf import settings


def reports() -> str:
    return "replica" if "replica" in settings.DATABASES else "default"
