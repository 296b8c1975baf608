"""Money is integer Rupiah everywhere; this module only formats it for people."""

from babel.numbers import format_currency


def rupiah(amount: int) -> str:
    """5000 -> 'Rp5.000' (the way Indonesian shops print prices)."""
    text = format_currency(int(amount), "IDR", locale="id_ID", format="¤#,##0", currency_digits=False)
    return text.replace("\xa0", "")
