# Helpers of scripts/faults (sourced): processes, clusters, databases, fixtures, result lines.
# shellcheck shell=bash

declare -A PORTS=()     # server name -> port
declare -A PIDS=()      # process name -> pid (servers, sinks, fixtures, load generators)
declare -A G=()         # figures of the last governance_figures call
SCEN=setup
SCEN_PIDS=()            # every process the current scenario started (killed at its end)
SCEN_CLUSTERS=()        # private clusters "root:port" of the current scenario
SCEN_DBS=()             # databases on the shared cluster of the current scenario
ERRS=()                 # failed expectations of the current scenario
EVIDENCE=""

note() { printf '  [%s %s] %s\n' "$(date +%T)" "$SCEN" "$*" >&2; }

# need MESSAGE TEST...: records MESSAGE as a failure of the scenario when the test command fails.
need() { local message=$1; shift; "$@" || ERRS+=("$message"); }

# one_of VALUE A [B …]: VALUE is one of the others.
one_of() { local value=$1; shift; for option in "$@"; do [ "$value" = "$option" ] && return 0; done; return 1; }

# all_eq A B [C D …]: every pair is equal (for need with several conditions).
all_eq() { while [ $# -ge 2 ]; do [ "$1" = "$2" ] || return 1; shift 2; done; }

# abort MESSAGE: a setup step failed; the scenario cannot go on (its caller returns 1).
abort() { ERRS+=("$1"); note "abort: $1"; return 1; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- setup and teardown ---------------------------------------------------------------------------

faults_setup() {
  # bash reports every child killed by a signal ("… Killed  env DATABASE_URL=…"); kill -9 is the point here
  exec 2> >(grep --line-buffered -v -E '^.*: line [0-9]+: +[0-9]+ Killed ' >&2)
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  WORK=$(mktemp -d /tmp/ctj-faults.XXXXXX)
  chmod 755 "$WORK"
  for tool in psql wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "faults: $tool is missing" >&2; return 1; }
  done
  if [ ! -x "$PY" ] || ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
    echo "faults: creating $ROOT/.venv with aiosmtpd" >&2
    [ -x "$PY" ] || python3 -m venv "$ROOT/.venv" || return 1
    "$ROOT/.venv/bin/pip" install -q --disable-pip-version-check aiosmtpd || return 1
  fi
  if [ "${FAULTS_NO_BUILD:-}" != 1 ]; then
    echo "faults: building checktick-jobs (debug, .build-faults)" >&2
    (cd "$ROOT" && swift build --product checktick-jobs --scratch-path "$ROOT/.build-faults") >"$WORK/build.log" 2>&1 \
      || { tail -n 30 "$WORK/build.log" >&2; return 1; }
  fi
  [ -x "$BIN" ] || { echo "faults: $BIN is missing" >&2; return 1; }
  SECRET=$("$BIN" sign --generate-secret) || return 1
  export JOBS_WEBHOOK_SECRETS=$SECRET
  SHARED_PORT=$(free_port)
  SHARED_ROOT=/tmp/ctj-faults-pg-$SHARED_PORT
  SHARED_URL=$(PGROOT=$SHARED_ROOT PGPORT=$SHARED_PORT "$ROOT/scripts/pg-up.sh") || return 1
  SHARED_URL=${SHARED_URL%/postgres}
  echo "faults: work folder $WORK, PostgreSQL on :$SHARED_PORT" >&2
}

faults_teardown() {
  scenario_cleanup
  if [ -n "${SHARED_ROOT:-}" ]; then
    PGROOT=$SHARED_ROOT PGPORT=$SHARED_PORT "$ROOT/scripts/pg-down.sh"
    rm -rf "$SHARED_ROOT"
  fi
  if [ "${FAILED:-1}" = 0 ] && [ "${FAULTS_KEEP:-}" != 1 ] && [ -n "${WORK:-}" ]; then rm -rf "$WORK"; fi
}

run_scenario() {
  local name=$1 start
  SCEN=$name ERRS=() EVIDENCE="" SCEN_PIDS=() SCEN_CLUSTERS=() SCEN_DBS=()
  mkdir -p "$WORK/$name"
  start=$(now)
  note "start"
  "scenario_$name"
  scenario_cleanup
  local took
  took=$(since "$start")
  if [ ${#ERRS[@]} -eq 0 ]; then
    echo "PASS $name: $EVIDENCE (${took}s)"
    return 0
  fi
  local why
  why=$(printf '%s; ' "${ERRS[@]}")
  echo "FAIL $name: ${why%; }${EVIDENCE:+ [figures: $EVIDENCE]} (${took}s, logs $WORK/$name)"
  return 1
}

scenario_cleanup() {
  local pid entry
  for pid in "${SCEN_PIDS[@]}"; do
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
    wait "$pid" 2>/dev/null
  done
  SCEN_PIDS=()
  for entry in "${SCEN_CLUSTERS[@]}"; do
    PGROOT=${entry%%:*} PGPORT=${entry##*:} "$ROOT/scripts/pg-down.sh"
    rm -rf "${entry%%:*}"
  done
  SCEN_CLUSTERS=()
  for entry in "${SCEN_DBS[@]}"; do
    psql -XAtq "$SHARED_URL/postgres" -c "DROP DATABASE IF EXISTS $entry WITH (FORCE)" >/dev/null 2>&1
  done
  SCEN_DBS=()
}

# --- processes ------------------------------------------------------------------------------------

# alive PID: the process exists and is not a zombie.
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# wait_exit PID SECONDS: waits for a child to exit; sets EXIT_CODE (124 when it did not exit in time).
wait_exit() {
  local pid=$1 limit=$2 start
  start=$(now)
  while alive "$pid"; do
    if awk -v s="$(since "$start")" -v l="$limit" 'BEGIN { exit !(s >= l) }'; then EXIT_CODE=124; return 1; fi
    sleep 0.05
  done
  wait "$pid" 2>/dev/null
  EXIT_CODE=$?
}

# track PID NAME: the scenario owns this background child.
track() { PIDS[$2]=$1; SCEN_PIDS+=("$1"); }

# start_server NAME DATABASE_URL [VAR=VALUE…] — `serve --migrate` on PORTS[NAME] (kept across restarts),
# diagnostic jobs on, logging to $WORK/<scenario>/NAME.log. Environment given here overrides the defaults.
start_server() {
  local name=$1 db=$2; shift 2
  local port=${PORTS[$name]:-}
  [ -n "$port" ] || port=$(free_port)
  PORTS[$name]=$port
  env DATABASE_URL="$db" JOBS_WEBHOOK_SECRETS="$SECRET" JOBS_DIAGNOSTIC_JOBS=1 JOBS_LISTEN="127.0.0.1:$port" \
    JOBS_LOG_LEVEL=info JOBS_QUEUE_CAPACITY=100000 "$@" "$BIN" serve --migrate >>"$WORK/$SCEN/$name.log" 2>&1 &
  track $! "$name"
}

# wait_ready NAME [SECONDS]: /readyz answers 200.
wait_ready() {
  local port=${PORTS[$1]} limit=${2:-30} i
  for ((i = 0; i < limit * 20; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && return 0
    alive "${PIDS[$1]}" || { abort "server $1 exited at start: $(tail -n 3 "$WORK/$SCEN/$1.log" | tr '\n' ' ')"; return 1; }
    sleep 0.05
  done
  abort "server $1 not ready after ${limit}s"
}

url() { echo "http://127.0.0.1:${PORTS[$1]}"; }

# trigger NAME JOB [BODY] [WAIT] [ID]: one signed trigger; sets T_STATUS, T_RUN, T_RUN_STATUS, T_JSON.
trigger() {
  local args=(trigger --url "$(url "$1")" --job "$2" --body "${3:-}")
  [ -n "${4:-}" ] && args+=(--wait "$4")
  [ -n "${5:-}" ] && args+=(--id "$5")
  T_JSON=$("$PY" "$HERE/ctj.py" "${args[@]}")
  T_STATUS=$(jq_get "$T_JSON" status)
  T_RUN=$(jq_get "$T_JSON" run_id)
  T_RUN_STATUS=$(jq_get "$T_JSON" run_status)
}

# jq_get JSON KEY [KEY…]: a (nested) field of a JSON object, empty when absent.
jq_get() {
  python3 -c 'import json,sys
v=json.loads(sys.argv[1])
for k in sys.argv[2:]:
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else v))' "$@"
}

# --- PostgreSQL -----------------------------------------------------------------------------------

sql() { psql -XAtq -v ON_ERROR_STOP=1 "$1" -c "$2"; }

# new_db NAME: a database on the shared cluster with the service's and CheckTick's tables; sets DB.
new_db() {
  local name="faults_${1}_$$"
  sql "$SHARED_URL/postgres" "CREATE DATABASE $name" >/dev/null || { abort "cannot create database $name"; return 1; }
  SCEN_DBS+=("$name")
  DB=$SHARED_URL/$name
  migrate_checktick "$DB"
}

migrate_checktick() {
  DATABASE_URL=$1 "$BIN" migrate --checktick-schema >>"$WORK/$SCEN/migrate.log" 2>&1 \
    || { abort "migrate --checktick-schema failed: $(tail -n 2 "$WORK/$SCEN/migrate.log" | tr '\n' ' ')"; return 1; }
}

# private_cluster: a cluster of the scenario's own (so it can be crashed); sets PRIV_ROOT, PRIV_PORT, PRIV_URL.
private_cluster() {
  PRIV_PORT=$(free_port)
  PRIV_ROOT=/tmp/ctj-faults-private-$PRIV_PORT
  SCEN_CLUSTERS+=("$PRIV_ROOT:$PRIV_PORT")
  PRIV_URL=$(PGROOT=$PRIV_ROOT PGPORT=$PRIV_PORT "$ROOT/scripts/pg-up.sh") || { abort "private cluster did not start"; return 1; }
  PRIV_URL=${PRIV_URL%/postgres}
}

# crash_cluster: stops the private cluster the way a crash would (no checkpoint, no goodbye to clients).
crash_cluster() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PRIV_ROOT/data" -m immediate -w stop >/dev/null 2>&1
  else
    "$PGBIN/pg_ctl" -D "$PRIV_ROOT/data" -m immediate -w stop >/dev/null 2>&1
  fi
}

restart_cluster() { PGROOT=$PRIV_ROOT PGPORT=$PRIV_PORT "$ROOT/scripts/pg-up.sh" >/dev/null; }

# wait_sql DB SQL EXPECTED SECONDS: polls until the query prints EXPECTED.
wait_sql() {
  local db=$1 query=$2 expected=$3 limit=$4 start value
  start=$(now)
  while true; do
    value=$(sql "$db" "$query" 2>/dev/null)
    [ "$value" = "$expected" ] && return 0
    awk -v s="$(since "$start")" -v l="$limit" 'BEGIN { exit !(s >= l) }' && { LAST_VALUE=$value; return 1; }
    sleep 0.1
  done
}

# wait_idle DB SECONDS: no run queued or running.
wait_idle() {
  wait_sql "$1" "SELECT count(*) FROM checktick_jobs.runs WHERE status IN ('queued', 'running')" 0 "$2" \
    || { abort "runs still queued or running after ${2}s: $LAST_VALUE"; return 1; }
}

# --- fixtures -------------------------------------------------------------------------------------

# start_sink NAME PORT DIR: the SMTP sink (aiosmtpd) storing messages in DIR.
start_sink() {
  local name=$1 port=$2 dir=$3 i
  mkdir -p "$dir"
  "$PY" "$FIXTURES/smtp_sink.py" "$port" "$dir" >"$WORK/$SCEN/$name.log" 2>&1 &
  track $! "$name"
  for ((i = 0; i < 100; i++)); do
    grep -q READY "$WORK/$SCEN/$name.log" 2>/dev/null && return 0
    sleep 0.05
  done
  abort "SMTP sink did not start: $(tail -n 2 "$WORK/$SCEN/$name.log")"
}

# start_fixture NAME PORT ROOT: the HTTP fixture server serving ROOT.
start_fixture() {
  local name=$1 port=$2 root=$3 i
  python3 "$FIXTURES/fixture_server.py" "$port" "$root" >"$WORK/$SCEN/$name.log" 2>&1 &
  track $! "$name"
  for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null "http://127.0.0.1:$port/_log" && return 0
    sleep 0.05
  done
  abort "fixture server did not start"
}

# stop NAME [SIGNAL]: signals a tracked process and reaps it.
stop() {
  local pid=${PIDS[$1]}
  kill "-${2:-TERM}" "$pid" 2>/dev/null
  wait_exit "$pid" 20 || { kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
}

# --- governance data ------------------------------------------------------------------------------

# governance_data DB n_hard n_soft n_hold n_warn n_keep: CheckTick data for the governance job, snapshotted.
governance_data() {
  local db=$1
  psql -XAtq -v ON_ERROR_STOP=1 "$db" -v n_hard="$2" -v n_soft="$3" -v n_hold="$4" -v n_warn="$5" -v n_keep="$6" \
    -f "$HERE/governance-data.sql" >/dev/null && psql -XAtq "$db" -f "$HERE/governance-snapshot.sql" >/dev/null \
    || { abort "governance data did not load"; return 1; }
}

# governance_figures DB: fills G[...] from governance-check.sql.
governance_figures() {
  local key value
  G=()
  while IFS=$'\t' read -r key value; do G[$key]=$value; done < <(psql -XAtq -F $'\t' "$1" -f "$HERE/governance-check.sql")
}

# governance_consistent LABEL: the invariants that hold after ANY interruption (nothing half-done).
governance_consistent() {
  local label=$1
  need "$label: ${G[half_deleted]} surveys half-deleted (still present, dependents or keys changed)" [ "${G[half_deleted]}" = 0 ]
  need "$label: ${G[orphans]} orphaned dependent rows" [ "${G[orphans]}" = 0 ]
  need "$label: ${G[gone_not_hard]} surveys deleted that were not due (legal hold or kept)" [ "${G[gone_not_hard]}" = 0 ]
  need "$label: hard_delete events ${G[hard_events]} (distinct ${G[hard_events_distinct]}) for ${G[hard_gone]} surveys gone, ${G[hard_events_unmatched]} unmatched" \
    all_eq "${G[hard_events]}" "${G[hard_gone]}" "${G[hard_events_distinct]}" "${G[hard_gone]}" "${G[hard_events_unmatched]}" 0
  need "$label: soft_delete events ${G[soft_events]} (distinct ${G[soft_events_distinct]}) for ${G[soft_done]} soft-deleted, ${G[soft_events_unmatched]} unmatched" \
    all_eq "${G[soft_events]}" "${G[soft_done]}" "${G[soft_events_distinct]}" "${G[soft_done]}" "${G[soft_events_unmatched]}" 0
  need "$label: ${G[wrongly_soft_deleted]} surveys soft-deleted that were not due" [ "${G[wrongly_soft_deleted]}" = 0 ]
  need "$label: ledger ${G[ledger]} rows but ${G[ledger_distinct]} distinct, ${G[warn_events]} warning events" \
    all_eq "${G[ledger]}" "${G[ledger_distinct]}" "${G[warn_events]}" "${G[ledger]}"
}

# governance_complete LABEL: everything due was done exactly once.
governance_complete() {
  local label=$1
  governance_consistent "$label"
  need "$label: ${G[hard_gone]}/${G[hard_total]} hard-delete surveys gone" [ "${G[hard_gone]}" = "${G[hard_total]}" ]
  need "$label: ${G[soft_done]}/${G[soft_total]} soft-delete surveys done" [ "${G[soft_done]}" = "${G[soft_total]}" ]
  need "$label: legal-hold surveys left ${G[hold_left]}/${G[hold_total]}" [ "${G[hold_left]}" = "${G[hold_total]}" ]
  need "$label: ledger ${G[ledger]} of ${G[warn_total]} warnings" [ "${G[ledger]}" = "${G[warn_total]}" ]
}

# mail_figures DIR: fills M_* from the sink's stored messages.
mail_figures() {
  local json
  json=$("$PY" "$HERE/ctj.py" mail --dir "$1")
  M_MESSAGES=$(jq_get "$json" messages)
  M_RECIPIENTS=$(jq_get "$json" recipients)
  M_DUPLICATED=$(jq_get "$json" duplicated_recipients)
  M_EXTRA=$(jq_get "$json" extra_copies)
  M_WRONG=$(jq_get "$json" wrong_subject)
  M_EXAMPLE=$(jq_get "$json" example)
}
