"""Sample the resident memory of the app's processes once a second; write the peaks.

  python bench/memory.py OUT.json GUNICORN_PIDFILE CONSUMER_PID
"""

import json
import os
import signal
import sys
import time


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []


def main(out: str, pidfile: str, consumer: int) -> None:
    peaks = {"gunicorn worker (max)": 0, "gunicorn master": 0, "job consumer": 0}
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    while running:
        try:
            master = int(open(pidfile).read().strip())
        except (OSError, ValueError):
            master = 0
        if master:
            peaks["gunicorn master"] = max(peaks["gunicorn master"], rss_kib(master))
            for worker in children(master):
                peaks["gunicorn worker (max)"] = max(peaks["gunicorn worker (max)"], rss_kib(worker))
        peaks["job consumer"] = max(peaks["job consumer"], rss_kib(consumer))
        json.dump({k: f"{v / 1024:.0f} MiB" for k, v in peaks.items()}, open(out, "w"))
        time.sleep(1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    os._exit(0)
