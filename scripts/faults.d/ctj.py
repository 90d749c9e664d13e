#!/usr/bin/env python3
"""Client side of scripts/faults: signed triggers, trigger load, retries, run verification, slowloris.

Standard library only (runs in /work/main/.venv). Subcommands print one JSON object on stdout.

  trigger   --url BASE --job JOB [--body JSON] [--id ID] [--wait N]
  load      --targets BASE[,BASE] --job JOB --concurrency C --duration S --out FILE [--prefix P]
            [--both-every K] [--stop-file F]        each request one JSON line in FILE
  retry     --url BASE --job JOB --logs FILE[,FILE] --out FILE [--deadline S]
            re-sends, with the same webhook-id, every id that never got 200/202
  verify    --db URL --job JOB --logs FILE[,...]     every acknowledged id has exactly one run, runs' state
  spans     --db URL --job JOB                        diagnostic_sleep runs' [start, end] never overlap
  mail      --dir DIR                                 the SMTP sink's messages: recipients, duplicates
  latency   --url URL [--count N]                     p50/p99 of GETs, each on a fresh connection
  slowloris --port P --count N --interval S --limit S --out FILE [--ready-file F]
The webhook secret comes from the environment (JOBS_WEBHOOK_SECRETS, first entry).
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from urllib.parse import urlsplit


def secret_key():
    entry = os.environ["JOBS_WEBHOOK_SECRETS"].split()[0].split("@")[0]
    return base64.b64decode(entry[len("whsec_"):])


def signed_headers(msg_id, body):
    ts = str(int(time.time()))
    mac = hmac.new(secret_key(), f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": ts,
        "webhook-signature": "v1," + base64.b64encode(mac).decode(),
        "Content-Type": "application/json",
    }


class Client:
    """One keep-alive connection to a base URL, reopened after any error."""

    def __init__(self, base, timeout=30):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn = None

    def post(self, path, headers, body):
        """(status, parsed JSON or None, error text or None)."""
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request("POST", path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            try:
                parsed = json.loads(data) if data else None
            except ValueError:
                parsed = {"raw": data[:200].decode("utf-8", "replace")}
            return response.status, parsed, None
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return 0, None, type(error).__name__ + ": " + str(error)[:120]

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def send(client, job, msg_id, body=b"", wait=None):
    path = f"/jobs/{job}" + (f"?wait={wait}" if wait else "")
    started = time.time()
    status, parsed, error = client.post(path, signed_headers(msg_id, body), body)
    record = {"id": msg_id, "status": status, "t": round(started, 3), "ms": round((time.time() - started) * 1000, 1)}
    if parsed:
        run = parsed.get("run") if isinstance(parsed.get("run"), dict) else {}
        record["run_id"] = parsed.get("run_id") or run.get("run_id")
        for key in ("deduplicated", "coalesced", "error"):
            if parsed.get(key) is not None:
                record[key] = parsed[key]
        if "run" in parsed and isinstance(parsed["run"], dict):
            record["run_status"] = parsed["run"].get("status")
    if error:
        record["error"] = error
    return record


# --- trigger -------------------------------------------------------------------------------------

def cmd_trigger(args):
    msg_id = args.id or f"faults-{os.getpid()}-{time.time_ns()}"
    client = Client(args.url, timeout=(args.wait or 0) + 30)
    record = send(client, args.job, msg_id, args.body.encode(), args.wait)
    print(json.dumps(record))


# --- load ----------------------------------------------------------------------------------------

def cmd_load(args):
    targets = args.targets.split(",")
    end = time.time() + args.duration
    lock = threading.Lock()
    out = open(args.out, "a", encoding="utf-8")
    body = args.body.encode()

    def write(record):
        with lock:
            out.write(json.dumps(record) + "\n")
            out.flush()

    def stopped():
        return time.time() >= end or (args.stop_file and os.path.exists(args.stop_file))

    def worker(index):
        clients = [Client(t, timeout=10) for t in targets]
        seq = 0
        while not stopped():
            seq += 1
            msg_id = f"{args.prefix}-{index}-{seq}"
            if args.both_every and len(targets) > 1 and seq % args.both_every == 0:
                # the same webhook-id to every replica at once: exactly one run may come of it
                results = [None] * len(targets)

                def one(position):
                    results[position] = send(clients[position], args.job, msg_id, body)
                    results[position]["target"] = position
                    results[position]["both"] = True

                threads = [threading.Thread(target=one, args=(p,)) for p in range(len(targets))]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                for record in results:
                    write(record)
                failed = any(r["status"] == 0 for r in results)
            else:
                position = (index + seq) % len(targets)
                record = send(clients[position], args.job, msg_id, body)
                record["target"] = position
                write(record)
                failed = record["status"] == 0
            if failed:
                time.sleep(0.05)  # the server is away: do not spin
            elif args.pause:
                time.sleep(args.pause)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.close()
    print(json.dumps(summarize(read_logs([args.out]))))


def read_logs(paths):
    records = []
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    return records


def summarize(records):
    by_status = {}
    for record in records:
        by_status[str(record["status"])] = by_status.get(str(record["status"]), 0) + 1
    return {"requests": len(records), "by_status": by_status}


def acknowledged(records):
    """id -> set of run ids the server acknowledged (202 created, 200 deduplicated/coalesced)."""
    acks = {}
    for record in records:
        if record["status"] in (200, 202) and record.get("run_id"):
            acks.setdefault(record["id"], set()).add(record["run_id"])
    return acks


# --- retry ---------------------------------------------------------------------------------------

def cmd_retry(args):
    records = read_logs(args.logs.split(","))
    acks = acknowledged(records)
    pending = sorted({r["id"] for r in records} - set(acks))
    client = Client(args.url, timeout=10)
    deadline = time.time() + args.deadline
    outcome = {"retried": len(pending), "created": 0, "deduplicated": 0, "gave_up": 0}
    with open(args.out, "a", encoding="utf-8") as out:
        for msg_id in pending:
            while True:
                record = send(client, args.job, msg_id)
                record["retry"] = True
                out.write(json.dumps(record) + "\n")
                if record["status"] == 202:
                    outcome["created"] += 1
                    break
                if record["status"] == 200:
                    outcome["deduplicated"] += 1
                    break
                if time.time() > deadline:
                    outcome["gave_up"] += 1
                    break
                time.sleep(0.2)
    print(json.dumps(outcome))


# --- verify --------------------------------------------------------------------------------------

def psql(db, sql):
    result = subprocess.run(["psql", "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", db, "-c", sql],
                            capture_output=True, text=True, check=True)
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def cmd_verify(args):
    records = read_logs(args.logs.split(","))
    acks = acknowledged(records)
    errors = []
    unanswered = sorted({r["id"] for r in records} - set(acks))
    if unanswered:
        errors.append(f"{len(unanswered)} ids never acknowledged, e.g. {unanswered[:3]}")
    keys = {row[0]: row[1] for row in psql(args.db, "SELECT key, run_id FROM checktick_jobs.trigger_keys")}
    runs = {row[0]: row for row in psql(args.db, f"""
        SELECT id, status, attempt, coalesce(idempotency_key, ''), coalesce(error, '')
        FROM checktick_jobs.runs WHERE job = '{args.job}'""")}
    lost = []
    split = []
    for msg_id, run_ids in acks.items():
        if len(run_ids) > 1:
            split.append(msg_id)
        stored = keys.get("webhook:" + msg_id)
        if stored is None or stored not in runs or stored not in run_ids:
            lost.append(msg_id)
    if lost:
        errors.append(f"{len(lost)} acknowledged ids without their run, e.g. {lost[:3]}")
    if split:
        errors.append(f"{len(split)} ids answered with different run ids, e.g. {split[:3]}")
    acked_runs = {next(iter(ids)) for ids in acks.values()}
    extra = [run_id for run_id in runs if run_id not in acked_runs]
    if extra and not args.allow_extra:
        errors.append(f"{len(extra)} runs that no acknowledged trigger asked for, e.g. {extra[:3]}")
    statuses = {}
    for row in runs.values():
        statuses[row[1]] = statuses.get(row[1], 0) + 1
    not_done = [run_id for run_id in acked_runs if runs.get(run_id, [None, "missing"])[1] != "succeeded"]
    if not_done:
        errors.append(f"{len(not_done)} acknowledged runs not succeeded: "
                      + ", ".join(f"{r}={runs.get(r, [None, 'missing'])[1]}" for r in not_done[:3]))
    attempts = {}
    for row in runs.values():
        attempts[row[2]] = attempts.get(row[2], 0) + 1
    too_many = [row[0] for row in runs.values() if int(row[2]) > args.max_attempt]
    if too_many:
        errors.append(f"{len(too_many)} runs executed more than {args.max_attempt} times")
    both = {}
    for record in records:
        if record.get("both"):
            both.setdefault(record["id"], []).append(record["status"])
    both_bad = [k for k, v in both.items() if sorted(v) != [200, 202]]
    if both and both_bad:
        errors.append(f"{len(both_bad)} ids sent to both replicas at once not answered 202+200, e.g. "
                      + ", ".join(f"{k}:{both[k]}" for k in both_bad[:3]))
    workers = psql(args.db, f"""
        SELECT split_part(worker, ':', 2), count(*) FROM checktick_jobs.runs
        WHERE job = '{args.job}' AND worker IS NOT NULL GROUP BY 1 ORDER BY 1""")
    print(json.dumps({
        "ok": not errors, "errors": errors, "acknowledged": len(acks), "runs": len(runs), "statuses": statuses,
        "attempts": attempts, "both_pairs": len(both), "runs_per_pid": {w[0]: int(w[1]) for w in workers},
        "requests": summarize(records)["by_status"],
    }))


SPAN_PATTERNS = [
    # diagnostic_sleep: "started at <unix ms>" ... "finished at <unix ms>"
    (re.compile(r"started at (\d+)"), re.compile(r"finished at (\d+)"), lambda text: int(text) / 1000),
    # cleanup_survey_progress: "Starting survey progress cleanup at <python datetime>" ... "Cleanup completed at …"
    (re.compile(r"Starting survey progress cleanup at (\S+ \S+)"), re.compile(r"Cleanup completed at (\S+ [0-9:.]+\+\d\d:\d\d)"),
     lambda text: datetime.fromisoformat(text).timestamp()),
]


def cmd_spans(args):
    """The runs' own start and end times (printed by the job, not the claim transaction's now()) never overlap."""
    spans = []
    for (output,) in psql(args.db, f"SELECT replace(output, E'\\n', ' ') FROM checktick_jobs.runs "
                                    f"WHERE job = '{args.job}' AND status = 'succeeded'"):
        for start_re, end_re, parse in SPAN_PATTERNS:
            start, end = start_re.search(output), end_re.search(output)
            if start and end:
                spans.append((parse(start.group(1)), parse(end.group(1))))
                break
    spans.sort()
    overlaps = [(a, b) for a, b in zip(spans, spans[1:]) if a[1] > b[0]]
    print(json.dumps({"ok": not overlaps and bool(spans), "spans": len(spans), "overlaps": len(overlaps),
                      "example": overlaps[:2]}))


# --- mail ----------------------------------------------------------------------------------------

def cmd_mail(args):
    """Messages the SMTP sink stored: total, distinct recipients, duplicates, subjects that do not match
    the recipient's window (recipients are <category>.<n>@…, e.g. warn7.12@faults.invalid)."""
    per_recipient = {}
    wrong_subject = 0
    total = 0
    for name in sorted(os.listdir(args.dir)) if os.path.isdir(args.dir) else []:
        if not (name.startswith("msg-") and name.endswith(".json")):
            continue
        with open(os.path.join(args.dir, name), encoding="utf-8") as handle:
            message = json.load(handle)
        total += 1
        for recipient in message["rcpt_tos"]:
            per_recipient[recipient] = per_recipient.get(recipient, 0) + 1
            category = recipient.split(".", 1)[0]
            if category.startswith("warn") and f"- {category[4:]} days remaining" not in message["parsed"]["subject"]:
                wrong_subject += 1
    duplicated = {r: n for r, n in per_recipient.items() if n > 1}
    print(json.dumps({"messages": total, "recipients": len(per_recipient), "duplicated_recipients": len(duplicated),
                      "extra_copies": sum(n - 1 for n in duplicated.values()), "wrong_subject": wrong_subject,
                      "example": sorted(duplicated.items())[:3]}))


