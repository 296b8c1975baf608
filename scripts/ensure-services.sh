#!/usr/bin/env bash
# CI machines have PostgreSQL, Redis, Debian's Chromium and nginx (with its Lua module) as packages; start
# or install what is missing so that no test is skipped for lack of it.
set -uo pipefail
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's Chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f /usr/lib/nginx/modules/ngx_http_lua_module.so ] || [ ! -f /usr/share/lua/5.1/nginx/redis.lua ]; then
  echo "installing nginx with its Lua module for the flash edge tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq nginx-light libnginx-mod-http-lua lua-nginx-redis lua-nginx-string lua-cjson >/dev/null \
    || { apt-get update -qq && apt-get install -y -qq nginx-light libnginx-mod-http-lua lua-nginx-redis lua-nginx-string lua-cjson >/dev/null; }
fi
pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null && [ -x /usr/bin/chromium ] && [ -f /usr/lib/nginx/modules/ngx_http_lua_module.so ]
