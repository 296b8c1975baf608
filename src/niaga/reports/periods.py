"""The date range of a report: presets and custom dates, in the store's local time (WIB)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from niaga.core import clock
from niaga.core.errors import DomainError

LOCAL = ZoneInfo("Asia/Jakarta")
MAX_DAYS = 366 * 3

PRESETS = {
    "7d": "7 hari terakhir",
    "30d": "30 hari terakhir",
    "90d": "90 hari terakhir",
    "this_month": "Bulan ini",
    "last_month": "Bulan lalu",
    "this_year": "Tahun ini",
    "custom": "Pilih tanggal",
}


@dataclass(frozen=True)
class Period:
    """Days `since`..`until`, both included, in Asia/Jakarta."""

    since: dt.date
    until: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.since, dt.time.min, tzinfo=LOCAL)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.since - dt.timedelta(days=self.days), self.since - dt.timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.since:%d-%m-%Y} s.d. {self.until:%d-%m-%Y}"


def today() -> dt.date:
    return clock.now().astimezone(LOCAL).date()


def preset(name: str, *, on: dt.date | None = None) -> Period:
    day = on or today()
    if name == "7d":
        return Period(day - dt.timedelta(days=6), day)
    if name == "30d":
        return Period(day - dt.timedelta(days=29), day)
    if name == "90d":
        return Period(day - dt.timedelta(days=89), day)
    if name == "this_month":
        return Period(day.replace(day=1), day)
    if name == "last_month":
        last = day.replace(day=1) - dt.timedelta(days=1)
        return Period(last.replace(day=1), last)
    if name == "this_year":
        return Period(day.replace(month=1, day=1), day)
    raise DomainError("Pilihan periode tidak dikenal.", code="bad_period", fields={"period": "Pilihan tidak dikenal."})


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DomainError(
            "Tanggal tidak valid.", code="bad_date", fields={field: "Tulis tanggal sebagai TTTT-BB-HH."}
        ) from None


def parse(period: str | None = None, since: str | None = None, until: str | None = None) -> Period:
    """A period from a request's inputs: a preset name, or since/until dates (custom)."""
    if since or until or period == "custom":
        start, end = _date(since or "", "since"), _date(until or "", "until")
        if end < start:
            raise DomainError(
                "Tanggal akhir sebelum tanggal awal.",
                code="bad_period",
                fields={"until": "Tanggal akhir harus sama atau sesudah tanggal awal."},
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise DomainError(
                "Periode terlalu panjang.", code="bad_period", fields={"since": "Paling panjang 3 tahun."}
            )
        return Period(start, end)
    return preset(period or "30d")
