"""How fast this machine runs Python right now: a fixed loop for one second, its rate noted
under a label in OUT_DIR/speed.json. On a shared VM the speed can halve for minutes without
any steal showing; the report sets Niaga's part beside Oscar's.

  python bench/speed.py OUT_DIR LABEL
"""

from __future__ import annotations

import json
import os
import sys
import time


def loops_per_second(seconds: float = 1.0) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        total = 0
        for i in range(100_000):
            total += i * i
        done += 1
    return round(done / (time.perf_counter() - started), 1)


def main(out: str, label: str) -> None:
    path = os.path.join(out, "speed.json")
    speeds = json.load(open(path)) if os.path.exists(path) else {}
    speeds[label] = loops_per_second()
    json.dump(speeds, open(path, "w"), indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
