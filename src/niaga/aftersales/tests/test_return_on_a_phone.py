"""A return on a phone (390×844, Chromium): the buyer opens a complaint with a photo asking to
return the goods, the seller accepts, the buyer books the way back and sees its AWB and
label, the courier simulator carries it, the seller confirms what arrived, and the buyer sees
the refund. The rest of the order completes, and the buyer's review with a photo of the
other item appears on its product page. Nothing on the way is wider than the screen."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from niaga.core import clock
from niaga.ledger import selectors as ledger
from niaga.orders.status import Status as OrderStatus
from niaga.payments import money
from niaga.reviews.tests.test_review_browser import LOADED
from niaga.shipping import legs
from niaga.shipping.models import Leg

from ..models import Complaint
from ..status import Outcome, Status
from .couriered import DELIVERY, couriered, paid_checkout  # noqa: F401  (fixtures)
from .test_on_a_phone import FITS_SCREEN, jpeg, phone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_at_390_a_return_is_booked_carried_back_confirmed_refunded_and_the_rest_reviewed(
    sandbox, chromium, couriered, make_store, make_product
):
    store = make_store()
    product = make_product(store, name="Lampu Meja Rotan", stock=2, weight_grams=700, price=90_000)
    mat = make_product(store, name="Tikar Pandan Anyam", stock=3, weight_grams=900, price=60_000)
    order = couriered([(product, 1), (mat, 1)])
    with clock.travel(DELIVERY):
        buyer_page = phone(chromium, sandbox.url, order.buyer)
        buyer_page.goto(reverse("orders:detail", args=[order.pk]))
        buyer_page.click("#open-complaint")
        buyer_page.wait_for_url(re.compile(r"/pesanan/\d+/komplain/"))
        lamp_line, mat_line = order.lines.get(product_name=product.name), order.lines.get(product_name=mat.name)
        buyer_page.fill(f"#qty_{lamp_line.pk}", "1")
        buyer_page.fill(f"#qty_{mat_line.pk}", "0")  # the mat arrived fine
        buyer_page.check("input[name=reason][value=damaged]")
        buyer_page.check("input[name=resolution][value=return_refund]")
        buyer_page.fill("#id_description", "Kap lampu penyok dan kabelnya putus saat paket dibuka.")
        buyer_page.set_input_files("#id_photos", {"name": "penyok.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
        buyer_page.click("#submit-complaint")
        buyer_page.wait_for_url(re.compile(r"/komplain/\d+/$"))
        complaint = Complaint.objects.get(order=order)

        seller_page = phone(chromium, sandbox.url, store.owner)
        seller_page.goto(reverse("aftersales:seller_detail", args=[complaint.pk]))
        seller_page.click("#accept")
        seller_page.wait_for_selector("#return-link")

        # "Menunggu Pengiriman Balik", a long status beside a long number, still fits the list.
        buyer_page.goto(reverse("aftersales:list"))
        assert buyer_page.evaluate(FITS_SCREEN)
        buyer_page.go_back()

        # The buyer follows the link to the way back, keeps the cheapest courier and books it.
        buyer_page.reload()
        buyer_page.click("#return-link a")
        buyer_page.wait_for_url(re.compile(r"/komplain/\d+/retur/$"))
        assert "ditanggung penjual" in buyer_page.text_content("main")
        assert buyer_page.evaluate(FITS_SCREEN)
        buyer_page.click("#book-return button[type=submit]")
        buyer_page.wait_for_selector("[data-awb=return]")
        leg = Leg.objects.get(reference=complaint.number)
        assert buyer_page.text_content("[data-awb=return]") == leg.awb
        label = buyer_page.request.get(reverse("aftersales:return_label", args=[complaint.pk, "retur"]))
        assert label.headers["content-type"] == "application/pdf"
        assert buyer_page.evaluate(FITS_SCREEN)

    with clock.travel(DELIVERY + dt.timedelta(days=3)):
        legs.poll_due()  # the courier brings it to the store
        seller_page.goto(reverse("aftersales:seller_return", args=[complaint.pk]))
        assert seller_page.evaluate(FITS_SCREEN)
        line = complaint.lines.get()
        seller_page.fill(f"#sellable_{line.pk}", "0")
        seller_page.fill(f"#written_off_{line.pk}", "1")
        seller_page.fill("#id_note", "Kap penyok, tidak layak dijual")
        seller_page.click("#confirm-receipt button[type=submit]")
        seller_page.wait_for_selector(f"[data-condition='{line.pk}']")

        buyer_page.goto(reverse("aftersales:detail", args=[complaint.pk]))
        assert "Dana dikembalikan" in buyer_page.text_content("#outcome")
        assert "Rp" in buyer_page.text_content("#refund-amount")
        assert buyer_page.evaluate(FITS_SCREEN)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (Status.RESOLVED, Outcome.REFUND_FULL)  # all that was claimed
    assert money.saldo_of(order.buyer) == complaint.refund_amount == lamp_line.unit_price == 90_000
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED  # the mat's money went to the seller
    assert ledger.total() == 0

    # The mat was fine: the buyer reviews it with a photo, and it shows on its product page.
    buyer_page.goto("/ulasan/")
    buyer_page.locator(f"#baris-{mat_line.pk}").get_by_role("link", name="Beri Ulasan").click()
    buyer_page.get_by_label("5 bintang").check()
    buyer_page.get_by_label("Ceritakan pengalamanmu").fill("Anyamannya rapat dan wangi pandan.")
    buyer_page.set_input_files("#id_photos", {"name": "tikar.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    buyer_page.get_by_role("button", name="Kirim ulasan").click()
    buyer_page.wait_for_url("**/ulasan/?tab=ditulis")
    buyer_page.goto(mat.get_absolute_url())
    reviews = buyer_page.locator("#ulasan")
    assert "Anyamannya rapat" in reviews.inner_text() and "1 ulasan" in reviews.inner_text()
    photo = reviews.locator(".review img").first
    photo.scroll_into_view_if_needed()  # lazy: loaded once on screen
    assert photo.evaluate(LOADED)
    assert buyer_page.evaluate(FITS_SCREEN)
    buyer_page.context.close()
    seller_page.context.close()