# --- latency -------------------------------------------------------------------------------------

def cmd_latency(args):
    """GET a URL COUNT times, each on a fresh connection (as an uptime monitor does): p50, p99, max, errors."""
    parts = urlsplit(args.url)
    times, errors = [], 0
    for _ in range(args.count):
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", parts.path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 2)
    print(json.dumps({"count": len(times), "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(times[-1], 2),
                      "errors": errors}))


# --- slowloris -----------------------------------------------------------------------------------

async def slow_connection(port, interval, limit, results, index, opened):
    started = time.time()
    result = {"opened": False, "status": None, "closed_after": None, "bytes_sent": 0}
    results[index] = result
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as error:
        result["error"] = str(error)
        opened.append(False)
        return
    result["opened"] = True
    opened.append(True)
    head = b"GET /healthz HTTP/1.1\r\nHost: faults\r\nX-Slow: "
    writer.write(head)
    result["bytes_sent"] = len(head)
    read = asyncio.ensure_future(reader.read(4096))
    deadline = started + limit
    while time.time() < deadline:
        done, _ = await asyncio.wait({read}, timeout=interval)
        if done:
            break
        try:
            writer.write(b"a")  # one more byte of a header that never ends
            await writer.drain()
            result["bytes_sent"] += 1
        except OSError:
            break
    try:
        data = await asyncio.wait_for(read, timeout=max(0.1, deadline - time.time()))
    except (asyncio.TimeoutError, OSError):
        data = None
    if data:
        first = data.split(b"\r\n", 1)[0].split()
        result["status"] = int(first[1]) if len(first) > 1 and first[1].isdigit() else -1
        try:
            await asyncio.wait_for(reader.read(), timeout=5)  # returns at EOF: the server closed after answering
            result["closed"] = True
        except (asyncio.TimeoutError, OSError):
            result["closed"] = False
    elif data == b"":
        result["status"] = 0  # closed without an answer
        result["closed"] = True
    result["closed_after"] = round(time.time() - started, 2)
    writer.close()


