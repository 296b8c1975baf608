"""The label of an after-sales leg: A6, the AWB as a Code128 barcode and a QR, the sender and
the recipient as booked, and what the parcel holds — drawn like an order's label
(fulfillment/labels.py), from what the leg itself keeps, so shipping needs no store or warehouse.
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from niaga.core.money import rupiah

from .models import Leg

TITLES: dict[str, str] = {Leg.Kind.RETURN: "RETUR", Leg.Kind.REPLACEMENT: "PENGGANTI"}


def render(leg: Leg) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A6)
    pdf.setTitle(f"Label {leg.get_kind_display().lower()} {leg.awb}")
    width, height = A6
    left, top = 6 * mm, height - 8 * mm
    pdf.setLineWidth(0.6)
    pdf.rect(3 * mm, 3 * mm, width - 6 * mm, height - 6 * mm)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(left, top, leg.courier_name)
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawRightString(width - 6 * mm, top, TITLES.get(leg.kind, ""))
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 6 * mm, top - 4 * mm, f"{leg.chargeable_grams / 1000:.2f} kg".replace(".", ","))
    barcode = code128.Code128(leg.awb, barHeight=16 * mm, barWidth=0.42 * mm, humanReadable=True)
    barcode.drawOn(pdf, left - 2 * mm, top - 26 * mm)
    lines = [("Penerima", True), *_party(leg.recipient), ("Pengirim", True), *_party(leg.sender)]
    y = top - 34 * mm
    for text, bold in lines:
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 8.5 if bold else 8)
        pdf.drawString(left, y, text[:62])
        y -= 4.4 * mm
    pdf.setFont("Helvetica", 7.5)
    pdf.drawString(left, 22 * mm, f"Komplain {leg.reference}"[:44])
    pdf.drawString(left, 18 * mm, f"Pesanan {leg.order.number}"[:44])
    count = sum(int(item.get("quantity", 0)) for item in leg.items)
    value = sum(int(item.get("value", 0)) * int(item.get("quantity", 0)) for item in leg.items)
    pdf.drawString(left, 14 * mm, f"Isi: {count} barang · Nilai {rupiah(value)}")
    pdf.drawString(left, 10 * mm, f"Ongkir ditanggung {leg.get_payer_display().lower()}")
    _qr(pdf, leg.awb, width - 30 * mm, 6 * mm, 24 * mm)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _party(party: dict) -> list[tuple[str, bool]]:
    who = " · ".join(filter(None, [party.get("name", ""), party.get("phone", "")]))
    where = f"{party.get('area_name', '')} {party.get('postal_code', '')}".strip()
    return [(who, False), (party.get("address", ""), False), (where, False)]


def _qr(pdf: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    widget = qr.QrCodeWidget(text)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)
