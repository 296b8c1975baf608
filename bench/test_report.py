"""The benchmark's report says how much of the CPU the host took during each side's run."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("bench_report", Path(__file__).parent / "report.py")
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


def mark(folder: Path, name: str, user: int, idle: int, steal: int) -> None:
    # /proc/stat's first line: user nice system idle iowait irq softirq steal guest guest_nice
    (folder / f"cpu_{name}").write_text(f"cpu  {user} 0 0 {idle} 0 0 0 {steal} 0 0\n")


def test_the_hosts_share_is_the_steal_column_over_all_the_time_between_two_marks(tmp_path):
    mark(tmp_path, "niaga_start", user=1000, idle=500, steal=10)
    mark(tmp_path, "niaga_end", user=1700, idle=600, steal=210)  # 1,000 ticks, 200 of them stolen
    assert report.stolen(str(tmp_path), "niaga_start", "niaga_end") == 20.0


def test_a_run_without_marks_reports_no_share(tmp_path):
    mark(tmp_path, "niaga_end", user=1, idle=1, steal=0)
    assert report.stolen(str(tmp_path), "niaga_end", "peer_end") is None


def test_the_speed_probe_notes_each_marks_loop_rate(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_speed", Path(__file__).parent / "speed.py")
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    speed.main(str(tmp_path), "niaga_start")
    speed.main(str(tmp_path), "niaga_end")
    noted = report.load(str(tmp_path / "speed.json"))
    assert list(noted) == ["niaga_start", "niaga_end"] and all(rate > 0 for rate in noted.values())


WRK = """Running 15s test @ http://127.0.0.1:8002/
  Latency Distribution
     50%    1.60ms
     99%   11.60ms
  124000 requests in 15.00s, 2.00GB read
Requests/sec:   8273.65
"""


def test_each_row_carries_a_key_the_capacity_plan_reads_it_by(tmp_path):
    for name in ("product", "product_edits"):
        (tmp_path / f"wrk_{name}.txt").write_text(WRK)
    (tmp_path / "checkout.json").write_text('{"orders_per_s": 52.73, "flow_p50": 147.2, "flow_p99": 257.9, "failed": 0}')
    report.main(str(tmp_path), None)
    rows = {row["key"]: row for row in report.load(str(tmp_path / "summary.json"))["rows"]}
    assert rows["product_edits"]["niaga"]["rps"] == 8273.65 and rows["product_edits"]["niaga"]["p99"] == 11.6
    assert rows["checkout"]["niaga"]["rps"] == 52.73
    assert rows["home"]["niaga"] is None  # not run: kept as a row with no figure
