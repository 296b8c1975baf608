"""A buyer's photos are stored as product photos are: checked (a real picture, ≤5 MB, ≤5 per
review), cut into sized versions, and nothing of where they were taken is kept."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from niaga.core.errors import DomainError
from niaga.reviews import selectors, services
from niaga.reviews.models import Review, ReviewPhoto

from .conftest import GPS_IFD, bearer, photo

pytestmark = pytest.mark.django_db


def stored(path: str) -> Image.Image:
    with default_storage.open(path) as f:
        img = Image.open(io.BytesIO(f.read()))
        img.load()
        return img


def test_photos_are_kept_without_the_cameras_gps_in_every_stored_file(bought):
    order = bought()
    review = services.write_review(
        buyer=order.buyer, line_id=order.lines.get().pk, rating=5, text="Sesuai foto", photos=[photo(), photo()]
    )
    photos = list(review.photos.all())
    assert len(photos) == 2 and review.photo_count == 2
    assert Image.open(photo()).getexif().get_ifd(GPS_IFD)  # the upload had it
    for p in photos:
        paths = [p.image.name, p.thumbnail.name] + [
            f"{p.stem}-{w}.{k}" for w in p.widths.split(",") for k in ("webp", "jpg")
        ]
        assert len(paths) > 2
        for path in paths:
            exif = stored(path).getexif()
            assert not exif.get_ifd(GPS_IFD) and 0x010F not in exif, path


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_written(bought, client):
    order = bought()
    fake = SimpleUploadedFile("foto.jpg", b"<html>bukan gambar</html>", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=5, photos=[fake])
    assert refused.value.code == "invalid_image" and "photos" in refused.value.fields
    client.force_login(order.buyer)
    fake.seek(0)
    page = client.post(reverse("reviews:write", args=[order.lines.get().pk]), {"rating": "5", "photos": [fake]})
    assert page.status_code == 400 and "Bukan gambar yang didukung." in page.content.decode()
    assert not Review.objects.exists() and not ReviewPhoto.objects.exists()


def test_a_picture_over_5_mb_is_refused(bought):
    order = bought()
    big = photo()
    big.size = 5 * 1024 * 1024 + 1  # as Django reports an upload's size
    with pytest.raises(DomainError) as refused:
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=5, photos=[big])
    assert refused.value.code == "invalid_image" and "5 MB" in refused.value.message
    assert not Review.objects.exists()


def test_more_than_five_photos_are_refused_on_writing_and_on_the_edit(bought, client):
    order = bought()
    line = order.lines.get()
    answer = client.post(
        "/api/v1/reviews",
        {"line_id": line.pk, "rating": 4, "photos": [photo(f"{n}.jpg", size=(200, 150)) for n in range(6)]},
        **bearer(order.buyer),
    )
    assert answer.status_code == 400 and answer.json()["code"] == "too_many_photos"
    assert not Review.objects.exists()

    review = services.write_review(
        buyer=order.buyer, line_id=line.pk, rating=4, photos=[photo(f"{n}.jpg", size=(200, 150)) for n in range(4)]
    )
    with pytest.raises(DomainError) as refused:
        services.edit_review(
            buyer=order.buyer, review_id=review.pk, rating=4, add_photos=[photo("a.jpg"), photo("b.jpg")]
        )
    assert refused.value.code == "too_many_photos"
    review.refresh_from_db()
    assert review.photos.count() == 4 and review.edited_at is None  # the edit is not used up

    first = review.photos.first()
    edited = services.edit_review(
        buyer=order.buyer,
        review_id=review.pk,
        rating=4,
        add_photos=[photo("a.jpg"), photo("b.jpg")],
        remove_photo_ids=[first.pk],
    )
    assert (
        edited.photos.count() == 5 and edited.photo_count == 5 and not ReviewPhoto.objects.filter(pk=first.pk).exists()
    )


def test_the_api_takes_photos_as_a_multipart_form_and_answers_their_addresses(bought, client):
    order = bought()
    answer = client.post(
        "/api/v1/reviews",
        {"line_id": order.lines.get().pk, "rating": 5, "text": "Cakep", "anonymous": "true", "photos": [photo()]},
        **bearer(order.buyer),
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["rating"] == 5 and body["anonymous"] is True and len(body["photos"]) == 1
    assert body["photos"][0]["url"].startswith("http://testserver/media/reviews/")
    assert body["name"][1:4] == "***" and body["name"] != order.buyer.full_name
    with_photos = selectors.product_reviews(body["product_id"], selectors.ReviewFilters(with_photos=True))
    assert [r.pk for r in with_photos] == [body["id"]]
