"""The purchase order as a PDF, to send to the supplier."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from niaga.core.templatetags.niaga import rupiah, wib

_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -2), 0.4, colors.grey),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
    ]
)


def purchase_order_pdf(po) -> bytes:
    styles = getSampleStyleSheet()
    table: list[list] = [["No", "Barang", "Jumlah", "Harga/unit", "Subtotal"]]
    for i, line in enumerate(po.lines.all(), 1):
        name = escape(str(line.variant)) + (f" ({escape(line.variant.sku)})" if line.variant.sku else "")
        table.append(
            [
                str(i),
                Paragraph(name, styles["BodyText"]),
                str(line.quantity),
                rupiah(line.unit_cost),
                rupiah(line.subtotal),
            ]
        )
    table.append(["", "Total", "", "", rupiah(po.total)])
    supplier = po.supplier
    to = " · ".join(escape(x) for x in (supplier.contact_name, supplier.phone, supplier.email, supplier.address) if x)
    store = po.store
    ship_to = escape(", ".join(po.location.address_lines()) or po.location.name)
    story = [
        Paragraph(f"Pesanan Pembelian {escape(po.number)}", styles["Title"]),
        Paragraph(f"Dari: <b>{escape(store.name)}</b> · dibuat {wib(po.created_at)}", styles["Normal"]),
        Paragraph(f"Kepada: <b>{escape(supplier.name)}</b>{(' · ' + to) if to else ''}", styles["Normal"]),
        Paragraph(f"Kirim ke: {escape(po.location.name)} — {ship_to}", styles["Normal"]),
    ]
    if po.expected_date:
        story.append(Paragraph(f"Perkiraan tiba: {po.expected_date:%d-%m-%Y}", styles["Normal"]))
    story += [
        Spacer(1, 6 * mm),
        Table(table, colWidths=[10 * mm, 84 * mm, 18 * mm, 30 * mm, 36 * mm], style=_STYLE, repeatRows=1),
    ]
    if po.notes:
        story += [Spacer(1, 4 * mm), Paragraph("Catatan: " + escape(po.notes), styles["Normal"])]
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf, pagesize=A4, title=f"Pesanan pembelian {po.number}", leftMargin=14 * mm, rightMargin=14 * mm
    ).build(story)
    return buf.getvalue()
