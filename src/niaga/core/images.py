"""Uploaded images: checked with Pillow, thumbnailed to a fixed size."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from niaga.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
ALLOWED = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image(upload, *, field: str = "image") -> None:
    """Refuse anything that is not a real, reasonably sized picture."""
    if upload.size > MAX_BYTES:
        raise DomainError("Gambar maks. 5 MB.", code="invalid_image", fields={field: "Gambar maks. 5 MB."})
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            img.verify()
            kind = img.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in ALLOWED:
        raise DomainError(
            "File bukan gambar JPG, PNG, WEBP atau GIF.", code="invalid_image", fields={field: "Bukan gambar yang didukung."}
        )


def thumbnail(upload, size: int = 320) -> ContentFile:
    """A square-bounded JPEG thumbnail for listings."""
    upload.seek(0)
    with Image.open(upload) as img:
        img = img.convert("RGB")
        img.thumbnail((size, size))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=82, optimize=True)
    upload.seek(0)
    return ContentFile(out.getvalue())
