#!/usr/bin/env bash
# The whole suite: once on SQLite, once on PostgreSQL + Redis.
# Under CI=true the services must be there (started if down) and nothing may be skipped
# for lack of them; locally the PostgreSQL pass is skipped with a warning if unreachable.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/niaga}
REDIS=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
ci=${CI:-false}

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

echo "== SQLite pass =="
"$BIN/pytest" -q "$@"
sqlite_rc=$?

if up check "$PG_URL" "$REDIS"; then
  echo "== PostgreSQL + Redis pass =="
  # With a reports replica alias (a mirror of the primary in tests), as production runs.
  DATABASE_URL=$PG_URL DATABASE_REPLICA_URL=$PG_URL REDIS_URL=$REDIS "$BIN/pytest" -q "$@"
  pg_rc=$?
elif [ "$ci" = "true" ]; then
  echo "PostgreSQL or Redis unreachable under CI: failing." >&2
  pg_rc=1
else
  echo "!! PostgreSQL/Redis not reachable: skipped the PostgreSQL pass (CI runs it)." >&2
  pg_rc=0
fi
[ $checks_rc -eq 0 ] && [ $sqlite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
