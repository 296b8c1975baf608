"""The way from a payment page into the offline sandbox, while it plays the gateway.

A class (or anyone trying Niaga) pays by acting as the bank, wallet, cashier or card issuer in
the sandbox; the payment page links straight to the right sandbox page for its method, with
the number already filled in. Only when the sandbox is on and the gateway really is it: with
the real Midtrans there is no such link.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from niaga.core import paymethods

from .statuses import AttemptStatus

_API_SUFFIX = "/midtrans"  # the sandbox serves Midtrans' API under <sandbox>/midtrans


def sandbox_root() -> str:
    """The sandbox's address (e.g. http://127.0.0.1:8000/sandbox), or "" when the gateway is not it."""
    if not getattr(settings, "NIAGA_SANDBOX_ENABLED", False):
        return ""
    try:
        index = reverse("sandbox:index").rstrip("/")
    except NoReverseMatch:  # the sandbox's URLs are not mounted
        return ""
    base = (settings.NIAGA_MIDTRANS_BASE_URL or "").rstrip("/")
    if not base.endswith(index + _API_SUFFIX):
        return ""
    # Under make run the sandbox's API has a server of its own (PORT+1) while people reach its
    # pages at the site's address, which the sandbox's own links use too.
    pages = getattr(settings, "NIAGA_SANDBOX_PAGES_URL", "")
    return f"{pages}{index}" if pages else base[: -len(_API_SUFFIX)]


def _page(root: str, name: str, query: dict | None = None) -> str:
    # The sandbox's own URL layout, on the host the gateway's base URL names.
    origin = root[: len(root) - len(reverse("sandbox:index").rstrip("/"))]
    return f"{origin}{reverse(name)}" + (f"?{urlencode(query)}" if query else "")


def pay_link(attempt) -> str:
    """The sandbox page where this pending attempt is paid, or ""."""
    root = sandbox_root()
    if not root or attempt is None or attempt.status != AttemptStatus.PENDING:
        return ""
    method = paymethods.get(attempt.method)
    if attempt.bill_key:
        return _page(
            root, "sandbox:bank", {"bank": "mandiri", "biller_code": attempt.biller_code, "bill_key": attempt.bill_key}
        )
    if attempt.va_number:
        return _page(root, "sandbox:bank", {"bank": attempt.bank, "va_number": attempt.va_number})
    if attempt.payment_code:
        return _page(
            root,
            "sandbox:kasir",
            {"store": attempt.bank or getattr(method, "bank", ""), "payment_code": attempt.payment_code},
        )
    if attempt.qr_string:
        return _page(root, "sandbox:qris", {"qr_string": attempt.qr_string})
    # E-wallets (deeplink), 3-D Secure and PayLater: the gateway's own link is the sandbox's page.
    link = (attempt.actions or {}).get("deeplink-redirect") or attempt.redirect_url
    return link if link and _same_place(link, root) else ""


def _same_place(url: str, root: str) -> bool:
    a, b = urlsplit(url), urlsplit(root)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc) and a.path.startswith(b.path + "/")


def card_hint() -> str:
    """On the card form, while the sandbox plays the gateway: the test card that is accepted."""
    return "Kartu uji: 4811 1111 1111 1114, berlaku 12/30, CVV 123, OTP 112233." if sandbox_root() else ""
