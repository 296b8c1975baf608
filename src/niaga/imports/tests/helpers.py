"""Sheets as a seller fills them, for the tests."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from niaga.imports import columns


def xlsx(rows: list[dict], *, locations: list[str], header: list[str] | None = None, name: str = "produk.xlsx"):
    """A "Produk" sheet with the template's header (or `header`), one row per dict by header."""
    from openpyxl import Workbook

    head = header or columns.headers(locations)
    book = Workbook()
    sheet = book.active
    sheet.title = "Produk"
    sheet.append(head)
    for row in rows:
        sheet.append([row.get(h) for h in head])
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def zipped(files: dict[str, bytes], name: str = "gambar.zip") -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for member, data in files.items():
            z.writestr(member, data)
    return SimpleUploadedFile(name, buf.getvalue())


def row(sku: str, *, key: str | None = None, stock: dict[str, int] | None = None, **cells) -> dict:
    """One variant's row; `cells` by column key (name, price, weight, category, ...)."""
    by_key = {c.key: c.header for c in columns.COLUMNS}
    out: dict = {"SKU Induk": key or sku, "SKU Varian": sku}
    for k, v in cells.items():
        out[by_key[k]] = v
    for where, units in (stock or {}).items():
        out[columns.STOCK_PREFIX + where] = units
    return out
