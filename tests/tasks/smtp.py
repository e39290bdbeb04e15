"""A small real SMTP server on a local port: it keeps every message it accepts (the tests read
what a mail server got), and can be told to stall before greeting a connection."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    greeting_delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        mailbox = self.server.mailbox
        time.sleep(mailbox.greeting_delay)
        self._reply("220 test SMTP ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 go ahead")
                data = bytearray()
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with mailbox.lock:
                    mailbox.messages.append(message_from_bytes(bytes(data)))
                self._reply("250 queued")
            elif command == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    mailbox: Mailbox


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """A server on a free port: (port, the mailbox it fills)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.mailbox = Mailbox()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.mailbox
    finally:
        server.shutdown()
        server.server_close()
