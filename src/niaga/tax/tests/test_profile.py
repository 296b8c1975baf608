"""The seller's tax profile, statement and SKB: validated, encrypted, masked, their own only."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from niaga.core.errors import DomainError
from niaga.tax import services
from niaga.tax.models import TaxProfile


def test_npwp_and_nik_are_checked_and_stored_encrypted(make_store):
    store = make_store()
    with pytest.raises(DomainError) as refused:
        services.save_profile(
            store=store, id_kind="npwp", id_number="12.345", name="Sari", address="Jl. Merdeka 1 Bandung", is_pkp=False
        )
    assert "id_number" in refused.value.fields
    with pytest.raises(DomainError) as refused:
        services.save_profile(
            store=store,
            id_kind="nik",
            id_number="3273019913990001",
            name="Sari",
            address="Jl. Merdeka 1 Bandung",
            is_pkp=False,
        )
    assert "id_number" in refused.value.fields  # day 99: not a NIK
    profile = services.save_profile(
        store=store,
        id_kind="nik",
        id_number="3273 0145 0790 0001",
        name="Sari Dewi",
        address="Jl. Merdeka 1 Bandung",
        is_pkp=False,
    )
    assert TaxProfile.objects.get(pk=profile.pk).id_number == "3273014507900001"
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM tax_taxprofile WHERE id = %s", [profile.pk])
        assert "3273014507900001" not in cursor.fetchone()[0]
    assert profile.masked_id == "32••••••••••0001"


def test_a_statement_above_the_threshold_or_unticked_is_refused(make_store):
    store = make_store()
    with pytest.raises(DomainError) as refused:
        services.submit_statement(
            store=store, year=2026, declared_turnover=500_000_001, signed_on=dt.date(2026, 1, 2), agreed=False
        )
    assert set(refused.value.fields) >= {"declared_turnover", "agreed"}


def test_the_seller_page_saves_and_masks(client, make_store):
    store = make_store()
    client.force_login(store.owner)
    bad = client.post(
        reverse("tax:seller"),
        {"action": "profile", "id_kind": "npwp", "id_number": "1", "name": "Sari", "address": "Jl. Merdeka 1 Bandung"},
    )
    assert bad.status_code == 400 and "NPWP harus 16 digit" in bad.content.decode()
    ok = client.post(
        reverse("tax:seller"),
        {
            "action": "profile",
            "id_kind": "npwp",
            "id_number": "0123456789012345",
            "name": "Sari",
            "address": "Jl. Merdeka 1 Bandung",
        },
    )
    assert ok.status_code == 302
    html = client.get(reverse("tax:seller")).content.decode()
    assert "01••••••••••2345" in html and "0123456789012345" not in html
    skb = client.post(
        reverse("tax:seller"),
        {"action": "skb", "number": "SKB-1/2026", "valid_from": "2026-02-01", "valid_until": "2026-01-01"},
    )
    assert skb.status_code == 400 and "sesudah tanggal mulai" in skb.content.decode()


def test_the_api_shows_a_seller_only_their_own(client, make_store, paid):
    mine, theirs = make_store(), make_store()
    paid(store=theirs)
    client.force_login(mine.owner)
    assert client.get("/api/v1/seller/tax/profile").status_code == 404
    put = client.put(
        "/api/v1/seller/tax/profile",
        {"id_kind": "npwp", "id_number": "0123456789012345", "name": "Sari", "address": "Jl. Merdeka 1 Bandung"},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["id_number_masked"] == "01••••••••••2345"
    assert "id_number" not in put.json()
    bad = client.post(
        "/api/v1/seller/tax/statements",
        {"year": 2026, "declared_turnover": 600_000_000, "signed_on": "2026-01-02", "agreed": True},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "declared_turnover" in bad.json()["fields"]
    assert client.get("/api/v1/seller/tax/collections").json() == []
    their_row = theirs.tax_collections.get()
    assert client.get(f"/api/v1/seller/tax/collections/{their_row.pk}").status_code == 404
    client.force_login(theirs.owner)
    assert client.get(f"/api/v1/seller/tax/collections/{their_row.pk}").json()["amount"] == 500
    assert client.get("/api/v1/seller/tax/collections?month=bukan").status_code == 400
