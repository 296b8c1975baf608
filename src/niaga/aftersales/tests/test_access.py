"""Nobody but the complaint's buyer, its store's owner and Niaga's staff reaches a complaint:
to anyone else every page and API object is 404 (never 403, which would say it exists), and
their tries change nothing."""

import json

import pytest
from django.urls import reverse

from niaga.conftest import png

from .. import services
from ..models import Complaint, ComplaintMessage
from ..status import Reason, Resolution
from .conftest import bearer, line_of

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"


@pytest.fixture
def complaint(delivered):
    order = delivered("va_bca")
    return services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=1)],
        reason=Reason.DAMAGED,
        description="Gagang mug patah waktu paket dibuka.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )


@pytest.fixture
def strangers(make_user, make_store):
    """Another buyer; the owner of another store; the complaint's own seller (on the buyer's side)."""
    other_buyer = make_user("Pembeli Lain")
    other_store = make_store()
    return {"foreign buyer": other_buyer, "foreign seller": other_store.owner}


def buyer_calls(complaint):
    cid, oid = complaint.pk, complaint.order_id
    return [
        ("get", f"{API}/complaints/{cid}", None),
        ("post", f"{API}/complaints/{cid}/accept-offer", None),
        ("post", f"{API}/complaints/{cid}/escalate", {"reason": "Tidak setuju dengan penjual."}),
        ("post", f"{API}/complaints/{cid}/withdraw", {"reason": ""}),
        ("multipart", f"{API}/complaints/{cid}/messages", {"body": "Halo?"}),
        (
            "multipart",
            f"{API}/orders/{oid}/complaint",
            {
                "reason": "damaged",
                "resolution": "refund_only",
                "description": "Saya juga mau komplain pesanan ini.",
                "lines": json.dumps([{"order_line_id": complaint.lines.get().order_line_id, "quantity": 1}]),
            },
        ),
    ]


def seller_calls(complaint):
    cid = complaint.pk
    return [
        ("get", f"{API}/seller/complaints/{cid}", None),
        ("post", f"{API}/seller/complaints/{cid}/respond", {"action": "accept", "reason": ""}),
        (
            "post",
            f"{API}/seller/complaints/{cid}/respond",
            {"action": "reject", "reason": "Bukan salah kami sama sekali."},
        ),
        ("multipart", f"{API}/seller/complaints/{cid}/messages", {"body": "Halo?"}),
    ]


def call(client, user, how, url, body):
    auth = bearer(user)
    if how == "get":
        return client.get(url, **auth)
    if how == "multipart":
        return client.post(url, {**body, "photos": [png()]}, **auth)
    return client.post(url, body or {}, content_type="application/json", **auth)


def snapshot(complaint):
    fresh = Complaint.objects.get(pk=complaint.pk)
    return (fresh.status, fresh.order.status, ComplaintMessage.objects.filter(complaint=fresh).count())


def test_the_api_answers_404_to_everyone_else(client, complaint, strangers):
    before = snapshot(complaint)
    seller = complaint.store.owner
    tries = [(who, user, buyer_calls(complaint)) for who, user in strangers.items()]
    tries.append(("the complaint's seller, as a buyer", seller, buyer_calls(complaint)))
    tries += [(who, user, seller_calls(complaint)) for who, user in strangers.items()]
    for who, user, calls in tries:
        for how, url, body in calls:
            response = call(client, user, how, url, body)
            assert response.status_code == 404, (who, url, response.status_code, response.content[:200])
            assert response.json()["code"] in {"complaint_not_found", "order_not_found", "no_store"}
    # Their lists do not show it either.
    for user in strangers.values():
        assert client.get(f"{API}/complaints", **bearer(user)).json() == []
    other_seller = strangers["foreign seller"]
    assert client.get(f"{API}/seller/complaints", **bearer(other_seller)).json() == []
    # Not staff: the operator's API does not exist for them, whoever asks.
    for user in [*strangers.values(), complaint.buyer, seller]:
        assert client.get(f"{API}/operator/complaints/{complaint.pk}", **bearer(user)).status_code == 404
        assert (
            client.post(
                f"{API}/operator/complaints/{complaint.pk}/decide",
                {"decision": "reject", "reason": "Saya bukan operator."},
                content_type="application/json",
                **bearer(user),
            ).status_code
            == 404
        )
    assert snapshot(complaint) == before
    # The owners themselves do reach it.
    assert client.get(f"{API}/complaints/{complaint.pk}", **bearer(complaint.buyer)).status_code == 200
    assert client.get(f"{API}/seller/complaints/{complaint.pk}", **bearer(seller)).status_code == 200


def test_the_pages_answer_404_to_everyone_else(client, complaint, strangers):
    before = snapshot(complaint)
    buyer_pages = [
        reverse("aftersales:detail", args=[complaint.pk]),
        reverse("aftersales:open", args=[complaint.order_id]),
    ]
    seller_page = reverse("aftersales:seller_detail", args=[complaint.pk])
    for who, user in strangers.items():
        client.force_login(user)
        for url in buyer_pages:
            assert client.get(url).status_code == 404, (who, url)
            assert client.post(url, {"action": "withdraw", "reason": ""}).status_code == 404, (who, url)
        assert complaint.number not in client.get(reverse("aftersales:list")).content.decode()
    # Another store's owner, on the seller's page: 404; the buyer has no store of their own.
    client.force_login(strangers["foreign seller"])
    assert client.get(seller_page).status_code == 404
    assert client.post(seller_page, {"action": "accept"}).status_code == 404
    assert complaint.number not in client.get(reverse("aftersales:seller_list")).content.decode()
    # The complaint's own seller, on the buyer's page: 404.
    client.force_login(complaint.store.owner)
    assert client.get(buyer_pages[0]).status_code == 404
    assert client.post(buyer_pages[0], {"action": "withdraw", "reason": ""}).status_code == 404
    # Not staff: the operator's pages send to the staff login, and show nothing.
    for user in [*strangers.values(), complaint.buyer, complaint.store.owner]:
        client.force_login(user)
        for url in (reverse("aftersales:operator_queue"), reverse("aftersales:operator_detail", args=[complaint.pk])):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response.url
            assert complaint.number not in response.content.decode()
    assert snapshot(complaint) == before
    assert Complaint.objects.count() == 1


def test_evidence_photos_are_seen_by_the_parties_only(client, complaint, strangers, admin_user):
    """A photo of evidence may show a home or a face: it is kept outside the public media and
    handed out to the buyer, the store and Niaga's operators only."""
    photo = complaint.messages.get(role="buyer").attachments.get()
    assert "-private" in photo.file.path
    with pytest.raises(ValueError):
        _ = photo.file.url  # no public address at all
    assert client.get(f"/media/{photo.file.name}").status_code == 404

    page = reverse("aftersales:attachment", args=[photo.pk])
    api = f"{API}/complaint-photos/{photo.pk}"
    shown = client.get(f"{API}/complaints/{complaint.pk}", **bearer(complaint.buyer)).json()
    assert shown["messages"][0]["photos"] == [f"http://testserver{api}"]
    for party in (complaint.buyer, complaint.store.owner, admin_user):
        answer = client.get(api, **bearer(party))
        assert answer.status_code == 200 and answer["Cache-Control"].startswith("private")
        assert b"".join(answer.streaming_content)[:4] == b"\x89PNG"  # re-encoded (a PNG stays a PNG), metadata gone
        client.force_login(party)
        assert client.get(page).status_code == 200
    for stranger in strangers.values():
        assert client.get(api, **bearer(stranger)).status_code == 404
        client.force_login(stranger)
        assert client.get(page).status_code == 404
