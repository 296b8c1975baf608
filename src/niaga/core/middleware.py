"""Refuse text no database can store before it reaches a view."""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

_MESSAGE = "Permintaan berisi karakter yang tidak diizinkan (NUL)."


class RejectNulMiddleware:
    """PostgreSQL refuses NUL (0x00) in text; a request carrying one would end as a 500.

    Checked in the path, the query string, form fields and JSON bodies (raw or escaped).
    The sandbox answers such input itself, with Midtrans' own error codes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/sandbox/") and self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid_characters", "message": _MESSAGE, "fields": {}}, status=400)
            return HttpResponseBadRequest(_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        if request.method == "POST" and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            if int(request.META.get("CONTENT_LENGTH") or 0) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                # Read the body first: the form is then parsed from it, and a view that reads the
                # raw body (a JSON operation sent a form by mistake, a webhook) can still do so.
                request.body  # noqa: B018
            return any("\x00" in value for values in request.POST.lists() for value in values[1])
        return False
