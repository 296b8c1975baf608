"""What a bearer token may do: each API operation's scope, in one table.

A token carries scopes chosen when it is made. Reading (GET, HEAD, OPTIONS) needs `read`,
which every token has. An operation that changes something needs the scope of the first
rule below whose pattern matches its path (under /api/v1); a write that no rule names is
refused to every token (fail closed), and accounts/tests/test_tokens.py walks every operation
of the OpenAPI document and fails on such a write, so a new endpoint gets its line here
before it ships. A browser's session is not scope-limited: the person is there.

The scopes:
- `read`: everything a GET shows the owner (always included);
- `orders`: shopping and the orders that follow, either side of them: cart, checkout, flash
  sales, payments, addresses, complaints, reviews, chat, and a seller's packing and shipping;
- `products`: a seller's catalogue: products, images, stock, the store's profile and logo,
  flash-sale slots;
- `payouts`: a seller's payout requests (money leaving Niaga; see also step-up).

`OPERATOR` is no token's: an operator's actions are done signed in, with a second factor.
A mobile buyer app asks for DEFAULT (`read` and `orders`).
"""

from __future__ import annotations

import re

READ = "read"
ORDERS = "orders"
PRODUCTS = "products"
PAYOUTS = "payouts"
OPERATOR = "operator"  # never granted to a token
NONE = ""  # any live token of the owner may: sign itself out, end a token

GRANTABLE = (READ, ORDERS, PRODUCTS, PAYOUTS)
LABELS = {
    READ: "Baca data akun",
    ORDERS: "Belanja dan pesanan",
    PRODUCTS: "Produk dan toko",
    PAYOUTS: "Penarikan dana",
}
DEFAULT = (READ, ORDERS)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# (pattern on the path under /api/v1, scope): the first match decides. Keep the narrow ones first.
WRITES: tuple[tuple[str, str], ...] = (
    (r"/auth/logout$", NONE),
    (r"/me/tokens(/\d+)?$", NONE),  # making one: only scopes the calling token has (services)
    (r"/me/sessions/\d+$", NONE),  # ending a session only takes access away, as ending a token
    (r"/auth/password/change$", NONE),  # the current password is the authority (tokens are kept)
    (r"/me/delete$", NONE),  # the password, and the second factor when enrolled, decide
    (r"/me/data-export$", READ),  # a copy of what the owner's GETs show
    (r"/me/consents$", READ),  # the owner's own marketing choices, one recorded decision each
    (r"/me/addresses", ORDERS),
    (r"/operator/", OPERATOR),
    (r"/seller/payouts", PAYOUTS),
    (r"/seller/(suppliers|purchase-orders|receipts|reorder-settings)", PRODUCTS),  # purchasing: the catalogue's stock
    (r"/seller/(products|store|flash-sales|stock)", PRODUCTS),
    (r"/seller/tax/", PRODUCTS),  # the store's tax profile and statements: the store's own settings
    (r"/seller/reports/exports$", READ),  # a file of what the report GETs show
    (r"/seller/(orders|pickups|pickup-address|complaints|reviews)", ORDERS),
    (r"/chat/", ORDERS),
    (r"/(cart|checkout|flash-sales|orders|payments|complaints|reviews)(/|$)", ORDERS),
    (r"/notifications/", READ),  # marking as read changes only what the owner has seen
)
_COMPILED = tuple((re.compile(pattern), scope) for pattern, scope in WRITES)
API_ROOT = "/api/v1"


def required(method: str, path: str) -> str | None:
    """The scope an operation needs; None for a write no rule names (no token may)."""
    if method.upper() in SAFE_METHODS:
        return READ
    if path.startswith(API_ROOT):
        path = path[len(API_ROOT) :]
    for pattern, scope in _COMPILED:
        if pattern.match(path):
            return scope
    return None


def allows(scopes: list[str], method: str, path: str) -> bool:
    need = required(method, path)
    return need is not None and (need == NONE or need in scopes)


def clean(requested: list[str] | None) -> list[str]:
    """The scopes a new token gets: those asked for that exist, with `read`, in a fixed order."""
    wanted = set(requested or DEFAULT) | {READ}
    return [scope for scope in GRANTABLE if scope in wanted]
