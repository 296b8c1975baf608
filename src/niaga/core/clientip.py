"""The client's address, read the one way every part of Niaga reads it.

Behind a proxy, NIAGA_CLIENT_IP_HEADER names the header the proxy sets (e.g. HTTP_X_REAL_IP);
otherwise the socket's address. Throttling, lockout and the audit trail all key on this.
"""

from django.conf import settings


def client_ip(request) -> str:
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[0].strip()[:45]
