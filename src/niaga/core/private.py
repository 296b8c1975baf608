"""Where private files are kept: beside MEDIA_ROOT, never under it.

Everything under MEDIA_ROOT is public (Django's media view, or nginx/a CDN behind a proxy),
while a picture sent in a chat or a complaint's evidence belongs to its parties only. So
those files live in a sibling folder (`<MEDIA_ROOT>-private`) that nothing serves, and the
owning app hands them out after checking who asks (chat's and aftersales' attachment views).
Scaled out, that folder is shared between the app servers like MEDIA_ROOT is.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """A file system storage with no public URL, following MEDIA_ROOT (tests move it)."""

    @property
    def base_location(self) -> str:
        media = Path(settings.MEDIA_ROOT)
        return str(media.parent / f"{media.name}-private")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("A private file has no public address; serve it through its app's access checks.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage


def serve(file) -> FileResponse:
    """A private file's answer, once its app has checked who asks: kept by that browser only."""
    response = FileResponse(file.open("rb"))
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
