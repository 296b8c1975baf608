"""Report files written by a job, as privacy's data exports are: a ReportExport row, a Huey
task (reports.tasks) writing the file row by row into a temporary file and then into private
storage, progress saved as it goes, download until the expiry, then a sweep deletes it."""

from __future__ import annotations

import datetime as dt
import io
import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from secrets import token_hex

from django.conf import settings
from django.core.files import File

from niaga.core import clock
from niaga.core.tables import Sheet, write_csv, write_xlsx

from . import sheets as report_sheets
from .funnel import funnel_report
from .models import ExportFormat, ExportKind, ExportStatus, ReportExport
from .periods import Period
from .sales import sales_report
from .stock import DEAD_DAYS, stock_report

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500
EXPORT_DAYS = 7  # NIAGA_REPORT_EXPORT_DAYS overrides


def period_of(export: ReportExport) -> Period:
    p = export.parameters
    return Period(dt.date.fromisoformat(p["since"]), dt.date.fromisoformat(p["until"]))


def sheets_for(export: ReportExport) -> tuple[list[Sheet], int]:
    """The sheets the export writes (rows still lazy) and how many rows they hold."""
    period, params = period_of(export), export.parameters
    if export.kind == ExportKind.SALES_LINES:
        return [report_sheets.line_sheet(export.store_id, period)], report_sheets.line_count(export.store_id, period)
    if export.kind == ExportKind.SALES:
        found = report_sheets.sales_sheets(
            sales_report(export.store_id, period, grouping=params.get("grouping", "day"), limit=None)
        )
    elif export.kind == ExportKind.STOCK:
        found = report_sheets.stock_sheets(
            stock_report(export.store_id, period, dead_days=int(params.get("dead_days", DEAD_DAYS)))
        )
    else:
        found = report_sheets.funnel_sheets(funnel_report(export.store_id, period))
    chosen = list(found.values())
    if export.format == ExportFormat.CSV:
        chosen = [found.get(params.get("sheet", ""), chosen[0])]
    return chosen, sum(len(list(s.rows)) for s in chosen)  # these are lists already: small reports


class _Progress:
    """Counts rows as the writer takes them (over all sheets of a workbook) and saves the rows
    done and the percent every PROGRESS_EVERY rows, so the page can show how far it is."""

    def __init__(self, export_id: int, total: int):
        self.export_id, self.total, self.done = export_id, total, 0

    def through(self, rows: Iterable[Sequence]) -> Iterator[Sequence]:
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                ReportExport.objects.filter(pk=self.export_id).update(
                    rows_done=self.done, progress=min(99, self.done * 100 // max(self.total, 1))
                )


def build(export: ReportExport) -> None:
    chosen, total = sheets_for(export)
    ReportExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, rows_total=total)
    progress = _Progress(export.pk, total)
    counted = [Sheet(sheet.title, sheet.header, progress.through(sheet.rows)) for sheet in chosen]
    with tempfile.TemporaryFile(suffix=f".{export.format}") as tmp:
        if export.format == ExportFormat.CSV:
            text = io.TextIOWrapper(tmp, encoding="utf-8", newline="", write_through=True)
            text.write("\ufeff")  # for Excel, as core.tables.csv_response does
            write_csv(text, counted[0])
            text.flush()
            text.detach()
        else:
            write_xlsx(tmp, counted)
        tmp.seek(0)
        name = f"laporan-{export.store_id}-{export.pk}-{token_hex(8)}.{export.format}"
        export.file.save(name, File(tmp), save=False)
        export.size = export.file.size
    export.rows_total = progress.done


def build_export(*, export_id: int) -> ReportExport | None:
    """The job: write the file, then mark it ready until NIAGA_REPORT_EXPORT_DAYS from now."""
    export = (
        ReportExport.objects.filter(pk=export_id, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING])
        .select_related("store")
        .first()
    )
    if export is None:
        return None
    try:
        build(export)
    except Exception as exc:
        log.exception("report export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, finished_at=clock.now(), error=str(exc)[:255]
        )
        return None
    now = clock.now()
    export.status = ExportStatus.READY
    export.progress = 100
    export.rows_done = export.rows_total
    export.finished_at = now
    export.expires_at = now + dt.timedelta(days=getattr(settings, "NIAGA_REPORT_EXPORT_DAYS", EXPORT_DAYS))
    export.save(
        update_fields=["file", "size", "status", "progress", "rows_done", "rows_total", "finished_at", "expires_at"]
    )
    return export


def expire_exports(*, now: dt.datetime | None = None) -> int:
    """The sweep: files past their download window are deleted. Safe to run twice."""
    now = now or clock.now()
    done = 0
    for export in ReportExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now).iterator():
        if export.file:
            export.file.delete(save=False)
        done += ReportExport.objects.filter(pk=export.pk, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, file=""
        )
    return done
