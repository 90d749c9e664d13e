#!/usr/bin/env bash
# Start (or reuse) a project-local PostgreSQL server and print an admin URL for it.
# Idempotent; works as root (server runs as the postgres user) and as a normal user.
#   PGROOT  where the cluster lives (data/, sock/, server.log)   default /tmp/checktick-jobs-pg
#   PGPORT  TCP port on 127.0.0.1                                 default 54339
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -n "$PGBIN" ] || { echo "pg-up: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
PGROOT=${PGROOT:-/tmp/checktick-jobs-pg}
PGPORT=${PGPORT:-54339}
PGDATA=$PGROOT/data
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -U postgres; }

mkdir -p "$PGROOT/sock"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGROOT" "$PGROOT/sock"; fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-sync >"$PGROOT/initdb.log" 2>&1 \
    || { cat "$PGROOT/initdb.log" >&2; exit 1; }
fi
if ! ready; then
  if [ -f "$PGDATA/postmaster.pid" ]; then
    # A postmaster killed with -9 stays a zombie here (PID 1 does not reap): drop its stale pid file.
    pid=$(head -n1 "$PGDATA/postmaster.pid")
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || echo gone)
    if [ "$state" = gone ] || [ "$state" = Z ]; then rm -f "$PGDATA/postmaster.pid"; fi
  fi
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/server.log" -w -t 60 \
    -o "-p $PGPORT -k $PGROOT/sock -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off" \
    start >/dev/null || { tail -n 20 "$PGROOT/server.log" >&2; exit 1; }
fi
echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
