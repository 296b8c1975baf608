"""Template filters and tags for Niaga's pages: money, time, media and form fields."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from niaga.core import paymethods, tracking
from niaga.core.money import number as format_number
from niaga.core.money import rupiah as format_rupiah

register = template.Library()

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@register.filter
def rupiah(value) -> str:
    if value in (None, ""):
        return ""
    return format_rupiah(int(value))


@register.filter
def angka(value, digits=0) -> str:
    """A figure in Indonesian: `{{ 1234.5|angka:1 }}` -> 1.234,5; nothing for None."""
    if value in (None, ""):
        return ""
    return format_number(value, int(digits))


@register.filter
def width_class(percent) -> str:
    """A bar's width as a class of site.css (`w-0` … `w-100`, steps of 5): the CSP allows no
    `style=""`. A bar above 0 never reads empty, one below 100 never reads full."""
    try:
        value = min(100.0, max(0.0, float(percent)))
    except (TypeError, ValueError):
        value = 0.0
    step = int(5 * round(value / 5))
    if 0 < value and step == 0:
        step = 5
    if value < 100 and step == 100:
        step = 95
    return f"w-{step}"


@register.filter
def wib(value):
    """Show an aware datetime in Jakarta time, the way buyers read deadlines."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local.day:02d} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M} WIB"


@register.filter
def tracking_label(code) -> str:
    """A courier's tracking code ("in_transit") as a buyer reads it ("Dalam perjalanan")."""
    return tracking.label(str(code or ""))


@register.filter
def media(path) -> str:
    """A media-relative path (e.g. the `thumb` annotation of listings) as a URL."""
    return f"{settings.MEDIA_URL}{path}" if path else ""


def _widths(widths: str) -> list[int]:
    return [int(w) for w in (widths or "").split(",") if w]


def _srcset(stem: str, widths: str, kind: str) -> str:
    return ", ".join(f"{settings.MEDIA_URL}{stem}-{w}.{kind} {w}w" for w in _widths(widths))


def _src(stem: str, widths: str) -> str:
    """The JPEG a browser that reads no srcset gets: about a phone screen's width."""
    sizes = _widths(widths)
    return f"{settings.MEDIA_URL}{stem}-{next((w for w in sizes if w >= 480), sizes[-1])}.jpg"


@register.filter
def srcset(image, kind: str) -> str:
    """A product image's versions of one kind ("webp" or "jpg") as a srcset value."""
    return _srcset(image.stem, image.widths, kind) if image.stem else ""


@register.filter
def version_src(image) -> str:
    return _src(image.stem, image.widths) if image.stem and image.widths else image.image.url


@register.simple_tag
def picture(
    stem: str,
    widths: str,
    *,
    alt: str = "",
    sizes: str = "100vw",
    eager: bool = False,
    width: int = 0,
    height: int = 0,
    fallback: str = "",
) -> str:
    """A product photo as `<picture>`: WebP versions with JPEG ones for browsers without it,
    each width listed so the browser fetches the one its screen needs (core.images).

    `eager` is for the picture a visitor sees first (the largest paint): fetched at once and
    first, where the rest wait until they are scrolled near. A photo uploaded before versions
    existed, whose versions could not be made, shows its `fallback` (a media path).
    """
    loading = mark_safe(' loading="eager" fetchpriority="high"' if eager else ' loading="lazy"')
    box = format_html(' width="{}" height="{}"', width, height) if width and height else ""
    if not stem or not _widths(widths):
        if not fallback:
            return ""
        return format_html('<img src="{}" alt="{}"{}{} decoding="async">', media(fallback), alt, box, loading)
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}"{}{} decoding="async"></picture>',
        _srcset(stem, widths, "webp"),
        sizes,
        _src(stem, widths),
        _srcset(stem, widths, "jpg"),
        sizes,
        alt,
        box,
        loading,
    )


@register.filter
def http_url(value) -> str:
    """Only http(s) links from outside (gateway actions) may become an href."""
    value = str(value or "")
    return value if urlsplit(value).scheme in {"http", "https"} else ""


@register.filter
def safe_href(value) -> str:
    """A site path ("/pesanan/1/") or an http(s) link; anything else (javascript:, //evil) is dropped."""
    value = str(value or "")
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return http_url(value)


@register.filter
def stock_label(available) -> str:
    available = int(available or 0)
    return f"Stok: {available}" if available > 0 else "Stok habis"


@register.filter
def by_family(methods):
    """Payment methods (objects or codes) grouped as [("Virtual Account", [...]), ("E-Wallet", [...])]."""
    found = [paymethods.get(m) if isinstance(m, str) else m for m in methods or []]
    items = [m for m in found if m is not None]
    return [
        (label, [m for m in items if m.family == family])
        for family, label in paymethods.FAMILY_LABELS.items()
        if any(m.family == family for m in items)
    ]


_PAY_SHORT = {
    "va_bca": "BCA",
    "va_bni": "BNI",
    "va_bri": "BRI",
    "va_cimb": "CIMB",
    "va_permata": "Permata",
    "va_mandiri": "Mandiri",
    "gopay": "GoPay",
    "shopeepay": "SPay",
    "qris": "QRIS",
    "indomaret": "Indomrt",
    "alfamart": "Alfa",
    "card": "VISA/MC",
    "akulaku": "Akulaku",
    "kredivo": "Kredivo",
}


@register.filter
def pay_short(code) -> str:
    """A short badge text for a payment method code."""
    return _PAY_SHORT.get(code, str(code)[:7].upper())


@register.filter
def get(mapping, key):
    """`{{ dict|get:key }}` for keys a template cannot spell (hyphens, variables)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


def _value(context, name: str):
    values = context.get("values") or {}
    value = values.get(name) if hasattr(values, "get") else None
    return "" if value is None else value


@register.inclusion_tag("partials/field.html", takes_context=True)
def field(
    context,
    name: str,
    label: str,
    type: str = "text",
    required: bool = False,
    help: str = "",
    placeholder: str = "",
    autocomplete: str = "",
    inputmode: str = "",
    maxlength: int | str = "",
    rows: int = 4,
    value=None,
    prefix: str = "",
):
    """One labelled input with its error, filled from `values` and `errors` in the context."""
    errors = context.get("errors") or {}
    if value is None:
        value = "" if type == "password" else _value(context, name)
    return {
        "name": name,
        "label": label,
        "type": type,
        "required": required,
        "help": help,
        "placeholder": placeholder,
        "autocomplete": autocomplete,
        "inputmode": inputmode,
        "maxlength": maxlength,
        "rows": rows,
        "value": value,
        "prefix": prefix,
        "error": errors.get(name, ""),
    }


@register.simple_tag(takes_context=True)
def field_error(context, name: str):
    message = (context.get("errors") or {}).get(name)
    if not message:
        return ""
    return format_html('<p class="field-error" id="err_{}">{}</p>', name, message)


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with some parameters changed (pagination, tabs, sorting)."""
    params = context["request"].GET.copy()
    for key, val in changes.items():
        if val in (None, ""):
            params.pop(key, None)
        else:
            params[key] = val
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
