"""The chat over /api/v1/: the buyer's and the seller's sides, polling by id, cards, pictures."""

import pytest

from niaga.chat.models import Conversation, Message
from niaga.conftest import png

pytestmark = pytest.mark.django_db


def test_a_buyer_asks_and_the_seller_answers_over_the_api(client, bearer, buyer, store, product):
    as_buyer, as_seller = bearer(buyer), bearer(store.owner)

    started = client.post("/api/v1/chat/conversations", {"store_id": store.pk}, "application/json", **as_buyer)
    assert started.status_code == 200
    cid = started.json()["id"]
    again = client.post("/api/v1/chat/conversations", {"store_id": store.pk}, "application/json", **as_buyer)
    assert again.json()["id"] == cid

    asked = client.post(
        f"/api/v1/chat/conversations/{cid}/messages",
        {"body": "Masih ada kak?", "product_id": product.pk},
        "application/json",
        **as_buyer,
    )
    assert asked.status_code == 201
    body = asked.json()
    assert body["mine"] and body["side"] == "buyer" and body["product"]["name"] == "Novel Laskar Pelangi"
    assert body["read"] is False

    inbox = client.get("/api/v1/chat/seller/conversations", **as_seller).json()
    assert [(c["id"], c["unread"], c["buyer_name"]) for c in inbox] == [(cid, 1, buyer.get_short_name())]
    assert client.get("/api/v1/chat/unread", **as_seller).json() == {"total": 1, "as_buyer": 0, "as_seller": 1}

    messages = client.get(f"/api/v1/chat/seller/conversations/{cid}/messages", **as_seller).json()
    assert [m["body"] for m in messages] == ["Masih ada kak?"]
    assert client.get("/api/v1/chat/unread", **as_seller).json()["total"] == 0  # read by fetching

    answered = client.post(
        f"/api/v1/chat/seller/conversations/{cid}/messages",
        {"body": "Ada kak, WA 0812 3456 7890 ya"},
        "application/json",
        **as_seller,
    )
    assert answered.status_code == 201 and answered.json()["body"] == "Ada kak, WA 0812 3456 7890 ya"

    seen = client.get(f"/api/v1/chat/conversations/{cid}/messages?after={body['id']}", **as_buyer).json()
    assert len(seen) == 1
    assert "0812" not in seen[0]["body"] and seen[0]["flags"] == ["phone", "contact_app"]
    assert seen[0]["warning"] == "Demi keamanan, jangan bertransaksi di luar Niaga."
    mine = client.get(f"/api/v1/chat/conversations/{cid}/messages", **as_buyer).json()
    assert mine[0]["read"] is True  # the seller has read the question


def test_polling_by_id_returns_only_newer_messages(client, bearer, conversation, say):
    first = say(conversation, "buyer", "satu")
    second = say(conversation, "seller", "dua")
    third = say(conversation, "buyer", "tiga")
    auth = bearer(conversation.buyer)
    url = f"/api/v1/chat/conversations/{conversation.pk}/messages"

    assert [m["id"] for m in client.get(f"{url}?after={first.pk}", **auth).json()] == [second.pk, third.pk]
    assert client.get(f"{url}?after={third.pk}", **auth).json() == []


def test_mark_read_and_unread_counts(client, bearer, conversation, say):
    first = say(conversation, "seller", "a")
    say(conversation, "seller", "b")
    auth = bearer(conversation.buyer)
    assert client.get(f"/api/v1/chat/conversations/{conversation.pk}", **auth).json()["unread"] == 2
    read = client.post(
        f"/api/v1/chat/conversations/{conversation.pk}/read", {"up_to": first.pk}, "application/json", **auth
    )
    assert read.json() == {"unread": 1}
    read = client.post(f"/api/v1/chat/conversations/{conversation.pk}/read", {}, "application/json", **auth)
    assert read.json() == {"unread": 0}


def test_a_picture_over_the_api_is_fetched_with_the_same_checks(client, bearer, conversation):
    auth = bearer(conversation.buyer)
    sent = client.post(
        f"/api/v1/chat/conversations/{conversation.pk}/images", {"image": png(), "body": "fotonya"}, **auth
    )
    assert sent.status_code == 201
    url = sent.json()["image_url"]
    assert url.endswith(f"/api/v1/chat/messages/{sent.json()['id']}/image")
    got = client.get(url, **auth)
    assert got.status_code == 200 and got["Content-Type"] == "image/png"  # a PNG stays a PNG
    assert client.get(url, **bearer(conversation.store.owner)).status_code == 200


def test_a_store_that_does_not_exist_or_is_ones_own_is_refused(client, bearer, buyer, store):
    assert (
        client.post("/api/v1/chat/conversations", {"store_id": 999999}, "application/json", **bearer(buyer)).status_code
        == 404
    )
    own = client.post("/api/v1/chat/conversations", {"store_id": store.pk}, "application/json", **bearer(store.owner))
    assert own.status_code == 400 and own.json()["code"] == "own_store"
    assert not Conversation.objects.exists()


def test_the_openapi_document_describes_the_chat(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/chat/conversations",
        "/api/v1/chat/conversations/{conversation_id}/messages",
        "/api/v1/chat/conversations/{conversation_id}/images",
        "/api/v1/chat/conversations/{conversation_id}/read",
        "/api/v1/chat/seller/conversations",
        "/api/v1/chat/seller/conversations/{conversation_id}/messages",
        "/api/v1/chat/unread",
        "/api/v1/chat/messages/{message_id}/image",
    ):
        assert path in paths, path
    assert "429" in paths["/api/v1/chat/conversations/{conversation_id}/messages"]["post"]["responses"]
    assert not Message.objects.exists()
