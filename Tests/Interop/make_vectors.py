#!/usr/bin/env python3
"""Standard Webhooks interop vectors, produced by the official Python packages.

Usage:
    make_vectors.py OUT.json        write the vectors the Swift test `interopVectorsFromOfficialLibraries`
                                    reads from the file named by env INTEROP_VECTORS
    make_vectors.py verify IN.json  check signatures made by checktick-jobs with both Python libraries;
                                    IN.json is one object or a list of objects with keys
                                    secret, id, timestamp, body_b64, signature_header and optional now;
                                    prints one line per message, exits 1 if any is rejected

Needs `pip install standardwebhooks svix` (tested with standardwebhooks 1.1.0, svix 2.9.1).

Every case is signed with `standardwebhooks.webhooks.Webhook.sign` or `svix.webhooks.Webhook.sign`
(the two must agree byte for byte), and every case is also run through both libraries' `verify`
with the clock frozen at the case's `now`. The script fails when a library's verdict contradicts the
expected result, except in the cases marked `divergence`, where checktick-jobs is deliberately
stricter (all-digit timestamps, job-restricted keys).
"""

import base64
import hashlib
import json
import sys
from datetime import datetime, timezone
from importlib.metadata import version

import standardwebhooks.webhooks as std_module
import svix.webhooks as svix_module
from standardwebhooks.webhooks import Webhook as StdWebhook
from svix.webhooks import Webhook as SvixWebhook

NOW = 1767225600  # 2026-01-01T00:00:00Z
TOLERANCE = 300
GOVERNANCE = "process_data_governance"
CLEANUP = "cleanup_survey_progress"


def make_secret(label, size=32, padded=True):
    key = hashlib.sha256(label.encode()).digest()
    key = (key * 2)[:size]
    text = base64.b64encode(key).decode()
    return "whsec_" + (text if padded else text.rstrip("="))


S1 = make_secret("checktick-jobs interop secret 1")
S2 = make_secret("checktick-jobs interop secret 2")
S24 = make_secret("checktick-jobs interop secret 24", size=24)
S_UNPADDED = make_secret("checktick-jobs interop secret unpadded", size=25, padded=False)
assert not S_UNPADDED.endswith("=") and len(S_UNPADDED[len("whsec_"):]) % 4 != 0

UNSET = object()  # distinguishes "use the default" from an explicit None (a missing header)

LIBRARIES = {"standardwebhooks": StdWebhook, "svix": SvixWebhook}


class _FrozenClock(datetime):
    """datetime whose now() is the case's `now`, so the libraries' tolerance check is reproducible."""

    frozen = NOW

    @classmethod
    def now(cls, tz=None):
        return datetime.fromtimestamp(cls.frozen, tz=tz)


for _module in (std_module, svix_module):
    if hasattr(_module, "datetime"):
        _module.datetime = _FrozenClock


def plain_secret(entry):
    """A configured entry without its `@job1,job2` restriction (the Python libraries have none)."""
    return entry.split("@", 1)[0]


def sign(library, secret, msg_id, timestamp, body):
    moment = datetime.fromtimestamp(float(timestamp), tz=timezone.utc)
    return LIBRARIES[library](plain_secret(secret)).sign(msg_id, moment, body.decode("utf-8"))


def sign_checked(library, secret, msg_id, timestamp, body):
    """Signs with `library` and asserts that the other library produces the same header."""
    results = {name: sign(name, secret, msg_id, timestamp, body) for name in LIBRARIES}
    assert len(set(results.values())) == 1, f"libraries disagree: {results}"
    return results[library]


def python_accepts(secrets_configured, msg_id, timestamp, signature, body, now):
    """True when either library's verify accepts the message with any configured secret."""
    _FrozenClock.frozen = now
    headers = {}
    if msg_id is not None:
        headers["webhook-id"] = msg_id
    if timestamp is not None:
        headers["webhook-timestamp"] = timestamp
    if signature is not None:
        headers["webhook-signature"] = signature
    verdicts = set()
    for entry in secrets_configured.split():
        for cls in LIBRARIES.values():
            try:
                if cls is StdWebhook:
                    cls(plain_secret(entry)).verify(body, headers, json_parse=False)
                else:
                    cls(plain_secret(entry)).verify(body, headers)
                verdicts.add(True)
            except Exception:  # WebhookVerificationError, or ValueError on malformed headers
                verdicts.add(False)
    return True in verdicts


