"""Laporan penjualan, penyelesaian dana, stok dan corong penjual; laporan marketplace operator."""

from django.db import models  # noqa: F401
