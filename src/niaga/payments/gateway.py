"""Which gateway adapter this installation uses (one today: Midtrans Core API)."""

from functools import lru_cache

from .gateways.midtrans import MidtransGateway


@lru_cache(maxsize=1)
def _default():
    return MidtransGateway()


def get_gateway():
    return _default()


def reset() -> None:
    """Forget the adapter, e.g. after tests change the gateway settings."""
    if _default.cache_info().currsize:
        _default().close()
    _default.cache_clear()
