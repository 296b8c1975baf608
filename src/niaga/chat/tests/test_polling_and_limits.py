"""Updates without reloading (the thread asks for what is newer than its last message) and the
per-account sending limit."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from niaga.chat.models import Conversation, Message

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def ids_in(html: str) -> list[int]:
    import re

    return [int(i) for i in re.findall(r'id="m-(\d+)"', html)]


def test_a_poll_returns_only_messages_after_the_last_one_shown(client, conversation, say):
    first = say(conversation, "buyer", "Halo kak")
    client.force_login(conversation.buyer)
    page = client.get(reverse("chat:thread", args=[conversation.pk]))
    html = page.content.decode()
    poll_url = reverse("chat:poll", args=[conversation.pk])
    assert f'data-poll-url="{poll_url}"' in html and f'data-last="{first.pk}"' in html

    nothing = client.get(f"{poll_url}?setelah={first.pk}", **FETCH)
    assert nothing.status_code == 200 and ids_in(nothing.content.decode()) == []
    assert nothing["X-Chat-Last"] == str(first.pk) and "no-store" in nothing["Cache-Control"]

    second = say(conversation, "seller", "Halo, ada yang bisa dibantu?")
    third = say(conversation, "seller", "Stok ready")
    fresh = client.get(f"{poll_url}?setelah={first.pk}", **FETCH)
    assert ids_in(fresh.content.decode()) == [second.pk, third.pk]
    assert fresh["X-Chat-Last"] == str(third.pk)
    assert Conversation.objects.get(pk=conversation.pk).buyer_unread == 0  # shown, so read
    assert ids_in(client.get(f"{poll_url}?setelah={third.pk}", **FETCH).content.decode()) == []


def test_the_seller_sees_when_the_buyer_has_read(client, conversation, say):
    answer = say(conversation, "seller", "Ready kak")
    client.force_login(conversation.store.owner)
    poll_url = reverse("chat:seller_poll", args=[conversation.pk])
    assert client.get(f"{poll_url}?setelah={answer.pk}", **FETCH)["X-Chat-Read"] == "0"
    client.force_login(conversation.buyer)
    client.get(reverse("chat:thread", args=[conversation.pk]))
    client.force_login(conversation.store.owner)
    assert client.get(f"{poll_url}?setelah={answer.pk}", **FETCH)["X-Chat-Read"] == str(answer.pk)
    page = client.get(reverse("chat:seller_thread", args=[conversation.pk])).content.decode()
    assert "Dibaca" in page


def test_sending_with_fetch_answers_with_the_new_messages(client, conversation, say):
    first = say(conversation, "seller", "Halo")
    client.force_login(conversation.buyer)
    sent = client.post(
        reverse("chat:send", args=[conversation.pk]), {"body": "Mau tanya", "setelah": first.pk}, **FETCH
    )
    mine = Message.objects.get(body="Mau tanya")
    assert sent.status_code == 200 and ids_in(sent.content.decode()) == [mine.pk]
    refused = client.post(reverse("chat:send", args=[conversation.pk]), {"body": ""}, **FETCH)
    assert refused.status_code == 400 and refused.content.decode() == "Tulis pesan terlebih dahulu."


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    settings.NIAGA_CHAT_MESSAGES_PER_MINUTE = 3
    cache.clear()
    yield
    cache.clear()


def test_the_fourth_message_in_a_minute_is_refused(client, conversation, limits_on, bearer, make_user, store):
    client.force_login(conversation.buyer)
    url = reverse("chat:send", args=[conversation.pk])
    for n in range(3):
        assert client.post(url, {"body": f"pesan {n}"}).status_code == 302
    refused = client.post(url, {"body": "pesan 4"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Terlalu banyak pesan" in refused.content.decode()
    api = client.post(
        f"/api/v1/chat/conversations/{conversation.pk}/messages",
        {"body": "lewat API"},
        "application/json",
        **bearer(conversation.buyer),
    )
    assert api.status_code == 429 and api.json()["code"] == "rate_limited" and int(api["Retry-After"]) > 0
    assert Message.objects.count() == 3

    # The limit is the account's: the seller still answers.
    client.force_login(store.owner)
    assert client.post(reverse("chat:seller_send", args=[conversation.pk]), {"body": "Halo"}).status_code == 302


def test_without_the_limit_switched_on_nobody_is_counted(client, conversation, settings):
    settings.NIAGA_CHAT_MESSAGES_PER_MINUTE = 1
    client.force_login(conversation.buyer)
    for n in range(3):
        assert client.post(reverse("chat:send", args=[conversation.pk]), {"body": f"p{n}"}).status_code == 302
