"""The seed's classroom simulation (steps 1–4) in a real browser on a phone-sized screen.

Debian's Chromium, driven by Playwright, against the live test server with the sandbox:
the seller lists and shares, the buyer checks out and pays (or doesn't), the seller watches.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from PIL import Image

from niaga.core import clock
from niaga.orders import services as orders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
BOOK = "Buku Materi Kuliah Digital"
PASSWORD = "rahasia-kuat-123"


@pytest.fixture
def person(chromium, sandbox, default_categories):
    """A new phone, with its own cookies, for each person in the story."""
    contexts = []

    def make():
        context = chromium.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            base_url=sandbox.url,
            permissions=["clipboard-read", "clipboard-write"],
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def register(page, name: str, email: str):
    page.goto("/daftar/")
    page.fill("form [name=full_name]", name)
    page.fill("form [name=email]", email)
    page.fill("form [name=phone]", "081234567890")
    page.fill("form [name=password1]", PASSWORD)
    page.click("button:has-text('Daftar')")
    page.wait_for_url(lambda url: "/akun/confirm-email/" in url)
    # The e-mailed link, opened on the same phone, verifies the address and signs in.
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+/akun/confirm-email/\S+/", str(message.body))
    assert link, message.body
    page.goto(link[0])
    page.click("button:has-text('Ya, ini email saya')")
    page.wait_for_url(lambda url: "/akun/" not in url)


def choose(page, select: str, value: str):
    page.wait_for_selector(f"{select} option[value='{value}']", state="attached")
    page.select_option(select, value)


def seller_lists_the_book(page, tmp_path) -> str:
    """Step 1: Toko Saya, the product with an image, VA and e-wallet on; returns the copied link."""
    register(page, "Sari Penjual", "sari@kampus.ac.id")
    page.goto("/toko-saya/")
    page.wait_for_url(re.compile(r"/toko-saya/buka/"))
    page.fill("form [name=name]", "Toko Kampus Sari")
    choose(page, "#id_province_code", "34")
    choose(page, "#id_city_code", "34.71")
    boxes = page.locator("[name=payment_methods]")
    for i in range(boxes.count()):  # only VA BCA and GoPay, like the class would choose
        box = boxes.nth(i)
        box.set_checked(box.get_attribute("value") in {"va_bca", "va_bni", "gopay"})
    page.click("button:has-text('Buka Toko')")
    page.wait_for_url(lambda url: "/buka/" not in url)

    picture = tmp_path / "buku.png"
    Image.new("RGB", (400, 400), (3, 172, 14)).save(picture)
    page.goto("/toko-saya/produk/baru/")
    page.fill("form [name=name]", BOOK)
    page.select_option("form [name=category]", label="Buku & Alat Tulis")
    page.fill("form [name=price]", "5000")
    page.fill("form [name=stock]", "1")
    page.fill("form [name=weight_grams]", "200")
    page.fill("form [name=description]", "Materi kuliah dalam bentuk digital.")
    page.set_input_files("form [name=images]", str(picture))
    page.click("button:has-text('Simpan')")
    page.click("#copy-link")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.input_value("#share-url") and "/p/toko-kampus-sari/" in link
    return link


def buyer_checks_out(page, link: str, method: str, *, email: str, first: bool = True):
    """Step 2: open the shared link, cart, checkout with address and courier, "Buat Pesanan"."""
    if first:
        register(page, "Budi Pembeli", email)
        page.goto("/akun/alamat/baru/")
        page.fill("form [name=recipient_name]", "Budi Pembeli")
        page.fill("form [name=phone]", "0812-9876-5432")
        page.fill("form [name=street]", "Jl. Tebet Raya No. 12")
        choose(page, "#id_province_code", "31")
        choose(page, "#id_regency_code", "31.74")
        choose(page, "#id_district_code", "31.74.01")
        choose(page, "#id_village_code", "31.74.01.1001")
        assert page.input_value("form [name=postal_code]") == "12820"  # filled from the village
        page.click("button:has-text('Simpan')")
        page.wait_for_url(lambda url: "/baru/" not in url)
    page.goto(link)
    assert page.locator("meta[property='og:image']").get_attribute("content").startswith("http")
    page.click("button:has-text('Tambah ke Keranjang')")
    page.goto("/checkout/")
    assert page.locator("[name^=courier_] option").count() >= 1
    labels = page.locator("[name=payment_method]").evaluate_all("els => els.map(e => e.value)")
    assert set(labels) == {"va_bca", "va_bni", "gopay"}
    page.check(f"[name=payment_method][value={method}]")
    page.click("button:has-text('Buat Pesanan')")
    page.wait_for_url(re.compile(r"/pembayaran/NGA-"))


def test_unpaid_order_waits_then_is_cancelled_and_a_second_buyer_hears_stok_habis(person, tmp_path):
    seller, buyer, other = person(), person(), person()
    link = seller_lists_the_book(seller, tmp_path)
    buyer_checks_out(buyer, link, "va_bca", email="budi@kampus.ac.id")
    # Step 3: a VA number, instructions and a deadline.
    assert re.fullmatch(r"\d{10,18}", buyer.inner_text("#va-number").strip())
    assert "WIB" in buyer.inner_text("#deadline")
    assert buyer.locator("text=Cara pembayaran").count() == 1
    assert buyer.inner_text("#amount").startswith("Rp")
    seller.goto("/toko-saya/pesanan/")
    assert "Menunggu Pembayaran" in seller.inner_text("main")
    # Meanwhile a second buyer opens the same link: the only unit is held.
    other.goto(link)
    assert "Stok habis" in other.inner_text("main")
    # Nobody pays: the deadline passes (controllable clock) and the sweep cancels.
    orders.cancel_overdue(now=clock.now() + dt.timedelta(hours=24, minutes=1))
    buyer.goto("/pesanan/?tab=cancelled")
    assert BOOK in buyer.inner_text("main")
    seller.goto("/toko-saya/pesanan/")
    assert "Dibatalkan" in seller.inner_text("main")
    other.goto(link)
    assert re.search(r"Stok\W+1", other.inner_text("main"))


def test_the_sandbox_bank_pays_the_va_and_both_are_notified(person, tmp_path):
    seller, buyer, bank = person(), person(), person()
    link = seller_lists_the_book(seller, tmp_path)
    buyer_checks_out(buyer, link, "va_bca", email="budi@kampus.ac.id")
    va = buyer.inner_text("#va-number").strip()
    # Step 4: the bank app pays by VA number; its signed notification reaches Niaga.
    bank.goto("/sandbox/bank/")
    bank.select_option("form [name=bank]", "bca")
    bank.fill("form [name=va_number]", va)
    bank.click("button:has-text('Cek Tagihan')")
    bank.click("#pay")
    assert "Pembayaran berhasil" in bank.inner_text("body")
    buyer.reload()
    assert "Pembayaran berhasil" in buyer.inner_text("main")
    assert "Perlu Dikemas" in buyer.inner_text("main")
    seller.goto("/toko-saya/pesanan/")
    assert "Perlu Dikemas" in seller.inner_text("main")
    seller.goto("/notifikasi/")
    assert "Perlu Dikemas" in seller.inner_text("main")
    buyer.goto("/notifikasi/")
    assert "Pembayaran diterima" in buyer.inner_text("main")


def test_an_ewallet_pin_pays_at_once(person, tmp_path):
    seller, buyer = person(), person()
    link = seller_lists_the_book(seller, tmp_path)
    buyer_checks_out(buyer, link, "gopay", email="budi@kampus.ac.id")
    buyer.click("#ewallet-pay")  # the deeplink opens the sandbox's e-wallet app
    buyer.fill("form [name=pin]", "123456")
    buyer.click("#confirm")
    buyer.wait_for_url(re.compile(r"/pembayaran/NGA-[^?]*$"))
    assert "Perlu Dikemas" in buyer.inner_text("main")
    seller.goto("/toko-saya/pesanan/")
    assert "Perlu Dikemas" in seller.inner_text("main")
    buyer.screenshot(path=str(tmp_path / "paid.png"), full_page=True)
