"""`make run` on a laptop. Without Redis the cache (kept pages, rate-limit counters, the
waiting room) lives in one process's memory, so the Procfile runs one web process. With two,
a seller's change reached only the process that made it, and anonymous buyers saw the old
price from the other (105 of 200 page views, before this was one process)."""

import importlib.util
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
PROCFILE, MAKEFILE = ROOT / "Procfile", ROOT / "Makefile"


def test_make_run_serves_the_site_from_one_process_with_threads():
    web = next(line for line in PROCFILE.read_text().splitlines() if line.startswith("web:"))
    assert re.search(r"--workers 1\b", web)
    assert int(re.search(r"--threads (\d+)", web).group(1)) >= 8


def test_every_process_of_make_run_knows_the_one_address_of_the_site():
    """honcho handed each process its own PORT (the consumer got 8100), and the address was
    built from it: e-mails from the consumer linked to http://127.0.0.1:8100/."""
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert 'NIAGA_PUBLIC_URL="$${NIAGA_PUBLIC_URL:-http://$(HOST):$(PORT)}"' in recipe


def procs():
    spec = importlib.util.spec_from_file_location("procs", ROOT / "scripts" / "procs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gateway_and_couriers_call_the_sandbox_in_its_own_server_not_the_web_servers_threads():
    """The web server's threads wait for the gateway; before, the gateway was served by those
    same threads, and a class's checkouts held them all while its charges queued."""
    p = procs()
    programs = p.programs(PROCFILE)
    assert set(programs) == {"web", "sandbox", "jobs"}
    assert "${PORT" in programs["web"] and "${NIAGA_SANDBOX_PORT" in programs["sandbox"]
    env = p.environment({"HOST": "127.0.0.1", "PORT": "8000", "PATH": "/usr/bin"})
    assert env["NIAGA_SANDBOX_PORT"] == "8001" and env["NIAGA_SANDBOX_URL"] == "http://127.0.0.1:8001"
    assert env["NIAGA_PUBLIC_URL"] == env["NIAGA_SANDBOX_PAGES_URL"] == "http://127.0.0.1:8000"  # people's pages


def test_every_process_of_make_run_is_restarted_when_it_exits():
    conf = procs().config({"web": "gunicorn x", "jobs": "niaga run_huey"}, ROOT / "var" / "run")
    for name in ("web", "jobs"):
        section = conf.split(f"[program:{name}]", 1)[1].split("\n\n", 1)[0]
        assert "autorestart=true" in section and "startretries=" in section
    if os.geteuid() == 0:  # supervisord logs CRIT for a root it was not told to run as
        assert "\nuser=root\n" in conf.split("[program:", 1)[0]


def test_make_run_scrapes_metrics_with_a_development_token_made_once():
    """/metrics is closed without NIAGA_METRICS_TOKEN; make run makes one into var/ the first
    time (kept, like the secret key) and hands it to the printout and to every process."""
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "test -s var/metrics_token ||" in recipe and "umask 077" in recipe
    handed = 'NIAGA_METRICS_TOKEN="$${NIAGA_METRICS_TOKEN:-$$(cat var/metrics_token)}"'
    assert recipe.count(handed) == 2  # the accounts' printout (load_demo) and the supervised processes
