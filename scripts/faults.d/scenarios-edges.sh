# Scenarios at the service's edges: SMTP down, the RCPCH API down/slow/malformed, slowloris (sourced by scripts/faults).
# shellcheck shell=bash

# governance_run LABEL: triggers process_data_governance and waits (60 s); sets GR_STATUS, GR_SUMMARY.
governance_run() {
  trigger "$GOV_SERVER" process_data_governance "" 60
  GR_STATUS="$T_STATUS/$T_RUN_STATUS"
  GR_SUMMARY=$(run_field "$DB" "$T_RUN" summary)
  note "$1: $GR_STATUS $GR_SUMMARY"
}

# sent_failed: sent/failed from the last governance_run's summary.
sent_failed() { echo "$(jq_get "$GR_SUMMARY" warnings_sent)/$(jq_get "$GR_SUMMARY" warnings_failed)"; }

# 300 deletion warnings are due while the SMTP server is (1) down — connection refused, (2) refusing
# DATA with 451, (3) dropping one connection mid-batch (421), then (4) healthy; a fifth run finds
# nothing left. A failed send is never recorded as sent and is retried by the next run; every owner
# gets exactly one e-mail, with the right window in its subject.
scenario_smtp_down() {
  local dir=$WORK/$SCEN mail=$WORK/$SCEN/mail sink_port
  new_db smtp || return 1
  governance_data "$DB" 0 0 0 100 20 || return 1
  sink_port=$(free_port)
  governance_env "$sink_port"
  GOV_SERVER=gov
  start_server gov "$DB" "${GOV_ENV[@]}" && wait_ready gov || return 1

  governance_run "sink down"
  local down="$GR_STATUS sent/failed $(sent_failed)"
  need "with the SMTP server down: run $GR_STATUS, sent/failed $(sent_failed), expected 0/300" [ "$(sent_failed)" = 0/300 ]
  governance_figures "$DB"
  need "with the SMTP server down the ledger holds ${G[ledger]} warnings" [ "${G[ledger]}" = 0 ]

  mkdir -p "$mail" && touch "$mail/REFUSE"
  start_sink sink "$sink_port" "$mail" || return 1
  governance_run "sink refuses"
  local refused="$GR_STATUS sent/failed $(sent_failed)"
  need "with DATA refused (451): sent/failed $(sent_failed), expected 0/300" [ "$(sent_failed)" = 0/300 ]
  governance_figures "$DB"
  mail_figures "$mail"
  need "with DATA refused: ledger ${G[ledger]}, sink stored $M_MESSAGES" all_eq "${G[ledger]}" 0 "$M_MESSAGES" 0

  # the SMTP server starts refusing in the middle of a run: part sent, part failed
  rm -f "$mail/REFUSE"
  ( while [ "$(find "$mail" -name 'msg-*.json' | wc -l)" -lt 100 ]; do sleep 0.01; done; touch "$mail/REFUSE" ) &
  track $! watcher
  governance_run "sink starts refusing mid-run"
  local midway="$GR_STATUS sent/failed $(sent_failed)" sent3
  sent3=$(jq_get "$GR_SUMMARY" warnings_sent)
  governance_figures "$DB"
  mail_figures "$mail"
  need "refusing mid-run: sent/failed $(sent_failed), expected some of each" \
    awk -v s="$sent3" 'BEGIN { exit !(s > 0 && s < 300) }'
  need "refusing mid-run: ledger ${G[ledger]} but the sink stored $M_MESSAGES for $M_RECIPIENTS recipients, run said $sent3" \
    all_eq "${G[ledger]}" "$sent3" "$M_MESSAGES" "$sent3" "$M_RECIPIENTS" "$sent3"

  # healthy again, but one connection is dropped (421 at MAIL FROM): the rest go out, each once
  rm -f "$mail/REFUSE"
  touch "$mail/DROP_ONCE"
  governance_run "sink healthy, drops one connection"
  local healthy="$GR_STATUS sent/failed $(sent_failed)" sent4
  sent4=$(jq_get "$GR_SUMMARY" warnings_sent)
  need "DROP_ONCE was not consumed (the sink saw no MAIL FROM)" [ ! -e "$mail/DROP_ONCE" ]
  need "healthy run: $GR_STATUS, sent $sent4 + earlier $sent3 != 300" [ $((sent4 + sent3)) = 300 ]
  governance_run "again"
  local again="$GR_STATUS sent/failed $(sent_failed)"
  need "a further run sent/failed $(sent_failed), expected 0/0" [ "$(sent_failed)" = 0/0 ]

  governance_figures "$DB"
  mail_figures "$mail"
  need "ledger ${G[ledger]} (distinct ${G[ledger_distinct]}), warning events ${G[warn_events]}, expected 300" \
    all_eq "${G[ledger]}" 300 "${G[ledger_distinct]}" 300 "${G[warn_events]}" 300
  need "sink: $M_MESSAGES messages to $M_RECIPIENTS recipients, $M_EXTRA extra copies (e.g. $M_EXAMPLE), expected 300 to 300" \
    all_eq "$M_MESSAGES" 300 "$M_RECIPIENTS" 300 "$M_DUPLICATED" 0
  need "$M_WRONG e-mails with the wrong window in the subject" [ "$M_WRONG" = 0 ]
  EVIDENCE="runs (http/run status, warnings sent/failed): down $down; 451 $refused; 451 from the 101st message $midway;"
  EVIDENCE+=" healthy with one connection dropped $healthy; again $again; ledger ${G[ledger]}, audit ${G[warn_events]}, sink $M_MESSAGES messages"
  EVIDENCE+=" to $M_RECIPIENTS recipients, 0 duplicates, subjects match windows"
}

