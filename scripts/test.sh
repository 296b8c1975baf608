#!/usr/bin/env bash
# The whole suite: once on SQLite, once on PostgreSQL + Redis, the two passes side by side
# (each is one Python process, mostly on one core; run one after the other they took twice as long).
# Under CI=true the services must be there (started if down) and nothing may be skipped
# for lack of them; locally the PostgreSQL pass is skipped with a warning if unreachable.
# TEST_PASSES=sequential runs them one after the other (output as it comes).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/niaga}
REDIS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
ci=${CI:-false}
passes=${TEST_PASSES:-parallel}
logs=var/test-logs

up() { "$BIN/python" scripts/services.py "$@"; }

if [ "$ci" = "true" ]; then
  bash scripts/ensure-services.sh || exit 1
fi

echo "== Checks: ruff, mypy, the import contract =="
checks_rc=0
"$BIN/ruff" check src || checks_rc=1
"$BIN/ruff" format --check src || checks_rc=1
"$BIN/mypy" || checks_rc=1
PYTHONPATH=src "$BIN/lint-imports" || checks_rc=1

sqlite_pass() { "$BIN/pytest" -q --durations=15 "$@"; }
# With a reports replica alias (a mirror of the primary in tests), as production runs.
pg_pass() {
  DATABASE_URL=$PG_URL DATABASE_REPLICA_URL=$PG_URL REDIS_URL=$REDIS "$BIN/pytest" -q --durations=15 "$@"
}

pg_rc=0
pg_pid=""
if up check "$PG_URL" "$REDIS"; then
  if [ "$passes" = "parallel" ]; then
    mkdir -p "$logs"
    echo "== PostgreSQL + Redis pass: started beside the SQLite pass (output: $logs/postgresql.log) =="
    pg_pass "$@" >"$logs/postgresql.log" 2>&1 &
    pg_pid=$!
    trap '[ -n "$pg_pid" ] && kill "$pg_pid" 2>/dev/null' EXIT
  fi
  have_pg=true
elif [ "$ci" = "true" ]; then
  echo "PostgreSQL or Redis unreachable under CI: failing." >&2
  have_pg=false
  pg_rc=1
else
  echo "!! PostgreSQL/Redis not reachable: skipped the PostgreSQL pass (CI runs it)." >&2
  have_pg=false
fi

echo "== SQLite pass =="
sqlite_pass "$@"
sqlite_rc=$?

if [ "$have_pg" = "true" ]; then
  if [ -n "$pg_pid" ]; then
    wait "$pg_pid"
    pg_rc=$?
    pg_pid=""
    echo "== PostgreSQL + Redis pass (ran beside the SQLite pass) =="
    cat "$logs/postgresql.log"
  else
    echo "== PostgreSQL + Redis pass =="
    pg_pass "$@"
    pg_rc=$?
  fi
fi
echo "== Result: checks rc=$checks_rc, SQLite rc=$sqlite_rc, PostgreSQL rc=$pg_rc =="
[ $checks_rc -eq 0 ] && [ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
