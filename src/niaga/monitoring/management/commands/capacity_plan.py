"""niaga capacity_plan [--csv last-season.csv] [--bench var/bench/<run>/summary.json]

Forecast the next 11.11 peak from last season's hourly traffic (the demo year when no CSV
is given) and size app processes, consumers and database connections for it, at the
throughput of the given bench run, else of the newest run under var/bench/, else of the
figures bench/README.md reports.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from niaga.monitoring import capacity


class Command(BaseCommand):
    help = "Forecast the Harbolnas peak and turn it into a capacity plan."

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="hour,requests,orders per hour of last season")
        parser.add_argument("--write-demo", help="write the demo year as CSV here and stop")
        parser.add_argument("--bench", help="a bench run's summary.json for the per-core throughput")

    def handle(self, *args, **options):
        if options["write_demo"]:
            Path(options["write_demo"]).write_text(capacity.to_csv(capacity.demo_year()))
            self.stdout.write(f"demo year written to {options['write_demo']}")
            return
        try:
            hours = capacity.read_csv(Path(options["csv"]).read_text()) if options["csv"] else capacity.demo_year()
            fc = capacity.forecast(hours)
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
            f"Harbolnas {fc.date}: last season's peak hour {fc.last_peak_rps:.0f} req/s, {fc.last_peak_orders_per_min:.0f} orders/min; "
            f"growth ×{fc.growth:.2f}\n"
            f"forecast busiest minute: {mid:.0f} req/s (95% {low:.0f}–{high:.0f}), {omid:.0f} orders/min ({olow:.0f}–{ohigh:.0f})\n"
            f"plan: {p.cores} cores → {p.app_processes} app processes × {p.threads} threads, {p.consumers} job consumers, "
            f"{p.db_connections} database connections\n" + "\n".join(f"  - {n}" for n in p.notes)
        )
