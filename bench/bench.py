#!/usr/bin/env python3
"""The benchmark suite's engine; `bench/run` installs, builds and then calls this (see bench/README.md).

Starts every server itself on 127.0.0.1 (free ports), measures the scenarios side by side in one run,
keeps raw outputs under bench/out/, writes bench/out/results.json, and stops everything it started
(also on failure or Ctrl-C). bench/report.py turns results.json into bench/RESULTS.md and results.png.
"""
import argparse
import base64
import datetime
import glob
import hashlib
import hmac
import http.client
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
WORK = Path("/tmp/ctj-bench-work")
PYTHON = sys.executable
BODY = b"{}"
JOB = "diagnostic_sleep"
WEBHOOK_SECRET = "bench-webhook-s3cret"
SIGNED_RATE_CAP = 50_000  # pre-signed unique triggers per second of wrk run (a thread that runs out stops)
PGBENCH_TABLE = ("CREATE TABLE bench_trigger (id uuid PRIMARY KEY, job text NOT NULL, params jsonb NOT NULL, "
                 "idempotency_key text NOT NULL UNIQUE, requested_at timestamptz NOT NULL DEFAULT now())")


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


class Processes:
    """Every process the suite starts, so that all of them are stopped (and reaped) whatever happens."""

    def __init__(self, pidfile):
        self.pidfile = pidfile
        self.running = []

    def start(self, name, argv, env=None, cwd=None, log=None, stdin=None, stdout=None, text=False):
        """Starts a process; its output goes to `log` (appended), or to `stdout` (e.g. a pipe) with stderr to `log`."""
        handle = open(log, "ab") if log else None
        try:
            proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=stdin or subprocess.DEVNULL,
                                    stdout=stdout or handle or subprocess.DEVNULL,
                                    stderr=handle or subprocess.DEVNULL, text=text)
        finally:
            if handle:
                handle.close()
        proc.bench_name = name
        self.running.append(proc)
        self._write()
        return proc

    def stop(self, proc, timeout=15):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc in self.running:
            self.running.remove(proc)
        self._write()
        return proc.returncode

    def stop_all(self):
        for proc in reversed(list(self.running)):
            try:
                self.stop(proc)
            except Exception:  # noqa: BLE001 - keep stopping the others
                pass

    def _write(self):
        self.pidfile.write_text("".join(f"{p.pid} {p.bench_name}\n" for p in self.running))


