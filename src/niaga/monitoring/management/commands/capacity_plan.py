"""niaga capacity_plan [--csv last-season.csv] [--bench var/bench/<run>/summary.json]

Forecast the next 11.11 peak from last season's hourly traffic (the demo year when no CSV
is given) and size app processes, consumers and database connections for it.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from niaga.monitoring import capacity

DEFAULT_PER_CORE = 42.0  # product pages per second per core: 83.8 on 2 cores, bench/README.md (2026-11-22)


class Command(BaseCommand):
    help = "Forecast the Harbolnas peak and turn it into a capacity plan."

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="hour,requests,orders per hour of last season")
        parser.add_argument("--write-demo", help="write the demo year as CSV here and stop")
        parser.add_argument("--bench", help="a bench run's summary.json for the per-core throughput")
        parser.add_argument("--bench-cores", type=int, default=2)
        parser.add_argument("--per-core-rps", type=float, default=None)

    def handle(self, *args, **options):
        if options["write_demo"]:
            Path(options["write_demo"]).write_text(capacity.to_csv(capacity.demo_year()))
            self.stdout.write(f"demo year written to {options['write_demo']}")
            return
        try:
            hours = capacity.read_csv(Path(options["csv"]).read_text()) if options["csv"] else capacity.demo_year()
            fc = capacity.forecast(hours)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        per_core = options["per_core_rps"] or DEFAULT_PER_CORE
        if options["bench"]:
            per_core = capacity.per_core_from_bench(json.loads(Path(options["bench"]).read_text()), cores=options["bench_cores"])
        p = capacity.plan(fc, per_core_rps=per_core)
        low, mid, high = fc.rps
        olow, omid, ohigh = fc.orders_per_min
        self.stdout.write(
            f"Harbolnas {fc.date}: last season's peak hour {fc.last_peak_rps:.0f} req/s, {fc.last_peak_orders_per_min:.0f} orders/min; "
            f"growth ×{fc.growth:.2f}\n"
            f"forecast busiest minute: {mid:.0f} req/s (95% {low:.0f}–{high:.0f}), {omid:.0f} orders/min ({olow:.0f}–{ohigh:.0f})\n"
            f"plan: {p.cores} cores → {p.app_processes} app processes × {p.threads} threads, {p.consumers} job consumers, "
            f"{p.db_connections} database connections\n" + "\n".join(f"  - {n}" for n in p.notes)
        )
