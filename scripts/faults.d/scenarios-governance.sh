# Scenarios on process_data_governance: the database crashes mid-run; SIGTERM mid-run (sourced by scripts/faults).
# shellcheck shell=bash

# Sizes of the governance data: big enough that a run takes several seconds (16 deletion batches).
GOV_HARD=5000 GOV_SOFT=3000 GOV_HOLD=50 GOV_WARN=200 GOV_KEEP=300

# governance_env SINK_PORT: the server environment of the governance scenarios.
governance_env() {
  GOV_ENV=(EMAIL_HOST=127.0.0.1 "EMAIL_PORT=$1" EMAIL_USE_TLS=false DEFAULT_FROM_EMAIL=jobs@faults.invalid
           EMAIL_TIMEOUT=5 JOBS_WORKERS=1 JOBS_LEASE_S=5)
}

# wait_deleting DB SECONDS: waits until the run has committed its first hard-delete batch (it is mid-run).
wait_deleting() {
  wait_sql "$1" "SELECT count(*) > 0 FROM checktick_jobs.audit_events WHERE action = 'hard_delete'" t "$2" \
    || { abort "governance run did not reach the hard deletes in ${2}s"; return 1; }
}

# run_field DB RUN COLUMN: one column of a run.
run_field() { sql "$1" "SELECT $3 FROM checktick_jobs.runs WHERE id = '$2'"; }

# The private PostgreSQL cluster crashes (pg_ctl stop -m immediate) while process_data_governance is
# hard-deleting: the open batch rolls back, triggers meanwhile get 503 and store nothing, the run ends
# failed once the database is back, the re-run finishes the work, and a third run finds nothing to do.
# After the crash and at the end: no survey half-deleted, one audit event per deletion, one ledger row
# and exactly one e-mail per warning.
scenario_pg_restart() {
  local dir=$WORK/$SCEN
  private_cluster || return 1
  DB=$PRIV_URL/governance
  sql "$PRIV_URL/postgres" "CREATE DATABASE governance" >/dev/null && migrate_checktick "$DB" || return 1
  governance_data "$DB" $GOV_HARD $GOV_SOFT $GOV_HOLD $GOV_WARN $GOV_KEEP || return 1
  local sink_port
  sink_port=$(free_port)
  start_sink sink "$sink_port" "$dir/mail" || return 1
  governance_env "$sink_port"
  start_server gov "$DB" "${GOV_ENV[@]}" && wait_ready gov || return 1

  trigger gov process_data_governance
  local run1=$T_RUN
  [ "$T_STATUS" = 202 ] || { abort "first trigger answered $T_STATUS: $T_JSON"; return 1; }
  wait_deleting "$DB" 60 || return 1
  local crashed_at
  crashed_at=$(now)
  crash_cluster
  note "database crashed mid-run"
  # while it is down: a trigger is refused with 503 + Retry-After and must leave nothing behind
  local down_id down_status down_retry ready_down
  down_id="faults-while-down-$$"
  down_status=$(signed_post gov process_data_governance "$down_id" "$dir/down.headers")
  down_retry=$(grep -i '^retry-after:' "$dir/down.headers" | tr -d '\r' | awk '{print $2}')
  sleep 2
  ready_down=$(curl -s -o /dev/null -w '%{http_code}' "$(url gov)/readyz")
  restart_cluster || { abort "database did not come back"; return 1; }
  local down_for
  down_for=$(since "$crashed_at")
  wait_ready gov 60 || return 1
  need "trigger while the database was down answered $down_status (Retry-After '$down_retry'), expected 503 with Retry-After" \
    all_eq "$down_status" 503 "${down_retry:+set}" set
  need "/readyz answered $ready_down while the database was down, expected 503" [ "$ready_down" = 503 ]
  wait_sql "$DB" "SELECT status NOT IN ('queued', 'running') FROM checktick_jobs.runs WHERE id = '$run1'" t 90 \
    || { abort "run $run1 still $(run_field "$DB" "$run1" status) 90s after the database came back"; return 1; }
  local run1_status run1_error run1_attempt left_behind
  run1_status=$(run_field "$DB" "$run1" status)
  run1_error=$(run_field "$DB" "$run1" "coalesce(error, '')")
  run1_attempt=$(run_field "$DB" "$run1" attempt)
  left_behind=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.trigger_keys WHERE key = 'webhook:$down_id'")
  need "the trigger refused while the database was down left $left_behind key rows" [ "$left_behind" = 0 ]
  # Either the failed attempt is stored, or (outage longer than JOBS_LEASE_S while the worker was still
  # retrying to store it) the lease re-queued the run and its second attempt completed the work.
  local run1_outcome="failed (attempt $run1_attempt)"
  [ "$run1_status" = succeeded ] && run1_outcome="re-queued by its lease, attempt $run1_attempt succeeded"
  need "the interrupted run ended '$run1_status' attempt $run1_attempt ($run1_error), expected failed, or succeeded on attempt 2" \
    one_of "$run1_status:$run1_attempt" failed:1 succeeded:2
  governance_figures "$DB"
  governance_consistent "after the crash"
  local after_crash="after the crash: ${G[soft_done]} soft + ${G[hard_gone]} hard deletions committed, ${G[ledger]} warnings in the ledger"
  mail_figures "$dir/mail"
  local mails_run1=$M_MESSAGES

  trigger gov process_data_governance "" 60
  local run2=$T_RUN
  need "re-run answered $T_STATUS/$T_RUN_STATUS, expected 200/succeeded" all_eq "$T_STATUS" 200 "$T_RUN_STATUS" succeeded
  trigger gov process_data_governance "" 60
  local run3=$T_RUN run3_summary
  run3_summary=$(run_field "$DB" "$run3" summary)
  need "third run answered $T_STATUS/$T_RUN_STATUS" all_eq "$T_STATUS" 200 "$T_RUN_STATUS" succeeded
  need "third run still found work: $run3_summary" \
    all_eq "$(jq_get "$run3_summary" soft_deleted)" 0 "$(jq_get "$run3_summary" hard_deleted)" 0 "$(jq_get "$run3_summary" warnings_sent)" 0
  governance_figures "$DB"
  governance_complete "at the end"
  mail_figures "$dir/mail"
  need "e-mail: $M_MESSAGES messages to $M_RECIPIENTS recipients for ${G[warn_total]} warnings; $M_DUPLICATED recipients got $M_EXTRA extra copies (e.g. $M_EXAMPLE); the sink held $mails_run1 when run 1 ended: warnings sent while the database was down are not in the ledger and go out again" \
    all_eq "$M_MESSAGES" "${G[warn_total]}" "$M_RECIPIENTS" "${G[warn_total]}" "$M_DUPLICATED" 0
  need "$M_WRONG e-mails with the wrong window in the subject" [ "$M_WRONG" = 0 ]
  EVIDENCE="database down ${down_for}s mid-run; run 1 $run1_outcome; $after_crash, 0 half-deleted, 0 orphans;"
  EVIDENCE+=" trigger while down $down_status Retry-After $down_retry, nothing stored; re-run succeeded; end: ${G[hard_gone]}/${G[hard_total]} hard,"
  EVIDENCE+=" ${G[soft_done]}/${G[soft_total]} soft, ${G[hold_left]} on hold kept, ${G[keep_left]} kept; audit ${G[hard_events]} hard + ${G[soft_events]} soft,"
  EVIDENCE+=" ledger ${G[ledger]}; mails $M_MESSAGES to $M_RECIPIENTS recipients"
}

