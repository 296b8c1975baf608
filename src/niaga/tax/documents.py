"""The tax documents (PDF): the buyer's invoice, which is the proof of PPh 22 collection
(PMK 37/2025: the invoice is the bukti pungut); the seller's monthly proof of collection; and
the platform's monthly invoice to the seller for its services, with PPN (PMK 131/2024)."""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from niaga.core.money import rupiah
from niaga.core.templatetags.niaga import wib
from niaga.orders.models import Order

from . import rules, selectors

PLATFORM = "PT Niaga Nusantara (PPMSE)"
MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()

_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
    ]
)


def month_name(period: dt.date) -> str:
    return f"{MONTHS[period.month - 1]} {period.year}"


def _doc(title: str, story: list) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, title=title, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm).build(
        story
    )
    return buf.getvalue()


def _seller_lines(store) -> list[str]:
    profile = selectors.profile_of(store)
    if profile is None:
        return [f"Penjual: {escape(store.name)}", "NPWP/NIK: belum diisi"]
    pkp = "PKP" if profile.is_pkp else "bukan PKP"
    return [
        f"Penjual: {escape(store.name)} — {escape(profile.name)}",
        f"{profile.get_id_kind_display()}: {profile.masked_id} ({pkp})",
        f"Alamat: {escape(profile.address)}",
    ]


def invoice_pdf(order: Order) -> bytes:
    """Faktur/Invoice for one paid order: the buyer's receipt and the proof of collection."""
    styles = getSampleStyleSheet()
    tax = selectors.order_collection(order)
    rule = rules.pph22(timezone.localdate(order.paid_at or order.created_at))
    lines = [["Barang", "Jumlah", "Harga satuan", "Subtotal"]]
    for line in order.lines.all():
        name = line.product_name + (f" · {line.variant_name}" if line.variant_name else "")
        lines.append(
            [
                Paragraph(escape(name), styles["BodyText"]),
                str(line.quantity),
                rupiah(line.unit_price),
                rupiah(line.line_total),
            ]
        )
    lines += [
        ["Subtotal produk", "", "", rupiah(order.subtotal)],
        [f"Ongkos kirim ({order.courier_name})", "", "", rupiah(order.shipping_cost)],
        ["Total", "", "", rupiah(order.total)],
    ]
    address = order.shipping_address or {}
    story = [
        Paragraph(f"Invoice {escape(order.number)}", styles["Title"]),
        Paragraph(f"Dibayar {wib(order.paid_at) if order.paid_at else '—'} · {escape(PLATFORM)}", styles["Normal"]),
        *[Paragraph(text, styles["Normal"]) for text in _seller_lines(order.store)],
        Paragraph(f"Pembeli: {escape(str(address.get('recipient_name') or order.buyer.full_name))}", styles["Normal"]),
        Spacer(1, 5 * mm),
        Table(lines, colWidths=[92 * mm, 18 * mm, 34 * mm, 34 * mm], style=_STYLE, repeatRows=1),
        Spacer(1, 5 * mm),
    ]
    if tax > 0:
        story.append(
            Paragraph(
                f"PPh Pasal 22 {rule.percent} {rupiah(tax)} dipungut oleh Niaga sebagai PPMSE ({rule.code}); "
                "invoice ini berlaku sebagai bukti pungut. PPh ini dipotong dari penghasilan penjual, "
                "bukan tambahan bagi pembeli.",
                styles["Normal"],
            )
        )
    else:
        story.append(Paragraph("PPh Pasal 22 tidak dipungut atas pesanan ini.", styles["Normal"]))
    return _doc(f"Invoice {order.number}", story)


def proof_pdf(store, period: dt.date) -> bytes:
    """Bukti pungut PPh 22 of one month: every paid order, reversal and the totals."""
    styles = getSampleStyleSheet()
    rows = list(selectors.collections_of(store, period=period).order_by("occurred_at", "pk"))
    table = [["Tanggal", "Pesanan", "Peredaran bruto", "DPP", "PPh 22"]]
    for r in rows:
        table.append([wib(r.occurred_at), r.order.number, rupiah(r.turnover), rupiah(r.base), rupiah(r.amount)])
    table.append(
        [
            "Jumlah",
            "",
            rupiah(sum(r.turnover for r in rows)),
            rupiah(sum(r.base for r in rows)),
            rupiah(sum(r.amount for r in rows)),
        ]
    )
    rule = rules.pph22(period)
    story = [
        Paragraph(f"Bukti Pungut PPh Pasal 22 — {month_name(period)}", styles["Title"]),
        Paragraph(f"Pemungut: {escape(PLATFORM)} · {rule.code}, tarif {rule.percent}", styles["Normal"]),
        *[Paragraph(text, styles["Normal"]) for text in _seller_lines(store)],
        Spacer(1, 5 * mm),
        Table(table, colWidths=[34 * mm, 50 * mm, 34 * mm, 30 * mm, 30 * mm], style=_STYLE, repeatRows=1),
    ]
    return _doc(f"Bukti pungut {month_name(period)}", story)


def platform_invoice_pdf(store, period: dt.date) -> bytes:
    """Niaga's invoice to the seller for the month's services, PPN shown per the rule."""
    styles = getSampleStyleSheet()
    rule = rules.ppn(period)
    commission = selectors.commission_of(store, period)
    added = selectors.vat_added_of(store, period)
    num, den = rule.dpp
    if rule.included and not added:
        net, dpp, ppn = rule.split(commission)  # the PPN inside: net + PPN is the commission
    else:
        # The PPN each release deducted on top: the total is what the seller paid.
        net, dpp, ppn = commission, commission * num // den, added
    table = [
        ["Jasa", "Jumlah"],
        [f"Komisi penjualan ({settings.NIAGA_COMMISSION_BPS / 100:g}%)", rupiah(commission)],
        ["Biaya layanan (dibayar pembeli per transaksi, tidak ditagih ke penjual)", rupiah(0)],
        ["Harga jual jasa (tanpa PPN)", rupiah(net)],
        [f"DPP nilai lain {num}/{den}", rupiah(dpp)],
        [f"PPN {rule.bps / 100:g}% × DPP ({rule.code})", rupiah(ppn)],
        ["Total tagihan (sudah dipotong dari penghasilan)", rupiah(net + ppn)],
    ]
    story = [
        Paragraph(f"Invoice Jasa Niaga — {month_name(period)}", styles["Title"]),
        Paragraph(f"Dari: {escape(PLATFORM)}", styles["Normal"]),
        *[Paragraph(text, styles["Normal"]) for text in _seller_lines(store)],
        Spacer(1, 5 * mm),
        Table(table, colWidths=[130 * mm, 48 * mm], style=_STYLE),
        Spacer(1, 3 * mm),
        Paragraph(
            "Komisi sudah dipotong dari penghasilan pesanan yang selesai bulan ini"
            + (
                " dan sudah termasuk PPN."
                if rule.included and not added
                else "; PPN ditambahkan di atasnya dan ikut dipotong bersama komisi."
            ),
            styles["Normal"],
        ),
    ]
    return _doc(f"Invoice jasa {month_name(period)}", story)