def case(name, expect, *, secret=S1, configured=None, msg_id="msg_2LJ6bVZc8q1rA7tq", timestamp=UNSET,
         body=b'{"dry_run": true}', signed_body=None, signed_id=None, signed_timestamp=None,
         header=None, job=GOVERNANCE, now=NOW, library="standardwebhooks", divergence=None):
    timestamp = str(NOW) if timestamp is UNSET else timestamp
    configured = secret if configured is None else configured
    signed_body = body if signed_body is None else signed_body
    signed_id = msg_id if signed_id is None else signed_id
    signed_timestamp = timestamp if signed_timestamp is None else signed_timestamp
    if header is None:
        header = sign_checked(library, secret, signed_id or "", signed_timestamp or str(NOW), signed_body)
    elif callable(header):
        header = header(library)
    reference = None
    if msg_id is not None and timestamp is not None and timestamp.isdigit():
        reference = sign_checked(library, secret, msg_id, timestamp, body)
    accepted = python_accepts(configured, msg_id, timestamp, header, body, now)
    if divergence is None:
        assert accepted == (expect == "ok"), f"{name}: Python verify says {accepted}, expected {expect}"
    return {
        "name": name,
        "secret": secret,
        "secrets_configured": configured,
        "id": msg_id,
        "timestamp": timestamp,
        "body_b64": base64.b64encode(body).decode(),
        "signature_header": header,
        "now": now,
        "job": job,
        "expect": expect,
        "signed_with": library,
        "reference_signature": reference,
        "python_accepts": accepted,
        "divergence": divergence,
    }


def sig_value(library, secret, msg_id, timestamp, body):
    return sign_checked(library, secret, msg_id, timestamp, body).split(",", 1)[1]