# signed_post NAME JOB ID HEADERS_FILE: a signed empty-body trigger with curl; prints the HTTP status.
signed_post() {
  local ts sig
  ts=$(date +%s)
  sig=$(python3 -c 'import base64,hashlib,hmac,os,sys
key=base64.b64decode(os.environ["JOBS_WEBHOOK_SECRETS"].split()[0][6:])
print(base64.b64encode(hmac.new(key, f"{sys.argv[1]}.{sys.argv[2]}.".encode(), hashlib.sha256).digest()).decode())' "$3" "$ts")
  curl -s -o /dev/null -D "$4" -w '%{http_code}' -X POST "$(url "$1")/jobs/$2" \
    -H "webhook-id: $3" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig"
}

# SIGTERM while process_data_governance is hard-deleting, with no grace period (the job is fast enough to
# finish within even 1 s at this size): the run is stopped
# between batches and re-queued (same run), serve exits 0, nothing is half-deleted; the next replica
# picks the run up and completes it; audit events, ledger and e-mails are not duplicated.
sigterm_governance() {
  local dir=$WORK/$SCEN
  new_db sigterm_gov || return 1
  governance_data "$DB" $GOV_HARD $GOV_SOFT $GOV_HOLD 100 $GOV_KEEP || return 1
  local sink_port
  sink_port=$(free_port)
  start_sink sink "$sink_port" "$dir/mail" || return 1
  governance_env "$sink_port"
  start_server gov "$DB" "${GOV_ENV[@]}" JOBS_SHUTDOWN_GRACE_S=0 && wait_ready gov || return 1
  trigger gov process_data_governance
  local run=$T_RUN
  [ "$T_STATUS" = 202 ] || { abort "trigger answered $T_STATUS: $T_JSON"; return 1; }
  wait_deleting "$DB" 60 || return 1
  local termed_at
  termed_at=$(now)
  kill -TERM "${PIDS[gov]}"
  wait_exit "${PIDS[gov]}" 30
  GS_EXIT_S=$(since "$termed_at")
  need "serve exited $EXIT_CODE after SIGTERM during governance, expected 0" [ "$EXIT_CODE" = 0 ]
  GS_STATUS=$(run_field "$DB" "$run" status)
  need "governance run was '$GS_STATUS' after SIGTERM, expected queued (re-queued)" [ "$GS_STATUS" = queued ]
  governance_figures "$DB"
  governance_consistent "after SIGTERM"
  GS_PARTIAL="${G[soft_done]} soft + ${G[hard_gone]} hard deletions and ${G[ledger]} warnings committed"
  start_server gov "$DB" "${GOV_ENV[@]}" && wait_ready gov || return 1
  wait_sql "$DB" "SELECT status FROM checktick_jobs.runs WHERE id = '$run'" succeeded 90 \
    || { abort "re-queued governance run is '$LAST_VALUE' 90s after the restart"; return 1; }
  GS_RUNS=$(sql "$DB" "SELECT count(*) FROM checktick_jobs.runs WHERE job = 'process_data_governance'")
  need "$GS_RUNS governance runs exist, expected the one re-queued run" [ "$GS_RUNS" = 1 ]
  governance_figures "$DB"
  governance_complete "after the restart"
  mail_figures "$dir/mail"
  need "e-mail after SIGTERM + restart: $M_MESSAGES messages, $M_RECIPIENTS recipients for ${G[warn_total]} warnings, $M_EXTRA extra copies" \
    all_eq "$M_MESSAGES" "${G[warn_total]}" "$M_RECIPIENTS" "${G[warn_total]}" "$M_DUPLICATED" 0
}