# dataset_state DB: "key:version:md5(options)" of every surveys_dataset row, sorted (the thing that must not change).
dataset_state() {
  sql "$1" "SELECT string_agg(key || ':' || version || ':' || md5(options::text), ' ' ORDER BY key) FROM surveys_dataset"
}
dataset_field() { sql "$DB" "SELECT $2 FROM surveys_dataset WHERE key = '$1'"; }

# sync_datasets RUN_BODY: sync_external_datasets, waiting; sets SY (http/run status), SY_SUMMARY, SY_SECONDS.
sync_datasets() {
  local start
  start=$(now)
  trigger api sync_external_datasets "$1" 60
  SY="$T_STATUS/$T_RUN_STATUS"
  SY_SECONDS=$(since "$start")
  SY_SUMMARY=$(run_field "$DB" "$T_RUN" summary)
  note "sync $1: $SY in ${SY_SECONDS}s $SY_SUMMARY"
}

# control PATH MODE [JSON fields]: sets a fixture behaviour.
control() {
  curl -s -o /dev/null -X POST "http://127.0.0.1:$FIX_PORT/_control" \
    -d "{\"path\": \"$1\", \"mode\": \"$2\"${3:+, $3}}"
}

# The RCPCH API (fixture server) is down (connection refused), malformed (broken JSON, a truncated
# body, a 50 MiB body), slow (4 s) and flaky (503 twice): a failed dataset keeps its previous options
# and version, the run reports the failure (HTTP 500 run_failed), no dataset row is duplicated, and the
# first good answer is stored exactly once.
scenario_rcpch() {
  local dir=$WORK/$SCEN root=$WORK/$SCEN/www
  new_db rcpch || return 1
  mkdir -p "$root" && cp -r "$FIXTURES/www/checktick-sync/rcpch" "$root/rcpch"
  FIX_PORT=$(free_port)
  start_fixture fixture "$FIX_PORT" "$root" || return 1
  start_server api "$DB" "EXTERNAL_DATASET_API_URL=http://127.0.0.1:$FIX_PORT/rcpch" && wait_ready api || return 1

  sync_datasets '{"force": true}'
  need "first sync: $SY $SY_SUMMARY" all_eq "$SY" 200/succeeded "$(jq_get "$SY_SUMMARY" synced)" 7
  local base
  base=$(dataset_state "$DB")

  # 1. down: connection refused, retried with backoff, then the dataset fails and keeps its data
  stop fixture
  sync_datasets '{"force": true, "dataset": "nhs_trusts"}'
  local down="$SY in ${SY_SECONDS}s"
  need "API down: sync answered $SY, expected 500/failed" [ "$SY" = 500/failed ]
  need "API down changed the datasets" [ "$(dataset_state "$DB")" = "$base" ]
  start_fixture fixture "$FIX_PORT" "$root" || return 1

  # 2. malformed: broken JSON, a body cut short, a body far over the size limit
  control /rcpch/trusts/ malformed
  control /rcpch/london_boroughs/ truncated
  control /rcpch/integrated_care_boards/ huge '"length": true'
  sync_datasets '{"force": true}'
  local malformed="$SY synced/errors $(jq_get "$SY_SUMMARY" synced)/$(jq_get "$SY_SUMMARY" errors) in ${SY_SECONDS}s"
  need "malformed answers: sync $SY $SY_SUMMARY, expected 500/failed with 4 synced, 3 errors" \
    all_eq "$SY" 500/failed "$(jq_get "$SY_SUMMARY" synced)" 4 "$(jq_get "$SY_SUMMARY" errors)" 3
  local key now_state
  for key in nhs_trusts london_boroughs integrated_care_boards; do
    now_state=$(sql "$DB" "SELECT version || ':' || md5(options::text) FROM surveys_dataset WHERE key = '$key'")
    need "$key changed after a malformed answer: $now_state, was $(tr ' ' '\n' <<<"$base" | grep "^$key:" | cut -d: -f2-)" \
      [ "$key:$now_state" = "$(tr ' ' '\n' <<<"$base" | grep "^$key:")" ]
  done
  curl -s -o /dev/null -X POST "http://127.0.0.1:$FIX_PORT/_reset"

  # 3. slow (4 s, under the 30 s limit) while the data changed upstream: stored once, new data
  python3 - "$root/rcpch/trusts/index.json" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
items.append({"ods_code": "RWE", "name": "UNIVERSITY HOSPITALS OF LEICESTER NHS TRUST"})
json.dump(items, open(sys.argv[1], "w"))
PY
  local version_before
  version_before=$(dataset_field nhs_trusts version)
  control /rcpch/trusts/ timeout '"delay": 4, "count": 1'
  sync_datasets '{"force": true, "dataset": "nhs_trusts"}'
  local slow="$SY in ${SY_SECONDS}s"
  need "slow API: sync $SY, expected 200/succeeded" [ "$SY" = 200/succeeded ]
  need "slow API: nhs_trusts version $(dataset_field nhs_trusts version), expected $((version_before + 1))" \
    [ "$(dataset_field nhs_trusts version)" = $((version_before + 1)) ]
  need "slow API: the new trust is not in the options" [ "$(dataset_field nhs_trusts "options ? 'RWE'")" = t ]

  # 4. flaky: 503 twice, then the answer (retried inside one run, stored once)
  version_before=$(dataset_field london_boroughs version)
  curl -s -o /dev/null -X POST "http://127.0.0.1:$FIX_PORT/_reset"
  control /rcpch/london_boroughs/ flaky '"count": 2'
  sync_datasets '{"force": true, "dataset": "london_boroughs"}'
  local flaky="$SY in ${SY_SECONDS}s" requests
  requests=$(curl -s "http://127.0.0.1:$FIX_PORT/_log?prefix=/rcpch/london_boroughs/" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  need "flaky API: sync $SY after $requests requests, expected 200/succeeded after 3" all_eq "$SY" 200/succeeded "$requests" 3
  need "flaky API: london_boroughs version $(dataset_field london_boroughs version), expected $((version_before + 1))" \
    [ "$(dataset_field london_boroughs version)" = $((version_before + 1)) ]

  local rows keys
  rows=$(sql "$DB" "SELECT count(*) FROM surveys_dataset")
  keys=$(sql "$DB" "SELECT count(DISTINCT key) FROM surveys_dataset")
  need "surveys_dataset has $rows rows for $keys keys" all_eq "$rows" 7 "$keys" 7
  local empty
  empty=$(sql "$DB" "SELECT count(*) FROM surveys_dataset WHERE options = '{}'::jsonb OR options = '[]'::jsonb OR options IS NULL")
  need "$empty datasets lost their options" [ "$empty" = 0 ]
  EVIDENCE="baseline 7 datasets; down: $down, datasets unchanged; malformed/truncated/50 MiB: $malformed, the 3 kept"
  EVIDENCE+=" their version and options; slow 4 s: $slow, stored once (version +1, new row present); flaky 503x2: $flaky,"
  EVIDENCE+=" 3 requests, version +1; $rows rows for $keys keys, 0 empty"
}

# wrk_p99 URL SECONDS: runs wrk with 8 keep-alive connections against URL; sets P99_MS, RPS, WRK_ERRORS.
wrk_p99() {
  local out
  out=$(wrk -t2 -c8 -d"$2"s --latency "$1" 2>&1)
  echo "$out" >>"$WORK/$SCEN/wrk.log"
  P99_MS=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                               else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }' <<<"$out")
  RPS=$(awk '$1 == "Requests/sec:" { printf "%.0f", $2 }' <<<"$out")
  WRK_ERRORS=$(awk '/Socket errors|Non-2xx/ { print }' <<<"$out" | tr '\n' ' ')
}

