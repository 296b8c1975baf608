"""Uploaded files, served by Django when no proxy or CDN does (NIAGA_SERVE_MEDIA), and their
addresses as the API gives them: absolute, so an app can fetch them as is."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.views.static import serve

# Every stored name carries a random code and a file is never rewritten under its name
# (a new photo is a new name), so a browser or CDN may keep what it fetched for good.
IMMUTABLE = "public, max-age=31536000, immutable"


def media(request, path: str):
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    if response.status_code == 200:
        response["Cache-Control"] = IMMUTABLE
    return response


def media_url(request, file) -> str | None:
    """The absolute URL of a stored file (a FieldFile or a storage name), or None without one."""
    if not file:
        return None
    url = file.url if hasattr(file, "url") else default_storage.url(file)
    return request.build_absolute_uri(url)
