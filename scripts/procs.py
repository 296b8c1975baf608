"""Run the Procfile's processes under supervisord (`make run`'s last step).

    python scripts/procs.py [Procfile]

Each `name: command` line of the Procfile becomes a supervisord program. A process that
exits on its own (a crash, `kill -9`) is started again and the others keep serving:
supervisord logs the exit and the spawn, and a process that keeps failing at start is
retried with a growing pause (1 s, 2 s, 3 s, ...) before it is given up. Ctrl-C (or
SIGTERM) stops them all and then supervisord itself.

Every process gets the same environment: HOST and PORT are the site's (web) address, the
sandbox, the stand-in for Midtrans and the couriers, listens on NIAGA_SANDBOX_PORT
(PORT + 1), and Niaga's gateway and courier clients call it there, not through the web
server's own threads, which are the ones waiting for the answer.
"""

from __future__ import annotations

import os
import pwd
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_RETRIES = 20  # a process that dies at start: retried 20 times, waiting 1 s more each time
START_SECONDS = 3  # up this long counts as started; a later exit is a crash, restarted at once


def environment(env: dict[str, str]) -> dict[str, str]:
    """The processes' shared settings, from HOST and PORT unless given."""
    env = dict(env)
    host, port = env.setdefault("HOST", "127.0.0.1"), env.setdefault("PORT", "8000")
    env.setdefault("NIAGA_PUBLIC_URL", f"http://{host}:{port}")
    sandbox_port = env.setdefault("NIAGA_SANDBOX_PORT", str(int(port) + 1))
    env.setdefault("NIAGA_SANDBOX_URL", f"http://{host}:{sandbox_port}")
    # The pages people use (the bank, 3-D Secure, ...) stay at the site's address they know.
    env.setdefault("NIAGA_SANDBOX_PAGES_URL", env["NIAGA_PUBLIC_URL"])
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def programs(procfile: Path) -> dict[str, str]:
    procs = {}
    for line in procfile.read_text().splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not name.lstrip().startswith("#"):
            procs[name.strip()] = command.strip()
    return procs


def config(procs: dict[str, str], var: Path) -> str:
    """supervisord's configuration: the daemon in the foreground, each program's output on
    its stdout (the terminal), restarted whenever it exits."""
    var_s = str(var).replace("%", "%%")
    parts = [
        "[supervisord]",
        "nodaemon=true",
        # As whoever started make run; naming root keeps supervisord from logging CRIT when it is.
        *([f"user={pwd.getpwuid(os.geteuid()).pw_name}"] if os.geteuid() == 0 else []),
        f"logfile={var_s}/supervisord.log",
        "logfile_maxbytes=1MB",
        "logfile_backups=1",
        f"pidfile={var_s}/supervisord.pid",
        f"childlogdir={var_s}",
        "loglevel=info",
        "",
    ]
    for name, command in procs.items():
        parts += [
            f"[program:{name}]",
            # through a shell for the Procfile's ${VAR:-default}; exec, so the signal reaches it
            "command=/bin/sh -c " + shlex.quote("exec " + command).replace("%", "%%"),
            f"directory={str(ROOT).replace('%', '%%')}",
            "autorestart=true",
            f"startsecs={START_SECONDS}",
            f"startretries={START_RETRIES}",
            "stopsignal=TERM",
            "stopwaitsecs=15",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            "stdout_logfile=/dev/stdout",
            "stdout_logfile_maxbytes=0",
            "",
        ]
    return "\n".join(parts)


def main(argv: list[str]) -> None:
    procfile = Path(argv[1] if len(argv) > 1 else ROOT / "Procfile").resolve()
    env = environment(dict(os.environ))
    var = Path(env.get("NIAGA_VAR_DIR") or ROOT / "var").resolve() / "run"
    var.mkdir(parents=True, exist_ok=True)
    conf = var / "supervisord.conf"
    conf.write_text(config(programs(procfile), var))
    supervisord = str(Path(sys.executable).parent / "supervisord")
    os.execve(supervisord, [supervisord, "--configuration", str(conf)], env)


if __name__ == "__main__":
    main(sys.argv)
