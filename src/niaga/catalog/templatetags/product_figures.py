"""How cards and the product page show a product's figures: "★ 4,8" and "1,2 rb terjual"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def rating(value) -> str:
    """An average as Indonesians write it, one decimal: 4.75 → "4,8"; none → ""."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number:.1f}".replace(".", ",")


@register.filter
def sold(value) -> str:
    """Units sold as marketplaces round them: 950 → "950 terjual", 1234 → "1,2 rb terjual",
    2_500_000 → "2,5 jt terjual"; nothing sold → ""."""
    n = int(value or 0)
    if n <= 0:
        return ""
    if n < 1000:
        return f"{n} terjual"
    unit, size = ("jt", 1_000_000) if n >= 1_000_000 else ("rb", 1000)
    short = f"{n // (size // 10) / 10:.1f}".replace(".0", "").replace(".", ",")
    return f"{short} {unit} terjual"


@register.simple_tag
def stars(value, label: str = "") -> str:
    """Five stars, the first `value` (rounded to the nearest half, shown whole) filled, with a
    text alternative for screen readers."""
    try:
        filled = int(Decimal(str(value or 0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    except ArithmeticError:
        filled = 0
    filled = max(0, min(5, filled))
    return format_html(
        '<span class="stars" role="img" aria-label="{}"><span aria-hidden="true">{}<span class="stars-off">{}</span></span></span>',
        label or f"{rating(value) or 0} dari 5 bintang",
        "★" * filled,
        "★" * (5 - filled),
    )
