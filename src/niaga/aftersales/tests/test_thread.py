"""One thread per complaint: the buyer, the seller and Niaga write in it, with photos, and
the others are told; the system writes each move in it."""

import pytest
from django.urls import reverse

from niaga.conftest import png
from niaga.notifications.models import Notification

from .. import services
from ..models import ComplaintAttachment
from ..status import Reason, Resolution
from .conftest import bearer, line_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_buyer_seller_and_operator_write_in_one_thread(client, delivered, make_user):
    order = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Kaos").pk, quantity=1)],
        reason=Reason.INCOMPLETE,
        description="Kaos datang tanpa label ukuran dan plastik.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )
    client.force_login(order.buyer)
    page = reverse("aftersales:detail", args=[complaint.pk])
    sent = client.post(page, {"action": "reply", "body": "Ini foto labelnya.", "photos": [png("label.png")]})
    assert sent.status_code == 302
    empty = client.post(page, {"action": "reply", "body": ""})
    assert empty.status_code == 400 and "Tulis pesan atau lampirkan foto." in empty.content.decode()

    seller_says = client.post(
        f"/api/v1/seller/complaints/{complaint.pk}/messages",
        {"body": "Mohon kirim foto kemasan luar juga.", "photos": [png("kemasan.png")]},
        **bearer(order.store.owner),
    )
    assert seller_says.status_code == 201 and len(seller_says.json()["photos"]) == 1
    assert seller_says.json()["photos"][0].startswith("http://testserver/api/v1/complaint-photos/")  # kept private

    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    client.force_login(operator)  # an operator acts signed in (with a second factor), never with a token
    niaga_says = client.post(
        f"/api/v1/operator/complaints/{complaint.pk}/messages",
        {"body": "Kami pantau percakapan ini."},
    )
    assert niaga_says.status_code == 201
    client.force_login(order.buyer)

    thread = client.get(f"/api/v1/complaints/{complaint.pk}", **bearer(order.buyer)).json()["messages"]
    assert [(m["role"], len(m["photos"])) for m in thread] == [
        ("buyer", 1),
        ("buyer", 1),
        ("seller", 1),
        ("operator", 0),
    ]
    assert ComplaintAttachment.objects.filter(message__complaint=complaint).count() == 3
    # Each side hears of the others' messages, not of its own.
    assert Notification.objects.filter(user=order.store.owner, title__startswith="Pesan baru").count() == 2
    assert Notification.objects.filter(user=order.buyer, title__startswith="Pesan baru").count() == 2
    shown = client.get(page).content.decode()
    assert "Mohon kirim foto kemasan luar juga." in shown and "Kami pantau percakapan ini." in shown

    # A move is written in the thread by the system.
    services.seller_accept(complaint=complaint, seller=order.store.owner)
    last = client.get(f"/api/v1/complaints/{complaint.pk}", **bearer(order.buyer)).json()["messages"][-1]
    assert last["role"] == "system" and "Dana dikembalikan Rp30.000" in last["body"]


def test_other_modules_add_panels_to_the_complaint_pages(client, delivered, monkeypatch):
    from niaga.orders.panels import Panel

    from .. import panels

    order = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Kaos").pk, quantity=1)],
        reason=Reason.OTHER,
        description="Ukuran kaos tidak sesuai tabel ukuran.",
        resolution=Resolution.EXCHANGE,
    )
    monkeypatch.setattr(panels, "_complaint_panels", [])
    seen = []

    def return_leg(c, role):
        seen.append(role)
        url = services.buyer_url(c) if role == "buyer" else services.seller_url(c)
        return Panel("aftersales/_order_panel.html", {"complaint": c, "url": url}) if role != "operator" else None

    panels.register(return_leg)
    client.force_login(order.buyer)
    assert 'id="complaint-panel"' in client.get(reverse("aftersales:detail", args=[complaint.pk])).content.decode()
    client.force_login(order.store.owner)
    page = client.get(reverse("aftersales:seller_detail", args=[complaint.pk])).content.decode()
    assert 'id="complaint-panel"' in page
    assert seen == ["buyer", "seller"]
