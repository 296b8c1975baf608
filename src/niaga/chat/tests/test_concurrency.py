"""Both sides typing at once (PostgreSQL): one conversation however many first messages race,
and unread counters that lose no message."""

import threading

import pytest
from django.db import connection

from niaga.chat import services
from niaga.chat.models import Conversation, Message, Side

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(n, work):
    barrier = threading.Barrier(n)
    errors = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_first_messages_racing_open_one_conversation(make_user, make_store):
    buyer, store = make_user("Pembeli"), make_store()

    def first_message(i):
        conversation = services.start(buyer=buyer, store=store)
        services.send(conversation=conversation, side=Side.BUYER, sender=buyer, body=f"tab {i}")

    together(6, first_message)
    conversation = Conversation.objects.get(buyer=buyer, store=store)
    assert Message.objects.filter(conversation=conversation).count() == 6
    assert conversation.seller_unread == 6


def test_counters_lose_nothing_when_both_sides_write_and_read_at_once(make_user, make_store):
    buyer, store = make_user("Pembeli"), make_store()
    conversation = services.start(buyer=buyer, store=store)

    def work(i):
        if i % 3 == 0:
            services.send(conversation=conversation, side=Side.SELLER, sender=store.owner, body=f"jawab {i}")
        elif i % 3 == 1:
            services.send(conversation=conversation, side=Side.SELLER, sender=store.owner, body=f"info {i}")
        else:
            services.mark_read(conversation=conversation, side=Side.BUYER)

    together(9, work)
    conversation.refresh_from_db()
    unseen = Message.objects.filter(conversation=conversation, side=Side.SELLER, pk__gt=conversation.buyer_read_id)
    assert conversation.buyer_unread == unseen.count()
    assert conversation.last_message_id == Message.objects.filter(conversation=conversation).latest("pk").pk
