"""A picture sent in Tanya Penjual is stored re-encoded: nothing of the phone's file (EXIF
with GPS and the camera's serial, XMP, ICC) but its pixels, turned the way it was held."""

import pytest

from niaga.conftest import assert_no_metadata, phone_jpeg

pytestmark = pytest.mark.django_db


def test_a_chat_picture_keeps_only_its_pixels(conversation, say):
    message = say(conversation, "buyer", "", image=phone_jpeg())
    with message.image.open("rb") as f:
        assert_no_metadata(f.read(), upright=(3, 4))
