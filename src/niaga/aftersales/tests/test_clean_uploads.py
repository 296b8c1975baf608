"""A buyer's evidence photo is stored re-encoded: nothing of the phone's file (EXIF with GPS
and the camera's serial, XMP, ICC) but its pixels, turned the way it was held."""

import pytest

from niaga.conftest import assert_no_metadata, phone_jpeg

from .. import services
from ..models import ComplaintAttachment
from ..status import Reason, Resolution
from .conftest import line_of

pytestmark = pytest.mark.django_db


def test_a_complaint_photo_keeps_only_its_pixels(delivered):
    order = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=1)],
        reason=Reason.DAMAGED,
        description="Mug retak di bagian bawah.",
        resolution=Resolution.RETURN_REFUND,
        photos=[phone_jpeg()],
    )
    stored = ComplaintAttachment.objects.get(message__complaint=complaint)
    assert stored.file.name.endswith(".jpg")
    with stored.file.open("rb") as f:
        assert_no_metadata(f.read(), upright=(3, 4))
