"""Schemathesis hooks for scripts/fuzz: sign generated POSTs with Standard Webhooks.

Loaded through SCHEMATHESIS_HOOKS; needs JOBS_WEBHOOK_SECRETS (the server's secrets; the first entry
signs). Tests/Fuzz/schemathesis.toml gives the `standardWebhooks` scheme the placeholder credential
PLACEHOLDER; a POST that still carries exactly that value when it is sent gets a valid signature
instead. An `ignored_auth` probe (signature removed, or replaced by another value) is never signed.

* `before_call` (sees the generated case, POSTs only) fills in a missing `webhook-id`, replaces a
  well-formed `webhook-timestamp` with the current time (a generated one would be out of tolerance)
  but keeps a malformed one, so negative cases stay negative, and drops generated presigned-URL
  parameters: they are the other, exclusive way to authorise a trigger, and a signed call that also
  carries them is refused as a bad presigned URL.
* The signature is computed in `requests.Session.send` over `request.body`, the bytes exactly as they
  go on the wire: only there is the generated body serialised.
* `filter_failure` drops the three check failures that are the documented contract (see there).
"""

import base64
import hashlib
import hmac
import json
import os
import re
import time
import uuid

import requests
import schemathesis

PLACEHOLDER = "v1,signed-by-the-hook"
_DIGITS = re.compile(r"[0-9]+")


def _signing_key() -> bytes:
    secret = os.environ["JOBS_WEBHOOK_SECRETS"].split()[0].split("@")[0]
    if secret.startswith("whsec_"):
        secret = secret[len("whsec_"):]
    return base64.b64decode(secret)


_KEY = _signing_key()


def _header_name(headers, wanted):
    for name in headers:
        if name.lower() == wanted:
            return name
    return None


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() != "POST":
        return
    headers = dict(case.headers or {})
    timestamp_name = _header_name(headers, "webhook-timestamp") or "webhook-timestamp"
    timestamp = headers.get(timestamp_name)
    if timestamp is None or (isinstance(timestamp, str) and _DIGITS.fullmatch(timestamp)):
        headers[timestamp_name] = str(int(time.time()))
    id_name = _header_name(headers, "webhook-id") or "webhook-id"
    if not headers.get(id_name):
        headers[id_name] = f"fuzz-{uuid.uuid4()}"
    case.headers = headers
    if case.query:
        case.query = {name: value for name, value in case.query.items() if name not in ("expires", "kid", "sig")}


def _json(response):
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Drops the failures that are the documented contract, not bugs; keeps every other failure."""
    route = f"{case.method.upper()} {case.operation.path}"
    body = _json(response)
    if not isinstance(body, dict):
        return True
    kind = type(failure).__name__
    status = response.status_code
    # The health endpoint answers 503 when a job is stale, never ran or failing: uptime monitors
    # alert on the status alone (openapi.yaml, jobHealth 503).
    if kind == "ServerError" and route == "GET /jobs/{name}/health" and status == 503:
        return body.get("status") not in ("stale", "never_run", "failing")
    # With `?wait=`, a run that failed answers 500 run_failed so that `curl --fail` turns a CI step
    # red (openapi.yaml, triggerJob 500).
    if kind == "ServerError" and route == "POST /jobs/{name}" and status == 500:
        return body.get("error") != "run_failed"
    # The body schema lists every option of every job; each job accepts only its own, and the
    # schema cannot tie the body to the job named in the path, so a schema-valid option the
    # job does not have is a 400 naming it.
    if kind == "RejectedPositiveData" and route == "POST /jobs/{name}" and status == 400:
        message = body.get("message", "")
        return not (body.get("error") == "invalid_parameters" and message.startswith("unknown parameter '"))
    return True


def sign(webhook_id: str, timestamp: str, body: bytes) -> str:
    """The `webhook-signature` value for these exact bytes."""
    message = f"{webhook_id}.{timestamp}.".encode("latin-1") + body
    return "v1," + base64.b64encode(hmac.new(_KEY, message, hashlib.sha256).digest()).decode("ascii")


_original_send = requests.Session.send


def _signing_send(self, request, **kwargs):
    if request.method == "POST" and request.headers.get("webhook-signature") == PLACEHOLDER:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        webhook_id = request.headers.get("webhook-id", "")
        timestamp = request.headers.get("webhook-timestamp", "")
        if isinstance(webhook_id, bytes):
            webhook_id = webhook_id.decode("latin-1")
        if isinstance(timestamp, bytes):
            timestamp = timestamp.decode("latin-1")
        request.headers["webhook-signature"] = sign(webhook_id, timestamp, body)
    return _original_send(self, request, **kwargs)


requests.Session.send = _signing_send
