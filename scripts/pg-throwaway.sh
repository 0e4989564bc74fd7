#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests; prints `export DATABASE_URL=...` and the
# command that stops it. Usage: eval "$(bash scripts/pg-throwaway.sh)"; ... ; eval "$PG_STOP"
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "echo 'postgresql is not installed' >&2; false"; exit 0; }
PGTMP=$(mktemp -d /tmp/celltrial-pg.XXXXXX)
PGPORT=$(( 20000 + RANDOM % 20000 ))
RUN=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGTMP"; RUN=(runuser -u postgres --); fi
"${RUN[@]}" "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "export DATABASE_URL='postgres://postgres@127.0.0.1:$PGPORT/postgres'"
echo "export PG_STOP='${RUN[*]} $PGBIN/pg_ctl -D $PGTMP/data -m immediate stop >/dev/null 2>&1; rm -rf $PGTMP'"
