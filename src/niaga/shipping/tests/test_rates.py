"""Rates: zones between regions, chargeable weight (actual or volumetric, with the 0.3 kg
tolerance), each courier's reach and weight limit, and what checkout makes of them."""

import pytest
from django.urls import reverse

from niaga.shipping import rates, tariffs
from niaga.shipping.couriers import COURIERS, Parcel, Rate, Unavailable

BANDUNG = rates.region("32", "32.73")
CIMAHI = rates.region("32", "32.77")
JAKSEL = rates.region("31", "31.74")
MEDAN = rates.region("12", "12.71")
BATAM = rates.region("21", "21.71")
DENPASAR = rates.region("51", "51.71")
BALIKPAPAN = rates.region("64", "64.71")
MAKASSAR = rates.region("73", "73.71")
JAYAPURA = rates.region("91", "91.71")
JAYAPURA_ADDRESS = {
    "province_code": "91",
    "regency_code": "91.71",
    "district_code": "91.71.01",
    "village_code": "91.71.01.1001",
    "postal_code": "99111",
}


@pytest.mark.parametrize(
    "origin, destination, zone",
    [
        (BANDUNG, BANDUNG, 0),  # same city
        (BANDUNG, CIMAHI, 1),  # same province
        (BANDUNG, JAKSEL, 2),  # same island
        (MEDAN, BATAM, 2),  # Kepulauan Riau sails with Sumatera
        (JAKSEL, MEDAN, 3),  # neighbouring islands
        (JAKSEL, DENPASAR, 3),
        (JAKSEL, BALIKPAPAN, 3),
        (MEDAN, MAKASSAR, 5),
        (BANDUNG, JAYAPURA, 6),
        (MEDAN, JAYAPURA, 7),
        (BANDUNG, rates.region("99", ""), None),  # not a province
        (BANDUNG, rates.region("", ""), None),
    ],
)
def test_zones_grow_with_the_distance_between_islands(origin, destination, zone):
    assert tariffs.zone(origin, destination) == zone
    assert tariffs.zone(destination, origin) == zone


@pytest.mark.parametrize(
    "grams, dims, chargeable_grams, kg",
    [
        (100, (0, 0, 0), 100, 1),  # at least one kilogram
        (1000, (0, 0, 0), 1000, 1),
        (1300, (0, 0, 0), 1300, 1),  # within the 0.3 kg tolerance
        (1301, (0, 0, 0), 1301, 2),
        (2300, (0, 0, 0), 2300, 2),
        (2400, (0, 0, 0), 2400, 3),
        (500, (30, 20, 10), 1000, 1),  # volumetric 1 kg beats 0.5 kg actual
        (500, (40, 30, 20), 4000, 4),  # 24,000 cm³ / 6000 = 4 kg
        (5000, (40, 30, 20), 5000, 5),  # heavier than its volume
        (800, (61, 1, 1), 800, 1),  # a long thin parcel weighs more than its volume
    ],
)
def test_chargeable_weight_is_the_higher_of_actual_and_volumetric(grams, dims, chargeable_grams, kg):
    assert tariffs.chargeable_grams(grams, *dims) == chargeable_grams
    assert tariffs.chargeable_kg(chargeable_grams) == kg


@pytest.mark.parametrize(
    "code, destination, grams, cost, eta",
    [
        ("jne_reg", JAKSEL, 1000, 14_000, "2-3 hari"),
        ("jne_reg", JAKSEL, 2400, 42_000, "2-3 hari"),  # three started kilograms
        ("jne_yes", JAKSEL, 1000, 25_200, "1 hari"),
        ("jne_oke", JAKSEL, 1000, 11_200, "4-5 hari"),
        ("jnt_ez", BANDUNG, 1000, 7_600, "1-2 hari"),
        ("sicepat_best", CIMAHI, 1000, 15_000, "1 hari"),
        ("pos_kilat_khusus", MAKASSAR, 1000, 28_800, "5-7 hari"),
        ("anteraja_reg", DENPASAR, 1000, 20_200, "3-5 hari"),
        ("jne_reg", JAYAPURA, 1000, 60_000, "6-9 hari"),
    ],
)
def test_each_service_prices_by_zone_and_started_kilogram(code, destination, grams, cost, eta):
    rate = rates.offer(Parcel(origin=BANDUNG, destination=destination, weight_grams=grams)).get(code)
    assert (rate.cost, rate.eta) == (cost, eta)


