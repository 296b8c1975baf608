"""At 390×844, as on a phone: the buyer asks from the product page, the seller's open inbox
thread shows the question without a reload, and the answer reaches the buyer's thread the same
way, with the header's chat badge and the read mark following."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from niaga.chat.models import Message

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def signed_in(chromium, live_server, user):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
    return context


@pytest.mark.browser
def test_a_question_and_its_answer_arrive_without_reloading(chromium, live_server, make_user, make_store, make_product):
    store = make_store(name="Toko Buku Sinar")
    product = make_product(store, name="Novel Laskar Pelangi", price=85000, stock=5)
    buyer = make_user("Pembeli")

    buyer_ctx = signed_in(chromium, live_server, buyer)
    buyer_page = buyer_ctx.new_page()
    buyer_page.goto(product.get_absolute_url())
    buyer_page.click("#ask-seller")
    assert buyer_page.locator("#attach-product").is_visible()
    buyer_page.fill("#chat-body", "Kak, novelnya masih ada?")
    buyer_page.click("#chat-send")  # the first message opens the thread (a page post)
    buyer_page.wait_for_url("**/chat/*/")
    conversation = Message.objects.get().conversation
    assert buyer_page.locator(".msg.mine").count() == 1

    seller_ctx = signed_in(chromium, live_server, store.owner)
    seller_page = seller_ctx.new_page()
    seller_page.goto(reverse("chat:seller_inbox"))
    assert seller_page.locator("#chat-unread-count").inner_text() == "1"
    seller_page.click(f"a[href='{reverse('chat:seller_thread', args=[conversation.pk])}']")
    assert "Novel Laskar Pelangi" in seller_page.locator(".chat-card").inner_text()

    # The buyer writes again; the seller's open thread shows it within a poll, no reload.
    buyer_page.fill("#chat-body", "Bisa kirim hari ini?")
    buyer_page.keyboard.press("Enter")
    # A locator, not wait_for_function: the page's CSP forbids eval, which a string predicate needs.
    buyer_page.locator(".msg.mine").nth(1).wait_for()
    assert buyer_page.input_value("#chat-body") == ""
    seller_page.wait_for_selector("text=Bisa kirim hari ini?", timeout=10000)

    # The answer, with a phone number: the seller sees it, the buyer sees it masked.
    seller_page.fill("#chat-body", "Bisa kak. Atau WA 0812-3456-7890")
    seller_page.click("#chat-send")
    seller_page.wait_for_selector(".msg.mine >> text=0812-3456-7890")
    answer = buyer_page.wait_for_selector(".msg.theirs >> text=Demi keamanan", timeout=10000)
    assert "0812" not in buyer_page.locator(".msg.theirs").last.inner_text()
    assert answer.is_visible()
    # The buyer has now seen the answer: the seller's mark turns to "Dibaca".
    seller_page.wait_for_selector(".msg.mine .msg-read:has-text('Dibaca')", timeout=10000)

    # Everything fits the phone's width: no sideways scrolling on either side.
    for page in (buyer_page, seller_page):
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = page.locator("#chat-send").bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
    buyer_ctx.close()
    seller_ctx.close()
