from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services
from .session import SESSION_KEY


@receiver(user_logged_in)
def merge_guest_cart(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    services.merge_session_cart(session_key=request.session.pop(SESSION_KEY, None), user=user)
