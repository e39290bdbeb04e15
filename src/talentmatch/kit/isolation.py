"""Run work on untrusted input in worker processes with hard limits.

A resume is a file from a stranger. Its parsers (pdfium, lxml) run in C, can be made to
inflate a small file into gigabytes or to spin for a minute, and pdfium is not even safe to
call from two threads of one process. So documents are read in separate worker processes,
one document at a time each, never in the web process:

- each worker caps its address space (``RLIMIT_AS``) at what it started with plus a budget,
  and before each call sets its CPU-time limit (``RLIMIT_CPU``) to what it has used plus a
  budget, so a bomb ends in a ``MemoryError`` or a ``SIGXCPU`` inside the worker;
- the caller kills a worker that has not answered within a wall-clock limit;
- a worker that hit a limit, or whose memory grew, exits after answering and a fresh one
  takes its place, so memory a document took is given back to the system;
- answers come back as JSON, never pickles: a worker subverted by a crafted file can at worst
  send a wrong answer, not run code in the caller.

Workers start on first use (or :meth:`IsolatedWorkers.start`) and are reused, so a call costs
a pipe round trip, not a process start. Limits need POSIX ``resource``; elsewhere workers
still isolate crashes and time, without the memory and CPU caps.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import import_module
from typing import IO, Any

MEBIBYTE = 1024 * 1024
WORKER_NICENESS = 10


@dataclass(frozen=True)
class ProcessLimits:
    """What one call may use.

    memory_bytes: address space a worker may take on top of what it starts with.
    cpu_seconds: CPU time of one call.
    wall_seconds: time the caller waits for an answer before killing the worker.
    recycle_bytes: a worker whose resident memory grew by more than this is replaced.
    """

    memory_bytes: int = 512 * MEBIBYTE
    cpu_seconds: int = 3
    wall_seconds: float = 4.0
    recycle_bytes: int = 64 * MEBIBYTE


class LimitExceeded(Exception):
    """The call ran out of ``"memory"``, ``"cpu"`` time or wall-clock ``"time"``."""

    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit


class WorkerFailed(Exception):
    """The worker died without answering (a crash in native code, or killed from outside)."""


class RemoteError(Exception):
    """The target raised; ``kind`` is the exception's class name, the message its text."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


# ------------------------------------------------------------------------- the caller's side


class _Worker:
    def __init__(self, target: str, limits: ProcessLimits) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", __name__, target, json.dumps(asdict(limits))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout

    def ask(self, data: bytes, options: dict[str, Any], deadline: float) -> dict[str, Any]:
        header = json.dumps({"size": len(data), "options": options}).encode() + b"\n"
        try:
            self.stdin.write(header)
            self.stdin.write(data)
            self.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise WorkerFailed("the worker closed its input") from exc
        reply = self._read_line(deadline)
        try:
            answer = json.loads(reply)
        except ValueError as exc:
            raise WorkerFailed("the worker's answer is not JSON") from exc
        if not isinstance(answer, dict) or not ({"ok", "limit", "error"} & answer.keys()):
            raise WorkerFailed("the worker's answer has no result")
        return answer

    def _read_line(self, deadline: float) -> bytes:
        fd = self.stdout.fileno()
        chunks: list[bytes] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LimitExceeded("time")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise LimitExceeded("time")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                code = self.process.wait()
                if code == -signal.SIGXCPU:
                    raise LimitExceeded("cpu")
                raise WorkerFailed(f"the worker ended with code {code}")
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return b"".join(chunks)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self.stdout.close()


class IsolatedWorkers:
    """Worker processes that each call ``target`` (``"package.module:function"``) on one
    input at a time, under ``limits``; see the module docstring.

    The target takes the input bytes and keyword options (JSON values) and returns a JSON
    value. ``max_parallel`` workers run at once; further calls wait for one to be free.
    """

    def __init__(
        self, target: str, limits: ProcessLimits | None = None, *, max_parallel: int | None = None
    ) -> None:
        self.target = target
        self.limits = limits or ProcessLimits()
        self.max_parallel = max_parallel or max(2, os.cpu_count() or 2)
        self._slots = threading.BoundedSemaphore(self.max_parallel)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start one worker now, so that the first call does not wait for its imports."""
        with self._lock:
            if not self._idle:
                self._idle.append(_Worker(self.target, self.limits))

    def call(self, data: bytes, **options: Any) -> Any:
        """``target(data, **options)`` in a worker.

        Raises
        ------
        LimitExceeded
            Out of memory, CPU time or wall-clock time.
        RemoteError
            The target raised an exception.
        WorkerFailed
            The worker died without an answer.
        """
        with self._slots:
            worker = self._take()
            deadline = time.monotonic() + self.limits.wall_seconds
            try:
                answer = worker.ask(data, options, deadline)
            except BaseException:
                self._discard(worker)
                raise
            if answer.get("recycle"):
                self._discard(worker)
            else:
                with self._lock:
                    self._idle.append(worker)
        if "limit" in answer:
            raise LimitExceeded(str(answer["limit"]))
        if "error" in answer:
            error = answer["error"]
            raise RemoteError(str(error.get("type")), str(error.get("message")))
        return answer["ok"]

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their call ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.close()
        return _Worker(self.target, self.limits)

    def _discard(self, worker: _Worker) -> None:
        worker.close()


# ------------------------------------------------------------------------- the worker's side


def _status_kib(field: str) -> int:
    """A ``/proc/self/status`` figure in KiB (Linux), or 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cap_address_space(limits: ProcessLimits) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: no caps, the caller's wall clock still holds
        return
    current = _status_kib("VmSize") * 1024
    if current:
        cap = current + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _cap_cpu_for_next_call(limits: ProcessLimits) -> None:
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used) + limits.cpu_seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    # Past the soft limit the kernel sends SIGXCPU, which ends the worker.
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    function: Callable[..., Any] = getattr(import_module(module), name)
    return function


def serve(target: str, limits: ProcessLimits) -> None:
    """The worker's loop: a JSON header line and the input's bytes in, one JSON line out."""
    function = _resolve(target)
    # A document may take a core for a second: the web process that answers everyone else
    # goes first.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(WORKER_NICENESS)
    # The protocol owns the original stdout; anything else printed (native libraries
    # included) goes to stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    _cap_address_space(limits)
    baseline_kib = _status_kib("VmRSS")
    while True:
        header = requests.readline()
        if not header:
            return
        request = json.loads(header)
        data = requests.read(int(request["size"]))
        _cap_cpu_for_next_call(limits)
        answer: dict[str, Any]
        try:
            answer = {"ok": function(data, **request.get("options", {}))}
        except MemoryError:
            answer = {"limit": "memory"}
        except Exception as exc:
            answer = {"error": {"type": type(exc).__name__, "message": str(exc)}}
        grown = (_status_kib("VmRSS") - baseline_kib) * 1024
        answer["recycle"] = "limit" in answer or grown > limits.recycle_bytes
        try:
            line = json.dumps(answer).encode() + b"\n"
        except MemoryError:
            line = b'{"limit": "memory", "recycle": true}\n'
        answers.write(line)
        answers.flush()
        if answer["recycle"]:
            return


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C in the server's terminal
        serve(sys.argv[1], ProcessLimits(**json.loads(sys.argv[2])))