@pytest.mark.parametrize(
    "code, destination, grams, reason",
    [
        ("sicepat_reg", JAYAPURA, 1000, "Tidak melayani tujuan ini."),
        ("anteraja_reg", JAYAPURA, 1000, "Tidak melayani tujuan ini."),
        ("jne_yes", JAYAPURA, 1000, "Tidak melayani tujuan ini."),
        ("sicepat_best", MAKASSAR, 1000, "Tidak melayani tujuan ini."),
        ("sicepat_best", JAKSEL, 10_301, "Berat melebihi batas 10 kg."),
        ("pos_kilat_khusus", JAKSEL, 30_001, "Berat melebihi batas 30 kg."),
        ("jnt_ez", JAKSEL, 50_001, "Berat melebihi batas 50 kg."),
    ],
)
def test_out_of_reach_or_over_the_weight_limit_is_not_offered_and_says_why(code, destination, grams, reason):
    offer = rates.offer(Parcel(origin=BANDUNG, destination=destination, weight_grams=grams))
    assert offer.get(code) is None
    assert [u.reason for u in offer.unavailable if u.code == code] == [reason]


def test_every_listed_service_is_offered_or_refused_exactly_once():
    offer = rates.offer(Parcel(origin=BANDUNG, destination=JAKSEL, weight_grams=500))
    codes = sorted(r.code for r in offer.options) + sorted(u.code for u in offer.unavailable)
    expected = sorted(f"{c.code}_{s.code}" for c in COURIERS.values() for s in c.services)
    assert sorted(codes) == expected and len(codes) == 8
    assert [r.cost for r in offer.options] == sorted(r.cost for r in offer.options)  # cheapest first


def test_an_unknown_destination_has_no_options_at_all():
    offer = rates.offer(Parcel(origin=BANDUNG, destination=rates.region("00"), weight_grams=500))
    assert offer.options == [] and all(isinstance(u, Unavailable) for u in offer.unavailable)


@pytest.mark.parametrize(
    "courier, value, fee",
    [("jne", 1_000_000, 7_000), ("jnt", 1_000_000, 2_000), ("sicepat", 150_000, 450), ("jne", 0, 0)],
)
def test_insurance_is_a_share_of_the_goods_value(courier, value, fee):
    assert COURIERS[courier].insurance_fee(value) == fee


@pytest.mark.django_db
def test_checkout_to_papua_offers_only_couriers_that_reach_it_and_says_why_not_the_others(
    client, make_user, make_address, make_store, make_product
):
    from niaga.cart.services import add_item, cart_for

    buyer = make_user("Pembeli Jayapura")
    address = make_address(buyer, **JAYAPURA_ADDRESS)
    product = make_product(make_store(), stock=2, weight_grams=1000)
    add_item(cart=cart_for(user=buyer, create=True), variant_id=product.variants.get().pk, quantity=1)
    client.force_login(buyer)
    quote = client.post("/api/v1/checkout/quote", {"address_id": address.pk}, content_type="application/json").json()
    store = quote["stores"][0]
    assert sorted(o["code"] for o in store["options"]) == ["jne_oke", "jne_reg", "jnt_ez", "pos_kilat_khusus"]
    assert {u["code"]: u["reason"] for u in store["unavailable"]}["sicepat_reg"] == "Tidak melayani tujuan ini."
    refused = client.post(
        "/api/v1/checkout",
        {"address_id": address.pk, "payment_method": "va_bca", "couriers": {str(product.store_id): "sicepat_reg"}},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_courier"
    page = client.get(reverse("checkout:checkout"), {"address_id": address.pk}).content.decode()
    assert "Kurir lain tidak tersedia (4)" in page and "SiCepat REG: Tidak melayani tujuan ini." in page


@pytest.mark.django_db
def test_a_parcel_no_courier_can_carry_blocks_checkout_with_a_clear_message(
    client, make_user, make_address, make_store, make_product
):
    from niaga.cart.services import add_item, cart_for

    buyer = make_user("Pembeli")
    address = make_address(buyer)
    product = make_product(make_store(), stock=2, weight_grams=75_000)  # over every courier's limit
    add_item(cart=cart_for(user=buyer, create=True), variant_id=product.variants.get().pk, quantity=1)
    client.force_login(buyer)
    quote = client.post("/api/v1/checkout/quote", {"address_id": address.pk}, content_type="application/json").json()
    assert quote["stores"][0]["options"] == []
    assert any("belum bisa mengirim" in p and "Berat melebihi batas" in p for p in quote["problems"])
    assert isinstance(rates.offer(Parcel(origin=BANDUNG, destination=JAKSEL, weight_grams=1)).options[0], Rate)
