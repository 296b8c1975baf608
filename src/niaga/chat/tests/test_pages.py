"""The buyer's and the seller's chat pages, as they click through them."""

import pytest
from django.urls import reverse

from niaga.chat import services
from niaga.chat.models import Conversation, Message, Side

pytestmark = pytest.mark.django_db


def test_chat_penjual_on_a_product_page_opens_a_thread_with_the_product_attached(client, buyer, product):
    page = client.get(product.get_absolute_url()).content.decode()
    start = f"{reverse('chat:start', args=[product.store.slug])}?produk={product.pk}"
    assert 'id="ask-seller"' in page and start.replace("&", "&amp;") in page

    client.force_login(buyer)
    thread = client.get(start)
    assert thread.status_code == 200
    html = thread.content.decode()
    assert 'id="attach-product"' in html and "Novel Laskar Pelangi" in html
    assert not Conversation.objects.exists()  # nothing is made before the first message

    sent = client.post(start, {"body": "Kak, ready?", "product": product.pk})
    conversation = Conversation.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse("chat:thread", args=[conversation.pk])
    message = Message.objects.get()
    assert (message.body, message.product, message.side) == ("Kak, ready?", product, Side.BUYER)

    # A second tab still showing the new-thread page posts into the same conversation.
    assert client.post(start, {"body": "Dari tab lain"}).status_code == 302
    assert Conversation.objects.count() == 1 and Message.objects.count() == 2

    # Asking again about the product continues the same thread.
    again = client.get(start)
    assert again.status_code == 302 and again["Location"].startswith(reverse("chat:thread", args=[conversation.pk]))


def test_a_seller_has_no_chat_button_on_their_own_product(client, product):
    client.force_login(product.store.owner)
    assert 'id="ask-seller"' not in client.get(product.get_absolute_url()).content.decode()


def test_the_seller_inbox_lists_unread_first_and_the_reply_reaches_the_buyer(client, store, make_user, say):
    early = services.start(buyer=make_user("Pembeli Awal"), store=store)
    say(early, "buyer", "Pertanyaan pertama")
    late = services.start(buyer=make_user("Pembeli Baru"), store=store)
    say(late, "buyer", "Pertanyaan kedua")
    say(late, "seller", "Sudah dijawab")  # answered: no longer waiting
    say(early, "buyer", "Halo?")
    answered = services.start(buyer=make_user("Pembeli Lain"), store=store)
    say(answered, "buyer", "Ada?")
    say(answered, "seller", "Ada kak")

    client.force_login(store.owner)
    inbox = client.get(reverse("chat:seller_inbox"))
    assert inbox.status_code == 200
    order = [c.pk for c in inbox.context["conversations"]]
    assert order[0] == early.pk  # the only one waiting, though not the newest
    assert set(order) == {early.pk, late.pk, answered.pk}
    unread = client.get(reverse("chat:seller_inbox") + "?filter=belum-dibaca")
    assert [c.pk for c in unread.context["conversations"]] == [early.pk]

    page = client.get(reverse("chat:seller_thread", args=[early.pk]))
    assert "Pertanyaan pertama" in page.content.decode()
    assert Conversation.objects.get(pk=early.pk).seller_unread == 0  # opening reads it
    reply = client.post(reverse("chat:seller_send", args=[early.pk]), {"body": "Ready kak, silakan diorder"})
    assert reply.status_code == 302
    assert Conversation.objects.get(pk=early.pk).buyer_unread == 1

    client.force_login(early.buyer)
    mine = client.get(reverse("chat:inbox"))
    assert [c.pk for c in mine.context["conversations"]] == [early.pk]
    assert mine.context["chat_unread"] == 1
    assert 'id="chat-unread-count">1<' in mine.content.decode()


def test_a_flagged_reply_warns_both_and_hides_the_number_from_the_buyer(client, conversation, say):
    client.force_login(conversation.store.owner)
    sent = client.post(
        reverse("chat:seller_send", args=[conversation.pk]), {"body": "Chat WA 0812-3456-7890 aja"}, follow=True
    )
    assert "disamarkan untuk penerima" in sent.content.decode()
    assert "0812-3456-7890" in sent.content.decode()  # the seller sees what they wrote

    client.force_login(conversation.buyer)
    page = client.get(reverse("chat:thread", args=[conversation.pk])).content.decode()
    assert "0812" not in page
    assert "Demi keamanan, jangan bertransaksi di luar Niaga" in page


