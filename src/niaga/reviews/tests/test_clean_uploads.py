"""A buyer's review photo is public: stored and served with nothing of the phone's file (EXIF
with GPS and the camera's serial, XMP, ICC) but its pixels, turned the way it was held."""

import pytest
from django.core.files.storage import default_storage

from niaga.conftest import assert_no_metadata, phone_jpeg
from niaga.reviews import services

pytestmark = pytest.mark.django_db


def served(client, url: str) -> bytes:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def test_a_review_photo_is_clean_in_storage_and_as_served(bought, client):
    order = bought()
    review = services.write_review(
        buyer=order.buyer, line_id=order.lines.get().pk, rating=5, text="Sesuai foto", photos=[phone_jpeg()]
    )
    photo = review.photos.get()
    with default_storage.open(photo.image.name) as f:
        assert_no_metadata(f.read(), upright=(3, 4))
    assert_no_metadata(served(client, photo.image.url), upright=(3, 4))
    for width in photo.widths.split(","):
        assert_no_metadata(served(client, default_storage.url(f"{photo.stem}-{width}.jpg")), upright=(3, 4))
