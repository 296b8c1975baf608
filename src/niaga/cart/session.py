"""Which cart a request means.

A guest's cart is keyed by a random token kept in the session data (not the session key
itself, which Django rotates at login), so the login hook can still find it and merge it.
"""

import secrets

from . import services

SESSION_KEY = "cart_token"


def request_cart(request, *, create: bool = False):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return services.cart_for(user=user, create=create)
    session = getattr(request, "session", None)
    if session is None:
        return None
    token = session.get(SESSION_KEY)
    if not token and create:
        token = session[SESSION_KEY] = secrets.token_urlsafe(24)
    return services.cart_for(session_key=token, create=create) if token else None
