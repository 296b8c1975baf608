"""`make run` loads the demo marketplace once and, every time it starts, makes sure a flash
sale is running, so a newcomer can try the banner, the countdown and "Beli Sekarang" at once."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from niaga.aftersales.models import Complaint
from niaga.catalog.models import Product
from niaga.conftest import totp_now
from niaga.demo import data as demo_data
from niaga.demo.management.commands.load_demo import ADMIN, ADMIN_TOTP_SECRET, BUYER, SELLER_PASSWORD
from niaga.promotions.models import Campaign

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_its_stores_products_and_a_flash_sale_running_now(client):
    printed = load_demo()
    assert Product.objects.count() == len(demo_data.PRODUCTS)
    sale = Campaign.objects.get()
    assert f"/flash-sale/{sale.slug}/" in printed and "pembeli@niaga.local" in printed
    assert [(i.variant.product.name, i.price, i.quota) for i in sale.items.order_by("pk")] == [
        (name, price, quota) for name, price, quota, _ in demo_data.FLASH_SALE
    ]
    assert all(i.price < i.variant.unit_price and i.quota <= i.variant.stock.available for i in sale.items.all())

    home = client.get("/").content.decode()
    assert f"/flash-sale/{sale.slug}/" in home
    product = sale.items.order_by("pk").first().variant.product
    assert "Rp99.000" in client.get(product.get_absolute_url()).content.decode()


def test_the_demo_accounts_sign_in_at_once(client):
    """E-mail verification is mandatory; the demo's buyer, sellers and operator are verified.
    The operator has an authenticator app, so their sign-in asks for its code, then is done."""
    load_demo()
    seller = demo_data.STORES[0]["owner"][0]
    for email, password in ((BUYER[0], BUYER[1]), (seller, SELLER_PASSWORD)):
        answer = client.post("/masuk/", {"login": email, "password": password})
        assert answer.status_code == 302 and answer["Location"] == "/", email
        client.logout()
    answer = client.post("/masuk/", {"login": ADMIN[0], "password": ADMIN[1]})
    assert answer.status_code == 302 and answer["Location"] == "/akun/2fa/authenticate/"
    done = client.post(answer["Location"], {"code": totp_now(ADMIN_TOTP_SECRET)})
    assert done.status_code == 302 and done["Location"] == "/"


def test_starting_again_keeps_the_running_sale_and_starts_a_new_one_once_it_has_ended():
    load_demo()
    first = Campaign.objects.get()
    load_demo()
    assert list(Campaign.objects.all()) == [first]
    # Demo complaints, made once: one for the seller to answer, one in Niaga's mediation, one
    # return accepted and waiting for the buyer to send it back.
    assert sorted(Complaint.objects.values_list("status", flat=True)) == [
        "awaiting_seller",
        "escalated",
        "return_requested",
    ]

    yesterday = dt.timedelta(days=1, minutes=1)
    Campaign.objects.filter(pk=first.pk).update(
        starts_at=first.starts_at - yesterday, ends_at=first.ends_at - yesterday
    )
    load_demo()
    assert Campaign.objects.count() == 2
    latest = Campaign.objects.exclude(pk=first.pk).get()
    assert latest.items.count() == len(demo_data.FLASH_SALE)


def test_the_demo_shows_reviews_with_photos_and_the_demo_buyer_has_one_to_write(client):
    from niaga.accounts.models import User
    from niaga.ledger.models import Entry
    from niaga.reviews import selectors as reviews
    from niaga.reviews.models import Review

    load_demo()
    load_demo()  # starting again adds nothing
    from niaga.demo.reviews import REVIEWS

    assert Review.objects.count() == len(REVIEWS) and Review.objects.filter(photo_count__gt=0).exists()
    cable = Product.objects.get(name="Kabel Data Type-C 1 Meter Braided")
    assert (str(cable.rating_average), cable.rating_count, cable.units_sold) == ("4.67", 3, 3)
    page = client.get(cable.get_absolute_url()).content.decode()
    assert "4,7" in page and "(3 ulasan)" in page and "Kabelnya tebal" in page and "Balasan penjual" in page
    buyer = User.objects.get(email="pembeli@niaga.local")
    assert [line.product_name for line in reviews.reviewable_lines(buyer)] == ["Buku Tulis Sidu 58 Lembar (isi 10)"]
    assert sum(Entry.objects.values_list("amount", flat=True)) == 0  # the demo's money balances


def test_the_demo_stores_have_bank_accounts_and_one_checkout_waits_for_the_operator(client, second_factor):
    from niaga.payments.models import BankAccount
    from niaga.risk.models import Assessment
    from niaga.stores.models import Store

    load_demo()
    load_demo()  # once only
    assert BankAccount.objects.count() == Store.objects.count()
    [case] = Assessment.objects.filter(decision="pending")
    assert case.level == "high" and case.group.orders.get().held
    from niaga.accounts.models import User

    # the operator's pages ask for the second factor: the demo operator's own authenticator
    second_factor(client, User.objects.get(email="admin@niaga.local"), secret=ADMIN_TOTP_SECRET)
    assert case.group.code in client.get("/operator/risiko/").content.decode()
