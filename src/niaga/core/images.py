"""Uploaded images: checked with Pillow, cleaned of their metadata (`clean`, the one way any
original is stored), and cut into the sizes pages ask for.

A seller's phone photo is 4000×3000 pixels and 2–5 MB, and carries where it was taken (EXIF
GPS). Pages never get it: at upload it becomes a master of at most MASTER_EDGE pixels with no
metadata, turned the way the camera held it, and versions WIDTHS pixels wide in WebP with a
JPEG fallback, which pages offer through `<picture>`/`srcset` so a phone downloads the size
its screen shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

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
    refuse = DomainError(
        "File bukan gambar JPG, PNG, WEBP atau GIF.",
        code="invalid_image",
        fields={field: "Bukan gambar yang didukung."},
    )
    if upload.size > MAX_BYTES:
        raise DomainError("Gambar maks. 5 MB.", code="invalid_image", fields={field: "Gambar maks. 5 MB."})
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            kind, (width, height) = img.format, img.size
            if width * height > MAX_PIXELS:
                raise DomainError(
                    "Gambar terlalu besar (maks. 40 megapiksel).",
                    code="invalid_image",
                    fields={field: "Terlalu besar."},
                )
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refuse from None
    finally:
        upload.seek(0)
    if kind not in EXTENSIONS:
        raise refuse
    return EXTENSIONS[kind]


def thumbnail(upload, size: int = 320) -> ContentFile:
    """A square-bounded JPEG thumbnail for listings."""
    upload.seek(0)
    with Image.open(upload) as opened:
        img = ImageOps.exif_transpose(opened).convert("RGB")
        img.thumbnail((size, size))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=82, optimize=True)
    upload.seek(0)
    return ContentFile(out.getvalue())


WIDTHS = (160, 320, 480, 800, 1200)
MASTER_EDGE = 2400  # what a zoomed product photo needs on the largest screen


@dataclass(frozen=True)
class Versions:
    """What an upload becomes: a clean master and, per width, a WebP and a JPEG file."""

    master: ContentFile
    master_extension: str
    width: int  # the master's, to size the page's box before the image arrives
    height: int
    files: dict[int, tuple[ContentFile, ContentFile]]  # width -> (webp, jpeg)

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(sorted(self.files))


def versions(upload) -> Versions:
    """Cut an upload (already validated) into its master and sized versions, metadata dropped.

    Widths above the picture's own are not made (no upscaling); a picture narrower than the
    smallest width gets one version at its own width.
    """
    master = clean(upload, edge=MASTER_EDGE)
    img = master.image
    alpha = img.mode == "RGBA"
    widths = [w for w in WIDTHS if w < img.width]
    if img.width < WIDTHS[-1] and img.width not in widths:
        widths.append(img.width)  # the sharpest a narrow picture can be
    files = {}
    source = img
    for width in sorted(widths, reverse=True):  # each from the next larger: a fraction of the work
        height = max(1, round(img.height * width / img.width))
        source = source.resize((width, height), Image.Resampling.LANCZOS) if width != source.width else source
        files[width] = (
            ContentFile(_encode(source, "WEBP", quality=75, method=3)),  # 17% smaller than 80, alike to the eye
            ContentFile(
                _encode(_flatten(source) if alpha else source, "JPEG", quality=80, optimize=True, progressive=True)
            ),
        )
    return Versions(ContentFile(master.data), master.extension, img.width, img.height, files)


def cleaned(upload, *, edge: int = 512) -> tuple[ContentFile, str]:
    """A small picture (a store's logo) at most `edge` pixels, metadata dropped: (file, extension)."""
    picture = clean(upload, edge=edge)
    return ContentFile(picture.data), picture.extension


@dataclass(frozen=True)
class Clean:
    """An upload as it is stored: its pixels, re-encoded; nothing else of the file it came in."""

    data: bytes
    extension: str
    image: Image.Image  # decoded, turned, sRGB, "RGB" or "RGBA": what the sized versions are cut from


def clean(upload, *, edge: int = MASTER_EDGE) -> Clean:
    """The one way every stored original is written (products, logos, complaint, review and chat
    photos): decoded, turned the way the camera was held (EXIF orientation applied, then
    dropped), its colours converted to sRGB from an embedded ICC profile, at most `edge`
    pixels, and re-encoded with no EXIF (GPS, camera, serial numbers), XMP, ICC profile or
    comments. The format is kept where it is a photo's: a JPEG stays a JPEG (quality 88), a PNG
    a PNG, a WebP a WebP; a GIF becomes a PNG if it has transparency, else a JPEG (its first
    frame: no animation is stored)."""
    upload.seek(0)
    with Image.open(upload) as original:
        kind = original.format
        original.draft("RGB", (edge, edge))  # JPEG decodes at a fraction: 4× faster
        icc = original.info.get("icc_profile")
        img = ImageOps.exif_transpose(original)
        img.load()
    upload.seek(0)
    img.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    img = _to_srgb(img, icc, alpha)
    img = img.convert("RGBA" if alpha else "RGB")
    img.info.clear()  # nothing of the file is carried to the new one
    if kind == "WEBP":
        return Clean(_encode(img, "WEBP", quality=88), "webp", img)
    if kind == "PNG" or alpha:
        return Clean(_encode(img, "PNG", optimize=kind != "PNG"), "png", img)
    return Clean(_encode(img, "JPEG", quality=88), "jpg", img)  # kept, not shown: no optimize pass


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(img: Image.Image, icc: bytes | None, alpha: bool) -> Image.Image:
    """Colours as an sRGB screen shows them, so dropping the profile does not change them (a
    phone's Display P3 photo would look dull without this). A profile that cannot be read is
    dropped with nothing converted."""
    if not icc:
        return img
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(profile) or "").lower():
            return img
        if img.mode not in ("RGB", "RGBA", "CMYK", "L"):
            img = img.convert("RGBA" if alpha else "RGB")
        mode = "RGBA" if alpha and img.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(img, profile, _SRGB, outputMode=mode)
        return converted if converted is not None else img
    except (ImageCms.PyCMSError, OSError, ValueError):
        return img


METADATA = ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop", "adobe", "mp")


def has_metadata(data: bytes) -> bool:
    """Whether a stored file carries anything beyond its pixels (what `niaga clean_images` rewrites)."""
    with Image.open(io.BytesIO(data)) as img:
        text = getattr(img, "text", None) or {}  # PNG tEXt/iTXt chunks
        return bool(len(img.getexif()) or text or any(key in img.info for key in METADATA))


def _flatten(img: Image.Image) -> Image.Image:
    """JPEG has no transparency: lay the picture on white, as the page's card is."""
    background = Image.new("RGB", img.size, (255, 255, 255))
    background.paste(img, mask=img.getchannel("A"))
    return background


def _encode(img: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    img.save(out, kind, **options)  # no exif= or icc_profile=: nothing of the camera is kept
    return out.getvalue()
