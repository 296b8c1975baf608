"""Signals accounts sends for outer apps to react to (they connect in their AppConfig.ready())."""

from django.dispatch import Signal

# A new account was made (page or API), before its e-mail is verified.
# Arguments: user, request, choices (what the person ticked at sign-up, e.g. {"email_promo": True}).
signed_up = Signal()
