"""Where couriers pick parcels up: every warehouse has a full pickup address (street, the
region tree down to the village, postal code, contact name and phone) before its first
booking; labels, manifests and the courier booking carry it; and what the courier refuses
comes back as a 4xx in the documented format, in Indonesian."""

import importlib
import io

import pypdfium2 as pdfium
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from niaga.fulfillment import services
from niaga.fulfillment.models import Location
from niaga.sandbox.models import Parcel
from niaga.shipping.couriers import COURIERS, Booking
from niaga.shipping.couriers import Parcel as CourierParcel
from niaga.shipping.couriers.client import CourierClient, CourierRefused, refusal
from niaga.shipping.models import Shipment
from niaga.shipping.tariffs import Region
from niaga.stores.services import open_store

from .conftest import PICKUP_ADDRESSES
from .test_paid_to_completed import pack_form

BANDUNG = PICKUP_ADDRESSES["32.73"]


def address_form(**overrides):
    return {
        "contact_name": "Sari",
        "phone": "0812-2200-1234",
        "street": "Jl. Ir. H. Juanda No. 120",
        **BANDUNG,
        **overrides,
    }


@pytest.fixture
def phoneless_store(make_user):
    """A seller who registered without a phone number."""
    return open_store(owner=make_user("Penjual", phone=""), data={"name": "Toko Tanpa Telepon", "city_code": "32.73"})


@pytest.fixture
def unbooked_order(sandbox, make_user, make_address, make_product, phoneless_store):
    """A paid order of that store; its warehouse was never set up."""
    from niaga.cart.services import add_item, cart_for
    from niaga.checkout.services import place_order
    from niaga.checkout.tests import sandbox_actions as bank

    buyer = make_user("Pembeli")
    address = make_address(buyer)
    cart = cart_for(user=buyer, create=True)
    add_item(
        cart=cart, variant_id=make_product(phoneless_store, stock=1, weight_grams=250).variants.get().pk, quantity=1
    )
    group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca").group
    bank.pay_va(sandbox.url, "bca", group.payments.get().va_number)
    return group.orders.get()


@pytest.mark.django_db(transaction=True)
def test_a_booking_without_a_pickup_address_is_refused_with_a_4xx_naming_what_to_fill_in(client, unbooked_order):
    order = unbooked_order
    client.force_login(order.store.owner)
    body = {
        "counts": {str(line.pk): line.to_send for line in order.lines.all()},
        "weight_grams": 250,
        "length_cm": 10,
        "width_cm": 10,
        "height_cm": 5,
    }
    answer = client.post(f"/api/v1/seller/orders/{order.pk}/package", body, content_type="application/json")
    assert answer.status_code == 409
    error = answer.json()
    assert error["code"] == "pickup_address_incomplete" and isinstance(error["code"], str)
    assert "Lengkapi alamat penjemputan" in error["message"]
    assert set(error["fields"]) == {"street", "village_code", "postal_code", "phone"}
    assert error["fields"]["phone"].startswith("Nomor telepon kontak wajib diisi")
    assert not Parcel.objects.exists() and not Shipment.objects.exists()  # the courier was never asked
    order.refresh_from_db()
    assert order.status == "to_pack"


