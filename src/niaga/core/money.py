"""Money is integer Rupiah everywhere; this module only formats it for people."""

from babel import Locale
from babel.numbers import parse_pattern

# Parsed once: a listing page prints dozens of prices, and format_currency parses the
# pattern and the locale again on every call.
_PATTERN = parse_pattern("¤#,##0")
_LOCALE = Locale.parse("id_ID")


def rupiah(amount: int) -> str:
    """5000 -> 'Rp5.000' (the way Indonesian shops print prices)."""
    return _PATTERN.apply(int(amount), _LOCALE, currency="IDR", currency_digits=False).replace("\xa0", "")
