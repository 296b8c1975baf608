"""Capacity planning: last season's hours in, the next 11.11 peak with an interval out, and
the app processes, consumers and connections to serve it."""

import datetime as dt
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from niaga.monitoring import capacity


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
    fc = capacity.forecast(steady_year())
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
    fc = capacity.forecast(hours)
    ordinary = sorted(v for d, v in fc.daily)[len(fc.daily) // 2]
    assert fc.last_peak_rps > 5 * ordinary  # 11.11 stands out
    assert 1.2 < fc.growth < 1.6
    assert fc.rps[0] < fc.rps[1] < fc.rps[2] and fc.rps[2] / fc.rps[0] < 2


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


@pytest.mark.parametrize(
    "peak_rps, per_core, cores, processes, consumers",
    [(100, 100, 2, 4, 2), (1000, 100, 14, 28, 2), (1000, 250, 6, 12, 2)],
)
def test_the_plan_sizes_for_the_high_end_with_headroom(peak_rps, per_core, cores, processes, consumers):
    fc = capacity.Forecast(dt.date(2026, 11, 11), 0, 0, 1.0, (peak_rps / 1.05, peak_rps, peak_rps * 1.05), (60, 60, 60), [])
    p = capacity.plan(fc, per_core_rps=per_core)
    assert (p.cores, p.app_processes, p.consumers) == (cores, processes, consumers)
    assert p.db_connections == processes * 8 + consumers * 8 + 10


def test_the_command_prints_forecast_and_plan_from_a_csv(tmp_path, capsys):
    path = tmp_path / "musim-lalu.csv"
    call_command("capacity_plan", write_demo=str(path))
    call_command("capacity_plan", csv=str(path), per_core_rps=100)
    out = capsys.readouterr().out
    assert "Harbolnas 2026-11-11" in out and "forecast busiest minute" in out and "app processes" in out


@pytest.mark.django_db
def test_the_capacity_page_charts_the_season_and_takes_an_upload(client, make_user):
    staff = make_user("Operator")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    page = client.get(reverse("monitoring:capacity")).content.decode()
    assert "<svg" in page and "tahun demo" in page and 'id="plan"' in page
    upload = SimpleUploadedFile("musim.csv", capacity.to_csv(steady_year()).encode(), content_type="text/csv")
    page = client.post(reverse("monitoring:capacity"), {"csv": upload}).content.decode()
    assert "CSV unggahan" in page
    bad = client.post(reverse("monitoring:capacity"), {"csv": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert bad.status_code == 400 and "kolom hilang" in bad.content.decode()