@pytest.mark.django_db(transaction=True)
def test_the_seller_without_a_phone_is_asked_for_it_at_warehouse_setup_then_the_courier_gets_it(client, unbooked_order):
    order = unbooked_order
    store = order.store
    client.force_login(store.owner)
    location = services.store_location(store=store)
    pack_url = reverse("fulfillment:pack", args=[location.pk, order.pk])
    address_url = reverse("fulfillment:address", args=[location.pk])

    # Packing starts by asking for the pickup address.
    asked = client.get(pack_url)
    assert asked.status_code == 302 and asked.url == f"{address_url}?next={pack_url}"
    assert (
        "Alamat penjemputan gudang belum lengkap"
        in client.get(reverse("fulfillment:location", args=[location.pk])).content.decode()
    )

    # The Django form answers on each field, in Indonesian; nothing is saved.
    refused = client.post(address_url, address_form(phone="", street="", next=pack_url))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Nomor telepon kontak wajib diisi." in page and "Alamat jalan wajib diisi." in page
    wrong = client.post(address_url, address_form(phone="12345", postal_code="10110", next=pack_url)).content.decode()
    assert "Nomor telepon Indonesia tidak valid." in wrong and "Kode pos 10110 tidak ada di Kecamatan Coblong." in wrong
    elsewhere = client.post(address_url, address_form(**PICKUP_ADDRESSES["35.78"])).content.decode()
    assert "Gudang toko ada di Kota Bandung" in elsewhere
    location.refresh_from_db()
    assert location.pickup_missing()

    saved = client.post(address_url, address_form(next=pack_url))
    assert saved.status_code == 302 and saved.url == pack_url
    location.refresh_from_db()
    assert location.pickup_missing() == {}
    assert (location.phone, location.village_name, location.district_name, location.postal_code) == (
        "+6281222001234",
        "Dago",
        "Coblong",
        "40135",
    )

    # The booking carries the full pickup address to the courier.
    client.post(pack_url, pack_form(order, weight=250, dims=(10, 10, 5)))
    order.refresh_from_db()
    assert order.status == "ready_to_ship"
    sent = Parcel.objects.get().request
    assert sent["origin_contact_phone"] == "+6281222001234" and sent["origin_contact_name"] == "Sari"
    assert (
        sent["origin_address"] == "Jl. Ir. H. Juanda No. 120, Dago, Coblong" and sent["origin_postal_code"] == "40135"
    )

    # The manifest names where the courier picks up, on the page and in the PDF.
    client.post(reverse("fulfillment:pickup", args=[location.pk]), {"courier": "jne"})
    manifest = location.manifests.get()
    page = client.get(reverse("fulfillment:manifest", args=[location.pk, manifest.pk])).content.decode()
    assert "Jl. Ir. H. Juanda No. 120, Dago, Coblong, Kota Bandung, Jawa Barat 40135" in page
    pdf = client.get(reverse("fulfillment:manifest", args=[location.pk, manifest.pk]), {"format": "pdf"}).content
    text = (
        "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
        .replace("\r\n", " ")
        .replace("\n", " ")
    )
    assert "Dago, Coblong" in text and "40135" in text and "+6281222001234" in text


@pytest.mark.django_db(transaction=True)
def test_a_courier_refusal_is_a_4xx_with_a_string_code_in_indonesian(sandbox, settings):
    client = CourierClient(base_url=settings.NIAGA_COURIER_BASE_URL, api_key=settings.NIAGA_COURIER_API_KEY)
    sender = {
        "name": "Toko",
        "phone": "",
        "address": "Jl. Juanda 120",
        "postal_code": "40135",
        "area_name": "Kota Bandung",
    }
    recipient = {
        "name": "Budi",
        "phone": "081298765432",
        "address": "Jl. Tebet Raya 12",
        "postal_code": "12820",
        "area_name": "Jakarta Selatan",
    }
    booking = Booking(
        reference="INV/1",
        service="reg",
        sender=sender,
        recipient=recipient,
        parcel=CourierParcel(origin=Region("32", "32.73"), destination=Region("31", "31.74"), weight_grams=250),
    )
    with pytest.raises(CourierRefused) as refused:
        client.create_order(courier="jne", booking=booking)
    error = refused.value
    assert error.status == 422 and error.code == "courier_refused"
    assert error.message == "Kurir menolak pesanan: nomor telepon kontak gudang wajib diisi."
    assert error.fields == {"phone": "Nomor telepon kontak gudang wajib diisi."}
    assert not Parcel.objects.exists()


def test_courier_messages_we_cannot_read_still_come_back_in_indonesian():
    assert refusal("destination_postal_code is required").fields == {
        "shipping_address.postal_code": "Kode pos penerima wajib diisi."
    }
    assert (
        refusal("weight must be a whole number between 1 and 150000").message
        == "Kurir menolak pesanan: berat paket tidak valid."
    )
    assert "tidak tersedia" in refusal("Courier jne/xyz is not available").message
    unknown = refusal("Something odd happened")
    assert (
        unknown.code == "courier_refused"
        and unknown.status == 422
        and unknown.message.startswith("Kurir menolak pesanan ini.")
    )


