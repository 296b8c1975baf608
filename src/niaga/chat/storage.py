"""Where chat pictures are kept: beside MEDIA_ROOT, never under it.

Everything under MEDIA_ROOT is public (Django's media view, or nginx/a CDN behind a proxy),
while a picture sent in a chat belongs to its two sides only. So the files live in a sibling
folder (`<MEDIA_ROOT>-private`) that nothing serves, and a page or the API hands them out
after checking who asks (`chat.views.attachment`, `GET /api/v1/chat/messages/{id}/image`).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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
        raise ValueError("Chat files have no public address; serve them through the chat's access checks.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
