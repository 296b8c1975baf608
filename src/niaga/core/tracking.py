"""The couriers' tracking codes in Bahasa Indonesia, in one place.

Kept in core because shipping (Niaga's pages and messages) and the sandbox's courier page
both show them, and neither may import the other.
"""

from __future__ import annotations

LABELS = {
    "confirmed": "Menunggu penjemputan",
    "allocated": "Kurir ditugaskan",
    "picking_up": "Kurir menuju lokasi penjemputan",
    "picked": "Diambil kurir",
    "in_transit": "Dalam perjalanan",
    "dropping_off": "Sedang diantar",
    "on_hold": "Tertunda",
    "delivered": "Terkirim",
    "return_in_transit": "Diretur",
    "returned": "Kembali ke pengirim",
    "rejected": "Ditolak penerima",
    "courier_not_found": "Kurir belum tersedia",
    "disposed": "Dimusnahkan",
    "lost": "Hilang",
    "cancelled": "Dibatalkan",
}
UNKNOWN = "Info pengiriman"


def label(code: str) -> str:
    """ "in_transit" -> "Dalam perjalanan"; a code we do not know yet never shows raw."""
    return LABELS.get(code, UNKNOWN)