@pytest.mark.django_db
def test_a_booking_is_refused_before_the_courier_when_the_sender_lacks_what_couriers_need(place):
    from niaga.core.errors import Conflict
    from niaga.shipping import services as shipping

    order = place().orders.get()
    parcel = CourierParcel(origin=Region("32", "32.73"), destination=Region("31", "31.74"), weight_grams=250)
    with pytest.raises(Conflict) as refused:
        shipping.book(
            order=order,
            parcel=parcel,
            sender={"name": "Toko", "address": "Jl. A", "postal_code": "", "phone": ""},
            insured=False,
        )
    assert refused.value.code == "pickup_address_incomplete" and set(refused.value.fields) == {"postal_code", "phone"}
    assert COURIERS["jne"] and not Shipment.objects.exists()


@pytest.mark.django_db
def test_existing_warehouses_with_a_stand_in_street_are_asked_for_the_real_address(make_store):
    store = make_store()
    location = Location.objects.create(
        name="Gudang lama",
        kind="store",
        store=store,
        street=f"{store.name}, {store.city_name}",
        regency_code="32.73",
        regency_name="Kota Bandung",
        province_code="32",
        province_name="Jawa Barat",
        postal_code="40111",
        phone="",
    )
    migration = importlib.import_module("niaga.fulfillment.migrations.0002_pickup_address")
    migration.ask_for_real_pickup_addresses(apps, None)
    location.refresh_from_db()
    assert (location.street, location.postal_code, location.contact_name) == ("", "", store.owner.full_name)
    assert location.phone == store.owner.phone
    assert set(location.pickup_missing()) == {"street", "village_code", "postal_code"}


@pytest.mark.django_db
def test_the_demo_warehouses_have_full_pickup_addresses():
    call_command("load_demo", stdout=io.StringIO())
    locations = list(Location.objects.all())
    assert len(locations) == 3  # two stores' own warehouses and the fulfillment center
    assert all(location.pickup_missing() == {} and location.village_code for location in locations)


@pytest.mark.django_db
def test_the_api_sets_the_pickup_address_with_field_errors_in_indonesian(client, phoneless_store):
    client.force_login(phoneless_store.owner)
    before = client.get("/api/v1/seller/pickup-address").json()
    assert set(before["missing"]) == {"street", "village_code", "postal_code", "phone"}
    bad = client.put(
        "/api/v1/seller/pickup-address",
        {**address_form(), "village_code": "31.74.01.1001"},
        content_type="application/json",
    )
    assert (
        bad.status_code == 400 and bad.json()["fields"]["village_code"] == "Pilih kelurahan/desa di kecamatan tersebut."
    )
    done = client.put("/api/v1/seller/pickup-address", address_form(), content_type="application/json").json()
    assert done["missing"] == {} and done["village_name"] == "Dago" and done["phone"] == "+6281222001234"


@pytest.mark.django_db
def test_the_seller_dashboard_asks_for_the_pickup_address_until_it_is_set(client, phoneless_store):
    client.force_login(phoneless_store.owner)
    assert 'id="pickup-missing"' in client.get(reverse("seller:dashboard")).content.decode()
    services.set_pickup_address(location=services.store_location(store=phoneless_store), data=address_form())
    assert 'id="pickup-missing"' not in client.get(reverse("seller:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_store_that_moves_city_is_asked_for_its_pickup_address_again(phoneless_store):
    from niaga.stores.services import update_store

    location = services.store_location(store=phoneless_store)
    services.set_pickup_address(location=location, data=address_form())
    assert location.pickup_missing() == {}
    update_store(store=phoneless_store, data={"city_code": "35.78"})
    location = services.store_location(store=phoneless_store)
    assert "regency_code" in location.pickup_missing()
    services.set_pickup_address(location=location, data=address_form(**PICKUP_ADDRESSES["35.78"]))
    assert location.pickup_missing() == {} and location.regency_name == "Kota Surabaya"
