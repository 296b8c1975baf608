"""How fast one account may send chat messages: a person types a few a minute, a spammer
pasting the same WhatsApp number to every store types hundreds.

Counted per account in the shared cache through django-ratelimit, like core's limits (so every
app server counts together); the pages and the API both ask before sending. Off with
RATELIMIT_ENABLE=False (tests); a cache outage lets messages through, as core's limits do.
"""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.core import get_usage

from niaga.core import degraded
from niaga.core.errors import DomainError


class TooManyMessages(DomainError):
    status = 429
    code = "rate_limited"


def rate() -> str:
    return f"{settings.NIAGA_CHAT_MESSAGES_PER_MINUTE}/m"


def check_send(request, user) -> None:
    """Count one message by `user`; refuse (429 + Retry-After) past the rate."""
    try:
        usage = get_usage(
            request, group="niaga.chat.send", key=lambda group, req: f"user:{user.pk}", rate=rate(), increment=True
        )
    except degraded.REDIS_DOWN as exc:
        degraded.going_on_without("chat rate limit", exc, "messages are let through unlimited")
        return
    if usage and usage["should_limit"]:
        wait = int(usage["time_left"]) or 1
        error = TooManyMessages(
            f"Terlalu banyak pesan dalam semenit. Tunggu {wait} detik lalu kirim lagi.",
            fields={"body": "Tunggu sebentar."},
        )
        error.headers = {"Retry-After": str(wait)}
        raise error
