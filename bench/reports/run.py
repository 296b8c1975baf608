"""The report benchmark (issue 21, "Speed"): generate a year of history into a dedicated
PostgreSQL database, then time the reports on it and write the figures and the query plans.

  python bench/reports/run.py --lines 1000000 --stores 1000          # the issue's size
  python bench/reports/run.py --lines 20000 --stores 50 --runs 3      # a quick check
  python bench/reports/run.py --skip-generate                         # time again, same data

Timed, each over --runs runs (median and p95), after one warm-up run:
- the sales report (reports.sales.sales_report) of the median store and of the biggest store for a year;
- the same store's settlement statement for a year (reports.settlement, rows included);
- the operator's marketplace report for the last full month (reports.marketplace).
Then EXPLAIN (ANALYZE, BUFFERS) of every query each report sent, into the results file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))


def _setup(database: str, fresh: bool) -> None:
    import psycopg

    base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    if fresh:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
            admin.execute(f'CREATE DATABASE "{database}"')
    os.environ["DATABASE_URL"] = f"{base}/{database}"
    os.environ.pop("DATABASE_REPLICA_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
    import django
    from django.conf import settings

    django.setup()
    # Client-side binding: the captured SQL is the statement as sent, so it can be EXPLAINed.
    settings.DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = False


def SALES_REPORT(store, date_from: dt.date, date_to: dt.date):
    """One store's sales report for a period, as the page and the API ask for it
    (reports.sales.sales_report: totals, the previous period's, the series and every breakdown)."""
    from niaga.reports import periods, sales

    return sales.sales_report(store.pk, periods.Period(date_from, date_to))


def _time(label: str, fn, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if fn() is None:
        return {"label": label, "skipped": True}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        fn()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "label": label,
        "runs": runs,
        "median": statistics.median(times),
        "p95": p95,
        "queries": [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")],
    }


def _explain(sql: str) -> str:
    from django.db import connection

    from niaga.reports.sql import report_queries

    with report_queries("default"), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--stores", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", default="niaga_reports_bench")
    parser.add_argument("--skip-generate", action="store_true", help="time the data already in --database")
    parser.add_argument("--out", default=str(HERE / "results.md"))
    args = parser.parse_args()

    _setup(args.database, fresh=not args.skip_generate)
    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    from niaga.reports import marketplace, settlement
    from niaga.stores.models import Store

    generated = ""
    if not args.skip_generate:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.0f} s")
        from generate import generate

        started = time.perf_counter()
        made = generate(lines=args.lines, stores=args.stores)
        took = time.perf_counter() - started
        generated = f"Generated {made['lines']:,} order lines, {made['orders']:,} orders, {made['stores']:,} stores in {took:.0f} s."
        print(generated)

    # The operator's report reads closed days from its daily rollup (reports.marketdays), which
    # the hourly job keeps; on a fresh history that is the backfill, `niaga rollup_marketplace`.
    from niaga.reports import marketdays

    started = time.perf_counter()
    rolled = marketdays.roll_closed()
    if rolled:
        generated += (
            f" Rolled up {len(rolled)} days for the operator's report in {time.perf_counter() - started:.0f} s."
        )
        print(generated)

    today = timezone.localdate()
    year = (today - dt.timedelta(days=364), today)
    first = today.replace(day=1)
    month_end = first - dt.timedelta(days=1)
    month = (month_end.replace(day=1), month_end)
    # The median store by orders: a typical seller, not the smallest nor the largest.
    ranked = list(Store.objects.annotate(n=Count("orders")).filter(n__gt=0).order_by("n").values_list("pk", "n"))
    store_id, store_orders = ranked[len(ranked) // 2]
    store = Store.objects.get(pk=store_id)
    biggest_id, biggest_orders = ranked[-1]
    biggest = Store.objects.get(pk=biggest_id)

    def statement():
        st = settlement.statement(store=store, period=settlement.period(*year))
        return st, list(st.rows())

    def live_month(date_from: dt.date, date_to: dt.date):
        from niaga.reports.sql import report_queries

        with report_queries("default"):
            return marketdays.live(date_from, date_to, using="default")

    results = [
        _time(
            f"sales report, the median store ({store_orders} orders), a year",
            lambda: SALES_REPORT(store, *year),
            args.runs,
        ),
        _time(
            f"sales report, the biggest store ({biggest_orders} orders), a year",
            lambda: SALES_REPORT(biggest, *year),
            args.runs,
        ),
        _time(f"settlement statement, one store ({store_orders} orders), a year", statement, args.runs),
        _time(
            f"operator's marketplace report, {month[0]:%B %Y}",
            lambda: marketplace.report(period=settlement.period(*month)),
            args.runs,
        ),
        _time(
            f"operator's marketplace report, this month to today ({(today - first).days + 1} days; "
            f"the last {marketdays.SETTLE_DAYS} not closed, computed live)",
            lambda: marketplace.report(period=settlement.period(first, today)),
            args.runs,
        ),
        _time(
            f"the same month computed live, without the rollup (for comparison), {month[0]:%B %Y}",
            lambda: live_month(*month),
            max(1, args.runs // 2),
        ),
    ]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM orders_orderline")
        lines = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM ledger_entry")
        entries = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    out = [
        f"# Report benchmark, {timezone.localtime():%Y-%m-%d %H:%M} WIB",
        "",
        f"{version}; {os.cpu_count()} cores; database `{args.database}`: {lines:,} order lines, "
        f"{entries:,} ledger entries. {generated}",
        "",
        "| report | runs | median | p95 | queries |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results:
        if r.get("skipped"):
            out.append(f"| {r['label']} | — | not available (hook SALES_REPORT in run.py) | | |")
        else:
            out.append(
                f"| {r['label']} | {r['runs']} | {r['median'] * 1000:.0f} ms | {r['p95'] * 1000:.0f} ms | {len(r['queries'])} |"
            )
    summary = "\n".join(out)
    print(summary)
    out += ["", "## Query plans (EXPLAIN ANALYZE, BUFFERS)", ""]
    for r in results:
        if r.get("skipped"):
            continue
        out += [f"### {r['label']}", ""]
        for n, sql in enumerate(r["queries"], 1):
            out += [f"Query {n}:", "", "```sql", sql, "```", "", "```", _explain(sql), "```", ""]
    Path(args.out).write_text("\n".join(out) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
