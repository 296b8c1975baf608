"""Print the run's figures, Niaga's against the peer's measured in the same run, as ratios;
write them to OUT_DIR/summary.json and OUT_DIR/summary.md.

  python bench/report.py OUT_DIR [PEER_RESULTS_DIR]
"""

from __future__ import annotations

import json
import os
import re
import sys

UNIT = {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}
# (our wrk file, label, expected status, the peer's wrk file or None)
ROWS = [
    ("home", "GET home page", "200", None),
    ("product_first", "GET product page, first visits (random of N, none kept yet)", "200", "detail"),
    ("product", "GET product page (random of N, each kept once visited)", "200", "detail"),
    ("product_edits", "GET product page while sellers change stock 10×/s (Oscar: without)", "200", "detail"),
    ("search", "GET search (Niaga /cari/?q= vs Oscar /catalogue/)", "200", "list_catalogue"),
    ("category", "GET category listing (vs Oscar's DB-only range page)", "200", "list_range"),
    ("cart", "POST add to cart (vs Oscar add-to-basket)", "201", "add_to_basket"),
]
PEER_EXPECT = {"detail": "200", "list_catalogue": "200", "list_range": "200", "add_to_basket": "302"}


def ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * UNIT[unit]


def wrk(path: str, expect: str) -> dict | None:
    if not os.path.exists(path):
        return None
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    codes = re.search(r"status codes:(.*)", text)
    bad = sum(int(n) for c, n in re.findall(r"(\d+)=(\d+)", codes.group(1) if codes else "") if c != expect)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {"rps": rps, "p50": round(p50, 1), "p99": round(p99, 1), "errors": bad + (sum(map(int, sock.groups())) if sock else 0)}


def load(path: str) -> dict | None:
    return json.load(open(path)) if os.path.exists(path) else None


def ratio(ours, theirs) -> str:
    return f"{ours / theirs:.1f}×" if ours and theirs else "–"


def _phases(flash: dict) -> str:
    in_flight, later = flash.get("soldout_in_flight"), flash.get("soldout_later")
    if not in_flight or not later:
        return ""
    return (
        f"The first sold-out answer came {flash['sold_out_after_seconds']} s in; sold-out answers to attempts already sent then "
        f"(queued behind the admissions): {in_flight['n']}, p50 {in_flight['p50_ms']} ms / p99 {in_flight['p99_ms']} ms; "
        f"to later attempts: {later['n']}, p50 {later['p50_ms']} ms / p99 {later['p99_ms']} ms. "
        f"The consumer placed the last order {flash['sell_out_seconds']} s in."
    )


def stolen(out: str, start: str, end: str) -> float | None:
    """The host's share (steal) of the CPU time between two marks of /proc/stat, in percent."""
    try:
        a, b = ([int(n) for n in open(os.path.join(out, f"cpu_{mark}")).read().split()[1:9]] for mark in (start, end))
    except (OSError, ValueError):
        return None
    total = sum(b) - sum(a)
    return round(100 * (b[7] - a[7]) / total, 1) if total > 0 else None


