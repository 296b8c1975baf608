"""What a chat template needs of a message for the side that reads it."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def text_for(message, side: str) -> str:
    """The sender reads what they wrote; the other side reads it with contact details masked."""
    return message.body_for(side)


@register.filter
def mine(message, side: str) -> bool:
    return message.side == side