# 1,000 connections each send a request head one byte every 2 s (never finishing it) while wrk measures
# GET /healthz: p99 must stay under 50 ms with every slow connection still open; then each slow
# connection is answered 408 and closed once JOBS_HEADER_TIMEOUT_S (15 s) has passed.
scenario_slowloris() {
  local dir=$WORK/$SCEN timeout=15
  new_db slowloris || return 1
  start_server web "$DB" JOBS_HEADER_TIMEOUT_S=$timeout JOBS_LOG_LEVEL=warning && wait_ready web || return 1
  wrk_p99 "$(url web)/healthz" 3
  local base_p99=$P99_MS base_rps=$RPS
  "$PY" "$HERE/ctj.py" slowloris --port "${PORTS[web]}" --count 1000 --interval 2 --limit $((timeout + 15)) \
    --out "$dir/slowloris.json" --ready-file "$dir/slowloris.ready" >/dev/null 2>"$dir/slowloris.err" &
  track $! slowloris
  local opened_at i
  for ((i = 0; i < 200; i++)); do [ -s "$dir/slowloris.ready" ] && break; sleep 0.05; done
  opened_at=$(now)
  [ -s "$dir/slowloris.ready" ] || { abort "slowloris connections did not open: $(tail -n 2 "$dir/slowloris.err")"; return 1; }
  sleep 1
  wrk_p99 "$(url web)/healthz" 5
  local p99=$P99_MS rps=$RPS errors=$WRK_ERRORS open_during during_s fresh
  fresh=$("$PY" "$HERE/ctj.py" latency --url "$(url web)/healthz" --count 500)
  during_s=$(since "$opened_at")
  # client-side sockets to the server now that wrk is done: the slowloris ones
  open_during=$(ss -Htn state established "( dport = :${PORTS[web]} )" | wc -l)
  need "GET /healthz p99 ${p99} ms over keep-alive with 1,000 slowloris connections open (target < 50 ms)" \
    awk -v p="$p99" 'BEGIN { exit !(p != "" && p < 50) }'
  need "GET /healthz p99 $(jq_get "$fresh" p99_ms) ms on fresh connections with 1,000 slowloris connections open (target < 50 ms), $(jq_get "$fresh" errors) errors" \
    awk -v p="$(jq_get "$fresh" p99_ms)" -v e="$(jq_get "$fresh" errors)" 'BEGIN { exit !(p != "" && p < 50 && e == 0) }'
  need "wrk reported errors: $errors" [ -z "$errors" ]
  need "only $open_during slowloris connections open ${during_s}s into the attack: closed before the header timeout" \
    [ "$open_during" -ge 1000 ]
  wait_exit "${PIDS[slowloris]}" $((timeout + 25))
  local result first last answered408 closed
  result=$(cat "$dir/slowloris.json" 2>/dev/null)
  [ -n "$result" ] || { abort "slowloris client gave no result"; return 1; }
  answered408=$(jq_get "$result" statuses 408)
  closed=$(jq_get "$result" closed_by_server)
  first=$(jq_get "$result" first_answer_s)
  last=$(jq_get "$result" last_answer_s)
  need "slow connections: $(jq_get "$result" statuses) answers (expected 1000 x 408), $closed closed by the server" \
    all_eq "$answered408" 1000 "$closed" 1000
  need "408 came after ${first}-${last}s, expected about the ${timeout}s header timeout" \
    awk -v f="$first" -v l="$last" -v t="$timeout" 'BEGIN { exit !(f >= t - 1 && l <= t + 5) }'
  wrk_p99 "$(url web)/healthz" 2
  EVIDENCE="GET /healthz p99 ${base_p99} ms (${base_rps} req/s, wrk 8 keep-alive connections) alone, ${p99} ms (${rps} req/s)"
  EVIDENCE+=" and on fresh connections p50/p99 $(jq_get "$fresh" p50_ms)/$(jq_get "$fresh" p99_ms) ms with $open_during slowloris connections"
  EVIDENCE+=" open, each trickling a header byte every 2 s; all 1000 answered 408 and closed ${first}-${last}s after"
  EVIDENCE+=" opening (header timeout ${timeout}s, $(jq_get "$result" bytes_sent_max) bytes sent at most); after: p99 ${P99_MS} ms"
}
