"""Every stored original is re-encoded with nothing but its pixels: no EXIF (GPS, camera,
serial), no XMP, no ICC profile (colours converted to sRGB first), turned the way the camera
was held, in the format it came in. Read back with Pillow from storage and from the URL the
public is served."""

from __future__ import annotations

import io
import struct

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image, ImageCms

from niaga.catalog.models import ProductImage
from niaga.conftest import XMP, assert_no_metadata, phone_jpeg
from niaga.core import images
from niaga.stores.models import Store

pytestmark = pytest.mark.django_db


def served(client, url: str) -> bytes:
    answer = client.get(url.replace("http://testserver", ""))
    assert answer.status_code == 200, url
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def test_the_phone_photo_carries_what_must_go():
    """The fixture is what it claims, so the tests below can fail."""
    data = phone_jpeg().read()
    with Image.open(io.BytesIO(data)) as img:
        assert img.getexif().get_ifd(0x8825) and img.getexif()[0x0112] == 6
        assert "xmp" in img.info and "icc_profile" in img.info
    with pytest.raises(AssertionError):
        assert_no_metadata(data)


@pytest.mark.parametrize(
    ("kind", "extension", "fmt"),
    [("JPEG", "jpg", "JPEG"), ("PNG", "png", "PNG"), ("WEBP", "webp", "WEBP")],
)
def test_clean_keeps_the_format_and_drops_everything_else(kind, extension, fmt):
    img = Image.new("RGB", (300, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[1] = "S"
    buf = io.BytesIO()
    img.save(
        buf,
        kind,
        exif=exif.tobytes(),
        xmp=XMP,
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    picture = images.clean(SimpleUploadedFile(f"x.{extension}", buf.getvalue()))
    assert picture.extension == extension
    with Image.open(io.BytesIO(picture.data)) as stored:
        assert stored.format == fmt and stored.size == (200, 300)  # turned as held
    assert_no_metadata(picture.data)


def test_a_transparent_gif_becomes_a_png_and_an_opaque_one_a_jpeg():
    for transparent, extension in ((True, "png"), (False, "jpg")):
        img = Image.new("P", (40, 40), 1)
        img.paste(0, (0, 0, 10, 10))  # a corner of colour 0, the see-through one when transparent
        buf = io.BytesIO()
        img.save(buf, "GIF", **({"transparency": 0} if transparent else {}), comment=b"dibuat di rumah")
        picture = images.clean(SimpleUploadedFile("x.gif", buf.getvalue()))
        assert picture.extension == extension
        assert_no_metadata(picture.data)


def _wide_rgb_profile() -> bytes:
    """A small ICC v2 matrix profile with Display P3's primaries (D50) and gamma 2.2: what
    a phone camera tags its photos with, written out here as no profile file ships with Debian."""

    def s15(x: float) -> bytes:
        return struct.pack(">i", round(x * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    name = b"Wide RGB\0"
    description = b"desc" + b"\0" * 4 + struct.pack(">I", len(name)) + name + b"\0" * 78
    tags = [
        (b"desc", description),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0none\0\0\0\0"),
    ]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + b"none"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 28
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + b"\0" * 48
    )
    return header + struct.pack(">I", len(tags)) + table + data


def test_colours_of_a_wide_gamut_photo_are_converted_to_srgb_before_its_profile_is_dropped():
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 100, 50)).save(buf, "PNG", icc_profile=_wide_rgb_profile())
    picture = images.clean(SimpleUploadedFile("p3.png", buf.getvalue()))
    assert_no_metadata(picture.data)
    with Image.open(io.BytesIO(picture.data)) as stored:
        red, green, blue = stored.convert("RGB").getpixel((10, 10))
    # Display P3 (200, 100, 50) is sRGB (216, 93, 24): shown untagged, it would look dull.
    assert abs(red - 216) <= 2 and abs(green - 93) <= 2 and abs(blue - 24) <= 2


def test_an_srgb_or_unreadable_profile_is_dropped_without_changing_a_pixel():
    img = Image.new("RGB", (16, 16), (10, 120, 200))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    assert images._to_srgb(img, srgb, alpha=False).getpixel((0, 0)) == (10, 120, 200)
    assert images._to_srgb(img, b"not a profile", alpha=False).getpixel((0, 0)) == (10, 120, 200)


def test_a_product_photo_uploaded_by_the_api_is_clean_in_storage_and_as_served(client, make_store, make_product):
    store = make_store()
    product = make_product(store)
    client.force_login(store.owner)
    answer = client.post(f"/api/v1/seller/products/{product.pk}/images", {"image": phone_jpeg()})
    assert answer.status_code == 201, answer.content
    image = ProductImage.objects.filter(product=product).order_by("-pk").first()
    assert image.image.name.endswith(".jpg")
    with default_storage.open(image.image.name) as f:
        assert_no_metadata(f.read(), upright=(3, 4))
    assert_no_metadata(served(client, image.image.url), upright=(3, 4))
    for width in image.widths.split(","):
        for kind in ("webp", "jpg"):
            assert_no_metadata(served(client, default_storage.url(f"{image.stem}-{width}.{kind}")), upright=(3, 4))


def test_a_store_logo_uploaded_by_the_api_is_clean_in_storage_and_as_served(client, make_store):
    store = make_store()
    client.force_login(store.owner)
    answer = client.post("/api/v1/seller/store/logo", {"logo": phone_jpeg()})
    assert answer.status_code in (200, 201), answer.content
    store = Store.objects.get(pk=store.pk)
    with store.logo.open("rb") as f:
        assert_no_metadata(f.read(), upright=(3, 4))
    assert_no_metadata(served(client, answer.json()["logo_url"]), upright=(3, 4))


def test_the_command_rewrites_what_was_stored_before_and_leaves_clean_files_alone(make_store, make_product):
    store = make_store()
    product = make_product(store)
    image = product.images.get()
    old = image.image.name
    # As an upload was stored before originals were cleaned: the phone's file, byte for byte.
    default_storage.delete(old)
    default_storage.save(old, phone_jpeg())
    Store.objects.filter(pk=store.pk).update(logo=default_storage.save("stores/logos/lama.jpg", phone_jpeg()))
    clean_thumb = image.thumbnail.name

    out = io.StringIO()
    call_command("clean_images", "--dry-run", stdout=out)
    assert "2 akan ditulis ulang" in out.getvalue()
    assert ProductImage.objects.get(pk=image.pk).image.name == old

    call_command("clean_images", stdout=out)
    image.refresh_from_db()
    assert image.image.name != old and not default_storage.exists(old)  # a new name: caches hold the old
    with default_storage.open(image.image.name) as f:
        assert_no_metadata(f.read(), upright=(3, 4))
    assert image.thumbnail.name == clean_thumb  # already clean: untouched
    logo = Store.objects.get(pk=store.pk).logo
    assert logo.name != "stores/logos/lama.jpg"
    with logo.open("rb") as f:
        assert_no_metadata(f.read(), upright=(3, 4))

    again = io.StringIO()
    call_command("clean_images", stdout=again)
    assert " 0 ditulis ulang" in again.getvalue()
