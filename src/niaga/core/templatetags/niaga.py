from django import template
from django.utils import timezone

from niaga.core.money import rupiah as format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    if value in (None, ""):
        return ""
    return format_rupiah(int(value))


@register.filter
def wib(value):
    """Show an aware datetime in Jakarta time, the way buyers read deadlines."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%d %b %Y %H:%M WIB")