async def slowloris(args):
    results = [None] * args.count
    opened = []
    tasks = []
    for index in range(args.count):
        tasks.append(asyncio.ensure_future(slow_connection(args.port, args.interval, args.limit, results, index, opened)))
        if index % 50 == 49:
            await asyncio.sleep(0.01)
    while len(opened) < args.count:
        await asyncio.sleep(0.05)
    if args.ready_file:
        with open(args.ready_file, "w") as handle:
            handle.write(f"{sum(opened)}\n")
    await asyncio.gather(*tasks)
    return results


def cmd_slowloris(args):
    started = time.time()
    results = asyncio.run(slowloris(args))
    statuses = {}
    for result in results:
        statuses[str(result["status"])] = statuses.get(str(result["status"]), 0) + 1
    closes = sorted(r["closed_after"] for r in results if r["status"] is not None)
    summary = {
        "count": args.count, "opened": sum(1 for r in results if r["opened"]), "statuses": statuses,
        "closed_by_server": sum(1 for r in results if r.get("closed")),
        "first_answer_s": closes[0] if closes else None, "last_answer_s": closes[-1] if closes else None,
        "bytes_sent_max": max(r["bytes_sent"] for r in results), "elapsed_s": round(time.time() - started, 1),
    }
    with open(args.out, "w") as handle:
        json.dump(summary, handle)
    print(json.dumps(summary))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("trigger")
    p.add_argument("--url", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--body", default="")
    p.add_argument("--id")
    p.add_argument("--wait", type=int)
    p.set_defaults(func=cmd_trigger)
    p = sub.add_parser("load")
    p.add_argument("--targets", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--body", default="")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--duration", type=float, default=3)
    p.add_argument("--pause", type=float, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--prefix", default="faults")
    p.add_argument("--both-every", type=int, default=0)
    p.add_argument("--stop-file")
    p.set_defaults(func=cmd_load)
    p = sub.add_parser("retry")
    p.add_argument("--url", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--logs", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--deadline", type=float, default=30)
    p.set_defaults(func=cmd_retry)
    p = sub.add_parser("verify")
    p.add_argument("--db", required=True)
    p.add_argument("--job", required=True)
    p.add_argument("--logs", required=True)
    p.add_argument("--max-attempt", type=int, default=2)
    p.add_argument("--allow-extra", action="store_true")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("spans")
    p.add_argument("--db", required=True)
    p.add_argument("--job", required=True)
    p.set_defaults(func=cmd_spans)
    p = sub.add_parser("mail")
    p.add_argument("--dir", required=True)
    p.set_defaults(func=cmd_mail)
    p = sub.add_parser("latency")
    p.add_argument("--url", required=True)
    p.add_argument("--count", type=int, default=500)
    p.set_defaults(func=cmd_latency)
    p = sub.add_parser("slowloris")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--interval", type=float, default=2)
    p.add_argument("--limit", type=float, default=60)
    p.add_argument("--out", required=True)
    p.add_argument("--ready-file")
    p.set_defaults(func=cmd_slowloris)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
