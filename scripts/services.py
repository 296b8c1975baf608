"""`services.py check PG_URL REDIS_URL`: exit 0 when both answer."""

import sys

import psycopg
import redis


def main() -> int:
    _, _, pg_url, redis_url = sys.argv
    try:
        with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3) as conn:
            conn.execute("select 1")
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        print(f"services not reachable: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
