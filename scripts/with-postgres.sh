#!/usr/bin/env bash
# Run a command against PostgreSQL: DATABASE_URL when set; else the server on 127.0.0.1:5432 when
# one answers; else a throwaway cluster made with Debian's initdb, deleted afterwards.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -U postgres; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  echo "Testing on the PostgreSQL server at 127.0.0.1:5432"
  exec "$@"
fi

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "No PostgreSQL found: set DATABASE_URL, or install it (apt-get install postgresql)." >&2
  exit 1
fi

DIR=$(mktemp -d)
PORT=${TAUT_PG_PORT:-55432}
AS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$DIR"
  AS=(runuser -u postgres --)
fi
cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -h 127.0.0.1 -p $PORT -F -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "Testing on a throwaway PostgreSQL cluster at 127.0.0.1:$PORT"
"$@"
