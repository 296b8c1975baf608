"""The settlement statement as files: CSV and XLSX through niaga.core.tables, PDF with reportlab.
All three read the statement's rows as the page does (streamed)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.utils import timezone

from niaga.core.money import rupiah
from niaga.core.tables import Sheet

from .settlement import COLUMNS, Statement


def order_sheet(st: Statement) -> Sheet:
    def rows() -> Iterator[list]:
        yield from (row.cells() for row in st.rows())
        yield st.totals.cells()

    return Sheet(title="Pesanan", header=COLUMNS, rows=rows())


def summary_sheets(st: Statement) -> list[Sheet]:
    r = st.reconciliation
    summary: list[list] = [
        ["Toko", st.store.name],
        ["Periode", f"{st.period.date_from.isoformat()} s.d. {st.period.date_to.isoformat()}"],
        ["Saldo awal", r.opening],
        ["Bersih pesanan", r.net],
        ["Penarikan ke bank", -r.payouts],
        ["Penyesuaian lain", r.adjustments],
        ["Saldo akhir", r.closing],
        ["Selisih", r.difference],
    ]
    payouts = [
        [p.payout_id, timezone.localtime(p.paid_at).replace(microsecond=0), p.bank, p.amount] for p in st.payouts
    ]
    adjustments = [[a.kind, a.label, a.amount] for a in st.adjustments]
    return [
        Sheet(title="Ringkasan", header=["Keterangan", "Nilai"], rows=summary),
        Sheet(title="Penarikan", header=["Nomor", "Dibayar", "Rekening", "Jumlah"], rows=payouts),
        Sheet(title="Penyesuaian", header=["Jenis", "Keterangan", "Jumlah"], rows=adjustments),
    ]


def filename(st: Statement, ext: str) -> str:
    return f"penghasilan-{st.store.slug}-{st.period.date_from}-{st.period.date_to}.{ext}"


def pdf_bytes(st: Statement) -> bytes:
    """A4, landscape: the store, the period, the totals and the reconciliation, the per-order
    table over as many pages as it needs (its header repeated), then the payouts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Laporan Penghasilan {st.store.name}",
    )
    styles = getSampleStyleSheet()
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f3ec")),
            ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ]
    )
    r = st.reconciliation
    story: list = [
        Paragraph(f"Laporan Penghasilan — {st.store.name}", styles["Title"]),
        Paragraph(f"Periode {st.period.date_from:%d-%m-%Y} s.d. {st.period.date_to:%d-%m-%Y}", styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    summary = [
        ["Saldo awal", rupiah(r.opening)],
        ["Bersih pesanan", rupiah(r.net)],
        ["Penarikan ke bank", rupiah(-r.payouts)],
        ["Penyesuaian lain", rupiah(r.adjustments)],
        ["Saldo akhir", rupiah(r.closing)],
        ["Selisih rekonsiliasi", rupiah(r.difference)],
    ]
    story += [Table(summary, hAlign="LEFT", style=grid), Spacer(1, 4 * mm)]
    data: list[list[str]] = [list(COLUMNS)]
    for row in st.rows():
        cells = row.cells()
        data.append([cells[0], f"{cells[1]:%d-%m-%Y %H:%M}", *(rupiah(v) for v in cells[2:])])
    t = st.totals.cells()
    data.append([t[0], t[1], *(rupiah(v) for v in t[2:])])
    story += [Table(data, repeatRows=1, style=grid), Spacer(1, 4 * mm)]
    story.append(Paragraph("Penarikan ke bank", styles["Heading3"]))
    payouts = [["Nomor", "Dibayar", "Rekening", "Jumlah"]]
    payouts += [
        [f"#{p.payout_id}", f"{timezone.localtime(p.paid_at):%d-%m-%Y %H:%M}", p.bank, rupiah(p.amount)]
        for p in st.payouts
    ]
    story.append(Table(payouts, hAlign="LEFT", repeatRows=1, style=grid))
    doc.build(story)
    return out.getvalue()
