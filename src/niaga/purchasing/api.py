"""Pemasok, pesanan pembelian, penerimaan barang dan saran pemesanan ulang, in the API."""

from ninja import Router

router = Router(tags=["purchasing"])
