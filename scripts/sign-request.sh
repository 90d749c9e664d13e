#!/bin/sh
# Triggers one checktick-jobs run over HTTP, signed the Standard Webhooks way, with nothing but
# sh, openssl, od, awk, tr, date and curl (Debian, Alpine/BusyBox and GitHub's runners all have them).
#
#   JOBS_WEBHOOK_SECRET=whsec_... [WAIT=60] scripts/sign-request.sh BASE_URL JOB [JSON_BODY]
#
#   BASE_URL  where the service listens, e.g. https://jobs.example.org (no trailing path)
#   JOB       e.g. process_data_governance
#   JSON_BODY optional options, e.g. '{"dry_run": true}'
#   JOBS_WEBHOOK_SECRET  one whsec_ entry of the server's JOBS_WEBHOOK_SECRETS (an "@jobs" suffix is ignored)
#   WAIT      seconds (0-60) the server holds the reply while the run executes; default 60
#
# Prints the server's JSON reply. Exit status: 0 when the run succeeded, or was accepted and is still
# running when WAIT ran out (HTTP 202); 22 when the server refused or the run failed (401 signature,
# 404 unknown job, 409, 500 run failed, 503 draining); another curl code for network errors; 2 for bad use.
#
# The lines between the markers are copied verbatim into .github/workflows/checktick-jobs.yml.example
# and into every CronJob of deploy/kubernetes/cronjobs-http.yaml; scripts/check-recipes checks that
# the copies are identical and runs them against a live server.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: JOBS_WEBHOOK_SECRET=whsec_... [WAIT=0..60] $0 BASE_URL JOB [JSON_BODY]" >&2
  exit 2
fi
BASE_URL=$1
JOB=$2
BODY=${3-}
: "${JOBS_WEBHOOK_SECRET:?set JOBS_WEBHOOK_SECRET to one whsec_ entry of JOBS_WEBHOOK_SECRETS on the server}"

# >>> signed trigger (reads JOBS_WEBHOOK_SECRET, BASE_URL, JOB, BODY, WAIT)
key=$(printf '%s\n' "$JOBS_WEBHOOK_SECRET" | tr -d '\r' | awk 'NF { print $1; exit }')
key=${key%%@*}
key_hex=$(printf '%s' "${key#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
[ -n "$key_hex" ] || { echo 'JOBS_WEBHOOK_SECRET must be a whsec_... secret' >&2; exit 2; }
msg_id=msg_$(openssl rand -hex 16)
ts=$(date +%s)
sig=$(printf '%s.%s.%s' "$msg_id" "$ts" "$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | openssl base64 -A)
curl -sS --fail-with-body --max-time "$((${WAIT:-60} + 30))" -X POST "${BASE_URL%/}/jobs/$JOB?wait=${WAIT:-60}" -H "webhook-id: $msg_id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" -H 'Content-Type: application/json' --data-raw "$BODY" -w '\n'
# <<< signed trigger
