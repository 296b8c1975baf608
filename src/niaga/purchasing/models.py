"""Pemasok, pesanan pembelian, penerimaan barang dan saran pemesanan ulang."""

from django.db import models  # noqa: F401
