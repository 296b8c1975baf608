"""A store states its return window, returns, exchanges, warranty and contact details, from
Toko Saya and from the API. Bad input gets a clear message on its field and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from niaga.stores.models import Store

pytestmark = pytest.mark.django_db

GOOD = {
    "return_window_days": 14,
    "accepts_returns": True,
    "accepts_exchanges": False,
    "warranty_kind": "distributor",
    "warranty_months": 12,
    "contact_phone": "0812-3456-7890",
    "contact_email": "Halo@TokoBuku.id",
    "open_days": [0, 1, 2, 3, 4, 5],
    "opens_at": "08:00",
    "closes_at": "17:30",
}


@pytest.fixture
def shop(client, make_store):
    store = make_store(name="Toko Buku Kampus")
    client.force_login(store.owner)
    return store


def snapshot(store: Store) -> tuple:
    store.refresh_from_db()
    return tuple(
        getattr(store, f)
        for f in (
            "return_window_days",
            "accepts_returns",
            "accepts_exchanges",
            "warranty_kind",
            "warranty_months",
            "contact_phone",
            "contact_email",
            "open_days",
            "opens_at",
            "closes_at",
        )
    )


def test_a_new_store_takes_returns_and_exchanges_for_7_days_and_states_no_warranty(shop):
    assert snapshot(shop) == (7, True, True, "none", 0, "", "", [], None, None)


def test_the_seller_states_the_policy_and_contact_through_the_api(client, shop):
    answer = client.patch("/api/v1/seller/store", GOOD, content_type="application/json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["contact_phone"] == "+6281234567890" and body["contact_email"] == "halo@tokobuku.id"
    assert body["hours_text"] == "Senin–Sabtu, 08.00–17.30 WIB"
    assert snapshot(shop) == (
        14,
        True,
        False,
        "distributor",
        12,
        "+6281234567890",
        "halo@tokobuku.id",
        [0, 1, 2, 3, 4, 5],
        dt.time(8, 0),
        dt.time(17, 30),
    )
    public = client.get(f"/api/v1/stores/{shop.slug}").json()
    assert public["return_window_days"] == 14 and public["warranty_kind"] == "distributor"


BAD = [
    ({"return_window_days": 31}, "return_window_days", "0–30"),
    ({"return_window_days": -1}, "return_window_days", "0–30"),
    ({"return_window_days": 0, "accepts_returns": True}, "return_window_days", "Batas 0 hari"),
    ({"warranty_kind": "seumur-hidup"}, "warranty_kind", "jenis garansi"),
    ({"warranty_kind": "none", "warranty_months": 12}, "warranty_months", "0 bulan"),
    ({"warranty_kind": "official", "warranty_months": 0}, "warranty_months", "1–60"),
    ({"warranty_kind": "official", "warranty_months": 61}, "warranty_months", "0–60"),
    ({"contact_phone": "12345"}, "contact_phone", "tidak valid"),
    ({"contact_phone": "+1 650 253 0000"}, "contact_phone", "Indonesia"),
    ({"contact_email": "bukan-email"}, "contact_email", "tidak valid"),
    ({"open_days": [0, 7], "opens_at": "08:00", "closes_at": "17:00"}, "open_days", "Senin sampai Minggu"),
    ({"open_days": [0], "opens_at": "17:00", "closes_at": "08:00"}, "closes_at", "setelah jam buka"),
    ({"open_days": [0], "opens_at": "08:00", "closes_at": None}, "closes_at", "jam tutup"),
    ({"open_days": [], "opens_at": "08:00", "closes_at": "17:00"}, "open_days", "hari operasional"),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD)
def test_bad_input_is_refused_on_its_field_through_the_api_and_nothing_is_saved(client, shop, change, field, words):
    before = snapshot(shop)
    answer = client.patch(
        "/api/v1/seller/store", {**GOOD, **change, "name": "Nama Baru"}, content_type="application/json"
    )
    assert answer.status_code in (400, 422), answer.content
    if answer.status_code == 400:
        assert words in answer.json()["fields"][field]
    assert snapshot(shop) == before
    assert Store.objects.get(pk=shop.pk).name == "Toko Buku Kampus"


def settings_form(store: Store, **overrides) -> dict:
    data = {
        "name": store.name,
        "slug": store.slug,
        "province_code": store.province_code,
        "city_code": store.city_code,
        "description": "",
        "return_policy": "Sertakan video unboxing.",
        "warranty_policy": "Klaim ke distributor.",
        "payment_methods": store.payment_methods,
        "return_window_days": "14",
        "accepts_returns": "1",
        "accepts_exchanges": "0",
        "warranty_kind": "distributor",
        "warranty_months": "12",
        "contact_phone": "022-2500123",
        "contact_email": "halo@tokobuku.id",
        "open_days_shown": "1",
        "open_days": ["0", "1", "2", "3", "4"],
        "opens_at": "08:00",
        "closes_at": "16:00",
    }
    data.update(overrides)
    return data


def test_the_settings_page_saves_the_policy_and_shows_it_again(client, shop):
    page = client.get("/toko-saya/pengaturan/")
    assert page.status_code == 200 and "Batas pengajuan retur/tukar" in page.content.decode()
    saved = client.post("/toko-saya/pengaturan/", settings_form(shop))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert snapshot(shop)[:6] == (14, True, False, "distributor", 12, "+62222500123")
    assert shop.hours_text == "Senin–Jumat, 08.00–16.00 WIB"
    again = client.get("/toko-saya/pengaturan/").content.decode()
    assert 'value="022-2500123"' in again or "(022) 2500123" in again


def test_unticking_every_day_clears_the_hours_only_with_them(client, shop):
    client.post("/toko-saya/pengaturan/", settings_form(shop))
    refused = client.post("/toko-saya/pengaturan/", settings_form(shop, open_days=[]))
    assert refused.status_code == 400 and "Pilih hari operasional." in refused.content.decode()
    cleared = client.post("/toko-saya/pengaturan/", settings_form(shop, open_days=[], opens_at="", closes_at=""))
    assert cleared.status_code == 302
    shop.refresh_from_db()
    assert (shop.open_days, shop.opens_at, shop.hours_text) == ([], None, "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"return_window_days": "45"}, "Batas pengembalian (hari) harus 0–30."),
        ({"return_window_days": "tujuh"}, "harus berupa angka bulat"),
        ({"contact_phone": "0812"}, "Nomor telepon Indonesia tidak valid"),
        ({"contact_email": "halo@"}, "Alamat email tidak valid."),
        ({"opens_at": "25:00"}, "Jam dalam format JJ:MM"),
        ({"warranty_kind": "abadi"}, "Pilih jenis garansi dari daftar."),
    ],
)
def test_the_settings_page_refuses_bad_input_beside_its_field_and_saves_nothing(client, shop, change, message):
    before = snapshot(shop)
    page = client.post("/toko-saya/pengaturan/", settings_form(shop, **change))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert snapshot(shop) == before


def test_a_settings_form_without_the_policy_fields_changes_none_of_them(client, shop):
    client.patch("/api/v1/seller/store", GOOD, content_type="application/json")
    before = snapshot(shop)
    old_form = {k: v for k, v in settings_form(shop).items() if k not in GOOD and k != "open_days_shown"}
    assert client.post("/toko-saya/pengaturan/", old_form).status_code == 302
    assert snapshot(shop) == before


def test_the_store_page_shows_the_contact_details(client, shop):
    client.patch("/api/v1/seller/store", GOOD, content_type="application/json")
    client.logout()
    text = client.get(f"/toko/{shop.slug}/").content.decode()
    assert "0812-3456-7890" in text and "tel:+6281234567890" in text
    assert "halo@tokobuku.id" in text and "Senin–Sabtu, 08.00–17.30 WIB" in text
    assert "Retur dalam 14 hari setelah barang sampai" in text and "Garansi distributor 1 tahun" in text


def test_the_store_is_open_on_its_days_and_hours_in_jakarta_time(client, shop):
    client.patch("/api/v1/seller/store", GOOD, content_type="application/json")  # Senin–Sabtu 08.00–17.30 WIB
    shop.refresh_from_db()
    wib = dt.timezone(dt.timedelta(hours=7))
    monday = dt.datetime(2026, 12, 7, 8, 0, tzinfo=wib)
    assert shop.open_at(monday) is True
    assert shop.open_at(monday.replace(hour=17, minute=30)) is False  # closes at 17.30
    assert shop.open_at(dt.datetime(2026, 12, 7, 0, 59, tzinfo=dt.UTC)) is False  # 07.59 WIB
    assert shop.open_at(monday + dt.timedelta(days=6)) is False  # Minggu
    shop.open_days, shop.opens_at, shop.closes_at = [], None, None
    assert shop.open_at(monday) is None  # not stated
