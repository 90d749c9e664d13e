"""Schemathesis hooks for scripts/fuzz: sign generated requests with Standard Webhooks.

Loaded through SCHEMATHESIS_HOOKS. Needs JOBS_WEBHOOK_SECRETS (the server's secrets; the first
entry signs). A request is signed when it carries a `webhook-signature` header at all (scripts/fuzz
passes a placeholder with --header, so every request has one unless a check such as `ignored_auth`
removed it on purpose):

* `before_call` (sees the generated case) fills in a missing `webhook-id`, replaces a well-formed
  `webhook-timestamp` with the current time (a generated one would be out of tolerance) and keeps a
  malformed one, so negative cases stay negative; it drops generated presigned-URL parameters
  (the other, exclusive way to authorise a trigger) and marks the request for signing. Reads
  (GET) are not signed: they use the bearer token from --header.
* The signature itself is computed in `requests.Session.send` over `request.body`, the bytes exactly
  as they go on the wire, because only there is the generated body serialised.
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

_MARK = "X-Fuzz-Sign"
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
    headers = dict(case.headers or {})
    signature_name = _header_name(headers, "webhook-signature")
    if signature_name is None:
        return
    if case.method.upper() != "POST":
        # Reads authenticate with the bearer token alone, so that `ignored_auth` removing it must
        # give 401 (a signature over an empty body would rightly still be accepted).
        del headers[signature_name]
        case.headers = headers
        return
    timestamp_name = _header_name(headers, "webhook-timestamp") or "webhook-timestamp"
    timestamp = headers.get(timestamp_name)
    if timestamp is None or (isinstance(timestamp, str) and _DIGITS.fullmatch(timestamp)):
        headers[timestamp_name] = str(int(time.time()))
    id_name = _header_name(headers, "webhook-id") or "webhook-id"
    if not headers.get(id_name):
        headers[id_name] = f"fuzz-{uuid.uuid4()}"
    headers[_MARK] = "1"
    case.headers = headers
    # The two ways of authorising a trigger exclude each other: a signed call that also carries
    # presigned-URL parameters is refused as a bad presigned URL (401), so drop them.
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
    if request.headers.pop(_MARK, None) is not None:
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
