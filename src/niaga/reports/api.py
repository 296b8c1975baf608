"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator, in the API."""

from ninja import Router

from .settlement_api import router as settlement_router

router = Router(tags=["reports"])
router.add_router("", settlement_router)
