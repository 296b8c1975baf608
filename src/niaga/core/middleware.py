"""Refuse, before any view reads it, a body too large to read and text no database can store."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse

from .jsonbody import BodyTooLarge


class RequestSizeMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 here, as JSON in the API's
    error format for the API and for JSON requests, before anything reads it.

    Django refuses it too, but only when something reads `request.body` or `request.POST`,
    and then as an HTML page with the exception logged at ERROR. Uploads (multipart) are
    left to Django: its limit counts their fields, not their files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and not request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = limit + 1  # not a length: nothing to read safely
            if length > limit:
                return too_large(request, f"Isi permintaan terlalu besar (paling banyak {limit // (1024 * 1024)} MB).")
        return self.get_response(request)


def too_large(request, message: str) -> HttpResponse:
    if request.path.startswith("/api/") or request.META.get("CONTENT_TYPE", "").startswith("application/json"):
        return JsonResponse({"code": BodyTooLarge.code, "message": message, "fields": {}}, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


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
        if (
            "\x00" in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or "\x00" in request.META.get("QUERY_STRING", "")
        ):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            if int(request.META.get("CONTENT_LENGTH") or 0) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                # Read the body first: the form is then parsed from it, and a view that reads the
                # raw body (a JSON operation sent a form by mistake, a webhook) can still do so.
                request.body  # noqa: B018  (read for its side effect: the body is kept)
            return any("\x00" in value for values in request.POST.lists() for value in values[1])
        return False
