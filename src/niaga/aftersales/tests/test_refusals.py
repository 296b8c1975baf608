"""Bad input gets a clear 4xx naming the field, and changes nothing: no complaint, no message,
no money, the order where it was."""

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from niaga.conftest import png
from niaga.core import clock
from niaga.ledger.models import Transaction
from niaga.orders.status import Status as OrderStatus

from .. import services
from ..models import Complaint, ComplaintAttachment, ComplaintMessage
from ..status import Reason, Resolution, Status
from .conftest import bearer, books_balance, line_of

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"


def open_api(client, order, *, lines, reason="damaged", resolution="refund_only", photos=None, description=None):
    return client.post(
        f"{API}/orders/{order.pk}/complaint",
        {
            "reason": reason,
            "resolution": resolution,
            "description": description or "Barangnya rusak saat diterima, foto terlampir.",
            "lines": json.dumps([{"order_line_id": line.pk, "quantity": qty} for line, qty in lines]),
            "photos": [png()] if photos is None else photos,
        },
        **bearer(order.buyer),
    )


def nothing_changed(order, money_before: int) -> None:
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not Complaint.objects.filter(order=order).exists() and not ComplaintMessage.objects.exists()
    assert not ComplaintAttachment.objects.exists()
    assert Transaction.objects.count() == money_before
    books_balance()


def test_opening_refuses_bad_input_and_changes_nothing(client, delivered):
    order = delivered()
    mug, tee = line_of(order, "Mug"), line_of(order, "Kaos")
    money_before = Transaction.objects.count()
    not_a_picture = SimpleUploadedFile("bukti.jpg", b"<html>bukan gambar</html>", content_type="image/jpeg")
    cases = [
        ({"lines": [(mug, 3)]}, 400, "lines"),  # only 2 mugs were bought
        ({"lines": [(mug, 0)]}, 400, "lines"),
        ({"lines": []}, 400, "lines"),
        ({"lines": [(mug, 1), (mug, 1)]}, 400, "lines"),
        ({"lines": [(tee, 1)], "photos": [not_a_picture]}, 400, "photos"),
        ({"lines": [(tee, 1)], "photos": [png(f"{i}.png") for i in range(6)]}, 400, "photos"),
        ({"lines": [(tee, 1)], "photos": []}, 400, "photos"),  # damage needs a photo
        ({"lines": [(tee, 1)], "reason": "lost_in_space"}, 400, "reason"),
        ({"lines": [(tee, 1)], "resolution": "free_money"}, 400, "resolution"),
        ({"lines": [(tee, 1)], "reason": "not_received", "resolution": "exchange"}, 400, "resolution"),
        ({"lines": [(tee, 1)], "description": "rusak"}, 400, "description"),
    ]
    for changes, status, field in cases:
        response = open_api(client, order, **changes)
        assert response.status_code == status, (changes, response.content)
        assert field in response.json()["fields"], (changes, response.json())
    broken = client.post(
        f"{API}/orders/{order.pk}/complaint",
        {"reason": "damaged", "resolution": "refund_only", "description": "x" * 20, "lines": "[{oops"},
        **bearer(order.buyer),
    )
    assert broken.status_code == 400 and "lines" in broken.json()["fields"]
    nothing_changed(order, money_before)

    # The page says the same, on the fields, with a 400.
    client.force_login(order.buyer)
    page = client.post(
        reverse("aftersales:open", args=[order.pk]),
        {
            f"qty_{mug.pk}": 5,
            f"qty_{tee.pk}": 0,
            "reason": "damaged",
            "resolution": "refund_only",
            "description": "Mug pecah dua-duanya saat dibuka.",
            "photos": [png()],
        },
    )
    assert page.status_code == 400 and "harus antara 1 dan 2" in page.content.decode()
    fake = client.post(
        reverse("aftersales:open", args=[order.pk]),
        {
            f"qty_{mug.pk}": 1,
            "reason": "damaged",
            "resolution": "refund_only",
            "description": "Mug pecah dua-duanya saat dibuka.",
            "photos": [SimpleUploadedFile("x.png", b"GIF89a-not-really", content_type="image/png")],
        },
    )
    assert fake.status_code == 400 and "Bukan gambar yang didukung." in fake.content.decode()
    nothing_changed(order, money_before)


