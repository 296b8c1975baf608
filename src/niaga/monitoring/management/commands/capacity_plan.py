"""niaga capacity_plan [--csv last-season.csv] [--bench var/bench/<run>/summary.json]

Forecast the next 11.11 peak from last season's hourly traffic (the demo year when no CSV
is given) and size app processes, consumers and database connections for it, at the
throughput of the given bench run, else of the newest run under var/bench/, else of the
figures bench/README.md reports.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from niaga.core import clock
from niaga.monitoring import capacity


class Command(BaseCommand):
    help = "Perkirakan puncak Harbolnas 11.11 berikutnya dan jadikan rencana kapasitas."

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="hour,requests,orders per hour of last season")
        parser.add_argument("--write-demo", help="write the demo year as CSV here and stop")
        parser.add_argument("--bench", help="a bench run's summary.json for the per-core throughput")

    def handle(self, *args, **options):
        today = timezone.localdate(clock.now())
        if options["write_demo"]:
            Path(options["write_demo"]).write_text(capacity.to_csv(capacity.demo_season(today)))
            self.stdout.write(f"tahun demo ditulis ke {options['write_demo']}")
            return
        try:
            hours = (
                capacity.read_csv(Path(options["csv"]).read_text()) if options["csv"] else capacity.demo_season(today)
            )
            fc = capacity.forecast(hours, today=today)
            if options["bench"]:
                throughput = capacity.read_bench(Path(options["bench"]))
            else:
                throughput = capacity.measured(settings.NIAGA_BENCH_DIR)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        p = capacity.plan(fc, throughput=throughput)
        low, mid, high = fc.rps
        olow, omid, ohigh = fc.orders_per_min
        self.stdout.write(
            f"Harbolnas {fc.date:%d.%m.%Y}: jam tersibuk musim lalu {capacity.angka(fc.last_peak_rps)} req/detik, "
            f"{capacity.angka(fc.last_peak_orders_per_min)} pesanan/menit; pertumbuhan ×{capacity.angka(fc.growth, 2)}\n"
            f"perkiraan menit tersibuk: {capacity.angka(mid)} req/detik (95% {capacity.angka(low)}–{capacity.angka(high)}), "
            f"{capacity.angka(omid)} pesanan/menit ({capacity.angka(olow)}–{capacity.angka(ohigh)})\n"
            f"rencana: {p.cores} core → {p.app_processes} proses app × {p.threads} thread, {p.consumers} konsumen tugas, "
            f"{p.db_connections} koneksi basis data\n" + "\n".join(f"  - {n}" for n in p.notes)
        )
