"""The small interface every payment gateway adapter implements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from niaga.core.errors import DomainError, GatewayUnavailable  # noqa: F401  (re-exported)


class GatewayError(DomainError):
    """The gateway answered and refused (bad request, method not enabled, ...)."""

    status = 502
    code = "gateway_refused"


@dataclass
class ChargeRequest:
    order_id: str
    method: str  # niaga.core.paymethods code
    gross_amount: int
    expiry_minutes: int
    customer: dict = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)
    callback_url: str = ""
    card_token: str = ""  # from the gateway's token endpoint, made in the buyer's browser
    installment_term: int | None = None
    # The checkout's deadline, sent to the second (custom_expiry) where the method takes one.
    expires_at: dt.datetime | None = None


class Gateway(Protocol):
    name: str

    def charge(self, request: ChargeRequest) -> dict: ...

    def status(self, order_id: str) -> dict: ...

    def cancel(self, order_id: str) -> dict: ...

    def expire(self, order_id: str) -> dict: ...

    def refund(self, order_id: str, *, key: str, amount: int, reason: str) -> dict: ...

    def approve(self, transaction_id: str) -> dict: ...

    def deny(self, transaction_id: str) -> dict: ...

    def capture(self, transaction_id: str, *, amount: int) -> dict: ...

    def verify_notification(self, body: dict) -> bool: ...
