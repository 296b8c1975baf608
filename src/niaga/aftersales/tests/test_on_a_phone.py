"""A complaint on a phone (390×844, Chromium): the buyer opens it from the order page with a
photo, the seller accepts from Toko Saya, the buyer sees the refund. Nothing on the way is
wider than the screen."""

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from ..models import Complaint
from ..status import Outcome, Status
from .conftest import MUG, books_balance, saldo

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
FITS_SCREEN = "() => document.documentElement.scrollWidth <= window.innerWidth"


def phone(chromium, base: str, user):
    signed_in = Client()
    signed_in.force_login(user)
    context = chromium.new_context(base_url=base, viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Setujui permintaan pembeli?"
    return page


def jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 60, 40)).save(buf, "JPEG")
    return buf.getvalue()


def test_at_390_a_complaint_with_a_photo_is_opened_accepted_and_refunded(sandbox, chromium, delivered):
    order = delivered("va_bca")
    buyer_page = phone(chromium, sandbox.url, order.buyer)
    buyer_page.goto(reverse("orders:detail", args=[order.pk]))
    buyer_page.click("#open-complaint")
    buyer_page.wait_for_url(re.compile(r"/pesanan/\d+/komplain/"))
    assert buyer_page.evaluate(FITS_SCREEN)
    mug, tee = order.lines.get(product_name__startswith="Mug"), order.lines.get(product_name__startswith="Kaos")
    buyer_page.fill(f"#qty_{mug.pk}", "1")
    buyer_page.fill(f"#qty_{tee.pk}", "0")
    buyer_page.check("input[name=reason][value=damaged]")
    buyer_page.check("input[name=resolution][value=refund_only]")
    buyer_page.fill("#id_description", "Mug retak di gagang, terlihat saat paket dibuka.")
    buyer_page.set_input_files("#id_photos", {"name": "retak.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    buyer_page.click("#submit-complaint")
    buyer_page.wait_for_url(re.compile(r"/komplain/\d+/$"))
    assert "Menunggu Respons Penjual" in buyer_page.text_content("#complaint-summary")
    assert buyer_page.locator("#thread .evidence img").count() == 1
    assert buyer_page.evaluate(FITS_SCREEN)
    complaint = Complaint.objects.get(order=order)

    seller_page = phone(chromium, sandbox.url, order.store.owner)
    seller_page.goto(reverse("seller:order", args=[order.pk]))
    seller_page.click("#complaint-link")
    seller_page.wait_for_url(re.compile(r"/toko-saya/komplain/\d+/"))
    assert seller_page.evaluate(FITS_SCREEN)
    seller_page.click("#accept")
    seller_page.wait_for_selector("#outcome")
    assert "Dana dikembalikan penuh" in seller_page.text_content("#outcome")

    buyer_page.reload()
    assert "Rp50.000" in buyer_page.text_content("#refund-amount")
    assert buyer_page.evaluate(FITS_SCREEN)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (Status.RESOLVED, Outcome.REFUND_FULL)
    assert saldo(order.buyer) == MUG
    books_balance()
    buyer_page.context.close()
    seller_page.context.close()
