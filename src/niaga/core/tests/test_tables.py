"""CSV and XLSX exports: what goes in comes out, and no cell becomes a formula."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from niaga.core.tables import Sheet, csv_response, write_csv, xlsx_bytes


def rows():
    yield ["Kopi Gayo", 12, 150000, dt.date(2026, 11, 11)]
    yield ['=HYPERLINK("http://evil")', 1, -5, None]


def test_csv_keeps_figures_and_defuses_formulas():
    out = io.StringIO()
    assert write_csv(out, Sheet("Penjualan", ["produk", "unit", "rupiah", "tanggal"], rows())) == 2
    read = list(csv.reader(io.StringIO(out.getvalue())))
    assert read[1] == ["Kopi Gayo", "12", "150000", "2026-11-11"]
    assert read[2][0].startswith("'=") and read[2][2] == "-5"


def test_streamed_csv_starts_with_a_bom_for_excel():
    response = csv_response(Sheet("x", ["a"], iter([["b"]])), filename="x.csv")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffa") and response["Content-Disposition"].endswith('"x.csv"')


def test_xlsx_reads_back_with_strings_as_text():
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Penjualan", ["produk", "unit", "rupiah", "tanggal"], rows())])))
    sheet = book["Penjualan"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:3] == ["Kopi Gayo", 12, 150000]
    assert values[2][0] == '=HYPERLINK("http://evil")' and sheet.cell(3, 1).data_type == "s"
