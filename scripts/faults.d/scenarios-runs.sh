# Scenarios about acknowledged runs under trigger load: kill -9, two replicas, SIGTERM (sourced by scripts/faults).
# shellcheck shell=bash

# load_bg NAME TARGETS JOB SECONDS [ctj.py load options…]: signed trigger load in the background.
load_bg() {
  local name=$1 targets=$2 job=$3 seconds=$4; shift 4
  "$PY" "$HERE/ctj.py" load --targets "$targets" --job "$job" --duration "$seconds" --prefix "$SCEN-$name" \
    --out "$WORK/$SCEN/$name.jsonl" "$@" >"$WORK/$SCEN/$name.summary" 2>>"$WORK/$SCEN/$name.err" &
  track $! "$name"
}

# count_status FILE STATUS: requests of a load log answered STATUS (0: no answer).
count_status() { grep -c "\"status\": $2," "$1" 2>/dev/null || true; }

# verify_runs JOB LOGS MAX_ATTEMPT [extra options]: ctj.py verify; records failures; sets V (the JSON).
verify_runs() {
  local job=$1 logs=$2 attempt=$3; shift 3
  V=$("$PY" "$HERE/ctj.py" verify --db "$DB" --job "$job" --logs "$logs" --max-attempt "$attempt" "$@") \
    || { abort "verify failed to run"; return 1; }
  [ "$(jq_get "$V" ok)" = True ] || ERRS+=("$(jq_get "$V" errors) $(jq_get "$V" statuses)")
}

# retry_unanswered NAME LOGS [JOB [OUT]]: re-sends, with the same webhook-id, every trigger that got no 200/202.
retry_unanswered() {
  R=$("$PY" "$HERE/ctj.py" retry --url "$(url "$1")" --job "${3:-diagnostic_sleep}" --logs "$2" \
        --out "$WORK/$SCEN/${4:-retry.jsonl}") || { abort "retry failed to run"; return 1; }
  need "retries gave up: $R" [ "$(jq_get "$R" gave_up)" = 0 ]
}

# kill -9 of the server while 4 clients send signed triggers; a new server on the same port takes over.
# Every trigger answered 202 must run to success; unanswered ones are re-sent with their webhook-id
# (deduplicated if the dead server had committed them); no run without a trigger, none run 3 times.
scenario_kill9() {
  local dir=$WORK/$SCEN env=(JOBS_DIAGNOSTIC_SLEEP_MS=10 JOBS_DIAGNOSTIC_OVERLAP=allow JOBS_LEASE_S=3 JOBS_WORKERS=2)
  new_db k9 || return 1
  start_server k9 "$DB" "${env[@]}" && wait_ready k9 || return 1
  load_bg load "$(url k9)" diagnostic_sleep 4 --concurrency 4 --pause 0.02
  sleep 1.5
  kill -KILL "${PIDS[k9]}"
  wait_exit "${PIDS[k9]}" 5
  local killed_at acked_before running queued
  killed_at=$(now)
  acked_before=$(count_status "$dir/load.jsonl" 202)
  running=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'running'")
  queued=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'queued'")
  note "killed with $acked_before acknowledged, $running running, $queued queued"
  sleep 1
  start_server k9 "$DB" "${env[@]}" && wait_ready k9 || return 1
  wait_exit "${PIDS[load]}" 30
  retry_unanswered k9 "$dir/load.jsonl" || return 1
  wait_idle "$DB" 90 || return 1
  local drained
  drained=$(since "$killed_at")
  verify_runs diagnostic_sleep "$dir/load.jsonl,$dir/retry.jsonl" 2 || return 1
  local attempts2
  attempts2=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE attempt = 2")
  # Whether a run was mid-flight at the kill depends on timing; the lease re-queue itself is also covered
  # by IntegrationTests (killDashNineRightAfterAcceptLosesNoRun) and JobEngineTests.
  [ "$running" -ge 1 ] || note "no run was running at the kill this time (lease re-queue not exercised)"
  need "$running runs were running at the kill but $attempts2 ran a second time" [ "$attempts2" = "$running" ]
  EVIDENCE="$(jq_get "$V" acknowledged) triggers acknowledged ($acked_before before the kill, $queued queued + $running running at it),"
  EVIDENCE+=" $(count_status "$dir/load.jsonl" 0) unanswered while down, retried $(jq_get "$R" retried)"
  EVIDENCE+=" (created $(jq_get "$R" created), deduplicated $(jq_get "$R" deduplicated)); runs $(jq_get "$V" runs)"
  EVIDENCE+=" $(jq_get "$V" statuses), attempts $(jq_get "$V" attempts), all done ${drained}s after the kill"
}

