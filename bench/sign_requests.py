#!/usr/bin/env python3
"""Pre-sign Standard Webhooks triggers for bench/wrk/unique.lua (wrk's Lua has no HMAC).

usage: sign_requests.py SECRET COUNT PREFIX HOST:PORT PATH OUTFILE [BODY]
  SECRET     whsec_<base64> (one entry of JOBS_WEBHOOK_SECRETS)
  COUNT      how many requests; request n gets webhook-id PREFIX-<n, 9 digits>
  HOST:PORT  the Host header (what wrk would send)
  PATH       e.g. /jobs/diagnostic_sleep
  OUTFILE    the complete HTTP/1.1 requests, back to back, all of the same length (so the Lua script
             finds request n at n × length and needs no parsing: a slow init would start one wrk thread
             well before the others, outside wrk's clock)
  BODY       the raw body (default {})
Every request carries the same timestamp, "now": generate just before the run (±300 s is accepted).
"""
import base64
import hashlib
import hmac
import sys
import time


def signed_requests(secret, count, prefix, host, path, body=b"{}", timestamp=None):
    """Yields each request's bytes; the signature is base64(HMAC-SHA256(key, "{id}.{ts}.{body}"))."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    ts = str(int(time.time() if timestamp is None else timestamp))
    for n in range(count):
        webhook_id = f"{prefix}-{n:09d}"
        mac = hmac.new(key, f"{webhook_id}.{ts}.".encode() + body, hashlib.sha256).digest()
        head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nwebhook-id: {webhook_id}\r\nwebhook-timestamp: {ts}\r\n"
                f"webhook-signature: v1,{base64.b64encode(mac).decode()}\r\n\r\n")
        yield head.encode() + body


def main(argv):
    if len(argv) not in (7, 8):
        sys.stderr.write(__doc__)
        return 2
    secret, count, prefix, host, path, outfile = argv[1], int(argv[2]), argv[3], argv[4], argv[5], argv[6]
    body = argv[7].encode() if len(argv) == 8 else b"{}"
    length = None
    with open(outfile, "wb") as handle:
        for request in signed_requests(secret, count, prefix, host, path, body):
            if length is None:
                length = len(request)
            elif len(request) != length:
                raise SystemExit("sign_requests: requests differ in length (prefix too long?)")
            handle.write(request)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
