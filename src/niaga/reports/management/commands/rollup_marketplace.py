"""Fill the operator's report's daily rollup (reports.marketdays) for closed days: the backfill
after a deploy or an import of history; the hourly job does the same for the days since."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from niaga.reports import marketdays


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Tanggal tidak valid: {value} (format TTTT-BB-HH).") from None


class Command(BaseCommand):
    help = "Hitung ringkasan harian laporan marketplace untuk hari yang sudah ditutup."

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_date, help="hari pertama (bawaan: hari pesanan dibayar pertama)")
        parser.add_argument("--until", type=_date, help="hari terakhir (paling lambat hari tertutup terakhir)")
        parser.add_argument("--force", action="store_true", help="hitung ulang hari yang sudah diringkas")

    def handle(self, *args, since=None, until=None, force=False, **options):
        done = marketdays.roll_closed(since=since, until=until, force=force)
        if done:
            self.stdout.write(f"{len(done)} hari diringkas ({done[0]} s.d. {done[-1]}).")
        else:
            self.stdout.write("Tidak ada hari yang perlu diringkas.")
