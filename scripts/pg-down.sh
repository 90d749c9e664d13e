#!/usr/bin/env bash
# Stop the project-local PostgreSQL started by scripts/pg-up.sh (same PGROOT/PGPORT variables).
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
PGROOT=${PGROOT:-/tmp/checktick-jobs-pg}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ -s "$PGROOT/data/PG_VERSION" ]; then
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
fi
