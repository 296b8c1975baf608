"""Where a checkout was placed from: the client's address and a coarse device fingerprint.

Kept on the OrderGroup for the fraud review (risk), which looks for one device or one
address behind many accounts. The device is a hash of the User-Agent with the address: no
cookie and no script, so it works for the API's apps too, and it is never shown raw.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings

from niaga.core.clientip import client_ip


@dataclass(frozen=True)
class Origin:
    ip: str | None = None
    device: str = ""


def device_of(ip: str, user_agent: str) -> str:
    if not user_agent:
        return ""
    return hashlib.sha256(f"{ip}|{user_agent}".encode()).hexdigest()[:32]


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def origin_of(request) -> Origin:
    ip = _valid(client_ip(request))
    agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    return Origin(ip=ip, device=device_of(ip or "", agent))


def address_digest(address: dict | None) -> str:
    """A keyed hash of where a parcel goes (street and village, case and spaces ignored).

    The address snapshot itself is encrypted at rest and cannot be matched in SQL; this can,
    and says nothing of the address without the site's key."""
    address = address or {}
    street = " ".join(str(address.get("street", "")).lower().split())
    village = str(address.get("village_code", ""))
    if not street or not village:
        return ""
    key = hashlib.sha256(b"niaga-address:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{village}|{street}".encode(), hashlib.sha256).hexdigest()[:40]
