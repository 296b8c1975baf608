"""Money is integer Rupiah everywhere; this module only formats it for people."""

from decimal import Decimal

from babel import Locale
from babel.numbers import parse_pattern

# Parsed once: a listing page prints dozens of prices, and format_currency parses the
# pattern and the locale again on every call.
_PATTERN = parse_pattern("¤#,##0")
_LOCALE = Locale.parse("id_ID")
_NUMBER = {digits: parse_pattern("#,##0" + ("." + "0" * digits if digits else "")) for digits in range(4)}


def rupiah(amount: int) -> str:
    """5000 -> 'Rp5.000' (the way Indonesian shops print prices)."""
    return _PATTERN.apply(int(amount), _LOCALE, currency="IDR", currency_digits=False).replace("\xa0", "")


def number(value, digits: int = 0) -> str:
    """1234.5 -> '1.234,5' (digits=1): figures on pages read as Rupiah do, whatever the
    browser's language (Django's own formats would follow it: '1234.5' in English)."""
    if not isinstance(value, int | float | Decimal):
        value = float(value)  # a Fraction (reorder advice's daily sales)
    return _NUMBER[min(max(int(digits), 0), 3)].apply(value, _LOCALE)
