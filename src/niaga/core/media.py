"""Addresses of uploaded files as the API gives them: absolute, so an app can fetch them as is."""

from django.core.files.storage import default_storage


def media_url(request, file) -> str | None:
    """The absolute URL of a stored file (a FieldFile or a storage name), or None without one."""
    if not file:
        return None
    url = file.url if hasattr(file, "url") else default_storage.url(file)
    return request.build_absolute_uri(url)
