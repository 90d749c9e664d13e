#!/usr/bin/env python3
"""Pre-sign Standard Webhooks requests for bench/wrk/unique.lua (Lua has no HMAC).

usage: sign_requests.py SECRET COUNT PREFIX OUTFILE [BODY]
  SECRET   whsec_<base64> (one entry of JOBS_WEBHOOK_SECRETS)
  COUNT    how many requests; each gets its own webhook-id PREFIX-<n>
  OUTFILE  one line per request: "<webhook-id> <webhook-timestamp> v1,<base64 signature>"
  BODY     the raw body every request sends (default {})
All timestamps are "now": generate just before the run (the server accepts ±300 s by default).
"""
import base64
import hashlib
import hmac
import sys
import time


def sign_lines(secret, count, prefix, body=b"{}", timestamp=None):
    """Yields the lines; the signature is base64(HMAC-SHA256(key, "{id}.{ts}.{body}"))."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    ts = str(int(time.time() if timestamp is None else timestamp))
    for n in range(count):
        webhook_id = f"{prefix}-{n}"
        mac = hmac.new(key, f"{webhook_id}.{ts}.".encode() + body, hashlib.sha256).digest()
        yield f"{webhook_id} {ts} v1,{base64.b64encode(mac).decode()}\n"


def main(argv):
    if len(argv) not in (5, 6):
        sys.stderr.write(__doc__)
        return 2
    secret, count, prefix, outfile = argv[1], int(argv[2]), argv[3], argv[4]
    body = argv[5].encode() if len(argv) == 6 else b"{}"
    with open(outfile, "w", encoding="ascii") as handle:
        handle.writelines(sign_lines(secret, count, prefix, body))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
