"""Cards: `GET /v2/token`, `GET /v2/card/register`, `GET /v2/point_inquiry/{token}` and the
sandbox's test cards.

The full card number never leaves this module: a token keeps the masked number
("481111-1114") and what the test card is set up to do, nothing else.
"""

from __future__ import annotations

import hmac
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from niaga.core import clock
from niaga.core.ids import random_digits

from .models import CardToken
from .protocol import WIB, ApiError

# The Midtrans sandbox's published test cards ("Testing Payment on Sandbox"), then the
# sandbox's own for what Midtrans offers no card for (a failure, chargebacks). Any other
# valid card is accepted. The README and the sandbox's index page list them.
TEST_CARDS = {
    "4811111111111114": CardToken.Outcome.ACCEPT,
    "4411111111111118": CardToken.Outcome.ACCEPT,
    "4911111111111113": CardToken.Outcome.DENY_BANK,
    "4711111111111115": CardToken.Outcome.DENY_BANK,
    "4611111111111116": CardToken.Outcome.DENY_FRAUD,
    "4511111111111117": CardToken.Outcome.CHALLENGE,
    # Sandbox-only:
    "4011111111111112": CardToken.Outcome.FAILURE,
    "4021111111111110": CardToken.Outcome.CHARGEBACK,
    "4031111111111118": CardToken.Outcome.PARTIAL_CHARGEBACK,
}
OTP = "112233"
DEFAULT_BANK = "bni"
TOKEN_MESSAGE = "OK, success request new token"
REGISTER_MESSAGE = "OK, success register card"
POINT_MESSAGE = "Success, Credit Card Point inquiry is successful"
POINT_BALANCE = 100_000  # every sandbox card holds this many Rupiah of reward points
BAD_TOKEN = "Token id is missing, invalid, or timed out"
_SEPARATORS = re.compile(r"[\s-]")


@dataclass(frozen=True)
class CardDetails:
    number: str
    exp_month: int
    exp_year: int
    cvv: str


def client_key() -> str:
    return getattr(settings, "NIAGA_MIDTRANS_CLIENT_KEY", "") or ""


def check_client_key(given: str | None) -> None:
    expected = client_key()
    if not given or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(401, "Unknown Merchant client_key")


def parse_card(query) -> CardDetails:
    """The token request's card fields; every problem is listed, as Midtrans does (400)."""
    errors: list[str] = []
    number = _SEPARATORS.sub("", query.get("card_number") or "")
    if not re.fullmatch(r"[0-9]{12,19}", number):
        errors.append("card_number must be 12-19 digits")
    elif not luhn_ok(number):
        errors.append("card_number does not match with luhn algorithm")
    month_text, year_text = (query.get("card_exp_month") or "").strip(), (query.get("card_exp_year") or "").strip()
    month = int(month_text) if re.fullmatch(r"[0-9]{1,2}", month_text) else 0
    if not 1 <= month <= 12:
        errors.append("card_exp_month must be 01-12")
    year = int(year_text) if re.fullmatch(r"[0-9]{2}|[0-9]{4}", year_text) else 0
    if year and year < 100:
        year += 2000
    if not year:
        errors.append("card_exp_year must be a year such as 2030")
    elif 1 <= month <= 12:
        today = clock.now().astimezone(WIB)
        if (year, month) < (today.year, today.month):
            errors.append("card is expired")
        elif year > today.year + 25:
            errors.append("card_exp_year is too far in the future")
    cvv = (query.get("card_cvv") or "").strip()
    if not re.fullmatch(r"[0-9]{3,4}", cvv):
        errors.append("card_cvv must be 3 or 4 digits")
    if errors:
        raise ApiError(400, "One or more parameters in the payload is invalid.", errors)
    return CardDetails(number=number, exp_month=month, exp_year=year, cvv=cvv)


def luhn_ok(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def masked(number: str) -> str:
    return f"{number[:6]}-{number[-4:]}"


def create_token(card: CardDetails, *, saved: bool = False) -> CardToken:
    """A single-use token, or with `saved` a saved_token_id for one-click charges."""
    mask = masked(card.number)
    return CardToken.objects.create(
        # Midtrans' tokens also start with the masked number.
        token_id=f"{mask}-{'saved-' if saved else ''}{uuid.uuid4()}",
        masked_card=mask,
        outcome=TEST_CARDS.get(card.number, CardToken.Outcome.ACCEPT),
        created_at=clock.now(),
        saved=saved,
    )


def usable(token_id: str):
    """Tokens a charge or a point inquiry may use: unspent single-use ones and saved ones."""
    return CardToken.objects.filter(Q(used_at__isnull=True) | Q(saved=True), token_id=token_id)


def find_usable(token_id: str) -> CardToken:
    token = usable(token_id).first()
    if token is None:
        raise ApiError(411, BAD_TOKEN)
    return token


def use_token(token_id: str) -> CardToken:
    """Spend a single-use token once, inside the caller's transaction (a failed charge gives
    it back); a saved token is only marked as used, and stays usable."""
    assert transaction.get_connection().in_atomic_block
    updated = usable(token_id).update(used_at=clock.now())
    if not updated:
        raise ApiError(411, BAD_TOKEN)
    return CardToken.objects.get(token_id=token_id)


def approval_code() -> str:
    return random_digits(6)


DENIED_BY_FRAUD_TEXT = "Denied by fraud detection system"
