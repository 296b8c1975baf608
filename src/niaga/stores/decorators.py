"""The store a request acts for: the signed-in seller's own."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from . import selectors


def store_required(view):
    """Log in first; a user without a store is sent to "Buka Toko". The view gets the store."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        store = selectors.store_of(request.user)
        if store is None:
            messages.info(request, "Buka toko dulu untuk mulai berjualan.")
            return redirect("seller:open")
        return view(request, store, *args, **kwargs)

    return wrapper
