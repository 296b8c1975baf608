"""A seller's phone photo on a buyer's slow phone: never the upload, always the size the screen
needs, and nothing of where the photo was taken."""

import gzip
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from niaga.catalog import services
from niaga.core import pagecache

GPS_IFD = 0x8825


def phone_photo(width=4000, height=3000, orientation=None) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: 12 MP, with the camera's GPS position in its EXIF."""
    img = Image.new("RGB", (width, height), (200, 120, 40))
    img.paste((20, 60, 160), (0, 0, width // 2, height // 3))  # a corner to tell the turn by
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)  # latitude of Jakarta
    gps[3], gps[4] = "E", (106.0, 49.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70, exif=exif)
    return SimpleUploadedFile("IMG_20261207_0930.jpg", buf.getvalue(), content_type="image/jpeg")


def stored(path: str) -> Image.Image:
    with default_storage.open(path) as f:
        img = Image.open(io.BytesIO(f.read()))
        img.load()
        return img


@pytest.fixture
def photographed(make_store, make_product):
    product = make_product(make_store(), name="Tas Anyaman Lombok", stock=5)
    services.delete_image(image=product.images.get())  # the fixture's small picture
    image = services.add_image(product=product, upload=phone_photo())
    return product, image


def test_a_phone_photo_is_cut_into_webp_and_jpeg_versions_for_each_screen(photographed):
    _, image = photographed
    assert image.widths == "160,320,480,800,1200"
    for width in (160, 320, 480, 800, 1200):
        for kind, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            version = stored(f"{image.stem}-{width}.{kind}")
            assert version.format == fmt and version.size == (width, width * 3 // 4)
    assert default_storage.size(f"{image.stem}-480.webp") < 30_000  # the card's size, not 2 MB


def test_nothing_stored_keeps_the_cameras_gps_or_its_full_size(photographed):
    _, image = photographed
    master = stored(image.image.name)
    assert max(master.size) == 2400 and not master.getexif()
    paths = [image.image.name, image.thumbnail.name] + [
        f"{image.stem}-{w}.{k}" for w in image.widths.split(",") for k in ("webp", "jpg")
    ]
    for path in paths:
        exif = stored(path).getexif()
        assert not exif.get_ifd(GPS_IFD) and 0x010F not in exif, path


def test_a_photo_taken_sideways_is_stored_the_way_it_was_held(make_store, make_product):
    product = make_product(make_store())
    image = services.add_image(product=product, upload=phone_photo(1200, 900, orientation=6))  # rotated 90° CW
    assert (image.width, image.height) == (900, 1200)
    assert stored(f"{image.stem}-480.jpg").size == (480, 640)


def test_a_small_picture_is_not_blown_up(make_store, make_product):
    product = make_product(make_store())
    image = services.add_image(product=product, upload=phone_photo(200, 100))
    assert image.widths == "160,200"


def test_the_product_page_offers_versions_and_fetches_the_main_photo_first(client, photographed):
    product, image = photographed
    html = client.get(f"/p/{product.store.slug}/{product.slug}/").content.decode()
    main = re.search(r'<div id="main-image">(.*?)</div>', html, re.S).group(1)
    assert '<source type="image/webp" srcset="' in main and f"{image.stem}-1200.webp 1200w" in main
    assert 'loading="eager" fetchpriority="high"' in main and 'width="2400" height="1800"' in main
    assert image.image.url not in re.sub(r'href="[^"]*"', "", html)  # the master is a link at most, never a picture
    assert f'content="http://testserver/media/{image.stem}-1200.jpg"' in html  # og:image


def test_the_first_row_of_cards_loads_at_once_and_the_rest_when_near(client, make_store, make_product):
    store = make_store()
    for n in range(4):
        make_product(store, name=f"Kain Tenun {n}")
    html = client.get("/cari/", {"q": "kain"}).content.decode()
    cards = re.findall(r"<img [^>]*>", html.split('class="grid products"', 1)[1])
    assert ['fetchpriority="high"' in c for c in cards] == [True, True, False, False]
    assert all('loading="lazy"' in c for c in cards[2:])


def test_uploaded_media_are_cached_for_good(client, photographed):
    _, image = photographed
    answer = client.get(f"/media/{image.stem}-480.webp")
    assert answer.status_code == 200 and answer["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in answer  # a picture is not compressed again


def test_kept_pages_are_gzipped_once_for_those_who_accept_it(deployed, settings, photographed):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    pagecache.forget()
    product, _ = photographed
    url = f"/p/{product.store.slug}/{product.slug}/"
    first = deployed("GET", url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert first.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in first.headers["Vary"]
    plain = deployed("GET", url)
    assert "Content-Encoding" not in plain.headers and plain.headers["X-Cache"] == "hit"
    assert gzip.decompress(first.body) == plain.body and len(first.body) < len(plain.body) / 3
    again = deployed("GET", url, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status == 304 and first.headers["ETag"] != plain.headers["ETag"]


@pytest.mark.django_db
def test_pages_nobody_keeps_are_gzipped_by_django(client):
    answer = client.get("/masuk/", HTTP_ACCEPT_ENCODING="gzip")
    assert answer.status_code == 200 and answer["Content-Encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(answer.content)
