"""Another buyer, another seller and another store find none of a conversation's objects: every
page and API route answers 404 (never 403, which would confirm it exists), and nothing changes."""

import pytest
from django.urls import reverse

from niaga.chat.models import Conversation, Message
from niaga.conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(conversation, product, order_of, say, make_user, make_store):
    order = order_of(conversation.buyer, product)
    say(conversation, "buyer", "Kak, pesanan saya kapan dikirim?", order_id=order.pk)
    picture = say(conversation, "seller", "", image=png())
    other_buyer = make_user("Pembeli lain")
    other_seller = make_store().owner
    return conversation, picture, other_buyer, other_seller


def pages(conversation, message) -> dict[str, list[tuple[str, str]]]:
    c, m = conversation.pk, message.pk
    return {
        "buyer": [
            ("get", reverse("chat:thread", args=[c])),
            ("get", reverse("chat:poll", args=[c]) + "?setelah=0"),
            ("post", reverse("chat:send", args=[c])),
            ("get", reverse("chat:attachment", args=[m])),
        ],
        "seller": [
            ("get", reverse("chat:seller_thread", args=[c])),
            ("get", reverse("chat:seller_poll", args=[c]) + "?setelah=0"),
            ("post", reverse("chat:seller_send", args=[c])),
        ],
    }


def api_routes(conversation, message) -> list[tuple[str, str]]:
    c, m = conversation.pk, message.pk
    routes = []
    for prefix in ("/api/v1/chat/conversations", "/api/v1/chat/seller/conversations"):
        routes += [
            ("get", f"{prefix}/{c}"),
            ("get", f"{prefix}/{c}/messages"),
            ("get", f"{prefix}/{c}/messages?after=0"),
            ("post", f"{prefix}/{c}/messages"),
            ("post", f"{prefix}/{c}/images"),
            ("post", f"{prefix}/{c}/read"),
        ]
    return routes + [("get", f"/api/v1/chat/messages/{m}/image")]


def snapshot(conversation):
    conv = Conversation.objects.get(pk=conversation.pk)
    return (Message.objects.count(), conv.buyer_unread, conv.seller_unread, conv.buyer_read_id, conv.seller_read_id)


def call(client, method, url, **extra):
    if method == "get":
        return client.get(url, **extra)
    if url.endswith("/images"):
        return client.post(url, {"image": png(), "body": "hai"}, **extra)
    if "/api/" in url:
        return client.post(url, {"body": "hai"}, "application/json", **extra)
    return client.post(url, {"body": "hai"}, **extra)


def test_another_seller_finds_nothing_on_any_page(client, scene):
    conversation, picture, _other_buyer, other_seller = scene
    before = snapshot(conversation)
    client.force_login(other_seller)
    for side, routes in pages(conversation, picture).items():
        for method, url in routes:
            assert call(client, method, url).status_code == 404, (side, method, url)
    assert snapshot(conversation) == before


def test_another_buyer_finds_nothing_on_any_page(client, scene):
    conversation, picture, other_buyer, _other_seller = scene
    before = snapshot(conversation)
    client.force_login(other_buyer)
    for method, url in pages(conversation, picture)["buyer"]:
        assert call(client, method, url).status_code == 404, (method, url)
    for method, url in pages(conversation, picture)["seller"]:  # no store: sent to open one, nothing shown
        answer = call(client, method, url)
        assert answer.status_code == 302 and answer["Location"] == reverse("seller:open"), url
    assert snapshot(conversation) == before


def test_the_two_sides_do_not_swap_roles(client, scene):
    """The store's owner is no buyer of this conversation, and the buyer owns no store."""
    conversation, picture, _b, _s = scene
    client.force_login(conversation.store.owner)
    for method, url in pages(conversation, picture)["buyer"][:3]:
        assert call(client, method, url).status_code == 404, url


@pytest.mark.parametrize("intruder", ["other_buyer", "other_seller"])
def test_nobody_else_finds_anything_through_the_api(client, bearer, scene, intruder):
    conversation, picture, other_buyer, other_seller = scene
    auth = bearer(other_buyer if intruder == "other_buyer" else other_seller)
    before = snapshot(conversation)
    for method, url in api_routes(conversation, picture):
        answer = call(client, method, url, **auth)
        assert answer.status_code == 404, (method, url, answer.content)
        assert answer.json()["code"] in {"not_found", "conversation_not_found", "attachment_not_found", "no_store"}
    assert client.get("/api/v1/chat/conversations", **auth).json() == []
    assert client.get("/api/v1/chat/unread", **auth).json()["total"] == 0
    assert snapshot(conversation) == before


def test_another_stores_inbox_lists_nothing(client, bearer, scene):
    _conversation, _picture, _b, other_seller = scene
    assert client.get("/api/v1/chat/seller/conversations", **bearer(other_seller)).json() == []
    client.force_login(other_seller)
    assert list(client.get(reverse("chat:seller_inbox")).context["conversations"]) == []


def test_a_buyer_cannot_attach_someone_elses_order(client, bearer, conversation, product, order_of, make_user):
    theirs = order_of(make_user("Pembeli lain"), product)
    client.force_login(conversation.buyer)

    page = client.post(reverse("chat:send", args=[conversation.pk]), {"body": "ini", "order": theirs.pk})
    assert page.status_code == 404
    opened = client.get(reverse("chat:thread", args=[conversation.pk]) + f"?pesanan={theirs.pk}")
    assert opened.status_code == 404
    api = client.post(
        f"/api/v1/chat/conversations/{conversation.pk}/messages",
        {"body": "ini", "order_id": theirs.pk},
        "application/json",
        **bearer(conversation.buyer),
    )
    assert api.status_code == 404 and api.json()["code"] == "order_not_found"
    assert not Message.objects.exists()


def test_a_seller_cannot_open_a_chat_about_another_stores_order(client, scene, product, order_of, make_user):
    _conversation, _picture, _b, other_seller = scene
    order = order_of(make_user("Pembeli"), product)
    client.force_login(other_seller)
    assert client.get(reverse("chat:seller_about_order", args=[order.pk])).status_code == 404