def build_cases():
    body = b'{"dry_run": true}'
    mid = "msg_2LJ6bVZc8q1rA7tq"
    ts = str(NOW)
    return [
        case("valid_standardwebhooks", "ok"),
        case("valid_svix", "ok", library="svix"),
        case("valid_empty_body", "ok", body=b""),
        case("valid_unicode_body", "ok", body='{"title": "Zoë – survey ✓"}'.encode()),
        case("valid_multiline_body", "ok", body=b'{\r\n  "verbose": false\n}\n'),
        case("valid_24_byte_secret", "ok", secret=S24),
        case("valid_unpadded_secret", "ok", secret=S_UNPADDED, library="svix"),
        case("valid_spec_example", "ok", secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
             msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp="1614265330", now=1614265330,
             body=b'{"test": 2432232314}'),
        case("wrong_secret", "invalid_signature", secret=S2, configured=S1),
        case("rotation_second_secret", "ok", secret=S2, configured=f"{S1} {S2}"),
        case("rotation_first_secret", "ok", secret=S1, configured=f"{S1} {S2}", library="svix"),
        case("rotation_newline_separated", "ok", secret=S2, configured=f"{S1}\n{S2}\n"),
        case("two_signatures_one_valid", "ok",
             header=lambda lib: f"v1,{sig_value(lib, S2, mid, ts, body)} v1,{sig_value(lib, S1, mid, ts, body)}"),
        case("two_signatures_none_valid", "invalid_signature", configured=S1,
             header=lambda lib: f"v1,{sig_value(lib, S2, mid, ts, body)} v1,{sig_value(lib, S24, mid, ts, body)}"),
        case("v1a_entry_ignored_alone", "invalid_signature",
             header=lambda lib: f"v1a,{sig_value(lib, S1, mid, ts, body)}"),
        case("v1a_entry_ignored_with_valid_v1", "ok",
             header=lambda lib: f"v1a,{sig_value(lib, S2, mid, ts, body)} v1,{sig_value(lib, S1, mid, ts, body)}"),
        case("v2_entry_ignored_alone", "invalid_signature",
             header=lambda lib: f"v2,{sig_value(lib, S1, mid, ts, body)}"),
        case("id_with_dots", "ok", msg_id="msg.2026.01.01"),
        case("timestamp_with_dot", "invalid_signature", timestamp=f"{NOW}.5",
             divergence="the libraries parse the timestamp as a float and sign its floor; "
                        "checktick-jobs requires 1-18 ASCII digits"),
        case("timestamp_301s_old", "timestamp_out_of_tolerance", timestamp=str(NOW - 301)),
        case("timestamp_301s_future", "timestamp_out_of_tolerance", timestamp=str(NOW + 301)),
        case("timestamp_300s_old", "ok", timestamp=str(NOW - 300)),
        case("timestamp_300s_future", "ok", timestamp=str(NOW + 300)),
        case("timestamp_299s_old", "ok", timestamp=str(NOW - 299)),
        case("timestamp_299s_future", "ok", timestamp=str(NOW + 299), library="svix"),
        case("stale_timestamp_and_wrong_secret", "timestamp_out_of_tolerance", secret=S2, configured=S1,
             timestamp=str(NOW - 3600)),
        case("timestamp_altered", "invalid_signature", signed_timestamp=str(NOW - 1)),
        case("id_altered", "invalid_signature", signed_id="msg_2LJ6bVZc8q1rA7tr"),
        case("body_altered_one_byte", "invalid_signature", signed_body=b'{"dry_run": true}',
             body=b'{"dry_run": truE}'),
        case("body_appended_one_byte", "invalid_signature", signed_body=body, body=b'{"dry_run": true} '),
        case("missing_id", "missing_signature", msg_id=None, signed_id=mid),
        case("missing_timestamp", "missing_signature", timestamp=None, signed_timestamp=ts),
        case("missing_signature_header", "missing_signature", header=lambda lib: None),
        case("empty_id", "missing_signature", msg_id="", signed_id=mid),
        case("empty_signature_header", "missing_signature", header=lambda lib: ""),
        case("restricted_key_other_job", "job_not_allowed_for_key", configured=f"{S1}@{CLEANUP}",
             job=GOVERNANCE, divergence="the libraries have no job restriction"),
        case("restricted_key_own_job", "ok", configured=f"{S1}@{CLEANUP},{GOVERNANCE}", job=GOVERNANCE),
        case("restricted_and_unrestricted_rotation", "ok", secret=S2,
             configured=f"{S1}@{CLEANUP} {S2}", job=GOVERNANCE),
    ]


def write_vectors(path):
    cases = build_cases()
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    document = {
        "generator": {
            "python": sys.version.split()[0],
            "standardwebhooks": version("standardwebhooks"),
            "svix": version("svix"),
            "svix_delegates_to_standardwebhooks": getattr(svix_module, "StdWh", None) is StdWebhook,
        },
        "tolerance_seconds": TOLERANCE,
        "cases": cases,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=1, ensure_ascii=False)
        out.write("\n")
    print(f"wrote {len(cases)} cases to {path}", file=sys.stderr)


def verify_messages(path):
    with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as source:
        document = json.load(source)
    messages = document if isinstance(document, list) else [document]
    failures = 0
    for index, message in enumerate(messages):
        now = message.get("now", int(datetime.now(tz=timezone.utc).timestamp()))
        body = base64.b64decode(message["body_b64"])
        verdicts = {}
        for name, cls in LIBRARIES.items():
            headers = {"webhook-id": message["id"], "webhook-timestamp": str(message["timestamp"]),
                       "webhook-signature": message["signature_header"]}
            _FrozenClock.frozen = now
            try:
                if cls is StdWebhook:
                    cls(plain_secret(message["secret"])).verify(body, headers, json_parse=False)
                else:
                    cls(plain_secret(message["secret"])).verify(body, headers)
                verdicts[name] = "ok"
            except Exception as error:  # report, do not stop at the first failure
                verdicts[name] = f"rejected ({error})"
        ok = all(v == "ok" for v in verdicts.values())
        failures += 0 if ok else 1
        print(f"{index}: " + ", ".join(f"{n} {v}" for n, v in verdicts.items()))
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "verify":
        return verify_messages(argv[2])
    if len(argv) == 2 and argv[1] != "verify":
        write_vectors(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
