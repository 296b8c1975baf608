"""What Niaga hands a gateway adapter to charge, and how an adapter says the gateway refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from niaga.core.errors import DomainError


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
