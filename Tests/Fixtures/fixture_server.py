#!/usr/bin/env python3
"""HTTP fixture server for checktick-jobs tests (Python 3 standard library only).

Usage: fixture_server.py [PORT] [ROOT]
  PORT  0 (default) picks a free port; the first stdout line is always "PORT <n>".
  ROOT  folder served by path (default: the www folder next to this script).

Serving: GET /a/b/ -> ROOT/a/b/index.json, GET /a/b.html -> that file (.html text/html,
.json application/json). GET/POST/HEAD /ping/<anything> records the request and answers 200 "OK".

Control API (not recorded in the log):
  POST /_control  JSON {"path": "/x", "mode": ..., "status": 503, "count": 1, "delay": 5,
                        "location": "...", "size": 52428800, "length": false, "retry_after": 2}
                  (GET /_control?path=/x&mode=... takes the same fields as query parameters)
    modes: fail       close the connection without an answer
           status     answer `status` (default 500) with a small JSON body
           flaky      answer 503 `count` times (default 1), then serve normally
           timeout    sleep `delay` seconds (default 5), then serve normally
           malformed  200 with a body that is not valid JSON (or HTML) for the path
           truncated  Content-Length larger than the body, then close
           huge       stream `size` bytes (default 50 MiB); with "length": true a Content-Length is sent,
                      otherwise the body is close-delimited (no length known up front)
           redirect   302 to `location`
    `count` limits how many requests the behaviour applies to (then normal serving resumes);
    without it the behaviour stays (flaky: 1). `retry_after` adds a Retry-After header.
  POST /_reset    clears every behaviour and the log
  GET  /_log      JSON list of received requests {method, path, query, headers, body};
                  ?prefix=/x keeps only paths starting with /x (tests sharing a server use own prefixes)
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CONTENT_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8", ".txt": "text/plain"}
MAX_BODY = 1024 * 1024


class State:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.behaviours = {}
        self.log = []

    def take_behaviour(self, path):
        """The behaviour for `path`, counting one use; None when there is none (left)."""
        with self.lock:
            behaviour = self.behaviours.get(path)
            if behaviour is None:
                return None
            if behaviour.get("count") is not None:
                behaviour["count"] -= 1
                if behaviour["count"] <= 0:
                    del self.behaviours[path]
            return dict(behaviour)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FixtureServer/1"
    state: State = None

    def log_message(self, fmt, *args):
        if os.environ.get("FIXTURE_VERBOSE"):
            sys.stderr.write("fixture_server: " + (fmt % args) + "\n")

    # --- helpers ------------------------------------------------------------------------------

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length) if length else b""

    def reply(self, status, body=b"", content_type="application/json", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def reply_json(self, status, value, extra=None):
        self.reply(status, json.dumps(value).encode(), "application/json", extra)

    def record(self, body):
        parts = urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": parts.path,
            "query": parts.query,
            "headers": {name: value for name, value in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "time": time.time(),
        }
        with self.state.lock:
            self.state.log.append(entry)

    # --- dispatch -----------------------------------------------------------------------------

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def dispatch(self):
        try:
            body = self.read_body()
        except ValueError:
            self.close_connection = True
            self.reply_json(413, {"error": "body too large"})
            return
        parts = urlsplit(self.path)
        path = parts.path
        if path == "/_control":
            self.control(body, parts.query)
            return
        if path == "/_reset" and self.command == "POST":
            with self.state.lock:
                self.state.behaviours.clear()
                self.state.log.clear()
            self.reply_json(200, {"ok": True})
            return
        if path == "/_log" and self.command == "GET":
            prefix = (parse_qs(parts.query).get("prefix") or [""])[0]
            with self.state.lock:
                entries = [e for e in self.state.log if e["path"].startswith(prefix)]
            self.reply_json(200, entries)
            return
        self.record(body)
        behaviour = self.state.take_behaviour(path)
        if behaviour is not None and self.apply(behaviour, path):
            return
        if path.startswith("/ping/"):
            self.reply(200, b"OK", "text/plain")
            return
        if self.command == "POST":
            self.reply_json(405, {"error": "method not allowed"}, {"Allow": "GET, HEAD"})
            return
        self.serve_file(path)

    def control(self, body, query):
        try:
            if self.command == "POST":
                spec = json.loads(body or b"{}")
            else:
                spec = {k: v[0] for k, v in parse_qs(query).items()}
                for key in ("status", "count", "size", "retry_after"):
                    if key in spec:
                        spec[key] = int(spec[key])
                if "delay" in spec:
                    spec["delay"] = float(spec["delay"])
                if "length" in spec:
                    spec["length"] = spec["length"] in ("1", "true", "yes")
            path = spec["path"]
            mode = spec["mode"]
            if mode not in ("fail", "status", "flaky", "timeout", "malformed", "truncated", "huge", "redirect"):
                raise ValueError("unknown mode " + mode)
        except (ValueError, KeyError, TypeError) as error:
            self.reply_json(400, {"error": str(error)})
            return
        if mode == "flaky" and spec.get("count") is None:
            spec["count"] = 1
        with self.state.lock:
            self.state.behaviours[path] = spec
        self.reply_json(200, {"ok": True, "behaviour": spec})

    def apply(self, behaviour, path):
        """Carries out a behaviour; False means 'then serve normally' (timeout)."""
        mode = behaviour["mode"]
        extra = {}
        if behaviour.get("retry_after") is not None:
            extra["Retry-After"] = str(behaviour["retry_after"])
        if mode == "fail":
            self.close_connection = True
            return True
        if mode == "status":
            status = int(behaviour.get("status", 500))
            self.reply_json(status, {"error": "fixture status", "status": status}, extra)
            return True
        if mode == "flaky":
            self.reply_json(503, {"error": "fixture flaky"}, extra)
            return True
        if mode == "timeout":
            time.sleep(float(behaviour.get("delay", 5)))
            return False
        if mode == "malformed":
            if path.endswith(".html"):
                self.reply(200, b"<html><body><table><tr><th>Code<th>Descr", "text/html; charset=utf-8")
            else:
                self.reply(200, b'[{"name": "ADDENBROOKE\'S HOSPITAL", "ods_code": "RGT01"}, {"name": ',
                           "application/json")
            return True
        if mode == "truncated":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'[{"name": "TRUNC')
            self.wfile.flush()
            return True
        if mode == "huge":
            self.stream_huge(int(behaviour.get("size", 50 * 1024 * 1024)), bool(behaviour.get("length")))
            return True
        if mode == "redirect":
            self.reply(302, b"", "text/plain", {"Location": behaviour.get("location", "/")})
            return True
        return False

    def stream_huge(self, size, with_length):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if with_length:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < size:
                piece = chunk[: min(len(chunk), size - sent)]
                self.wfile.write(piece)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def serve_file(self, path):
        relative = path.lstrip("/")
        if path.endswith("/"):
            relative += "index.json"
        full = os.path.realpath(os.path.join(self.state.root, relative))
        if not (full == self.state.root or full.startswith(self.state.root + os.sep)) or not os.path.isfile(full):
            self.reply_json(404, {"detail": "Not found."})
            return
        with open(full, "rb") as handle:
            data = handle.read()
        content_type = CONTENT_TYPES.get(os.path.splitext(full)[1], "application/octet-stream")
        self.reply(200, data, content_type)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        # Clients that time out and hang up are expected here; keep the output clean.
        error = sys.exc_info()[1]
        if isinstance(error, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    # A parent (e.g. a Swift test process) may hand down a signal mask that blocks SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    default_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "www")
    root = sys.argv[2] if len(sys.argv) > 2 else default_root
    Handler.state = State(root)
    server = Server(("127.0.0.1", port), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
