#!/usr/bin/env python3
"""Open and hold many idle keep-alive HTTP connections (bench/run, scenario 5).

usage: hold_connections.py PORT COUNT [PATH]
Opens COUNT connections to 127.0.0.1:PORT, sends one `GET PATH` (default /healthz) on each and reads the
answer, so each is an idle keep-alive connection. Prints one JSON line {"opened", "answered", "failed",
"seconds"} and then obeys commands on stdin, one per line:
  probe   re-uses 100 held connections (one more GET each) and opens one connection more than COUNT;
          prints {"alive", "probed", "extra_status"} (extra_status 0: refused or closed without an answer)
  close   closes everything, prints {"closed": n} and exits
Needs `ulimit -n` above COUNT.
"""
import json
import random
import socket
import sys
import time


def exchange(sock, request):
    """Sends one request and reads one answer (headers + Content-Length body); returns the status or 0."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        rest += chunk
    return int(head.split(b" ", 2)[1])


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    port, count = int(argv[1]), int(argv[2])
    path = argv[3] if len(argv) == 4 else "/healthz"
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    held, failed = [], 0
    started = time.monotonic()
    for _ in range(count):
        try:
            sock = connect(port)
            if exchange(sock, request) == 200:
                held.append(sock)
            else:
                failed += 1
                sock.close()
        except OSError:
            failed += 1
    print(json.dumps({"opened": count, "answered": len(held), "failed": failed,
                      "seconds": round(time.monotonic() - started, 3)}), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "probe":
            sample = random.sample(held, min(100, len(held)))
            alive = 0
            for sock in sample:
                try:
                    alive += exchange(sock, request) == 200
                except OSError:
                    pass
            try:
                extra = connect(port)
                extra_status = exchange(extra, request)
                extra.close()
            except OSError:
                extra_status = 0
            print(json.dumps({"alive": alive, "probed": len(sample), "extra_status": extra_status}), flush=True)
        elif command == "close":
            break
    for sock in held:
        sock.close()
    print(json.dumps({"closed": len(held)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