def test_one_complaint_per_order_ever(client, delivered):
    order = delivered()
    first = open_api(client, order, lines=[(line_of(order, "Kaos"), 1)])
    assert first.status_code == 201
    second = open_api(client, order, lines=[(line_of(order, "Mug"), 1)])
    assert second.status_code == 409 and second.json()["code"] == "complaint_not_allowed"
    withdrawn = client.post(
        f"{API}/complaints/{first.json()['id']}/withdraw",
        {"reason": "Sudah diganti penjual lewat chat."},
        content_type="application/json",
        **bearer(order.buyer),
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["outcome"] == "withdrawn"
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED  # the seller is paid in full
    again = open_api(client, order, lines=[(line_of(order, "Mug"), 1)])
    assert again.status_code == 409
    assert Complaint.objects.filter(order=order).count() == 1
    books_balance()


def test_moves_out_of_turn_and_amounts_out_of_range_are_refused(client, delivered, make_user):
    order = delivered()
    body = open_api(client, order, lines=[(line_of(order, "Mug"), 1)]).json()
    cid = body["id"]
    buyer, seller = bearer(order.buyer), bearer(order.store.owner)
    money_before = Transaction.objects.count()

    def respond(payload):
        return client.post(f"{API}/seller/complaints/{cid}/respond", payload, content_type="application/json", **seller)

    # Nothing to accept or escalate yet.
    assert client.post(f"{API}/complaints/{cid}/accept-offer", **buyer).status_code == 409
    escalate = client.post(f"{API}/complaints/{cid}/escalate", {}, content_type="application/json", **buyer)
    assert escalate.status_code == 409 and escalate.json()["code"] == "invalid_complaint_move"
    # The offer: Rp1 up to the units' value (one mug, Rp50.000), with a reason.
    for amount in (0, -5, 50_001, 10**12):
        answer = respond({"action": "offer", "amount": amount, "reason": "Potongan untuk mug retak."})
        assert answer.status_code == 400 and "amount" in answer.json()["fields"], amount
    assert respond({"action": "offer", "amount": "banyak", "reason": "Potongan."}).status_code == 422
    assert respond({"action": "offer", "amount": 10_000, "reason": ""}).json()["fields"] == {
        "reason": "Minimal 10 karakter."
    }
    assert respond({"action": "reject", "reason": "tidak"}).status_code == 400
    complaint = Complaint.objects.get(pk=cid)
    assert complaint.status == Status.AWAITING_SELLER and complaint.offer_amount is None
    assert Transaction.objects.count() == money_before

    # Once answered, a second answer is refused; the operator decides only in mediation.
    assert respond({"action": "reject", "reason": "Mug dikirim dalam keadaan baik."}).status_code == 200
    assert respond({"action": "accept"}).status_code == 409
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    client.force_login(operator)  # an operator acts signed in (with a second factor), never with a token
    decide = client.post(
        f"{API}/operator/complaints/{cid}/decide",
        {"decision": "refund_full", "reason": "Tidak dalam mediasi."},
        content_type="application/json",
    )
    assert decide.status_code == 409
    client.post(f"{API}/complaints/{cid}/escalate", {}, content_type="application/json", **buyer)
    for payload in (
        {"decision": "refund_partial", "amount": 50_001, "reason": "Terlalu banyak."},
        {"decision": "refund_partial", "reason": "Tanpa jumlah."},
        {"decision": "refund_full", "reason": "pendek"},
    ):
        answer = client.post(
            f"{API}/operator/complaints/{cid}/decide",
            payload,
            content_type="application/json",
        )
        assert answer.status_code == 400, payload
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert complaint.status == Status.ESCALATED and order.status == OrderStatus.COMPLAINT
    assert Transaction.objects.count() == money_before
    books_balance()


def test_a_complaint_opens_only_while_the_order_allows(delivered, settings):
    # Sampai: until the buyer's confirmation window closes.
    order = delivered()
    lines = [services.LineRequest(order_line_id=line_of(order, "Kaos").pk, quantity=1)]
    kwargs = dict(reason=Reason.DAMAGED, description="Kaos sobek di jahitan bahu.", resolution=Resolution.REFUND_ONLY)
    with clock.travel(order.confirm_by - clock.now() + dt.timedelta(seconds=1)):
        assert not services.eligibility(order).allowed
        with pytest.raises(services.Conflict):
            services.open_complaint(buyer=order.buyer, order=order, lines=lines, photos=[png()], **kwargs)
    assert services.eligibility(order).allowed

    # Dikirim: only "barang belum sampai", and only once the estimate (plus a day) has passed.
    shipped = delivered(deliver=False)
    assert shipped.status == OrderStatus.SHIPPED and shipped.shipping_eta
    late = services.late_from(shipped)
    assert late == shipped.shipped_at + dt.timedelta(days=services.eta_days(shipped.shipping_eta) + 1)
    lines = [services.LineRequest(order_line_id=line_of(shipped, "Kaos").pk, quantity=1)]
    assert not services.eligibility(shipped).allowed
    with pytest.raises(services.Conflict):
        services.open_complaint(buyer=shipped.buyer, order=shipped, lines=lines, **kwargs | {"reason": "not_received"})
    with clock.travel(late - clock.now() + dt.timedelta(minutes=1)):
        assert services.eligibility(shipped).reasons == (Reason.NOT_RECEIVED,)
        with pytest.raises(services.DomainError) as refused:
            services.open_complaint(buyer=shipped.buyer, order=shipped, lines=lines, photos=[png()], **kwargs)
        assert "reason" in refused.value.fields
        complaint = services.open_complaint(
            buyer=shipped.buyer, order=shipped, lines=lines, **kwargs | {"reason": Reason.NOT_RECEIVED}
        )
    shipped.refresh_from_db()
    assert complaint.status == Status.AWAITING_SELLER and shipped.status == OrderStatus.COMPLAINT


def test_the_eta_is_read_as_couriers_write_it():
    assert services.eta_days("2-3 hari") == 3
    assert services.eta_days("1 hari") == 1
    assert services.eta_days("3 - 5 hari kerja") == 5
    assert services.eta_days("") == services.ETA_FALLBACK_DAYS


def test_exif_is_removed_from_evidence(delivered):
    from PIL import Image

    order = delivered()
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x8825] = {1: "S", 2: (6.0, 10.0, 30.0)}  # GPSInfo: where the buyer lives
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 40, 40)).save(buf, "JPEG", exif=exif.tobytes())
    photo = SimpleUploadedFile("IMG_0001.jpg", buf.getvalue(), content_type="image/jpeg")
    with Image.open(io.BytesIO(buf.getvalue())) as sent:
        assert sent.getexif()  # the upload carries it
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=2)],
        reason=Reason.DAMAGED,
        description="Kedua mug retak di bagian bawah.",
        resolution=Resolution.RETURN_REFUND,
        photos=[photo],
    )
    stored = ComplaintAttachment.objects.get(message__complaint=complaint)
    assert not stored.file.name.endswith("IMG_0001.jpg")
    with stored.file.open("rb") as f, Image.open(f) as kept:
        assert kept.size == (640, 480) and not kept.getexif()
