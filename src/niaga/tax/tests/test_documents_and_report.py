"""The invoice, the proof of collection, Niaga's invoice with PPN, and the monthly report that
equals the ledger's tax-payable movements; each read back as a reader would."""

import csv
import io

import openpyxl
import pypdfium2 as pdfium
from django.urls import reverse
from django.utils import timezone

from niaga.core import clock
from niaga.payments import money
from niaga.tax import documents, selectors, services


def text_of(pdf: bytes) -> str:
    return " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))


def this_month():
    return timezone.localdate(clock.now()).replace(day=1)


def test_the_invoice_shows_the_collection_and_counts_as_proof(paid):
    order = paid(price=123_400, quantity=2)
    text = text_of(documents.invoice_pdf(order))
    assert "Rp246.800" in text and "Rp18.000" in text and "Rp264.800" in text
    assert "Rp1.234" in text and "dipungut oleh Niaga sebagai PPMSE" in text and "PMK-37/2025" in text


def test_the_buyer_downloads_their_invoice_from_the_order_page_and_a_stranger_gets_404(paid, client, make_user):
    order = paid()
    client.force_login(order.buyer)
    page = client.get(reverse("orders:detail", args=[order.pk]))
    assert reverse("tax:invoice", args=[order.pk]) in page.content.decode()
    answer = client.get(reverse("tax:invoice", args=[order.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    client.force_login(make_user("Orang lain"))
    assert client.get(reverse("tax:invoice", args=[order.pk])).status_code == 404
    assert client.get(f"/api/v1/orders/{order.pk}/invoice").status_code == 404


def test_the_monthly_proof_lists_orders_and_reversals(paid, make_store):
    store = make_store()
    one = paid(store=store, price=100_000)
    paid(store=store, price=60_000)
    money.refund(order=one, amount=20_000, key="r-proof", reason="Sebagian")
    text = text_of(documents.proof_pdf(store, this_month()))
    assert one.number in text
    assert "Rp500" in text and "Rp300" in text and "-Rp100" in text.replace("−", "-")
    assert "Rp700" in text  # 500 + 300 − 100


def test_the_monthly_report_equals_the_ledger_and_exports(paid, make_store, client, make_user, second_factor):
    a, b = make_store(), make_store()
    services.save_profile(
        store=a,
        id_kind="npwp",
        id_number="0123456789012345",
        name="Sari Dewi",
        address="Jl. Merdeka 1, Bandung",
        is_pkp=False,
    )
    x = paid(store=a, price=100_000)
    paid(store=a, price=200_000)
    paid(store=b, price=40_000)
    money.refund(order=x, amount=50_000, key="r-report", reason="Sebagian")
    period = this_month()
    rows = {r.store_id: r for r in selectors.monthly_report(period)}
    assert (rows[a.pk].turnover, rows[a.pk].collected, rows[a.pk].reversed, rows[a.pk].net) == (
        250_000,
        1_500,
        250,
        1_250,
    )
    assert rows[b.pk].net == 200
    assert selectors.ledger_movement(period) == 1_450 == sum(r.net for r in rows.values())

    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    second_factor(client, operator)
    page = client.get(reverse("tax:operator"), {"bulan": f"{period:%Y-%m}"})
    html = page.content.decode()
    assert page.status_code == 200 and "01••••••••••2345" in html and "0123456789012345" not in html
    assert "sama dengan laporan" in html
    body = b"".join(
        client.get(reverse("tax:operator"), {"bulan": f"{period:%Y-%m}", "format": "csv"}).streaming_content
    )
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    mine = next(line for line in lines if line[1] == a.name)
    assert mine[3] == "0123456789012345" and mine[-1] == "1250"
    xlsx = client.get(reverse("tax:operator"), {"bulan": f"{period:%Y-%m}", "format": "xlsx"}).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    nets = {row[1]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (nets[a.name], nets[b.name]) == (1250, 200)
    # The month's lines under the sellers': their sum, deposited (nothing yet), still to deposit.
    assert (nets["JUMLAH"], nets["DISETOR"], nets["BELUM DISETOR"]) == (1450, 0, 1450)


def test_the_operator_page_is_for_staff_only(client, make_user):
    client.force_login(make_user("Penjual"))
    answer = client.get(reverse("tax:operator"))
    assert answer.status_code == 302 and "/operator/pajak/" not in answer["Location"].split("?")[0]
