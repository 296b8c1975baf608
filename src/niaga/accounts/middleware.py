"""Sessions as allauth.usersessions lists them, with "last seen" written sparingly.

allauth's own middleware (USERSESSIONS_TRACK_ACTIVITY) writes the session's row on every
request of a signed-in user; this writes it at most once per NIAGA_SESSION_SEEN_SECONDS per
session (a key in the cache says it was written), which is as precise as "last seen" needs.
"""

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.cache import cache

from niaga.core.degraded import REDIS_DOWN, going_on_without


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.track(request)
        return self.get_response(request)

    @staticmethod
    def track(request) -> None:
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        if not key:  # no session cookie: nobody signed in, nothing to read
            return
        try:
            due = cache.add(f"usersession-seen:{key}", 1, timeout=settings.NIAGA_SESSION_SEEN_SECONDS)
        except REDIS_DOWN as exc:  # the page goes on; "last seen" waits for Redis
            going_on_without("session activity", exc, "sessions' last-seen times are not updated")
            return
        if due and request.user.is_authenticated:
            UserSession.objects.create_from_request(request, user=request.user, session=session)
