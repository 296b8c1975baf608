"""Capacity planning: last season's hours in, the next 11.11 peak with an interval out, and
the app processes, consumers and connections to serve it."""

import datetime as dt
import json
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from niaga.core import clock
from niaga.monitoring import capacity

BEFORE_1111 = dt.date(2026, 1, 5)  # a day of the year the data's season is carried into


def steady_year(daily_growth: float = 0.001, peak_requests: int = 3_600_000) -> list[capacity.Hour]:
    """No noise: 36,000 requests an hour growing by `daily_growth` a day, and one 11.11 peak hour."""
    hours = []
    start = dt.datetime(2025, 1, 1)
    for h in range(365 * 24):
        at = start + dt.timedelta(hours=h)
        requests = int(36_000 * math.exp(daily_growth * (h // 24)))
        if (at.month, at.day, at.hour) == (11, 11, 0):
            requests = peak_requests
        hours.append(capacity.Hour(at, requests, requests // 100))
    return hours


def test_a_noiseless_season_forecasts_the_peak_carried_forward_by_its_growth():
    fc = capacity.forecast(steady_year(), today=BEFORE_1111)
    assert fc.date == dt.date(2026, 11, 11)
    assert fc.last_peak_rps == pytest.approx(1000)
    assert fc.growth == pytest.approx(math.exp(0.001 * 365), rel=1e-3)
    low, mid, high = fc.rps
    assert mid == pytest.approx(1000 * capacity.BURST * fc.growth, rel=1e-3)
    assert low == pytest.approx(mid, rel=0.01) and high == pytest.approx(mid, rel=0.01)  # no scatter, no spread
    assert fc.orders_per_min[1] == pytest.approx(36_000 / 60 * capacity.BURST * fc.growth, rel=1e-3)


def test_the_demo_year_has_a_harbolnas_spike_and_an_honest_interval():
    hours = capacity.demo_year()
    assert capacity.read_csv(capacity.to_csv(hours)) == hours
    fc = capacity.forecast(hours, today=BEFORE_1111)
    ordinary = sorted(v for d, v in fc.daily)[len(fc.daily) // 2]
    assert fc.last_peak_rps > 5 * ordinary  # 11.11 stands out
    assert 1.2 < fc.growth < 1.6
    assert fc.rps[0] < fc.rps[1] < fc.rps[2] and fc.rps[2] / fc.rps[0] < 2


@pytest.mark.parametrize(
    "today, planned",
    [
        (dt.date(2026, 1, 1), dt.date(2026, 11, 11)),
        (dt.date(2026, 11, 10), dt.date(2026, 11, 11)),
        (dt.date(2026, 11, 11), dt.date(2026, 11, 11)),  # the day itself is still this season
        (dt.date(2026, 11, 12), dt.date(2027, 11, 11)),
        (dt.date(2026, 12, 7), dt.date(2027, 11, 11)),  # 12.12 pulls too, but the plan is for the year's peak
    ],
)
def test_the_plan_is_for_this_years_harbolnas_until_it_is_over_then_next_years(today, planned):
    assert capacity.next_harbolnas(today) == planned
    fc = capacity.forecast(steady_year(), today=today)
    assert fc.date == planned
    # last season's 11.11 (2025) carried forward by the growth of the days in between
    assert fc.growth == pytest.approx(math.exp(0.001 * (planned - dt.date(2025, 11, 11)).days), rel=1e-3)


def test_a_season_that_holds_this_years_harbolnas_plans_for_the_next():
    """A CSV up to today's 11.11 evening: its peak is the season just had, not the one to plan."""
    fc = capacity.forecast(steady_year(), today=dt.date(2025, 11, 11))
    assert fc.date == dt.date(2026, 11, 11)


@pytest.mark.parametrize(
    "text, message",
    [
        ("jam,permintaan\n", "kolom hilang"),
        ("hour,requests,orders\n2025-01-01T00:00,abc,1\n", "baris 2"),
        ("hour,requests,orders\n2025-01-01T00:00,10,1\n", "minimal 60 hari"),
    ],
)
def test_a_bad_csv_is_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        capacity.read_csv(text)


def bench_summary(
    pages: float, orders: float, host: str = "2 cores, 23 GiB", date: str = "2026-11-27T05:15:22+00:00"
) -> dict:
    """The parts of bench/report.py's summary.json the plan reads."""
    return {
        "settings": {"host": host, "date": date},
        "flash": {"orders": 1000, "sell_out_seconds": 20.0},
        "rows": [
            {"key": "product", "niaga": {"rps": 99_999.0}},
            {"key": "product_edits", "niaga": {"rps": pages}},
            {"key": "checkout", "niaga": {"rps": orders}},
        ],
    }


def peak(rps: float, orders_per_min: float) -> capacity.Forecast:
    return capacity.Forecast(dt.date(2026, 11, 11), 0, 0, 1.0, (rps / 1.05, rps, rps * 1.05), (orders_per_min,) * 3, [])


@pytest.mark.parametrize(
    "rps, orders_per_min, cores, processes, consumers",
    [
        (100, 0, 1, 2, 2),  # 136.5 req/s at 500 a core: 0.27 core
        (1000, 0, 3, 6, 2),  # 2.73 cores of pages
        (1000, 600, 16, 32, 2),  # and 13 orders a second at 1 a core: 13 cores more
        (100, 6000, 131, 262, 13),  # orders alone: 130 cores, and 130 a second at 10 a consumer
    ],
)
def test_the_plan_adds_the_cores_the_orders_need_to_those_the_pages_need(
    rps, orders_per_min, cores, processes, consumers
):
    p = capacity.plan(peak(rps, orders_per_min), throughput=capacity.Throughput(500.0, 1.0, 10.0, "test"))
    assert (p.cores, p.app_processes, p.consumers) == (cores, processes, consumers)
    assert p.db_connections == processes * 8 + consumers * 8 + 10
    assert "kemampuan per core dari test" in p.notes[-1]


def test_a_bench_runs_figures_are_divided_by_its_cores_pages_read_while_sellers_edit():
    t = capacity.throughput_from_bench(bench_summary(pages=7264.2, orders=52.7, host="4 cores, 23 GiB"))
    assert t.pages_per_core == pytest.approx(1816.05) and t.orders_per_core == pytest.approx(13.175)
    assert t.consumer_orders_per_s == 50  # the bench's one consumer made 1,000 flash orders in 20 s
    assert t.source == "bench 2026-11-27 05:15 (4 core)"


@pytest.mark.parametrize(
    "broken",
    [
        {"settings": {"host": "?"}},
        {"rows": [{"key": "product", "niaga": {"rps": 10.0}}, {"key": "checkout", "niaga": None}]},
        {
            "rows": [{"key": "product", "niaga": {"rps": 10.0}}, {"key": "checkout", "niaga": {"rps": 0.0}}]
        },  # every checkout failed
        {"rows": []},
        {"flash": {"orders": 1000, "sell_out_seconds": None}},  # the sale did not run
    ],
)
def test_a_summary_without_the_figures_is_refused(broken):
    summary = {**bench_summary(100, 1), **broken}
    with pytest.raises(ValueError, match="jalankan bench/run.sh"):
        capacity.throughput_from_bench(summary)


def test_the_newest_readable_run_is_measured_else_the_documented_figures(tmp_path):
    assert capacity.measured(tmp_path) == capacity.DOCUMENTED
    for run, summary in [("20261126-120000", bench_summary(600, 10)), ("20261127-051522", bench_summary(7000, 50))]:
        (tmp_path / run).mkdir()
        (tmp_path / run / "summary.json").write_text(json.dumps(summary))
    (tmp_path / "20261127-060000").mkdir()
    (tmp_path / "20261127-060000" / "summary.json").write_text('{"rows": []}')  # a run that stopped early
    assert capacity.measured(tmp_path).pages_per_core == 3500


def on(day: dt.date):
    """The clock set to noon WIB of `day`."""
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return clock.travel(noon - timezone.now())


def test_the_command_prints_forecast_and_plan_from_a_csv_and_a_bench_run(tmp_path, capsys):
    path = tmp_path / "musim-lalu.csv"
    with on(dt.date(2026, 12, 7)):
        call_command("capacity_plan", write_demo=str(path))
        (tmp_path / "summary.json").write_text(json.dumps(bench_summary(pages=1000, orders=20)))
        call_command("capacity_plan", csv=str(path), bench=str(tmp_path / "summary.json"))
    out = capsys.readouterr().out
    assert "Harbolnas 11.11.2027" in out and "perkiraan menit tersibuk" in out and "proses app" in out
    assert "dengan 500 halaman/detik per core" in out and "dengan 10,0 checkout/detik per core" in out
    with pytest.raises(CommandError, match="bukan ringkasan bench"):
        call_command("capacity_plan", bench=str(path))  # a CSV, not a summary


@pytest.mark.django_db
def test_the_capacity_page_charts_the_season_and_takes_an_upload(client, make_user, settings, tmp_path, second_factor):
    settings.NIAGA_BENCH_DIR = tmp_path  # no run on this machine: the documented figures
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    second_factor(client, staff)  # staff pages ask for a second factor
    with on(dt.date(2026, 11, 10)):
        page = client.get(reverse("monitoring:capacity")).content.decode()
    assert "<svg" in page and "tahun demo" in page and 'id="plan"' in page and "bench/README.md" in page
    upload = SimpleUploadedFile("musim.csv", capacity.to_csv(steady_year()).encode(), content_type="text/csv")
    page = client.post(reverse("monitoring:capacity"), {"csv": upload}).content.decode()
    assert "CSV unggahan" in page
    bad = client.post(reverse("monitoring:capacity"), {"csv": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert bad.status_code == 400 and "kolom hilang" in bad.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today, planned", [(dt.date(2026, 11, 10), "11.11.2026"), (dt.date(2026, 12, 7), "11.11.2027")]
)
def test_the_capacity_page_plans_the_next_harbolnas_in_bahasa_indonesia(
    client, make_user, settings, tmp_path, today, planned, second_factor
):
    """On 7 December 2026 it planned for "Harbolnas 11.11.2026", a date already past, and its
    plan's bullets were English ("orders/s at ... checkouts/s per core", "throughput from")."""
    settings.NIAGA_BENCH_DIR = tmp_path
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    second_factor(client, staff)  # staff pages ask for a second factor
    with on(today):
        page = client.get(reverse("monitoring:capacity")).content.decode()
    assert f"Rencana kapasitas Harbolnas {planned}" in page
    plan = page.split('id="plan"', 1)[1].split("</section>", 1)[0]
    assert "pesanan/detik" in plan and "konsumen tugas" in plan and "kemampuan per core dari" in plan
    for english in ("orders/s", "pages/s", "cores", "throughput from", "at least", "headroom", "req/s"):
        assert english not in page
