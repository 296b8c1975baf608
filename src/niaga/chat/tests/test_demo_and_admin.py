"""The demo's answered question, and the operators' read-only window on flagged messages."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.chat.models import Message, Side
from niaga.chat.selectors import response_figures
from niaga.core import clock
from niaga.demo import chat as demo_chat
from niaga.demo import data as demo_data

pytestmark = pytest.mark.django_db


def test_the_demo_buyers_question_is_answered_once(make_user, make_store, make_product):
    buyer = make_user(email=demo_chat.BUYER_EMAIL)
    store = make_store(slug=demo_data.STORES[0]["slug"])
    make_product(store, name="Buku Kalkulus")

    conversation = demo_chat.question_answered()
    assert conversation is not None
    messages = list(Message.objects.filter(conversation=conversation))
    assert [m.side for m in messages] == [Side.BUYER, Side.SELLER]
    assert messages[0].product is not None and messages[0].flags == [] and messages[1].flags == []
    figures = response_figures(store.pk, since=clock.now() - dt.timedelta(days=1))
    assert (figures.asked, figures.answered, figures.median_seconds) == (1, 1, 300)
    assert conversation.buyer_unread == 1 and conversation.buyer == buyer

    assert demo_chat.question_answered() is None
    assert Message.objects.count() == 2


def test_operators_read_the_original_of_a_flagged_message(client, admin_user, second_factor, conversation, say):
    admin_client = client
    second_factor(admin_client, admin_user)  # /admin/ asks staff for it
    say(conversation, "seller", "Transfer ke 0812-3456-7890 saja")
    say(conversation, "seller", "Terima kasih kak")
    listed = admin_client.get(reverse("admin:chat_message_changelist") + "?ditandai=ya")
    assert listed.status_code == 200 and len(listed.context["cl"].result_list) == 1
    message = Message.objects.exclude(flags=[]).get()
    page = admin_client.get(reverse("admin:chat_message_change", args=[message.pk])).content.decode()
    assert "0812-3456-7890" in page
    assert admin_client.get(reverse("admin:chat_conversation_change", args=[conversation.pk])).status_code == 200
