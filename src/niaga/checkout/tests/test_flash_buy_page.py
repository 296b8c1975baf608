"""A flash sale's "Beli Sekarang" without JavaScript: the form posts to the page, which sends
the buyer back where they pressed with the refusal on top. An over-long value is refused, never
cut, and a refusal writes nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from niaga.core import clock
from niaga.orders.models import OrderGroup
from niaga.promotions import gate
from niaga.promotions import services as promotions
from niaga.promotions.models import Campaign, CampaignItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_sale(client, settings, fake_gateway, make_user, make_store, make_product, make_address):
    """One product on a running flash sale (without its Redis gate) and a logged-in buyer."""
    settings.NIAGA_FLASH_GATE_URL = ""
    gate.reset()
    promotions.forget()
    product = make_product(make_store(methods=["va_bca"]), name="Earphone TWS", price=99_000, stock=5)
    now = clock.now()
    campaign = Campaign.objects.create(
        name="Harbolnas 11.11",
        slug="harbolnas",
        starts_at=now - dt.timedelta(minutes=1),
        ends_at=now + dt.timedelta(hours=2),
    )
    item = CampaignItem.objects.create(
        campaign=campaign, variant=product.variants.get(), price=9_900, quota=5, per_buyer_limit=2
    )
    buyer = make_user("Pembeli")
    client.force_login(buyer)
    yield item, make_address(buyer)
    gate.reset()
    promotions.forget()


def press(client, item, **body):
    return client.post(reverse("promotions:buy", args=[item.campaign.slug, item.pk]), body)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_beli_sekarang_places_the_order_with_the_courier_chosen(client, on_sale):
    item, address = on_sale
    page = press(client, item, quantity="1", address_id=address.pk, payment_method="va_bca", courier="jne_reg")
    group = OrderGroup.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("payments:page", args=[group.code])
    assert group.orders.get().courier_code == "jne_reg"


@pytest.mark.parametrize(
    "field, typed, message",
    [
        ("courier", "j" * 41, "Terlalu panjang: maks. 40 karakter (sekarang 41)."),
        ("payment_method", "v" * 21, "Terlalu panjang: maks. 20 karakter (sekarang 21)."),
        ("address_id", "abc", "Pilih alamat pengiriman."),
    ],
)
def test_a_choice_that_cannot_be_right_is_refused_and_writes_nothing(client, on_sale, field, typed, message):
    item, address = on_sale
    body = {"quantity": "1", "address_id": address.pk, "payment_method": "va_bca", "courier": "jne_reg"}
    page = press(client, item, **{**body, field: typed})
    assert page.status_code == 302 and page["Location"] == reverse("promotions:campaign", args=["harbolnas"])
    assert said(page) == [message]
    assert not OrderGroup.objects.exists()
    item.refresh_from_db()
    assert item.taken == 0


@pytest.mark.parametrize("typed", ["dua", "3", "1" * 11])
def test_a_quantity_the_sale_does_not_allow_gets_the_sales_own_answer(client, on_sale, typed):
    item, address = on_sale
    page = press(client, item, quantity=typed, address_id=address.pk, payment_method="va_bca")
    assert page.status_code == 302 and said(page) == ["Maksimal 2 per pembeli."]
    assert not OrderGroup.objects.exists()
