"""The files a seller downloads: the template (with its "Petunjuk" and "Kategori" sheets and
drop-downs), the catalogue export in the very same columns, and an import's error report."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from niaga.catalog.models import Category, Condition, Variant
from niaga.core.tables import Sheet

from . import columns
from .models import ImportJob
from .pictures import image_url
from .plan import path_of

CONDITION_LABELS: dict[str, str] = {Condition.NEW: "Baru", Condition.USED: "Bekas"}
EXAMPLE_ROWS = 2


def category_paths() -> list[str]:
    cats = {c.pk: c for c in Category.objects.all()}
    return sorted(path_of(c, cats) for c in cats.values())


def template(location_names: list[str]) -> bytes:
    """The XLSX template: Produk (headers, one example, drop-downs), Petunjuk, Kategori."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Produk"
    head = columns.headers(location_names)
    sheet.append(head)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFE8F5E9")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    paths = category_paths()
    example: dict[str, Any] = {
        "SKU Induk": "KAOS-01",
        "SKU Varian": "KAOS-01-M",
        "Nama Produk": "Kaos Katun Polos",
        "Deskripsi": "Katun combed 30s, adem.",
        "Kategori": paths[0] if paths else "",
        "Kondisi": "Baru",
        "Berat (gram)": 200,
        "Harga (Rp)": 59000,
        "Nama Varian": "M",
    }
    sheet.append([example.get(h, 10 if h.startswith(columns.STOCK_PREFIX) else None) for h in head])
    for i, h in enumerate(head):
        sheet.column_dimensions[columns.letter(i)].width = max(14, min(40, len(h) + 4))
    sheet.freeze_panes = "A2"

    last = 20_001
    kondisi = DataValidation(type="list", formula1='"Baru,Bekas"', allow_blank=True)
    kondisi.error, kondisi.errorTitle = "Pilih Baru atau Bekas.", "Kondisi"
    sheet.add_data_validation(kondisi)
    col = columns.letter(head.index("Kondisi"))
    kondisi.add(f"{col}2:{col}{last}")
    if paths:
        kategori = DataValidation(type="list", formula1=f"=Kategori!$A$2:$A${len(paths) + 1}", allow_blank=True)
        kategori.error, kategori.errorTitle = "Pilih kategori dari lembar Kategori.", "Kategori"
        sheet.add_data_validation(kategori)
        col = columns.letter(head.index("Kategori"))
        kategori.add(f"{col}2:{col}{last}")
    whole = DataValidation(type="whole", operator="between", formula1="0", formula2="1000000000", allow_blank=True)
    whole.error, whole.errorTitle = "Isi angka bulat tanpa titik atau 'Rp'.", "Angka"
    sheet.add_data_validation(whole)
    for h in head:
        if h in ("Berat (gram)", "Harga (Rp)") or h.startswith(columns.STOCK_PREFIX):
            col = columns.letter(head.index(h))
            whole.add(f"{col}2:{col}{last}")

    guide = book.create_sheet("Petunjuk")
    guide.append(["Kolom", "Keterangan"])
    for cell in guide[1]:
        cell.font = bold
    for column in columns.COLUMNS:
        guide.append([column.header, column.help])
    for name in location_names:
        guide.append([columns.STOCK_PREFIX + name, columns.STOCK_HELP])
    guide.append(["Gambar 1–5", columns.IMAGE_HELP])
    guide.append(["Sel kosong", columns.EMPTY_RULE])
    guide.append(["Batas", columns.LIMITS_HELP])
    guide.column_dimensions["A"].width, guide.column_dimensions["B"].width = 22, 110

    cats = book.create_sheet("Kategori")
    cats.append(["Kategori"])
    cats["A1"].font = bold
    for path in paths:
        cats.append([path])
    cats.column_dimensions["A"].width = 50

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_sheet(store, locations: dict[str, int], default_location: int) -> Sheet:
    """The store's catalogue as the template's "Produk" sheet, one row per variant, streamed."""
    cats = {c.pk: c for c in Category.objects.all()}
    paths = {pk: path_of(c, cats) for pk, c in cats.items()}
    names = list(locations)
    location_ids = [locations[n] for n in names]

    def rows() -> Iterator[list[Any]]:
        variants = (
            Variant.objects.filter(product__store=store)
            .select_related("product", "stock")
            .prefetch_related("stock__levels", "product__images")
            .order_by("product_id", "position", "pk")
        )
        for v in variants.iterator(chunk_size=1000):
            p = v.product
            levels = {lv.location_id: lv.available for lv in v.stock.levels.all()} if hasattr(v, "stock") else {}
            if not levels and hasattr(v, "stock"):
                levels = {default_location: v.stock.available}
            images = [image_url(i.image.name or "") for i in p.images.all()][: columns.IMAGE_COUNT]
            images += [""] * (columns.IMAGE_COUNT - len(images))
            yield [
                p.slug,
                v.pk,
                v.sku,
                p.name,
                p.description,
                paths.get(p.category_id, ""),
                CONDITION_LABELS.get(p.condition, p.condition),
                p.weight_grams,
                v.unit_price,
                v.name,
                *[levels.get(loc, 0) for loc in location_ids],
                *images,
            ]

    return Sheet(title="Produk", header=columns.headers(names), rows=rows())


def error_sheet(job: ImportJob) -> Sheet:
    return Sheet(
        title="Galat",
        header=["Baris", "Kolom", "Pesan"],
        rows=([e.get("row"), e.get("column"), e.get("message")] for e in job.errors or []),
    )