def test_order_pages_show_the_chat_about_the_order(client, conversation, product, order_of, say):
    order = order_of(conversation.buyer, product)
    start = f"{reverse('chat:start', args=[conversation.store.slug])}?pesanan={order.pk}"

    client.force_login(conversation.buyer)
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert start.replace("&", "&amp;") in page
    thread = client.get(start, follow=True)
    assert 'id="attach-order"' in thread.content.decode() and order.number in thread.content.decode()
    client.post(reverse("chat:send", args=[conversation.pk]), {"body": "Kapan dikirim kak?", "order": order.pk})
    say(conversation, "buyer", "Pertanyaan lain tanpa pesanan")
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Kapan dikirim kak?" in page and "Pertanyaan lain tanpa pesanan" not in page

    client.force_login(conversation.store.owner)
    page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert "Kapan dikirim kak?" in page
    assert reverse("chat:seller_thread", args=[conversation.pk]) in page
    # "Chat Pembeli" from the order page: the thread with this buyer, the order attached.
    opened = client.get(reverse("chat:seller_about_order", args=[order.pk]), follow=True)
    assert opened.redirect_chain[-1][0] == f"{reverse('chat:seller_thread', args=[conversation.pk])}?pesanan={order.pk}"
    assert 'id="attach-order"' in opened.content.decode()


def test_a_picture_is_sent_from_the_page_and_shown_to_both_sides_only(client, conversation):
    from niaga.conftest import png

    client.force_login(conversation.buyer)
    client.post(reverse("chat:send", args=[conversation.pk]), {"body": "", "image": png()})
    message = Message.objects.get()
    url = reverse("chat:attachment", args=[message.pk])
    assert url in client.get(reverse("chat:thread", args=[conversation.pk])).content.decode()
    got = client.get(url)
    assert got.status_code == 200 and got["Content-Type"] == "image/png"  # re-encoded (a PNG stays a PNG)
    assert b"".join(got.streaming_content)[:4] == b"\x89PNG"
    client.force_login(conversation.store.owner)
    assert client.get(url).status_code == 200


def test_a_refused_message_is_shown_on_the_form(client, conversation):
    client.force_login(conversation.buyer)
    page = client.post(reverse("chat:send", args=[conversation.pk]), {"body": "x" * 1001})
    assert page.status_code == 400
    assert 'id="chat-error"' in page.content.decode() and not Message.objects.exists()


def test_pages_need_a_login(client, conversation):
    for url in (reverse("chat:inbox"), reverse("chat:thread", args=[conversation.pk]), reverse("chat:seller_inbox")):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_a_long_thread_opens_on_its_newest_messages_and_pages_back(client, conversation, bearer):
    from niaga.chat.selectors import PAGE

    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            side=Side.BUYER,
            sender=conversation.buyer,
            body=f"pesan {n}",
            shown_body=f"pesan {n}",
        )
        for n in range(PAGE + 5)
    )
    ids = list(Message.objects.order_by("pk").values_list("pk", flat=True))
    client.force_login(conversation.buyer)
    page = client.get(reverse("chat:thread", args=[conversation.pk]))
    assert [m.pk for m in page.context["history"]] == ids[5:]
    assert f'href="?sebelum={ids[5]}"' in page.content.decode()
    older = client.get(reverse("chat:thread", args=[conversation.pk]) + f"?sebelum={ids[5]}")
    assert [m.pk for m in older.context["history"]] == ids[:5]
    assert 'data-poll-url=""' in older.content.decode()  # no polling on an older page

    api = client.get(
        f"/api/v1/chat/conversations/{conversation.pk}/messages?before={ids[5]}", **bearer(conversation.buyer)
    ).json()
    assert [m["id"] for m in api] == ids[:5]
