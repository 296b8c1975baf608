"""Printed paperwork besides labels: the pick list a picker walks with, and the hand-over
manifest a courier signs at pickup."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from niaga.core.templatetags.niaga import wib
from niaga.shipping.couriers import COURIERS

_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]
)


def _doc(title: str, story: list) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=title, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm).build(
        story
    )
    return buf.getvalue()


def pick_list_pdf(pick_list, rows: list[dict]) -> bytes:
    styles = getSampleStyleSheet()
    table = [["Rak", "Barang", "Jumlah", "Untuk pesanan", "Terambil"]]
    for row in rows:
        orders = ", ".join(f"{line.order.number.rsplit('/', 1)[-1]}×{line.quantity}" for line in row["orders"])
        name = f"{row['name']} {('· ' + row['variant']) if row['variant'] else ''}"
        table.append(
            [
                row["bin"] or "—",
                Paragraph(name, styles["BodyText"]),
                str(row["quantity"]),
                Paragraph(orders, styles["BodyText"]),
                "",
            ]
        )
    story = [
        Paragraph(f"Daftar Ambil {pick_list.number}", styles["Title"]),
        Paragraph(f"{pick_list.location.name} · dibuat {wib(pick_list.created_at)}", styles["Normal"]),
        Spacer(1, 6 * mm),
        Table(table, colWidths=[24 * mm, 70 * mm, 18 * mm, 50 * mm, 20 * mm], style=_STYLE, repeatRows=1),
    ]
    return _doc(f"Daftar ambil {pick_list.number}", story)


def _pickup_address(location) -> str:
    contact = " · ".join(filter(None, [location.contact_name, location.phone]))
    return escape(", ".join(location.address_lines()) + (f" ({contact})" if contact else ""))


def manifest_pdf(manifest, shipments) -> bytes:
    styles = getSampleStyleSheet()
    courier = COURIERS[manifest.courier]
    table = [["No", "Resi", "Pesanan", "Tujuan", "Berat"]]
    for i, shipment in enumerate(shipments, 1):
        address = shipment.order.shipping_address
        barcode = code128.Code128(shipment.awb, barHeight=8 * mm, barWidth=0.3 * mm, humanReadable=True)
        table.append(
            [
                str(i),
                barcode,
                shipment.order.number,
                f"{address.get('regency', '')}",
                f"{shipment.chargeable_grams / 1000:.2f} kg".replace(".", ","),
            ]
        )
    story = [
        Paragraph(f"Manifes Serah Terima {courier.name}", styles["Title"]),
        Paragraph(
            f"{manifest.number} · {manifest.location.name} · {wib(manifest.created_at)} · {len(shipments)} paket",
            styles["Normal"],
        ),
        Paragraph(f"Alamat penjemputan: {_pickup_address(manifest.location)}", styles["Normal"]),
        Spacer(1, 6 * mm),
        Table(table, colWidths=[10 * mm, 62 * mm, 62 * mm, 30 * mm, 18 * mm], style=_STYLE, repeatRows=1),
        Spacer(1, 14 * mm),
        Table(
            [
                ["Diserahkan oleh (gudang)", "Diterima oleh (kurir)"],
                ["\n\n\n(nama & tanda tangan)", "\n\n\n(nama & tanda tangan)"],
            ],
            colWidths=[90 * mm, 90 * mm],
        ),
    ]
    return _doc(f"Manifes {manifest.number}", story)