# ---------------------------------------------------------------------------------------------------- helpers

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kb(pid, field="VmRSS"):
    """A memory figure of /proc/PID/status in KiB: VmRSS, or RssAnon (heap, stacks) / RssFile (mapped code)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def tree_rss_kb(pid):
    """RSS of a process and its children (nginx: master + workers)."""
    total = rss_kb(pid)
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                total += rss_kb(int(Path(stat).parent.name))
        except (OSError, IndexError, ValueError):
            pass
    return total


def cpu_ticks(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def children(pid):
    count = 0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            if int(Path(stat).read_text().rsplit(")", 1)[1].split()[1]) == pid:
                count += 1
        except (OSError, IndexError, ValueError):
            pass
    return count


def wait_idle(pid, timeout=300.0):
    """Waits until a process has no children and used no CPU for 0.3 s; returns the seconds waited.
    (webhook answers before it runs the hook's command, so a run leaves a backlog of /bin/true behind.)"""
    started = time.monotonic()
    quiet_since, last = None, cpu_ticks(pid)
    while time.monotonic() - started < timeout:
        time.sleep(0.05)
        now = cpu_ticks(pid)
        if now == last and children(pid) == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 0.3:
                return round(quiet_since - started, 2)
        else:
            quiet_since = None
        last = now
    return round(time.monotonic() - started, 2)


def http_call(port, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_ready(proc, port, path="/", timeout=60.0):
    """Polls until GET path answers 200; returns the seconds waited. Raises if the process exits first."""
    started = time.monotonic()
    request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode()
    while True:
        if proc.poll() is not None:
            raise BenchError(f"{proc.bench_name} exited with {proc.returncode} before it was ready")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                sock.sendall(request)
                if sock.recv(32).split(b" ", 2)[1:2] == [b"200"]:
                    return time.monotonic() - started
        except (OSError, IndexError):
            pass
        if time.monotonic() - started > timeout:
            raise BenchError(f"{proc.bench_name} not ready on :{port}{path} after {timeout} s")
        time.sleep(0.002)


def wait_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise BenchError(f"nothing listening on :{port} after {timeout} s")


def run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def psql(url, sql):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-tA", url, "-c", sql]).stdout.strip()


def first_line(argv):
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (result.stdout + result.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def standard_webhooks_headers(secret, webhook_id, timestamp=None, body=BODY, signature=None):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    ts = str(int(time.time() if timestamp is None else timestamp))
    if signature is None:
        mac = hmac.new(key, f"{webhook_id}.{ts}.".encode() + body, hashlib.sha256).digest()
        signature = "v1," + base64.b64encode(mac).decode()
    return {"Content-Type": "application/json", "webhook-id": webhook_id, "webhook-timestamp": ts,
            "webhook-signature": signature}


# ----------------------------------------------------------------------------------------------------- suite

class Suite:
    def __init__(self, args):
        self.args = args
        self.procs = Processes(OUT / "pids.txt")
        self.admin = args.pg_url
        self.base = self.admin.rsplit("/", 1)[0]
        self.db = f"{self.base}/ctj_bench"
        self.secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
        self.results = {"settings": {}, "machine": {}, "scenarios": {}, "errors": []}
        self.binaries = {"ours": args.binary}
        if args.static_binary:
            self.binaries["ours-static"] = args.static_binary
        self.servers = {}
        self.webhook_proc = None

    # --------------------------------------------------------------------------------------------- servers

    def ours_env(self, port, database, **extra):
        env = {k: v for k, v in os.environ.items()
               if not (k.startswith(("JOBS_", "EMAIL_")) or k in ("DATABASE_URL", "PORT", "SITE_URL"))}
        env.update(DATABASE_URL=database, JOBS_WEBHOOK_SECRETS=self.secret, JOBS_LISTEN=f"127.0.0.1:{port}",
                   JOBS_LOG_LEVEL="warning", JOBS_EVENT_LOOPS="2")
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start_ours(self, name, binary, extra, log=None):
        """Starts `serve`; returns (process, port, seconds from exec to /readyz 200)."""
        port = free_port()
        env = self.ours_env(port, self.db, **extra)
        started = time.monotonic()
        proc = self.procs.start(name, [binary, "serve"], env=env, cwd=WORK, log=log or OUT / f"{name}.log")
        try:
            wait_ready(proc, port, "/readyz")
        except BenchError as error:
            raise BenchError(f"{error}; see {log or OUT / (name + '.log')}") from None
        return proc, port, time.monotonic() - started

    def start_nginx(self):
        port = free_port()
        folder = WORK / "nginx"
        folder.mkdir(parents=True, exist_ok=True)
        conf = folder / "nginx.conf"
        conf.write_text(f"""# bench/run: static answers, the practical ceiling of an HTTP server on this machine
worker_processes 2;
worker_rlimit_nofile {resource.getrlimit(resource.RLIMIT_NOFILE)[0]};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 20000; }}
http {{
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    default_type text/plain;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location = /healthz {{ return 200 "ok"; }}
        location /jobs/ {{
            default_type application/json;
            return 401 '{{"error":"invalid_signature","message":"signature does not match"}}';
        }}
    }}
}}
""")
        argv = ["nginx", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf), "-g", "daemon off;"]
        proc = self.procs.start("nginx", argv, log=OUT / "nginx.log")
        wait_ready(proc, port, "/healthz")
        self.results["settings"]["nginx_conf"] = conf.read_text()
        self.results["settings"]["nginx_command"] = shlex.join(argv)
        return proc, port

    def start_webhook(self):
        port = free_port()
        hooks = WORK / "hooks.json"
        hooks.write_text(json.dumps([{
            "id": "bench",
            "execute-command": "/bin/true",
            "command-working-directory": "/tmp",
            "http-methods": ["POST"],
            "response-message": "accepted\n",
            "trigger-rule-mismatch-http-response-code": 401,
            "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": WEBHOOK_SECRET,
                                       "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}},
        }], indent=2) + "\n")
        argv = ["webhook", "-hooks", str(hooks), "-ip", "127.0.0.1", "-port", str(port)]
        proc = self.procs.start("webhook", argv, log=OUT / "webhook.log")
        wait_port(port)
        self.results["settings"]["webhook_hooks"] = hooks.read_text()
        self.results["settings"]["webhook_command"] = shlex.join(argv)
        return proc, port

    # ------------------------------------------------------------------------------------------ measuring

    def wrk(self, key, label, url, script, headers=(), env=None):
        a = self.args
        argv = ["wrk", f"-t{a.threads}", f"-c{a.connections}", f"-d{a.duration}s", "--latency",
                "-s", f"bench/wrk/{script}"]
        for header in headers:
            argv += ["-H", header]
        argv.append(url)
        env = env or {}
        shown = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = (shown + " " if shown else "") + shlex.join(argv)
        load = os.getloadavg()[0]
        result = subprocess.run(argv, cwd=ROOT, env=os.environ | env, capture_output=True, text=True,
                                timeout=a.duration + 120)
        (OUT / f"wrk-{key}.txt").write_text(f"$ {command}\n{result.stdout}{result.stderr}")
        line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
        if result.returncode != 0 or line is None:
            raise BenchError(f"wrk {key} failed (exit {result.returncode}); see bench/out/wrk-{key}.txt")
        data = json.loads(line.removeprefix("BENCH_JSON "))
        seconds = data["duration_us"] / 1e6
        if data.get("threads_exhausted", 0) == a.threads and data.get("exhausted_after_us"):
            seconds = data["exhausted_after_us"] / 1e6
        errors = data["errors"]
        row = {
            "key": key, "label": label, "command": command, "tool": "wrk",
            "requests": data["requests"], "seconds": round(seconds, 3),
            "rps": round(data["requests"] / seconds, 1) if seconds else 0.0,
            "p50_ms": data["latency_us"]["p50"] / 1000, "p90_ms": data["latency_us"]["p90"] / 1000,
            "p99_ms": data["latency_us"]["p99"] / 1000, "max_ms": data["latency_us"]["max"] / 1000,
            "non_2xx": errors["status"],
            "socket_errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
        }
        for extra in ("signed_used", "signed_available", "threads_exhausted"):
            if extra in data:
                row[extra] = data[extra]
        print(f"  {label:<44} {row['rps']:>10,.0f} req/s  p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:7.2f} ms"
              f"  non-2xx {row['non_2xx']}", flush=True)
        time.sleep(1.0)
        return row

    def pgbench(self, key, label, script="bench/pgbench-insert.sql", clients=None, database=None):
        a = self.args
        clients = clients or a.connections
        database = database or self.db
        logdir = OUT / "pgbench"
        logdir.mkdir(exist_ok=True)
        for old in logdir.glob("tx*"):
            old.unlink()
        argv = ["pgbench", "-n", "-M", "extended", "-c", str(clients), "-j", str(a.threads),
                "-T", str(a.duration), "-f", script,
                "-l", "--sampling-rate", "0.1", "--log-prefix", "bench/out/pgbench/tx", database]
        command = shlex.join(argv)
        load = os.getloadavg()[0]
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=a.duration + 120)
        (OUT / f"pgbench-{key}.txt").write_text(f"$ {command}\n{result.stdout}{result.stderr}")
        tps = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout)
        count = re.search(r"number of transactions actually processed: (\d+)", result.stdout)
        failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
        if result.returncode != 0 or not tps:
            raise BenchError(f"pgbench failed (exit {result.returncode}); see bench/out/pgbench-{key}.txt")
        latencies = []
        for log in logdir.glob("tx*"):
            for line in log.read_text().splitlines():
                parts = line.split()
                if len(parts) >= 3:
                    latencies.append(int(parts[2]))
        row = {
            "key": key, "label": label, "command": command, "tool": "pgbench",
            "requests": int(count.group(1)) if count else 0, "seconds": a.duration,
            "rps": round(float(tps.group(1)), 1),
            "p50_ms": percentile(latencies, 0.50) / 1000 if latencies else None,
            "p90_ms": percentile(latencies, 0.90) / 1000 if latencies else None,
            "p99_ms": percentile(latencies, 0.99) / 1000 if latencies else None,
            "max_ms": max(latencies) / 1000 if latencies else None,
            "non_2xx": int(failed.group(1)) if failed else 0, "socket_errors": 0,
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
            "latency_sample": len(latencies),
        }
        print(f"  {label:<44} {row['rps']:>10,.0f} tps    p50 {row['p50_ms'] or 0:7.2f} ms  "
              f"p99 {row['p99_ms'] or 0:7.2f} ms", flush=True)
        time.sleep(1.0)
        return row

    def scenario(self, number, title, function):
        if number not in self.args.scenarios:
            return
        print(f"\n== {number}. {title}", flush=True)
        started = time.monotonic()
        entry = self.results["scenarios"].setdefault(str(number), {"title": title})
        try:
            function(entry)
        except Exception as error:  # noqa: BLE001 - one failed scenario must not hide the others
            entry["error"] = f"{type(error).__name__}: {error}"
            self.results["errors"].append(f"scenario {number}: {entry['error']}")
            (OUT / f"error-scenario-{number}.txt").write_text(traceback.format_exc())
            print(f"  FAILED: {entry['error']}", flush=True)
        entry["wall_seconds"] = round(time.monotonic() - started, 1)

    # ------------------------------------------------------------------------------------------- scenarios

    def resources(self, entry):
        """5. start-up time, idle RSS, RSS with 10,000 idle keep-alive connections held."""
        rows = []
        for name, binary in self.binaries.items():
            startups, idles, anon, files = [], [], [], []
            proc = port = None
            for trial in range(3):
                proc, port, seconds = self.start_ours(f"{name}-resources", binary, {})
                time.sleep(1.0)
                startups.append(seconds * 1000)
                idles.append(rss_kb(proc.pid))
                anon.append(rss_kb(proc.pid, "RssAnon"))
                files.append(rss_kb(proc.pid, "RssFile"))
                if trial < 2:
                    self.procs.stop(proc)
            held = self.hold(port, lambda: rss_kb(proc.pid))
            self.procs.stop(proc)
            rows.append({"server": name, "binary": binary, "binary_bytes": os.path.getsize(binary),
                         "startup_ms": [round(s, 1) for s in startups],
                         "startup_ms_median": round(statistics.median(startups), 1),
                         "idle_rss_kb": idles, "idle_rss_kb_median": int(statistics.median(idles)),
                         "idle_rss_anon_kb_median": int(statistics.median(anon)),
                         "idle_rss_file_kb_median": int(statistics.median(files)), **held})
            print(f"  {name:<12} start-up {statistics.median(startups):6.1f} ms  idle RSS "
                  f"{statistics.median(idles) / 1024:5.1f} MiB  with {held['held']} idle connections "
                  f"{held['rss_held_kb'] / 1024:6.1f} MiB  (10,001st: {held['extra_status']})", flush=True)
        nginx, port = self.start_nginx()
        time.sleep(1.0)
        idle = tree_rss_kb(nginx.pid)
        held = self.hold(port, lambda: tree_rss_kb(nginx.pid))
        self.procs.stop(nginx)
        rows.append({"server": "nginx (master + 2 workers)", "startup_ms_median": None, "idle_rss_kb_median": idle,
                     **held})
        print(f"  {'nginx':<12} idle RSS {idle / 1024:5.1f} MiB  with {held['held']} idle connections "
              f"{held['rss_held_kb'] / 1024:6.1f} MiB", flush=True)
        entry["rows"] = rows
        entry["floor"] = self.rss_floor()
        entry["settings"] = ("ours: `serve` with the defaults (2 workers) plus JOBS_LOG_LEVEL=warning "
                             "JOBS_EVENT_LOOPS=2; start-up = exec to the first 200 from /readyz (polled every 2 ms), "
                             "3 starts, median; idle RSS 1 s after ready")

    def rss_floor(self):
        """Context for the idle-RSS target: idle processes that only load what ours must load."""
        source = BENCH / "rss-floor"
        variants = [
            ("C, no library", ["clang", "-O2", str(source / "idle.c")]),
            ("C linked with libpq (Debian's, with its Kerberos, LDAP and TLS dependencies)",
             ["clang", "-O2", str(source / "idle.c"), "-Wl,--no-as-needed", "-lpq"]),
            ("C linked with libpq, libcurl, libxml2, libcrypto (the C libraries ours links)",
             ["clang", "-O2", str(source / "idle.c"), "-Wl,--no-as-needed", "-lpq", "-lcurl", "-lxml2", "-lcrypto"]),
            ("Swift, --static-stdlib", ["swiftc", "-O", "-static-stdlib", str(source / "idle.swift")]),
            ("Swift, --static-stdlib, Foundation imported",
             ["swiftc", "-O", "-static-stdlib", "-D", "WITH_FOUNDATION", str(source / "idle.swift")]),
        ]
        rows = []
        for index, (label, argv) in enumerate(variants):
            binary = WORK / f"rss-floor-{index}"
            try:
                subprocess.run(argv + ["-o", str(binary)], check=True, capture_output=True, text=True, timeout=300)
            except (OSError, subprocess.SubprocessError) as error:
                rows.append({"label": label, "command": shlex.join(argv), "error": str(error)[:200]})
                continue
            proc = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            proc.stdout.readline()
            time.sleep(0.3)
            rss = rss_kb(proc.pid)
            proc.wait(timeout=10)
            rows.append({"label": label, "command": shlex.join(argv).replace(str(ROOT) + "/", ""), "rss_kb": rss})
            print(f"  floor: {label:<80} {rss / 1024:5.1f} MiB", flush=True)
        return rows

    def hold(self, port, measure):
        count = self.args.hold
        before = measure()
        client = self.procs.start("hold_connections", [PYTHON, str(BENCH / "hold_connections.py"), str(port), str(count)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        opened = json.loads(client.stdout.readline())
        time.sleep(1.0)
        during = measure()
        client.stdin.write("probe\n")
        client.stdin.flush()
        probe = json.loads(client.stdout.readline())
        client.stdin.write("close\n")
        client.stdin.flush()
        client.stdout.readline()
        self.procs.stop(client)
        time.sleep(1.0)
        after = measure()
        return {"held": opened["answered"], "hold_failed": opened["failed"], "hold_open_seconds": opened["seconds"],
                "rss_before_kb": before, "rss_held_kb": during, "rss_after_close_kb": after,
                "per_connection_bytes": round((during - before) * 1024 / max(1, opened["answered"])),
                "probe_alive": probe["alive"], "probe_count": probe["probed"], "extra_status": probe["extra_status"]}

    def healthz(self, entry):
        rows = []
        nginx, ours = self.servers["nginx"], self.servers["ours"]
        for name, port in [("nginx", nginx)] + [(n, p) for n, p in self.servers.items() if n.startswith("ours")]:
            status, _ = http_call(port, "GET", "/healthz")
            if status != 200:
                raise BenchError(f"{name} GET /healthz answered {status}")
        rows.append(self.wrk("healthz-nginx", "nginx, static 200", f"http://127.0.0.1:{nginx}/healthz", "get.lua"))
        rows.append(self.wrk("healthz-ours", "checktick-jobs", f"http://127.0.0.1:{ours}/healthz", "get.lua"))
        if "ours-static" in self.servers:
            rows.append(self.wrk("healthz-ours-static", "checktick-jobs (--static-swift-stdlib)",
                                 f"http://127.0.0.1:{self.servers['ours-static']}/healthz", "get.lua"))
        # Context: the same server with info-level access logging (one line per request on stderr).
        log = WORK / "ours-info.log"
        proc, port, _ = self.start_ours("ours-info", self.binaries["ours"], {"JOBS_LOG_LEVEL": "info"}, log=log)
        try:
            row = self.wrk("healthz-ours-info", "checktick-jobs, JOBS_LOG_LEVEL=info", f"http://127.0.0.1:{port}/healthz",
                           "get.lua")
            row["context"] = True
            rows.append(row)
        finally:
            self.procs.stop(proc)
            log.unlink(missing_ok=True)
        entry["rows"] = rows

    def rejected(self, entry):
        nginx, ours, webhook = self.servers["nginx"], self.servers["ours"], self.servers["webhook"]
        path = f"/jobs/{JOB}"
        wrong_sig = "v1," + base64.b64encode(bytes(32)).decode()
        ours_headers = standard_webhooks_headers(self.secret, "bench-rejected", signature=wrong_sig)
        webhook_headers = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64}
        seen = {
            "checktick-jobs": http_call(ours, "POST", path, ours_headers, BODY),
            "webhook": http_call(webhook, "POST", "/hooks/bench", webhook_headers, BODY),
            "nginx": http_call(nginx, "POST", path, {"Content-Type": "application/json"}, BODY),
        }
        entry["answers"] = {k: f"{s} {b.strip()[:80]}" for k, (s, b) in seen.items()}
        if seen["checktick-jobs"][0] != 401 or "invalid_signature" not in seen["checktick-jobs"][1]:
            raise BenchError(f"our rejected trigger answered {seen['checktick-jobs']}")
        rows = [
            self.wrk("rejected-nginx", "nginx, static 401", f"http://127.0.0.1:{nginx}{path}", "post.lua"),
            self.wrk("rejected-webhook", "webhook, payload-hmac-sha256 mismatch",
                     f"http://127.0.0.1:{webhook}/hooks/bench", "post.lua",
                     [f"{k}: {v}" for k, v in webhook_headers.items() if k != "Content-Type"]),
        ]
        # Signed just now, so the timestamp is in tolerance and the HMAC really is computed and compared.
        ours_headers = standard_webhooks_headers(self.secret, "bench-rejected", signature=wrong_sig)
        rows.append(self.wrk("rejected-ours", "checktick-jobs, 401 invalid_signature", f"http://127.0.0.1:{ours}{path}",
                             "post.lua", [f"{k}: {v}" for k, v in ours_headers.items() if k != "Content-Type"]))
        entry["rows"] = rows

    def durable(self, entry):
        a = self.args
        ours, webhook = self.servers["ours"], self.servers["webhook"]
        path = f"/jobs/{JOB}"
        psql(self.db, "TRUNCATE bench_trigger")
        rows = [self.pgbench("durable-pgbench", "pgbench, one-row INSERT (the ceiling)")]
        for run_key, label in (("durable-ours", "checktick-jobs, unique webhook-ids (empty queue)"),
                               ("durable-ours-2", "checktick-jobs, unique webhook-ids (2nd run: queue holds the 1st run's)")):
            prefix = f"u{int(time.time())}{run_key[-1]}"
            signed = WORK / "signed.bin"
            count = max(20_000, a.duration * SIGNED_RATE_CAP)
            queued = int(psql(self.db, "SELECT count(*) FROM checktick_jobs.runs WHERE status = 'queued'"))
            run([PYTHON, str(BENCH / "sign_requests.py"), self.secret, str(count), prefix, f"127.0.0.1:{ours}", path,
                 str(signed)])
            row = self.wrk(run_key, label, f"http://127.0.0.1:{ours}{path}", "unique.lua",
                           env={"BENCH_SIGNED_FILE": str(signed), "BENCH_THREADS": str(a.threads)})
            signed.unlink()
            created = int(psql(self.db, "SELECT count(*) FROM checktick_jobs.runs "
                                        f"WHERE idempotency_key LIKE 'webhook:{prefix}-%'"))
            row.update(queued_before=queued, runs_created=created)
            print(f"    queue held {queued:,} runs before; {created:,} runs created for {row['requests']:,} "
                  f"answered requests", flush=True)
            rows.append(row)
        # Context: our enqueue transaction alone, at our pool's size (JOBS_DB_POOL_SIZE default 10), on a
        # fresh database (empty queue, like the first run above).
        psql(self.admin, "DROP DATABASE IF EXISTS ctj_bench_replay")
        psql(self.admin, "CREATE DATABASE ctj_bench_replay")
        run([self.binaries["ours"], "migrate"], env=self.ours_env(0, f"{self.base}/ctj_bench_replay"))
        row = self.pgbench("durable-pgbench-trigger", "pgbench replaying our enqueue transaction, 10 clients",
                           script="bench/pgbench-trigger.sql", clients=10, database=f"{self.base}/ctj_bench_replay")
        row["context"] = True
        rows.append(row)
        psql(self.admin, "DROP DATABASE IF EXISTS ctj_bench_replay")
        valid = hmac.new(WEBHOOK_SECRET.encode(), BODY, hashlib.sha256).hexdigest()
        status, text = http_call(webhook, "POST", "/hooks/bench",
                            {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={valid}"}, BODY)
        if status != 200:
            raise BenchError(f"webhook with a valid signature answered {status} {text!r}")
        row = self.wrk("durable-webhook", "webhook, valid signature (runs /bin/true)",
                       f"http://127.0.0.1:{webhook}/hooks/bench", "post.lua", [f"X-Hub-Signature-256: sha256={valid}"])
        row["backlog_drain_s"] = wait_idle(self.webhook_proc.pid)
        row["completed_rate"] = round(row["requests"] / (row["seconds"] + row["backlog_drain_s"]), 1)
        print(f"    webhook's /bin/true backlog drained {row['backlog_drain_s']} s after the run: "
              f"{row['completed_rate']:,.0f} hooks run per second", flush=True)
        rows.append(row)
        entry["rows"] = rows
        entry["pgbench_table"] = PGBENCH_TABLE
        # The runs above inserted several hundred thousand rows: autovacuum would start on them during the
        # next measurement. Do that work now, untimed, so that scenario 4 does not share the cores with it.
        started = time.monotonic()
        psql(self.db, "VACUUM (ANALYZE) checktick_jobs.runs, checktick_jobs.trigger_keys")
        entry["vacuum_s"] = round(time.monotonic() - started, 2)
        print(f"    VACUUM (ANALYZE) of the runs and keys tables, untimed: {entry['vacuum_s']} s", flush=True)

    def deduplicated(self, entry):
        ours = self.servers["ours"]
        path = f"/jobs/{JOB}"
        webhook_id = f"bench-dedup-{int(time.time())}"
        headers = standard_webhooks_headers(self.secret, webhook_id)
        first = http_call(ours, "POST", path, headers, BODY)
        again = http_call(ours, "POST", path, headers, BODY)
        entry["answers"] = {"first": f"{first[0]}", "repeat": f"{again[0]} {again[1][:120]}"}
        if first[0] != 202 or again[0] != 200 or '"deduplicated":true' not in again[1]:
            raise BenchError(f"dedup setup: first {first[0]}, repeat {again[0]} {again[1][:200]}")
        row = self.wrk("dedup-ours", "checktick-jobs, same webhook-id (deduplicated)", f"http://127.0.0.1:{ours}{path}",
                       "post.lua", [f"{k}: {v}" for k, v in headers.items() if k != "Content-Type"])
        row["runs_for_key"] = int(psql(self.db, "SELECT count(*) FROM checktick_jobs.runs "
                                                f"WHERE idempotency_key = 'webhook:{webhook_id}'"))
        durable = self.results["scenarios"].get("3", {}).get("rows", [])
        reference = next((dict(r, reused_from="3") for r in durable if r["key"] == "durable-webhook"), None)
        entry["rows"] = [row] + ([reference] if reference else [])

    def governance(self, entry):
        a = self.args
        binary = self.binaries["ours"]
        template, names = "ctj_gov_template", ["ctj_gov_ours", "ctj_gov_baseline", "ctj_gov_ours_fixture"]
        for name in [template] + names:
            psql(self.admin, f"DROP DATABASE IF EXISTS {name}")
        psql(self.admin, f"CREATE DATABASE {template}")
        env = self.ours_env(0, f"{self.base}/{template}")
        env.pop("JOBS_WEBHOOK_SECRETS")
        run([binary, "migrate", "--checktick-schema"], env=env)
        started = time.monotonic()
        run(["psql", "-X", "-q", "-v", f"surveys={a.surveys}", "-f", str(BENCH / "governance-data.sql"),
             f"{self.base}/{template}"])
        entry["data_seconds"] = round(time.monotonic() - started, 2)
        entry["surveys"] = a.surveys
        entry["data_command"] = f"psql -v surveys={a.surveys} -f bench/governance-data.sql <db>"
        print(f"  data set: {a.surveys:,} surveys in {entry['data_seconds']} s", flush=True)

        def fresh(name):
            psql(self.admin, f"DROP DATABASE IF EXISTS {name}")
            psql(self.admin, f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
            psql(f"{self.base}/{name}", "VACUUM ANALYZE")
            return f"{self.base}/{name}"

        rows = []
        # ours, with Postfix's smtp-sink: a real SMTP server in C that accepts and discards (the target row)
        sink_port = free_port()
        sink = self.procs.start("smtp_sink_postfix", ["smtp-sink", "-u", "nobody", f"127.0.0.1:{sink_port}", "256"],
                                log=OUT / "smtp_sink_postfix.log")
        wait_port(sink_port)
        rows.append(self.governance_job("ours", "checktick-jobs run process_data_governance (Postfix smtp-sink)",
                                        binary, fresh(names[0]), sink_port))
        self.procs.stop(sink)

        # the set-based baseline in psql
        url = fresh(names[1])
        argv = ["psql", "-X", "-q", "-f", "bench/governance-baseline.sql", url]
        started = time.monotonic()
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
        seconds = time.monotonic() - started
        (OUT / "governance-baseline.txt").write_text(f"$ {shlex.join(argv)}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            raise BenchError("governance-baseline.sql failed; see bench/out/governance-baseline.txt")
        rows.append({"key": "baseline", "label": "bench/governance-baseline.sql in psql (no e-mail)",
                     "command": shlex.join(argv[:-1] + ["<db>"]), "seconds": round(seconds, 3),
                     "counts": self.governance_counts(url)})
        print(f"  {'baseline (set-based SQL)':<44} {seconds:8.2f} s", flush=True)

        # context: ours again with the test suite's Python fixture sink (aiosmtpd, stores every message as
        # JSON): the e-mails/s that sink takes, and a sample message
        sink_dir = WORK / "sink"
        shutil.rmtree(sink_dir, ignore_errors=True)
        sink_port = free_port()
        sink = self.procs.start("smtp_sink", [PYTHON, str(ROOT / "Tests/Fixtures/smtp_sink.py"), str(sink_port),
                                              str(sink_dir)], log=OUT / "smtp_sink.log")
        wait_port(sink_port)
        row = self.governance_job("ours-fixture", "checktick-jobs run process_data_governance (fixture sink)",
                                  binary, fresh(names[2]), sink_port)
        row["context"] = True
        self.procs.stop(sink)
        messages = sorted(sink_dir.glob("msg-*.json"), key=lambda p: p.stat().st_mtime)
        row["sink_messages"] = len(messages)
        if len(messages) > 1:
            span = messages[-1].stat().st_mtime - messages[0].stat().st_mtime
            row["sink_rate"] = round((len(messages) - 1) / span, 1) if span > 0 else None
        sample = json.loads(messages[0].read_text()) if messages else {}
        entry["sample_mail_subject"] = sample.get("parsed", {}).get("subject")
        shutil.rmtree(sink_dir, ignore_errors=True)
        rows.append(row)
        entry["rows"] = rows
        reference = rows[1]["counts"]
        entry["same_work"] = {r["key"]: r["counts"] == reference for r in rows if r["key"] != "baseline"}
        for name in [template] + names:
            psql(self.admin, f"DROP DATABASE IF EXISTS {name}")

    def governance_job(self, key, label, binary, url, sink_port):
        env = self.ours_env(0, url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=sink_port, EMAIL_USE_TLS="false")
        env.pop("JOBS_WEBHOOK_SECRETS")
        env.pop("JOBS_LISTEN")
        argv = [binary, "run", "process_data_governance"]
        started = time.monotonic()
        result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=3600)
        seconds = time.monotonic() - started
        (OUT / f"governance-{key}.txt").write_text(f"$ {shlex.join(argv)}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            raise BenchError(f"governance run ({key}) exited {result.returncode}; see bench/out/governance-{key}.txt")
        counts = self.governance_counts(url)
        mails = sum(counts["ledger"].values())
        shown = "EMAIL_HOST=127.0.0.1 EMAIL_PORT=<sink> EMAIL_USE_TLS=false DATABASE_URL=<db> JOBS_LOG_LEVEL=warning"
        command = shlex.join([os.path.relpath(binary, ROOT)] + argv[1:])
        row = {"key": key, "label": label, "command": f"{shown} {command}", "seconds": round(seconds, 3),
               "emails": mails, "emails_per_second": round(mails / seconds, 1), "counts": counts}
        print(f"  {label:<60} {seconds:8.2f} s  {mails:,} e-mails ({mails / seconds:,.0f}/s)", flush=True)
        return row

    def governance_counts(self, url):
        text = psql(url, """
            SELECT json_build_object(
              'surveys', (SELECT count(*) FROM surveys_survey),
              'soft_deleted', (SELECT count(*) FROM surveys_survey WHERE deleted_at IS NOT NULL),
              'responses', (SELECT count(*) FROM surveys_surveyresponse),
              'keys_not_erased', (SELECT count(*) FROM surveys_survey WHERE encrypted_kek_org = decode(repeat('01', 48), 'hex')),
              'ledger', (SELECT coalesce(json_object_agg(window_days, n), '{}') FROM
                         (SELECT window_days, count(*) AS n FROM checktick_jobs.deletion_warnings GROUP BY 1) w),
              'audit', (SELECT coalesce(json_object_agg(action, n), '{}') FROM
                        (SELECT action, count(*) AS n FROM checktick_jobs.audit_events GROUP BY 1) e))""")
        return json.loads(text)

    # ---------------------------------------------------------------------------------------------- main

    def machine(self):
        def cpu_model():
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
            return platform.processor() or "unknown"
        mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "Sources", "Package.swift"],
                               capture_output=True, text=True)
        return {
            "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "nproc": os.cpu_count(), "cpu": cpu_model(), "memory_gib": round(int(mem) / 1024 / 1024, 1),
            "kernel": platform.release(), "os": first_line(["sh", "-c", ". /etc/os-release; echo $PRETTY_NAME"]),
            "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "wrk": first_line(["wrk", "-v"]), "nginx": first_line(["nginx", "-v"]),
            "webhook": first_line(["webhook", "-version"]),
            "postgresql": psql(self.admin, "SHOW server_version"),
            "postgresql_settings": psql(self.admin, "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) "
                                        "FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                                        "'shared_buffers', 'max_connections')"),
            "pgbench": first_line(["pgbench", "--version"]), "swift": first_line(["swift", "--version"]),
            "python": platform.python_version(),
            "git": (commit.stdout.strip() or "unknown") + (" + uncommitted changes in Sources/" if dirty.stdout.strip() else ""),
            "ulimit_n": first_line(["sh", "-c", "ulimit -n"]),
        }

    def main(self):
        a = self.args
        self.results["settings"].update(
            mode="quick" if a.quick else "full", duration_s=a.duration, connections=a.connections, threads=a.threads,
            surveys=a.surveys, hold=a.hold, scenarios=sorted(a.scenarios),
            ours_env=("JOBS_LOG_LEVEL=warning JOBS_EVENT_LOOPS=2 JOBS_DIAGNOSTIC_JOBS=1 JOBS_DIAGNOSTIC_OVERLAP=allow "
                      "JOBS_WORKERS=0 JOBS_QUEUE_CAPACITY=1000000"
                      + "".join(f" {k}={v}" for k, v in a.ours_env.items())
                      + ("" if a.ours_env else " (JOBS_DB_POOL_SIZE, JOBS_HANDLER_THREADS: defaults)")),
            build=a.build_commands)
        self.results["machine"] = self.machine()
        print(f"machine: {self.results['machine']['nproc']} cores, load {self.results['machine']['loadavg_start']}",
              flush=True)
        needs_servers = bool({1, 2, 3, 4} & a.scenarios)
        if needs_servers or 5 in a.scenarios:
            psql(self.admin, "DROP DATABASE IF EXISTS ctj_bench")
            psql(self.admin, "CREATE DATABASE ctj_bench")
            run([self.binaries["ours"], "migrate"], env=self.ours_env(0, self.db))
            psql(self.db, PGBENCH_TABLE)
        self.scenario(5, "Idle connections, idle RSS, start-up time", self.resources)
        if needs_servers:
            _, self.servers["nginx"] = self.start_nginx()
            self.webhook_proc, self.servers["webhook"] = self.start_webhook()
            durable_env = {"JOBS_DIAGNOSTIC_JOBS": 1, "JOBS_DIAGNOSTIC_OVERLAP": "allow", "JOBS_WORKERS": 0,
                           "JOBS_QUEUE_CAPACITY": 1_000_000, **a.ours_env}
            for name, binary in self.binaries.items():
                _, self.servers[name], _ = self.start_ours(name, binary, durable_env)
        self.scenario(1, "GET /healthz", self.healthz)
        self.scenario(2, "Rejected trigger (bad signature)", self.rejected)
        self.scenario(3, "Accepted durable triggers, unique webhook-ids", self.durable)
        self.scenario(4, "Deduplicated triggers (same webhook-id)", self.deduplicated)
        self.procs.stop_all()
        if needs_servers or 5 in a.scenarios:
            psql(self.admin, "DROP DATABASE IF EXISTS ctj_bench")
        self.scenario(6, "Governance job at scale", self.governance)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", required=True, help="admin URL of the bench PostgreSQL")
    parser.add_argument("--binary", required=True)
    parser.add_argument("--static-binary")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--duration", type=int)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--surveys", type=int)
    parser.add_argument("--hold", type=int, default=10_000)
    parser.add_argument("--scenarios", default="1,2,3,4,5,6")
    parser.add_argument("--build-commands", default="")
    parser.add_argument("--ours-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for checktick-jobs in scenarios 1-4 (repeatable), e.g. JOBS_DB_POOL_SIZE=32")
    args = parser.parse_args(argv)
    args.duration = args.duration or (3 if args.quick else 10)
    args.surveys = args.surveys or (10_000 if args.quick else 100_000)
    args.scenarios = {int(s) for s in args.scenarios.split(",") if s.strip()}
    args.ours_env = dict(item.split("=", 1) for item in args.ours_env)
    args.binary = str(Path(args.binary).absolute())
    args.static_binary = str(Path(args.static_binary).absolute()) if args.static_binary else None
    return args


def main(argv):
    args = parse(argv)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    suite = Suite(args)
    try:
        suite.main()
    except BaseException as error:  # noqa: BLE001 - record, clean up, report what we have
        suite.results["errors"].append(f"{type(error).__name__}: {error}")
        (OUT / "error.txt").write_text(traceback.format_exc())
        print(f"FAILED: {type(error).__name__}: {error}", flush=True)
    finally:
        suite.procs.stop_all()
        shutil.rmtree(WORK, ignore_errors=True)
        (OUT / "results.json").write_text(json.dumps(suite.results, indent=2) + "\n")
    return 1 if suite.results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
