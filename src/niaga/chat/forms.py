"""What a chat page posts: a message with, at most, a product card, an order card and a picture."""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from .services import MAX_BODY


class MessageForm(PageForm):
    aliases = {"product_id": "product", "order_id": "order"}

    body = forms.CharField(max_length=MAX_BODY, required=False, strip=True)
    product = forms.IntegerField(min_value=1, required=False)
    order = forms.IntegerField(min_value=1, required=False)
    image = forms.FileField(required=False)  # checked by core.images (type, size, pixels), not by name
