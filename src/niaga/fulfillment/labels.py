"""Shipping labels: A6, or four to an A4 sheet, with the AWB as a Code128 barcode and a QR.

Drawn with ReportLab's own barcode widgets, so the label needs no fonts or images from outside.
"""

from __future__ import annotations

import io

from django.core.exceptions import ObjectDoesNotExist
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from niaga.core.money import rupiah

LAYOUTS = {"a6": A6, "a4": A4}


def render(orders, *, layout: str = "a6") -> bytes:
    """One label per order: a page each on A6, four per page on A4 (cut along the middle)."""
    page = LAYOUTS[layout]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=page)
    pdf.setTitle("Label pengiriman Niaga")
    slots = [(0, 0)] if layout == "a6" else [(0, A6[1]), (A6[0], A6[1]), (0, 0), (A6[0], 0)]
    for i, order in enumerate(orders):
        if i and i % len(slots) == 0:
            pdf.showPage()
        x, y = slots[i % len(slots)]
        _label(pdf, order, x, y)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _label(pdf: canvas.Canvas, order, x0: float, y0: float) -> None:
    width, height = A6
    left, top = x0 + 6 * mm, y0 + height - 8 * mm
    pdf.setLineWidth(0.6)
    pdf.rect(x0 + 3 * mm, y0 + 3 * mm, width - 6 * mm, height - 6 * mm)
    shipment = order.shipment if _has(order, "shipment") else None
    package = order.package if _has(order, "package") else None
    grams = package.chargeable_grams if package else order.weight_grams
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(left, top, order.courier_name)
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(x0 + width - 6 * mm, top, f"{grams / 1000:.2f} kg".replace(".", ","))
    barcode = code128.Code128(order.awb, barHeight=16 * mm, barWidth=0.42 * mm, humanReadable=True)
    barcode.drawOn(pdf, left - 2 * mm, top - 26 * mm)
    address = order.shipping_address
    lines = [
        ("Penerima", True),
        (f"{address.get('recipient_name', '')} · {address.get('phone', '')}", False),
        (address.get("street", ""), False),
        (f"{address.get('village', '')}, {address.get('district', '')}", False),
        (address.get("regency", ""), False),
        (f"{address.get('province', '')} {address.get('postal_code', '')}", False),
        ("Pengirim", True),
        *_sender(order),
    ]
    y = top - 34 * mm
    for text, bold in lines:
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", 8.5 if bold else 8)
        pdf.drawString(left, y, text[:62])
        y -= 4.4 * mm
    pdf.setFont("Helvetica", 7.5)
    pdf.drawString(left, y0 + 18 * mm, f"Pesanan {order.number}")
    sent = [line for line in order.lines.all() if line.to_send]
    value = sum(line.unit_price * line.to_send for line in sent)
    pdf.drawString(left, y0 + 14 * mm, f"Isi: {sum(line.to_send for line in sent)} barang · Nilai {rupiah(value)}")
    insured_value = shipment.insured_value if shipment else 0
    pdf.setFont("Helvetica-Bold" if insured_value else "Helvetica", 7.5)
    pdf.drawString(left, y0 + 10 * mm, f"Asuransi: {'YA ' + rupiah(insured_value) if insured_value else 'Tidak'}")
    if package and package.notes:
        pdf.setFont("Helvetica", 7)
        pdf.drawString(left, y0 + 22 * mm, f"Catatan: {package.notes}"[:70])
    _qr(pdf, order.awb, x0 + width - 30 * mm, y0 + 6 * mm, 24 * mm)


def _sender(order) -> list[tuple[str, bool]]:
    """The store, from where its parcels really leave: its warehouse or a fulfillment center."""
    store = order.store
    location = store.ships_from.location if _has(store, "ships_from") else None
    if location is None:
        return [(f"{store.name} · {store.owner.phone}", False), (f"{store.city_name}, {store.province_name}", False)]
    contact = " · ".join(
        filter(None, [store.name, location.contact_name, location.phone or str(store.owner.phone or "")])
    )
    return [(contact, False), *((line, False) for line in location.address_lines())]


def _has(order, relation: str) -> bool:
    """A reverse one-to-one without a row raises; a label without it is still a label."""
    try:
        getattr(order, relation)
    except ObjectDoesNotExist:
        return False
    return True


def _qr(pdf: canvas.Canvas, text: str, x: float, y: float, size: float) -> None:
    widget = qr.QrCodeWidget(text)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)
