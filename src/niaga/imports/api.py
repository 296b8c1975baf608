"""Impor dan ekspor katalog lewat spreadsheet, in the API."""

from ninja import Router

router = Router(tags=["imports"])
