"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator, in the API."""

from ninja import Router

router = Router(tags=["reports"])
