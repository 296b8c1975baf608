"""Sending, cards, pictures, unread counts, read markers and who is told."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from niaga.chat import selectors, services
from niaga.chat.models import Conversation, Message, Side
from niaga.core.errors import DomainError, NotFound
from niaga.notifications.models import Notification

pytestmark = pytest.mark.django_db


def fresh(conversation) -> Conversation:
    return Conversation.objects.get(pk=conversation.pk)


def test_one_conversation_per_buyer_and_store(buyer, store, conversation):
    assert services.start(buyer=buyer, store=store).pk == conversation.pk
    assert Conversation.objects.filter(buyer=buyer, store=store).count() == 1


def test_a_seller_cannot_chat_with_their_own_store(store):
    with pytest.raises(DomainError) as refused:
        services.start(buyer=store.owner, store=store)
    assert refused.value.code == "own_store"


def test_a_question_with_a_product_card_waits_for_the_seller(conversation, product, say):
    message = say(conversation, "buyer", "Kak, novelnya masih ada?", product_id=product.pk)

    conv = fresh(conversation)
    assert message.product == product
    assert (conv.seller_unread, conv.buyer_unread) == (1, 0)
    assert conv.buyer_read_id == message.pk and conv.seller_read_id == 0
    assert conv.last_preview == "Kak, novelnya masih ada?" and conv.last_side == Side.BUYER


def test_the_answer_turns_the_counters_around(conversation, say):
    say(conversation, "buyer", "Ready kak?")
    say(conversation, "buyer", "Warna biru ada?")
    answer = say(conversation, "seller", "Ready kak, biru ada.")

    conv = fresh(conversation)
    assert (conv.seller_unread, conv.buyer_unread) == (0, 1)  # answering reads the thread
    assert conv.seller_read_id == answer.pk


def test_read_markers_only_move_forward_and_count_what_is_left(conversation, say):
    first = say(conversation, "seller", "Halo kak")
    second = say(conversation, "seller", "Ada yang bisa dibantu?")
    third = say(conversation, "seller", "Stok tinggal 2")
    assert fresh(conversation).buyer_unread == 3

    assert services.mark_read(conversation=conversation, side=Side.BUYER, up_to=second.pk) == 1
    assert fresh(conversation).buyer_read_id == second.pk
    # An older marker (another tab) does not move it back.
    assert services.mark_read(conversation=conversation, side=Side.BUYER, up_to=first.pk) == 1
    assert fresh(conversation).buyer_read_id == second.pk
    # Past the last message is the last message.
    assert services.mark_read(conversation=conversation, side=Side.BUYER, up_to=third.pk + 100) == 0
    assert fresh(conversation).buyer_read_id == third.pk


def test_the_headers_count_adds_both_roles_in_one_query(make_user, make_store, say, django_assert_num_queries):
    person = make_user("Penjual yang juga membeli")
    own_store = make_store(owner=person)
    other_store = make_store()
    as_buyer = services.start(buyer=person, store=other_store)
    say(as_buyer, "seller", "Pesanan kakak sudah dikirim")
    say(as_buyer, "seller", "Resi menyusul")
    as_seller = services.start(buyer=make_user("Pembeli"), store=own_store)
    say(as_seller, "buyer", "Kak, ukuran XL ada?")

    with django_assert_num_queries(1):
        counts = selectors.unread_counts(person)
    assert (counts.as_buyer, counts.as_seller, counts.total) == (2, 1, 3)
    services.mark_read(conversation=as_buyer, side=Side.BUYER)
    assert selectors.unread_total(person) == 1


def test_an_empty_message_is_refused(conversation):
    with pytest.raises(DomainError) as refused:
        services.send(conversation=conversation, side=Side.BUYER, sender=conversation.buyer, body="   ")
    assert refused.value.fields == {"body": "Wajib diisi."}
    assert not Message.objects.exists()


def test_a_too_long_message_is_refused(conversation):
    with pytest.raises(DomainError) as refused:
        services.send(conversation=conversation, side=Side.BUYER, sender=conversation.buyer, body="a" * 1001)
    assert "body" in refused.value.fields


def test_cards_only_of_this_store_and_of_orders_between_the_two(
    conversation, product, make_store, make_product, make_user, order_of, say
):
    other_product = make_product(make_store(), name="Produk toko lain")
    with pytest.raises(NotFound):
        say(conversation, "buyer", "ini?", product_id=other_product.pk)

    own_order = order_of(conversation.buyer, product)
    someone_elses = order_of(make_user("Pembeli lain"), product)
    with pytest.raises(NotFound):
        say(conversation, "buyer", "pesanan ini?", order_id=someone_elses.pk)
    with pytest.raises(NotFound):  # the seller neither: it is not this buyer's
        say(conversation, "seller", "pesanan ini?", order_id=someone_elses.pk)
    assert not Message.objects.exists()

    message = say(conversation, "buyer", "Kapan dikirim?", order_id=own_order.pk)
    assert message.order == own_order
    assert selectors.order_messages(own_order) == [message]
    assert selectors.order_messages(someone_elses) == []


def jpeg_with_gps() -> SimpleUploadedFile:
    img = Image.new("RGB", (2400, 1800), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)  # where the buyer lives: never to be sent on
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(buf.getvalue())).getexif().get_ifd(0x8825)
    return SimpleUploadedFile("foto.jpg", buf.getvalue(), content_type="image/jpeg")


def test_a_picture_is_cleaned_and_kept_outside_the_public_media(conversation, settings, say):
    message = say(conversation, "buyer", "", image=jpeg_with_gps())

    assert message.image.name.startswith(f"chat/{conversation.pk}/")
    path = message.image.path
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
    with Image.open(path) as stored:
        assert not stored.getexif()  # no camera, no GPS
        assert max(stored.size) == services.IMAGE_EDGE
    assert (message.image_width, message.image_height) == (1600, 1200)
    assert fresh(conversation).last_preview == "[Gambar]"


def test_a_file_that_is_not_a_picture_is_refused(conversation):
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(DomainError) as refused:
        services.send(conversation=conversation, side=Side.BUYER, sender=conversation.buyer, image=fake)
    assert refused.value.code == "invalid_image"
    assert not Message.objects.exists()


def test_flagged_text_is_kept_for_the_sender_and_operators_masked_for_the_other_side(conversation, say):
    message = say(conversation, "seller", "Transfer langsung aja kak, WA 0812-3456-7890")

    assert message.body == "Transfer langsung aja kak, WA 0812-3456-7890"
    assert message.body_for(Side.SELLER) == message.body
    assert "0812" not in message.body_for(Side.BUYER)
    assert set(message.flags) == {"phone", "contact_app"}
    assert "0812" not in fresh(conversation).last_preview


def test_the_other_side_is_told_once_per_run_and_emailed_once_while_unanswered(
    conversation, say, django_capture_on_commit_callbacks
):
    seller = conversation.store.owner
    buyer = conversation.buyer
    with django_capture_on_commit_callbacks(execute=True):
        for text in ("Halo kak", "Masih ada?", "Kak?"):
            say(conversation, "buyer", text)
    assert Notification.objects.filter(user=seller).count() == 1
    assert [m.to for m in mail.outbox] == [[seller.email]]

    # The seller reads but does not answer; the buyer asks again: told in the app, not e-mailed.
    services.mark_read(conversation=conversation, side=Side.SELLER)
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, "buyer", "Halo??")
    assert Notification.objects.filter(user=seller).count() == 2
    assert len(mail.outbox) == 1

    # The answer tells the buyer (with an e-mail), and the seller may be e-mailed again.
    with django_capture_on_commit_callbacks(execute=True):
        say(conversation, "seller", "Maaf kak, masih ada.")
        say(conversation, "buyer", "Oke saya pesan")
    assert Notification.objects.filter(user=buyer).count() == 1
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted([buyer.email, seller.email])
    note = Notification.objects.filter(user=buyer).get()
    assert note.url == f"/chat/{conversation.pk}/"