def main(out: str, peer: str | None) -> None:
    rows = []
    for name, label, expect, peer_name in ROWS:
        mine = wrk(os.path.join(out, f"wrk_{name}.txt"), expect)
        theirs = wrk(os.path.join(peer, f"wrk_{peer_name}.txt"), PEER_EXPECT[peer_name]) if peer and peer_name else None
        rows.append({"key": name, "scenario": label, "niaga": mine, "peer": theirs, "ratio": ratio(mine and mine["rps"], theirs and theirs["rps"])})
    checkout, peer_checkout = load(os.path.join(out, "checkout.json")), load(os.path.join(peer, "checkout.json")) if peer else None
    if checkout:
        rows.append(
            {
                "key": "checkout",
                "scenario": "full checkout, orders/s (Niaga: cart + Buat Pesanan + VA; Oscar: 12-step guest flow)",
                "niaga": {"rps": checkout["orders_per_s"], "p50": checkout["flow_p50"], "p99": checkout["flow_p99"], "errors": checkout["failed"]},
                "peer": peer_checkout
                and {
                    "rps": round(peer_checkout["orders_per_s"], 2),
                    "p50": round(peer_checkout["flow_p50"], 1),
                    "p99": round(peer_checkout["flow_p99"], 1),
                    "errors": peer_checkout["failed"],
                },
                "ratio": ratio(checkout["orders_per_s"], peer_checkout and peer_checkout["orders_per_s"]),
            }
        )
    summary = {
        "rows": rows,
        "flash": load(os.path.join(out, "flash.json")),
        "crowd": load(os.path.join(out, "crowd.json")),
        "queries": load(os.path.join(out, "queries.json")),
        "memory": load(os.path.join(out, "memory.json")),
        "peer_oversell": open(os.path.join(peer, "oversell.txt")).read().strip().splitlines()[-3:] if peer and os.path.exists(os.path.join(peer, "oversell.txt")) else None,
        "settings": load(os.path.join(out, "settings.json")),
        "steal_percent": {"niaga": stolen(out, "niaga_start", "niaga_end"), "peer": stolen(out, "niaga_end", "peer_end")},
        "speed": load(os.path.join(out, "speed.json")),
    }
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
    lines = ["| scenario | Niaga req/s | p50 ms | p99 ms | err | Oscar req/s | p50 ms | p99 ms | err | ratio |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        a, b = row["niaga"] or {}, row["peer"] or {}
        lines.append(
            f"| {row['scenario']} | {a.get('rps', '–')} | {a.get('p50', '–')} | {a.get('p99', '–')} | {a.get('errors', '–')} "
            f"| {b.get('rps', '–')} | {b.get('p50', '–')} | {b.get('p99', '–')} | {b.get('errors', '–')} | {row['ratio']} |"
        )
    flash = summary["flash"]
    if flash:
        lines += [
            "",
            f"Flash sale through nginx: {flash['attempts']} attempts from {flash['clients']} concurrent clients (wrk) in {flash['seconds']} s "
            f"({flash['attempts_per_s']}/s): {flash['orders']} orders for {flash.get('quota', '?')} units, "
            f"oversold {flash.get('oversold', '?')}, 5xx/socket errors {flash['errors_5xx']}, "
            f"sold-out answers p50 {flash['soldout_p50_ms']} ms / p99 {flash['soldout_p99_ms']} ms. Answers: {flash['answers']}. "
            + _phases(flash),
        ]
    crowd = summary["crowd"]
    if crowd:
        lines.append(
            f"After the sale, {crowd['clients']} buyers pressing Beli once a second each ({crowd['offered_per_s']} attempts/s offered, "
            f"{crowd['attempts_per_s']}/s answered): p50 {crowd['p50_ms']} ms / p99 {crowd['p99_ms']} ms. Answers: {crowd['answers']}"
        )
    if summary["queries"]:
        q = summary["queries"]["per_checkout"]
        lines.append(f"SQL statements per checkout: {q['total']} (add to cart {q['add_to_cart']}, Buat Pesanan {q['checkout']}).")
    if summary["memory"]:
        lines.append(f"Peak memory (RSS) per process: {summary['memory']}")
    if summary["peer_oversell"]:
        lines.append("Oscar oversell test: " + " / ".join(summary["peer_oversell"]))
    steal = summary["steal_percent"]
    if steal["niaga"] is not None:
        lines.append(
            f"CPU time the host took (steal) during Niaga's scenarios: {steal['niaga']}%"
            + (f", during Oscar's: {steal['peer']}%" if steal["peer"] is not None else "")
            + ". Ratios from a run where either is more than a few percent are not comparable."
        )
    if summary["speed"]:
        lines.append(
            "Machine speed, loops/s of a fixed Python loop (Niaga's part starts at niaga_start, Oscar's at niaga_end): "
            + ", ".join(f"{label} {rate}" for label, rate in summary["speed"].items())
            + ". A ratio is only as fair as these are alike."
        )
    text = "\n".join(lines)
    open(os.path.join(out, "summary.md"), "w").write(text + "\n")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
