"""The admin shows complaints and cannot change them: a complaint moves only through
services.move (the money and the order move with it)."""

import pytest

from niaga.conftest import png

from .. import services
from ..models import Complaint
from ..status import Reason, Resolution, Status
from .conftest import line_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_shows_a_complaint_and_refuses_every_change(delivered, make_user, client, second_factor):
    order = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=1)],
        reason=Reason.DAMAGED,
        description="Gagang mug patah waktu paket dibuka.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for a second factor
    url = f"/admin/aftersales/complaint/{complaint.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and complaint.number in page.content.decode()
    assert b'name="status"' not in page.content
    assert client.post(url, {"status": Status.RESOLVED, "_save": "Simpan"}).status_code == 403
    assert client.get("/admin/aftersales/complaint/add/").status_code == 403
    assert client.post(f"/admin/aftersales/complaint/{complaint.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/aftersales/complaint/").status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == Status.AWAITING_SELLER and Complaint.objects.count() == 1