# Two replicas on one database under signed load: 8 clients alternate between them, and every 5th
# webhook-id goes to both at the same instant; meanwhile 4 clients hammer a queue-policy job
# (cleanup_survey_progress) on both. Exactly one run per id, every acknowledged run succeeds, nothing
# runs twice, and no two runs of one job overlap in time.
scenario_replicas() {
  local dir=$WORK/$SCEN env=(JOBS_DIAGNOSTIC_SLEEP_MS=10 JOBS_DIAGNOSTIC_OVERLAP=allow JOBS_WORKERS=2)
  new_db replicas || return 1
  start_server a "$DB" "${env[@]}" && start_server b "$DB" "${env[@]}" || return 1
  wait_ready a && wait_ready b || return 1
  load_bg diag "$(url a),$(url b)" diagnostic_sleep 4 --concurrency 8 --both-every 5 --pause 0.02
  load_bg cleanup "$(url a),$(url b)" cleanup_survey_progress 4 --concurrency 4 --both-every 3 --pause 0.01
  wait_exit "${PIDS[diag]}" 30
  wait_exit "${PIDS[cleanup]}" 30
  # The database is up and the queue far from full: no trigger may be turned away.
  local refused refused_diag
  refused=$(count_status "$dir/cleanup.jsonl" 503)
  refused_diag=$(count_status "$dir/diag.jsonl" 503)
  need "$refused of $(grep -c . "$dir/cleanup.jsonl") cleanup_survey_progress triggers (queue policy) answered 503 database_unavailable while the database was up ($(cat "$dir/a.log" "$dir/b.log" | grep -c 'trigger not stored') 'trigger not stored' log lines, $(cat "$dir/a.log" "$dir/b.log" | grep 'trigger not stored' | grep -c 'SQLSTATE 23503: insert or update on table "trigger_keys" violates foreign key constraint') of them SQLSTATE 23503 trigger_keys_run_id_fkey)" [ "$refused" = 0 ]
  need "$refused_diag diagnostic_sleep triggers answered 503 while the database was up" [ "$refused_diag" = 0 ]
  retry_unanswered a "$dir/cleanup.jsonl" cleanup_survey_progress retry-cleanup.jsonl || return 1
  wait_idle "$DB" 90 || return 1
  verify_runs diagnostic_sleep "$dir/diag.jsonl" 1 || return 1
  local diag=$V
  # queue policy: several triggers share one run (coalesced), and an id sent to both replicas at once
  # may be answered 200 twice (both joined the waiting run): only that check of verify does not apply
  V=$("$PY" "$HERE/ctj.py" verify --db "$DB" --job cleanup_survey_progress --max-attempt 1 \
        --logs "$dir/cleanup.jsonl,$dir/retry-cleanup.jsonl")
  local errors
  errors=$(python3 -c 'import json,sys; print("; ".join(e for e in json.loads(sys.argv[1])["errors"] if "both replicas" not in e))' "$V")
  [ -z "$errors" ] || ERRS+=("cleanup_survey_progress: $errors")
  local cleanup=$V spans spans_cleanup
  spans=$("$PY" "$HERE/ctj.py" spans --db "$DB" --job diagnostic_sleep)
  need "diagnostic_sleep runs overlapped in time: $spans" [ "$(jq_get "$spans" ok)" = True ]
  spans_cleanup=$("$PY" "$HERE/ctj.py" spans --db "$DB" --job cleanup_survey_progress)
  need "cleanup_survey_progress runs overlapped in time: $spans_cleanup" [ "$(jq_get "$spans_cleanup" ok)" = True ]
  local pids
  pids=$(jq_get "$diag" runs_per_pid)
  need "runs were not shared by both replicas: $pids" [ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$pids")" = 2 ]
  EVIDENCE="diagnostic_sleep: $(jq_get "$diag" acknowledged) ids -> $(jq_get "$diag" runs) runs $(jq_get "$diag" statuses),"
  EVIDENCE+=" $(jq_get "$diag" both_pairs) ids sent to both replicas at once each gave one 202 + one 200,"
  EVIDENCE+=" runs per replica $pids, attempts $(jq_get "$diag" attempts), $(jq_get "$spans" spans) spans 0 overlaps;"
  EVIDENCE+=" cleanup_survey_progress: $(jq_get "$cleanup" acknowledged) ids -> $(jq_get "$cleanup" runs) runs"
  EVIDENCE+=" $(jq_get "$cleanup" statuses) (coalesced), $(jq_get "$spans_cleanup" spans) spans 0 overlaps, 503s $refused;"
  EVIDENCE+=" diagnostic requests $(jq_get "$diag" requests)"
}

