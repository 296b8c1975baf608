#!/usr/bin/env bash
# The benchmark: Niaga and a peer shop (Django Oscar, from shared/bench/oscar) on this
# machine, against 127.0.0.1 only, bounded in time, each figure printed as a ratio to the
# peer's measured in the same run.  Usage: bench/run.sh   (see bench/README.md for the knobs)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${N:-1000} DURATION=${DURATION:-15s} CONNECTIONS=${CONNECTIONS:-16} WORKERS=${WORKERS:-4} THREADS=${THREADS:-8}
CHECKOUT_THREADS=${CHECKOUT_THREADS:-8} BUYERS=${BUYERS:-1000}
FLASH_ATTEMPTS=${FLASH_ATTEMPTS:-20000} FLASH_CLIENTS=${FLASH_CLIENTS:-500} FLASH_QUOTA=${FLASH_QUOTA:-1000}
PORT=${BENCH_PORT:-8002} PEER=${PEER:-1} PEER_DIR=${PEER_DIR:-/tmp/oscar-peer}
OUT=${OUT:-$ROOT/var/bench/$(date +%Y%m%d-%H%M%S)}
PG_ADMIN=${BENCH_PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
DB_NAME=${BENCH_DB:-niaga_bench}
REDIS_DB=${BENCH_REDIS_DB:-13}
BIN=$ROOT/.venv/bin
say() { echo "== $*"; }

mkdir -p "$OUT"
command -v wrk >/dev/null || { say "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
[ -f /usr/lib/nginx/modules/ngx_http_lua_module.so ] && [ -f /usr/share/lua/5.1/nginx/redis.lua ] || {
  say "installing nginx with its Lua module"
  apt-get install -y -qq nginx-light libnginx-mod-http-lua lua-nginx-redis lua-nginx-string lua-cjson >/dev/null
}
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running on 127.0.0.1:5432" >&2; exit 1; }
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis is not running on 127.0.0.1:6379" >&2; exit 1; }
make -s dev-install

# The priorities below (nginx before the app, the job consumer after it) stand in for the
# separate hosts of the production layout. A kernel with autogroup scheduling ranks a process
# only against its own session, and every daemon here is its own session, so it is off for
# the run (Niaga's and the peer's alike) and put back after.
AUTOGROUP=/proc/sys/kernel/sched_autogroup_enabled AUTOGROUP_WAS=""
if [ -w "$AUTOGROUP" ] && [ "$(cat "$AUTOGROUP")" = 1 ]; then AUTOGROUP_WAS=1; echo 0 > "$AUTOGROUP"; fi
restore_scheduler() { [ -z "$AUTOGROUP_WAS" ] || echo "$AUTOGROUP_WAS" > "$AUTOGROUP"; }
trap restore_scheduler EXIT

export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB_NAME REDIS_URL=redis://127.0.0.1:6379/$REDIS_DB
WORLD=$((PORT + 1))  # the sandbox (banks, couriers) in its own server, as Midtrans would be
EDGE=$((PORT + 2))   # nginx in front of the app, as in the README's production layout
export NIAGA_PUBLIC_URL=http://127.0.0.1:$PORT NIAGA_RATE_LIMITS=0 LOG_LEVEL=WARNING NIAGA_VAR_DIR=$OUT/var DB_CONN_MAX_AGE=60
export NIAGA_MIDTRANS_BASE_URL=http://127.0.0.1:$WORLD/sandbox/midtrans NIAGA_COURIER_BASE_URL=http://127.0.0.1:$WORLD/sandbox/kurir
export SECRET_KEY=bench-only-not-secret PROMETHEUS_MULTIPROC_DIR=$OUT/prometheus
mkdir -p "$NIAGA_VAR_DIR" "$PROMETHEUS_MULTIPROC_DIR"
cat > "$OUT/settings.json" <<JSON
{"date": "$(date -Iseconds)", "host": "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB", "N": $N, "duration": "$DURATION",
 "connections": $CONNECTIONS, "workers": $WORKERS, "threads": $THREADS, "checkout_threads": $CHECKOUT_THREADS,
 "flash": {"attempts": $FLASH_ATTEMPTS, "clients": $FLASH_CLIENTS, "quota": $FLASH_QUOTA},
 "sched_autogroup": "$(cat "$AUTOGROUP" 2>/dev/null || echo none)"}
JSON

say "Niaga: database $DB_NAME, $N products, $BUYERS buyers"
psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME" >/dev/null
redis-cli -n "$REDIS_DB" flushdb >/dev/null
"$BIN/niaga" migrate --noinput -v0
"$BIN/niaga" collectstatic --noinput -v0
"$BIN/python" bench/load.py "$OUT" "$N" "$BUYERS" "$FLASH_QUOTA"
"$BIN/python" bench/wrk.py "$OUT"

# The host's share of the CPU (steal) during each side's scenarios, reported beside the
# figures: on a shared virtual machine a neighbour can halve the speed for minutes.
# The machine's speed too (a fixed Python loop, one second) at the edges of each part: a
# slowed host shows no steal.
cpu_mark() { head -1 /proc/stat > "$OUT/cpu_$1"; "$BIN/python" "$ROOT/bench/speed.py" "$OUT" "$1"; }
cpu_mark niaga_start
say "Niaga: gunicorn $WORKERS workers x $THREADS threads on 127.0.0.1:$PORT, one job consumer"
# Kept-alive connections outlive the clients' 15 s of idle reuse (aiohttp's), so a client never
# sends on a connection the server is closing (gunicorn's default is 2 s).
"$BIN/gunicorn" niaga.wsgi --bind 127.0.0.1:$PORT --workers "$WORKERS" --threads "$THREADS" --timeout 60 --keep-alive 20 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" --daemon
"$BIN/gunicorn" niaga.wsgi --bind 127.0.0.1:$WORLD --workers 2 --threads 8 --timeout 60 \
  --access-logfile /dev/null --error-logfile "$OUT/world.log" --pid "$OUT/world.pid" --daemon
# The consumer makes admitted flash buyers' orders; niced, so on these two shared cores the
# app's answers come first (in production it runs on its own machines).
NIAGA_JOB_WORKERS=${JOB_WORKERS:-8} nice -n 10 "$BIN/niaga" run_huey --quiet > "$OUT/huey.log" 2>&1 &
HUEY_PID=$!
mkdir -p "$OUT/edge"
sed -e "s#@OUT@#$OUT#g" -e "s#@APP_PORT@#$PORT#g" -e "s#@EDGE_PORT@#$EDGE#g" -e "s#@REDIS_DB@#$REDIS_DB#g" \
  -e "s#@LUA@#$ROOT/src/niaga/promotions/lua#g" bench/edge.conf > "$OUT/edge/nginx.conf"
nginx -c "$OUT/edge/nginx.conf"
"$BIN/python" bench/memory.py "$OUT/memory.json" "$OUT/gunicorn.pid" "$HUEY_PID" &
MEM_PID=$!
cleanup() {
  kill "$MEM_PID" 2>/dev/null || true
  kill "$(cat "$OUT/gunicorn.pid" 2>/dev/null)" "$(cat "$OUT/world.pid" 2>/dev/null)" "$HUEY_PID" 2>/dev/null || true
  nginx -c "$OUT/edge/nginx.conf" -s stop 2>/dev/null || true
}
trap 'cleanup; restore_scheduler' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && curl -sf "http://127.0.0.1:$WORLD/healthz" >/dev/null && break; sleep 0.5; done

run_wrk() {  # name lua path [warm-up seconds]
  local opts=(-t2 -c"$CONNECTIONS" --timeout 10s -s "$OUT/wrk/$2") warm=${4:-3}
  say "wrk $1: c=$CONNECTIONS, ${warm}s warm-up + $DURATION"
  [ "$warm" = 0 ] || wrk "${opts[@]}" -d"${warm}s" "http://127.0.0.1:$PORT$3" >/dev/null 2>&1 || true
  wrk "${opts[@]}" -d"$DURATION" --latency "http://127.0.0.1:$PORT$3" > "$OUT/wrk_$1.txt" 2>&1
}
run_wrk home codes.lua /
# First visits: no page kept yet, each of the N rendered once in the window (as after a
# release, or for products nobody has looked at); then the same pages once they are kept.
run_wrk product_first product.lua / 0
run_wrk product product.lua /
# The same pages while sellers change stock 10 times a second, as they do all through a peak.
"$BIN/python" bench/editor.py "$OUT" 10 &
EDITOR_PID=$!
run_wrk product_edits product.lua /
kill "$EDITOR_PID"
run_wrk search search.lua /
run_wrk category category.lua /
run_wrk cart cart.lua /

"$BIN/python" bench/speed.py "$OUT" niaga_middle
SECONDS_ONLY=${DURATION%s}
say "checkout: $CHECKOUT_THREADS buyers at a time for $DURATION"
"$BIN/python" bench/clients.py checkout "http://127.0.0.1:$PORT" "$OUT" "$SECONDS_ONLY" "$CHECKOUT_THREADS"
say "SQL statements per checkout"
"$BIN/python" bench/queries.py "$OUT"
# The flash sale goes through the edge, which repeats the app's sold-out answer for a second.
say "flash sale through nginx: $FLASH_ATTEMPTS attempts from $FLASH_CLIENTS clients (wrk), quota $FLASH_QUOTA"
"$BIN/python" bench/flash.py "http://127.0.0.1:$EDGE" "$OUT" "$FLASH_ATTEMPTS" "$FLASH_CLIENTS"
say "after the sale: $FLASH_CLIENTS buyers pressing Beli once a second each for 10 s, straight to the app"
"$BIN/python" bench/clients.py crowd "http://127.0.0.1:$PORT" "$OUT" "$FLASH_CLIENTS" 10 1
cleanup; trap restore_scheduler EXIT; sleep 1
cpu_mark niaga_end

PEER_RES=""
if [ "$PEER" = "1" ]; then
  say "peer: Django Oscar (shared/bench/oscar), same N, workers, duration and connections"
  export PEER_DIR N DURATION CONNECTIONS WORKERS CHECKOUT_THREADS
  ( cd shared/bench/oscar 2>/dev/null || cd ../shared/bench/oscar; ./run.sh setup && ./run.sh serve && ./run.sh bench && ./run.sh oversell; ./run.sh stop )
  PEER_RES=$PEER_DIR/results
  cpu_mark peer_end
fi
say "summary ($OUT)"
"$BIN/python" bench/report.py "$OUT" $PEER_RES
