#!/usr/bin/env python3
"""SMTP sink for checktick-jobs tests (needs aiosmtpd: pip install aiosmtpd).

Usage: smtp_sink.py PORT OUTDIR
  PORT    0 picks a free port. Prints "PORT <n>" and then "READY" (flushed) once listening.
  OUTDIR  each accepted message is written as OUTDIR/msg-<seq>.json:
            {"seq", "connection", "mail_from", "rcpt_tos", "content" (raw text), "content_b64",
             "parsed": {"subject", "from", "to", "message_id", "date", "content_type",
                        "parts": [{"content_type", "charset", "transfer_encoding", "text"}],
                        "defects"}}
          "connection" numbers the SMTP connection that carried the message; OUTDIR/connections.txt
          holds how many distinct connections delivered at least one message (or were refused at DATA).
Switches (files in OUTDIR, checked per command):
  REFUSE     answer "451 4.3.0" to DATA (nothing is stored)
  DROP_ONCE  answer the next MAIL FROM with "421" and close that connection, then delete the file
Stop the sink (SIGTERM) to simulate an SMTP server that is down.
"""
import asyncio
import base64
import json
import os
import signal
import sys
import threading
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir
        self.lock = threading.Lock()
        self.messages = 0
        self.connections = 0

    def switch(self, name):
        return os.path.exists(os.path.join(self.outdir, name))

    def connection_number(self, session):
        with self.lock:
            number = getattr(session, "fixture_connection", None)
            if number is None:
                self.connections += 1
                number = self.connections
                session.fixture_connection = number
                self.write_atomic("connections.txt", f"{self.connections}\n")
            return number

    def write_atomic(self, name, text):
        path = os.path.join(self.outdir, name)
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        drop = os.path.join(self.outdir, "DROP_ONCE")
        if os.path.exists(drop):
            try:
                os.remove(drop)
            except FileNotFoundError:
                pass
            else:
                asyncio.get_running_loop().call_soon(server.transport.close)
                return "421 4.4.2 fixture closing connection"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        connection = self.connection_number(session)
        if self.switch("REFUSE"):
            return "451 4.3.0 fixture refuses mail"
        raw = envelope.original_content or envelope.content
        with self.lock:
            self.messages += 1
            seq = self.messages
        record = {
            "seq": seq,
            "connection": connection,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "content": raw.decode("utf-8", "replace"),
            "content_b64": base64.b64encode(raw).decode("ascii"),
            "parsed": parse(raw),
        }
        self.write_atomic(f"msg-{seq:06d}.json", json.dumps(record, indent=1))
        return "250 Message accepted for delivery"


def parse(raw):
    message = BytesParser(policy=policy.default).parsebytes(raw)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            text = part.get_content()
        except (LookupError, ValueError) as error:
            text = f"<undecodable: {error}>"
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "text": text if isinstance(text, str) else text.decode("utf-8", "replace"),
        })
    return {
        "subject": str(message.get("Subject", "")),
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "message_id": str(message.get("Message-ID", "")),
        "date": str(message.get("Date", "")),
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": [type(d).__name__ for d in message.defects]
        + [type(d).__name__ for p in message.walk() for d in p.defects],
    }


class SinkController(Controller):
    """A Controller that can bind port 0: learn the real port before aiosmtpd's self-test connect."""

    def _trigger_server(self):
        if self.port == 0 and self.server is not None:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    if len(sys.argv) < 3:
        sys.stderr.write("usage: smtp_sink.py PORT OUTDIR\n")
        return 2
    # A parent (e.g. a Swift test process) may hand down a signal mask that blocks SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    port = int(sys.argv[1])
    outdir = sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    sink = Sink(outdir)
    sink.write_atomic("connections.txt", "0\n")
    controller = SinkController(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print(f"PORT {controller.port}", flush=True)
    print("READY", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