# SIGTERM while clients keep triggering: the running run finishes inside the grace period, queued runs
# stay queued, triggers during the drain are refused (never a 202 that is then lost), exit 0; after a
# restart every acknowledged run completes exactly once. Then the same with process_data_governance
# mid-run and a 1 s grace period (sigterm_governance): stopped between batches, re-queued, completed.
scenario_sigterm() {
  local dir=$WORK/$SCEN env=(JOBS_DIAGNOSTIC_SLEEP_MS=300 JOBS_DIAGNOSTIC_OVERLAP=allow JOBS_WORKERS=2 JOBS_SHUTDOWN_GRACE_S=10)
  new_db sigterm || return 1
  start_server st "$DB" "${env[@]}" && wait_ready st || return 1
  load_bg load "$(url st)" diagnostic_sleep 3 --concurrency 2 --pause 0.25
  ( while :; do
      printf '%s %s\n' "$(date +%s.%N)" "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$(url st)/readyz")"
      sleep 0.02
    done ) >"$dir/readyz.log" 2>/dev/null &
  track $! readyz
  sleep 1.5
  # SIGTERM in the middle of a run, not at its very end
  wait_sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'running' AND started_at > now() - interval '100 ms'" 1 5
  local running termed_at exited_at exit_s queued_after running_after finished_during
  running=$(sql "$DB" "SELECT string_agg(id::text, ',') FROM checktick_jobs.runs WHERE status = 'running'")
  termed_at=$(now)
  kill -TERM "${PIDS[st]}"
  wait_exit "${PIDS[st]}" 30
  exited_at=$(now)
  exit_s=$(since "$termed_at")
  need "serve exited with $EXIT_CODE after SIGTERM, expected 0" [ "$EXIT_CODE" = 0 ]
  queued_after=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'queued'")
  running_after=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'running'")
  # the run(s) executing just before SIGTERM: finished (the grace period is far longer than a run)
  finished_during=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE id = ANY(string_to_array('${running:-}', ',')::uuid[])
      AND status = 'succeeded'")
  need "$running_after runs left 'running' after a clean exit" [ "$running_after" = 0 ]
  need "the run executing at SIGTERM (${running:-none}) did not finish in the grace period: $(sql "$DB" "SELECT string_agg(status, ',') FROM checktick_jobs.runs WHERE id = ANY(string_to_array('${running:-}', ',')::uuid[])")" \
    all_eq "${running:+some}" some "$finished_during" "$(awk -F, '{print NF}' <<<"$running")"
  sleep 0.5
  start_server st "$DB" "${env[@]}" && wait_ready st || return 1
  wait_exit "${PIDS[load]}" 30
  kill "${PIDS[readyz]}" 2>/dev/null
  retry_unanswered st "$dir/load.jsonl" || return 1
  wait_idle "$DB" 120 || return 1
  verify_runs diagnostic_sleep "$dir/load.jsonl,$dir/retry.jsonl" 1 || return 1
  local during readyz
  during=$(python3 -c 'import json,sys
a, b = float(sys.argv[2]), float(sys.argv[3]); n = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    if a <= r["t"] <= b: n[r["status"]] = n.get(r["status"], 0) + 1
print(" ".join(f"{k}:{v}" for k, v in sorted(n.items())) or "none")' "$dir/load.jsonl" "$termed_at" "$exited_at")
  readyz=$(python3 -c 'import sys
seen = []
for line in open(sys.argv[1]):
    t, code = line.split()
    if float(t) >= float(sys.argv[2]) and (not seen or seen[-1][0] != code): seen.append([code, 0])
    if seen and seen[-1][0] == code: seen[-1][1] += 1
print(" -> ".join(f"{c} x{n}" for c, n in seen))' "$dir/readyz.log" "$termed_at")
  EVIDENCE="diagnostic load: exit 0 ${exit_s}s after SIGTERM, $finished_during running run finished in the grace period,"
  EVIDENCE+=" $queued_after queued runs kept, trigger answers during the drain (status:count, 0 = refused) $during,"
  EVIDENCE+=" /readyz from SIGTERM on: $readyz; after restart $(jq_get "$V" acknowledged) acknowledged"
  EVIDENCE+=" -> $(jq_get "$V" runs) runs $(jq_get "$V" statuses), attempts $(jq_get "$V" attempts), retried $(jq_get "$R" retried)"
  scenario_cleanup_partial
  sigterm_governance || return 1
  EVIDENCE+="; governance: exit 0 ${GS_EXIT_S}s after SIGTERM (grace 0 s), run re-queued with $GS_PARTIAL, 0 half-deleted;"
  EVIDENCE+=" after restart the same run succeeded ($GS_RUNS run): ${G[hard_gone]} hard, ${G[soft_done]} soft, audit"
  EVIDENCE+=" ${G[hard_events]} + ${G[soft_events]}, ledger ${G[ledger]}, mails $M_MESSAGES to $M_RECIPIENTS"
}

# scenario_cleanup_partial: stops the processes of the first half of a scenario (its databases stay).
scenario_cleanup_partial() {
  local pid
  for pid in "${SCEN_PIDS[@]}"; do
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null; fi
    wait "$pid" 2>/dev/null
  done
  SCEN_PIDS=()
}
