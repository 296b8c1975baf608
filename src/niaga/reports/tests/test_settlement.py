"""The settlement statement on a constructed history: hand-computed figures, the ledger's
balances, the page, the files and the API all say the same, to the Rupiah."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger_selectors
from niaga.ledger.models import Transaction
from niaga.payments import money
from niaga.reports import settlement
from niaga.shipping.models import Shipment

TODAY = timezone.localdate()
PERIOD_FROM = TODAY - dt.timedelta(days=5)


def _ship(order, price: int) -> None:
    Shipment.objects.create(
        order=order,
        courier="jne",
        service="REG",
        booking_id=f"BKG-{order.pk}",
        awb=f"AWB{order.pk}",
        price=price,
        chargeable_grams=1000,
        created_at=timezone.now(),
    )


@pytest.fixture
def history(settings, place, make_store, make_product, make_user, bank_account):
    """Four orders of one Rp100.000 product with Rp18.000 shipping, 5% commission on goods:
    A released before the period (the opening balance); B (two units, one cancelled and
    refunded, courier Rp20.000) and C (one unit, Rp30.000 refunded after a complaint, the
    seller's own AWB) released in it; D paid and still in escrow; a Rp100.000 payout paid."""
    settings.NIAGA_COMMISSION_BPS = 500
    settings.NIAGA_COMMISSION_BASE = "goods"
    store = make_store()
    product = make_product(store, price=100_000, stock=20)

    def paid(quantity: int):
        group = place(quantity=quantity, product=product)
        money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
        return group.orders.get()

    a, b, c, d = paid(1), paid(2), paid(1), paid(1)
    _ship(a, 15_000)
    assert money.release_to_seller(order=a) == 98_000
    Transaction.objects.filter(key=f"release:{a.pk}").update(created_at=timezone.now() - dt.timedelta(days=10))
    money.refund_to_saldo(order=b, amount=100_000, key=f"cancel:{b.number}:line", reason="Stok kurang")
    _ship(b, 20_000)
    assert money.release_to_seller(order=b) == 93_000
    money.refund_to_saldo(order=c, amount=30_000, key=f"complaint:{c.number}:refund", reason="Barang cacat")
    assert money.release_to_seller(order=c) == 84_500
    bank_account(store)
    payout = money.request_payout(store=store, amount=100_000)
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    money.settle_payout(payout=payout, approve=True, operator=operator)
    return {"store": store, "orders": (a, b, c, d), "payout": payout}


def _statement(store):
    return settlement.statement(store=store, period=settlement.period(PERIOD_FROM, TODAY))


def test_statement_equals_hand_computed_figures(history):
    _, b, c, _ = history["orders"]
    st = _statement(history["store"])
    rows = {r.number: r for r in st.rows()}
    assert list(rows) == [b.number, c.number]
    rb, rc = rows[b.number], rows[c.number]
    assert (rb.goods, rb.shipping_collected, rb.shipping_paid, rb.commission, rb.fees, rb.refunds, rb.net) == (
        200_000, 18_000, 20_000, 5_000, 0, 100_000, 93_000,
    )  # fmt: skip
    assert (rc.goods, rc.shipping_collected, rc.shipping_paid, rc.commission, rc.fees, rc.refunds, rc.net) == (
        100_000, 18_000, 0, 3_500, 0, 30_000, 84_500,
    )  # fmt: skip
    t = st.totals
    assert (t.orders, t.goods, t.shipping_collected, t.shipping_paid, t.commission, t.refunds, t.net) == (
        2, 300_000, 36_000, 20_000, 8_500, 130_000, 177_500,
    )  # fmt: skip
    assert [(p.payout_id, p.amount) for p in st.payouts] == [(history["payout"].pk, 100_000)]
    r = st.reconciliation
    assert (r.opening, r.net, r.payouts, r.adjustments, r.closing, r.difference) == (
        98_000, 177_500, 100_000, 0, 175_500, 0,
    )  # fmt: skip


def test_statement_equals_the_ledger_balances(history):
    store = history["store"]
    st = _statement(store)
    held = ledger_selectors.balance(acc.seller_available(store.pk)) + ledger_selectors.balance(
        acc.payout_pending(store.pk)
    )
    assert st.reconciliation.closing == held == 175_500
    # Each row's net is its release posting's line into the available balance.
    for row in st.rows():
        release = Transaction.objects.get(key=f"release:{row.order_id}")
        assert row.net == sum(
            e.amount for e in release.entries.all() if e.account.code == acc.seller_available(store.pk)
        )
        # and the row adds up: what the buyer paid, less everything taken out of it
        assert row.net == (
            row.goods + row.shipping_collected - row.refunds - row.commission - row.fees - row.shipping_paid
            + row.shipping_subsidy
        )  # fmt: skip


def test_a_movement_the_statement_does_not_classify_shows_as_an_adjustment(history):
    from niaga.ledger import services as ledger

    store = history["store"]
    ledger.post(
        key="test:manual",
        kind="manual_fix",
        reference="x",
        lines=[(acc.seller_available(store.pk), 1_234), (acc.SERVICE_FEES, -1_234)],
    )
    st = _statement(store)
    assert [(a.kind, a.amount) for a in st.adjustments] == [("manual_fix", 1_234)]
    assert st.reconciliation.difference == 0
    assert st.reconciliation.closing - st.reconciliation.opening == 177_500 - 100_000 + 1_234


def _query() -> str:
    return f"?dari={PERIOD_FROM.isoformat()}&sampai={TODAY.isoformat()}"


def _page_figures(html: str) -> list[list[str]]:
    """The page's per-order table and totals row, cell by cell."""
    import re

    rows = re.findall(r'<tr class="order-row">(.*?)</tr>', html) + re.findall(r'<tr id="totals">(.*?)</tr>', html)
    return [re.findall(r"<t[dh]>(.*?)</t[dh]>", row) for row in rows]


def test_page_csv_xlsx_and_pdf_show_the_same_figures(client, history):
    import openpyxl
    import pypdfium2

    from niaga.core.money import rupiah

    store = history["store"]
    client.force_login(store.owner)
    page = client.get(reverse("reports:settlement") + _query())
    assert page.status_code == 200
    html = page.content.decode()
    figures = _page_figures(html)
    assert len(figures) == 3  # B, C and the totals
    money_cells = [row[2:] for row in figures]
    assert money_cells[-1] == [rupiah(v) for v in (300_000, 36_000, 20_000, 0, 8_500, 0, 130_000, 177_500)]
    assert 'id="difference">Rp0<' in html

    answer = client.get(reverse("reports:settlement_csv") + _query())
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text)))[1:]
    assert [[rupiah(int(v)) for v in row[2:]] for row in csv_rows] == money_cells
    assert [row[0] for row in csv_rows[:-1]] == [row[0] for row in figures[:-1]]

    answer = client.get(reverse("reports:settlement_xlsx") + _query())
    book = openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True)
    xlsx_rows = [list(r) for r in book["Pesanan"].iter_rows(min_row=2, values_only=True)]
    assert [[rupiah(v) for v in row[2:]] for row in xlsx_rows] == money_cells
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert (summary["Saldo awal"], summary["Saldo akhir"], summary["Selisih"]) == (98_000, 175_500, 0)
    assert [r[3] for r in book["Penarikan"].iter_rows(min_row=2, values_only=True)] == [100_000]

    answer = client.get(reverse("reports:settlement_pdf") + _query())
    assert answer["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(answer.content)
    words = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split()
    assert store.name.split()[0] in words
    for row in figures[:-1]:
        assert row[0] in words
    text = " ".join(words)
    assert " ".join(figures[-1][2:]) in text  # the totals row, in order
    for label, amount in (("awal", 98_000), ("akhir", 175_500), ("rekonsiliasi", 0)):
        assert f"{label} {rupiah(amount)}" in text
    assert rupiah(100_000) in words


def test_pdf_table_runs_over_pages(settings, history, monkeypatch):
    """A long statement: the table continues on further A4 pages, every row printed."""
    import pypdfium2

    from niaga.reports import settlement_files

    st = _statement(history["store"])
    rows = list(st.rows())
    monkeypatch.setattr(type(st), "rows", lambda self: iter(rows * 60))
    pdf = pypdfium2.PdfDocument(settlement_files.pdf_bytes(st))
    assert len(pdf) >= 3
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert text.count(rows[0].number) == 60


def test_bad_period_is_a_400_that_says_which_field(client, history):
    client.force_login(history["store"].owner)
    answer = client.get(reverse("reports:settlement") + "?dari=2026-13-01")
    assert answer.status_code == 400 and "Format tanggal" in answer.content.decode()
    answer = client.get(reverse("reports:settlement") + f"?dari={TODAY}&sampai={PERIOD_FROM}")
    assert answer.status_code == 400
    api = client.get(f"/api/v1/reports/stores/{history['store'].pk}/settlement?dari={TODAY}&sampai={PERIOD_FROM}")
    assert api.status_code == 400 and "dari" in api.json()["fields"]


def test_api_gives_the_page_figures_and_404_to_another_seller(client, history, make_store):
    store = history["store"]
    client.force_login(store.owner)
    body = client.get(f"/api/v1/reports/stores/{store.pk}/settlement" + _query()).json()
    st = _statement(store)
    assert body["totals"]["net"] == st.totals.net == 177_500
    assert [o["net"] for o in body["orders"]] == [r.net for r in st.rows()]
    assert body["reconciliation"]["difference"] == 0 and body["reconciliation"]["closing"] == 175_500
    other = make_store()
    client.force_login(other.owner)
    assert client.get(f"/api/v1/reports/stores/{store.pk}/settlement").status_code == 404
    # and the page shows the other seller their own (empty) statement, never this one
    page = client.get(reverse("reports:settlement") + _query()).content.decode()
    assert history["orders"][1].number not in page
