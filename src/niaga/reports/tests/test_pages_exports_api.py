"""The report pages, their files and the API, on the constructed history (tests/conftest.py):
the files opened with their readers hold the page's figures; the job writes a file and its
progress reaches 100; the store's people download it and a stranger gets 404."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from niaga.reports import exports as report_exports
from niaga.reports.models import ReportExport
from niaga.reports.sales import sales_report

WEEK = {"period": "7d"}


def test_the_sales_page_shows_the_figures_and_its_definition(client, history):
    client.force_login(history.owner)
    page = client.get("/toko-saya/laporan/", WEEK)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="sales-net">Rp69.000<' in html and 'id="sales-orders">3<' in html
    assert "<svg" in html and "style=" not in html  # the chart, drawn without inline styles
    assert "dibayar" in html and "Kota Surabaya" in html and "SiCepat" in html


@pytest.mark.parametrize("path", ["/toko-saya/laporan/", "/toko-saya/laporan/stok/", "/toko-saya/laporan/corong/"])
def test_each_page_answers_and_refuses_bad_input_with_a_message(client, history, path):
    client.force_login(history.owner)
    assert client.get(path, WEEK).status_code == 200
    bad = client.get(path, {"since": "2026-12-05", "until": "2026-12-01"})
    assert bad.status_code == 400 and "Tanggal akhir" in bad.content.decode()
    assert client.get(path, {"since": "kemarin", "until": "2026-12-01"}).status_code == 400
    assert client.get(path, {"period": "selamanya"}).status_code == 400


def test_another_seller_sees_only_their_own_store(client, history, make_store):
    other = make_store()
    client.force_login(other.owner)
    html = client.get("/toko-saya/laporan/", WEEK).content.decode()
    assert 'id="sales-net">Rp0<' in html and "Kota Surabaya" not in html


def test_the_sales_workbook_holds_the_pages_figures(client, history):
    client.force_login(history.owner)
    answer = client.get("/toko-saya/laporan/unduh/", {"laporan": "penjualan", "format": "xlsx", **WEEK})
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content), read_only=True)
    report = sales_report(history.store.pk, history.period)
    summary = {row[0]: row[1:] for row in book["Ringkasan"].iter_rows(min_row=2, values_only=True)}
    assert summary["Penjualan bersih"][:3] == (report.totals.net, report.before.net, 44_000) == (69_000, 25_000, 44_000)
    assert summary["Penjualan bersih"][3] == 176.0
    products = {row[0]: row[1:] for row in book["Produk"].iter_rows(min_row=2, values_only=True)}
    assert products["Buku Tulis"] == (3, 5, 58_000, 10_000, 48_000)
    assert {"Per periode", "Kategori", "Metode pembayaran", "Kurir", "Kota pembeli"} <= set(book.sheetnames)


def test_the_stock_csv_holds_the_pages_figures(client, history_movements):
    history = history_movements
    client.force_login(history.owner)
    answer = client.get("/toko-saya/laporan/unduh/", {"laporan": "stok", "format": "csv", "sheet": "stock", **WEEK})
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    rows = {r["Produk"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Buku Tulis"]["Stok fisik"] == "14" and rows["Buku Tulis"]["Terjual (periode)"] == "6"
    assert rows["Buku Tulis"]["Sell-through (%)"] == "30.0" and rows["Lampu Meja"]["Hari persediaan"] == "28.0"


def test_a_large_download_becomes_a_job(client, history, settings, django_capture_on_commit_callbacks):
    settings.NIAGA_REPORT_DIRECT_ROWS = 3
    client.force_login(history.owner)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get("/toko-saya/laporan/unduh/", {"laporan": "penjualan", "format": "xlsx", **WEEK})
    assert answer.status_code == 302 and answer["Location"] == "/toko-saya/laporan/ekspor/"
    export = ReportExport.objects.get(store=history.store)
    assert export.status == "ready" and export.progress == 100


def test_the_order_line_job_writes_its_file_with_progress_and_only_the_store_downloads_it(
    client, history, make_store, django_capture_on_commit_callbacks
):
    client.force_login(history.owner)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post("/toko-saya/laporan/ekspor/", {"kind": "sales_lines", "format": "csv", "period": "7d"})
    assert made.status_code == 302
    export = ReportExport.objects.get(store=history.store)
    assert (export.status, export.progress, export.rows_done, export.rows_total) == ("ready", 100, 5, 5)
    status = client.get(f"/toko-saya/laporan/ekspor/{export.pk}/status/").json()
    assert status["progress"] == 100 and status["download_url"]
    listing = client.get("/toko-saya/laporan/ekspor/").content.decode()
    assert f'id="export-{export.pk}"' in listing and "exports.js" in listing
    answer = client.get(status["download_url"])
    assert answer.status_code == 200
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(text)))
    # The lines of O1 (two), O2, O3, O4: 133.000 of goods at the price paid, as the page says.
    assert len(lines) == 5 and sum(int(r["Nilai barang"]) for r in lines) == 133_000
    assert {r["Kota pembeli"] for r in lines} == {"Kota Bandung", "Kota Surabaya"}

    stranger = make_store().owner
    client.force_login(stranger)
    assert client.get(f"/toko-saya/laporan/ekspor/{export.pk}/unduh/").status_code == 404
    assert client.get(f"/toko-saya/laporan/ekspor/{export.pk}/status/").status_code == 404
    assert client.get(f"/api/v1/seller/reports/exports/{export.pk}").status_code == 404
    assert client.get(f"/api/v1/seller/reports/exports/{export.pk}/file").status_code == 404


def test_progress_is_saved_as_the_rows_are_written(history, monkeypatch, django_capture_on_commit_callbacks):
    """Every PROGRESS_EVERY rows the row says how far the file is."""
    from niaga.reports.services import request_export

    monkeypatch.setattr(report_exports, "PROGRESS_EVERY", 2)
    saved: list[tuple[int, int]] = []
    real = report_exports._Progress.through

    def through(self, rows):
        for row in real(self, rows):
            yield row
            if self.done and self.done % 2 == 0:  # the rows before this one were counted
                saved.append(
                    tuple(ReportExport.objects.filter(pk=self.export_id).values_list("rows_done", "progress")[0])
                )

    monkeypatch.setattr(report_exports._Progress, "through", through)
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(
            store=history.store, user=history.owner, kind="sales_lines", format="xlsx", period=history.period
        )
    export.refresh_from_db()
    assert saved == [(2, 40), (4, 80)]
    assert (export.progress, export.rows_done) == (100, 5)
    book = load_workbook(export.file.path, read_only=True)
    assert len(list(book["Barang pesanan"].iter_rows(values_only=True))) == 6  # the header and five lines


def test_the_api_answers_the_same_figures_as_the_page(client, history, make_store, django_capture_on_commit_callbacks):
    client.force_login(history.owner)
    sales = client.get("/api/v1/seller/reports/sales", WEEK).json()
    assert sales["totals"]["net"] == 69_000 and sales["before"]["net"] == 25_000
    assert {r["label"]: r["remaining"] for r in sales["breakdowns"]["courier"]} == {
        "JNE Reguler": 45_000,
        "SiCepat": 28_000,
    }
    stock = client.get("/api/v1/seller/reports/stock", {**WEEK, "dead_days": 30}).json()
    assert {r["product"]: r["on_hand"] for r in stock["rows"]} == {"Buku Tulis": 14, "Lampu Meja": 8}
    funnel = client.get("/api/v1/seller/reports/funnel", WEEK).json()
    assert funnel["total"]["ordered"] == 6 and funnel["total"]["paid"] == 4
    bad = client.get("/api/v1/seller/reports/sales", {"period": "custom", "since": "2026-12-05", "until": "2026-12-01"})
    assert bad.status_code == 400 and "until" in bad.json()["fields"]
    assert client.get("/api/v1/seller/reports/stock", {"dead_days": 0}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            "/api/v1/seller/reports/exports",
            {"kind": "funnel", "format": "xlsx", "period": "7d"},
            content_type="application/json",
        )
    assert made.status_code == 201 and made.json()["status"] == "pending"  # the job runs after the commit
    done = client.get(f"/api/v1/seller/reports/exports/{made.json()['id']}").json()
    assert done["status"] == "ready" and done["progress"] == 100
    assert client.get(done["download_url"]).status_code == 200
    wrong = client.post(
        "/api/v1/seller/reports/exports", {"kind": "semua", "format": "pdf"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and "kind" in wrong.json()["fields"]
    client.force_login(make_store().owner)
    assert client.get(done["download_url"]).status_code == 404
