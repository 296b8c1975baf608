"""Tables out as files: CSV and XLSX written row by row, never the whole table in memory.

Reports, tax statements and the catalogue export all hand an iterator of rows here. A
cell that a spreadsheet would run as a formula (=, +, -, @ first) is written as text, so a
product name cannot become a formula on the seller's or the tax office's computer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    """One table: its title (the XLSX sheet's name), its header, and its rows (lazily)."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _safe_text(value)


def write_csv(out: IO[str], sheet: Sheet) -> int:
    """Write the sheet as CSV to a text file; returns the number of data rows."""
    writer = csv.writer(out)
    writer.writerow(sheet.header)
    count = 0
    for row in sheet.rows:
        writer.writerow([_csv_cell(v) for v in row])
        count += 1
    return count


def write_xlsx(out: IO[bytes] | str, sheets: Sequence[Sheet]) -> int:
    """Write the sheets as one XLSX workbook (openpyxl's write-only mode: rows are streamed to
    disk, not kept). Strings are always text cells, never formulas. Returns the data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    count = 0
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.title[:31])
        ws.append(list(sheet.header))
        for row in sheet.rows:
            cells = []
            for value in row:
                if isinstance(value, dt.datetime) and value.tzinfo is not None:
                    value = value.replace(tzinfo=None)  # XLSX has no time zones: the caller's local time
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever it starts with
                cells.append(cell)
            ws.append(cells)
            count += 1
    book.save(out)
    return count


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(sheet: Sheet, *, filename: str) -> StreamingHttpResponse:
    """A CSV download streamed to the client as its rows are read (BOM first, for Excel)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow(sheet.header)
        for row in sheet.rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A small workbook in memory (a page's own table); large ones go through a job to a file."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()
