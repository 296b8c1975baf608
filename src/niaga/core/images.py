"""Uploaded images: checked with Pillow, thumbnailed to a fixed size."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from niaga.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
ALLOWED = {"JPEG", "PNG", "WEBP", "GIF"}


EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MAX_PIXELS = 40_000_000  # 40 MP: larger is a photo nobody needs at full size, or a bomb


def validate_image(upload, *, field: str = "image") -> str:
    """Refuse anything that is not a real, reasonably sized picture; return its file extension.

    The extension comes from what Pillow found in the bytes, never from the uploaded name,
    so a picture with HTML appended and named x.html is still stored (and served) as .gif.
    """
    refuse = DomainError("File bukan gambar JPG, PNG, WEBP atau GIF.", code="invalid_image", fields={field: "Bukan gambar yang didukung."})
    if upload.size > MAX_BYTES:
        raise DomainError("Gambar maks. 5 MB.", code="invalid_image", fields={field: "Gambar maks. 5 MB."})
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            kind, (width, height) = img.format, img.size
            if width * height > MAX_PIXELS:
                raise DomainError("Gambar terlalu besar (maks. 40 megapiksel).", code="invalid_image", fields={field: "Terlalu besar."})
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refuse
    finally:
        upload.seek(0)
    if kind not in EXTENSIONS:
        raise refuse
    return EXTENSIONS[kind]


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
