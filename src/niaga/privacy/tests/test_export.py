"""Hak akses: a user downloads everything Niaga holds about them as a ZIP of CSV and JSON,
built by a job into private storage; only they can open the link, and only until it expires."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.audit.models import Event
from niaga.chat import services as chat
from niaga.chat.models import Side
from niaga.ledger import selectors as ledger
from niaga.notifications.services import notify
from niaga.payments import money
from niaga.privacy import exports, services
from niaga.privacy.models import ConsentKind, DataExport, ExportStatus
from niaga.reviews.services import write_review

from .conftest import completed

pytestmark = pytest.mark.django_db


def archive_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def everything(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


def csv_rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8-sig"))))


@pytest.fixture
def history(finished_order, shop, buyer, make_user, placed):
    """The buyer's year at Niaga, and another buyer's at the same shop."""
    store, product = shop
    conversation = chat.start(buyer=buyer, store=store)
    chat.send(conversation=conversation, side=Side.BUYER, sender=buyer, body="Apakah batiknya luntur?")
    chat.send(conversation=conversation, side=Side.SELLER, sender=store.owner, body="Tidak, Kak. Pewarna alami.")
    write_review(buyer=buyer, line_id=finished_order.lines.get().pk, rating=5, text="Kainnya adem sekali.")
    notify(user=buyer, title="Pesanan selesai", body="Terima kasih sudah berbelanja.", email=False)
    services.record_consent(buyer, ConsentKind.EMAIL_PROMO, True)
    # A second order, cancelled after payment: its money went back to the buyer as saldo.
    refunded = money_refunded(placed(buyer, product))
    other = make_user(full_name="Bambang Sutrisno Prakoso", email="bambang@contoh.id", phone="0813-5555-2020")
    other_order = completed(placed(other, product))
    chat.send(conversation=chat.start(buyer=other, store=store), side=Side.BUYER, sender=other, body="Ready kak?")
    return {"order": finished_order, "refunded": refunded, "other": other, "other_order": other_order}


def money_refunded(group):
    from .conftest import paid

    order = paid(group)
    money.refund_to_saldo(order=order, key=f"refund:test:{order.pk}", reason="Stok habis")
    return order


def test_the_export_holds_what_the_user_has_and_nothing_of_anyone_else(client, buyer, history, built):
    client.force_login(buyer)
    with built():
        asked = client.post("/api/v1/me/data-export")
    assert asked.status_code == 202
    export_id = asked.json()["id"]

    status = client.get(f"/api/v1/me/data-export/{export_id}").json()
    assert status["status"] == "ready"  # jobs run at once in tests
    assert status["expires_at"]
    archive = archive_of(client.get(status["download_url"]))

    names = set(archive.namelist())
    for table in ("alamat", "pesanan", "barang_pesanan", "chat", "ulasan", "notifikasi", "saldo", "persetujuan"):
        assert {f"{table}.csv", f"{table}.json"} <= names
    assert "toko.json" not in names  # a buyer without a store

    profile = json.loads(archive.read("profil.json"))
    assert (profile["email"], profile["nama_lengkap"], profile["nomor_hp"]) == (
        "sri.wahyuni@contoh.id",
        "Sri Wahyuni Lestari",
        "+6281277773141",
    )
    orders = {row["nomor_pesanan"]: row for row in csv_rows(archive, "pesanan")}
    mine = orders[history["order"].number]
    assert mine["status"] == "Selesai"
    assert mine["kurir"] == "JNE Reguler" and mine["total_pesanan"] == str(history["order"].total)
    assert mine["metode_pembayaran"] and mine["penerima"] == "Sri Wahyuni Lestari"
    assert set(orders) == {history["order"].number, history["refunded"].number}
    assert [row["produk"] for row in csv_rows(archive, "barang_pesanan")] == ["Kemeja Batik Tulis"] * 2
    messages = [(row["pengirim"], row["pesan"]) for row in csv_rows(archive, "chat")]
    assert messages == [("Anda", "Apakah batiknya luntur?"), ("Penjual", "Tidak, Kak. Pewarna alami.")]
    assert [row["ulasan"] for row in csv_rows(archive, "ulasan")] == ["Kainnya adem sekali."]
    saldo = csv_rows(archive, "saldo")
    assert [int(row["jumlah"]) for row in saldo] == [history["refunded"].total]
    assert int(saldo[-1]["saldo_setelahnya"]) == money.saldo_of(buyer)
    assert [row["setuju"] for row in csv_rows(archive, "persetujuan")] == ["True"]
    assert "data.exported" in {row["tindakan"] for row in csv_rows(archive, "keamanan")}
    json_orders = json.loads(archive.read("pesanan.json"))
    assert {row["nomor_pesanan"] for row in json_orders} == set(orders)

    text = everything(archive)
    other = history["other"]
    for trace in (other.email, other.full_name, "Ready kak?", history["other_order"].number, "0813"):
        assert trace not in text
    assert Event.objects.filter(action="data.exported", user=buyer).count() == 1


def test_the_download_is_the_owners_alone(client, buyer, make_user, history, built):
    with built():
        export = services.request_export(user=buyer)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.file
    page = reverse("privacy:export_download", args=[export.pk])

    client.force_login(history["other"])
    assert client.get(page).status_code == 404
    assert client.get(f"/api/v1/me/data-export/{export.pk}").status_code == 404
    assert client.get(f"/api/v1/me/data-export/{export.pk}/file").status_code == 404
    client.logout()
    assert client.get(page).status_code == 302  # to sign in

    client.force_login(buyer)
    archive = archive_of(client.get(page))
    assert "pesanan.csv" in archive.namelist()
    response = client.get(page)
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]


def test_an_expired_export_is_gone(client, buyer, settings, built):
    settings.NIAGA_DATA_EXPORT_DAYS = 7
    with built():
        export = services.request_export(user=buyer)
    export.refresh_from_db()
    path = export.file.path
    assert (export.expires_at - export.finished_at) == timedelta(days=7)

    assert exports.expire_exports(now=timezone.now() + timedelta(days=6)) == 0
    assert exports.expire_exports(now=timezone.now() + timedelta(days=7, seconds=1)) == 1
    assert exports.expire_exports(now=timezone.now() + timedelta(days=8)) == 0  # twice is harmless
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    import os

    assert not os.path.exists(path)
    client.force_login(buyer)
    assert client.get(reverse("privacy:export_download", args=[export.pk])).status_code == 404
    assert client.get(f"/api/v1/me/data-export/{export.pk}").json()["download_url"] is None


def test_a_second_request_while_one_is_made_is_the_same_export(buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.request_export(user=buyer)
        again = services.request_export(user=buyer)
    assert first.pk == again.pk
    assert DataExport.objects.filter(user=buyer).count() == 1


def test_a_seller_gets_the_store_its_products_and_payouts_with_masked_numbers(
    client, shop, finished_order, built, bank_account
):
    store, product = shop
    seller = store.owner
    bank_account(store, bank_code="bca", number="5550009876", name="Sari Batik")
    money.request_payout(store=store, amount=20_000)
    chat.send(
        conversation=chat.start(buyer=finished_order.buyer, store=store),
        side=Side.BUYER,
        sender=finished_order.buyer,
        body="Halo, ada ukuran XL?",
    )
    client.force_login(seller)
    with built():
        client.post(reverse("privacy:export_request"))
    export = DataExport.objects.get(user=seller)
    archive = archive_of(client.get(reverse("privacy:export_download", args=[export.pk])))

    assert json.loads(archive.read("toko.json"))["nama"] == "Toko Batik Sari"
    assert [row["nama"] for row in csv_rows(archive, "toko_produk")] == ["Kemeja Batik Tulis"]
    payouts = csv_rows(archive, "toko_penarikan")
    assert [(row["nomor_rekening"], row["jumlah"]) for row in payouts] == [("****9876", "20000")]
    assert "5550009876" not in everything(archive)
    assert [row["pesan"] for row in csv_rows(archive, "toko_chat")] == ["Halo, ada ukuran XL?"]
    assert ledger.total() == 0


def test_the_page_offers_the_copy_and_its_link(client, buyer, built):
    client.force_login(buyer)
    page = client.get(reverse("privacy:home"))
    assert page.status_code == 200
    assert "Minta salinan data" in page.content.decode()
    with built():
        asked = client.post(reverse("privacy:export_request"), follow=True)
    assert "Salinan data sedang disiapkan" in asked.content.decode()
    export = DataExport.objects.get(user=buyer)
    page = client.get(reverse("privacy:home")).content.decode()
    assert "Siap diunduh" in page
    assert reverse("privacy:export_download", args=[export.pk]) in page


def test_three_copies_a_day_are_enough(client, buyer, built):
    client.force_login(buyer)
    for _ in range(3):
        with built():
            assert client.post("/api/v1/me/data-export").status_code == 202
    refused = client.post("/api/v1/me/data-export")
    assert refused.status_code == 409 and refused.json()["code"] == "too_many_exports"
    page = client.post(reverse("privacy:export_request"), follow=True).content.decode()
    assert "3 salinan data dalam 24 jam" in page
    assert DataExport.objects.filter(user=buyer).count() == 3
