"""Small writes done off the request path, by one thread per purpose."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class BackgroundWriter:
    """Runs submitted calls one after another on a thread of its own, started on first use
    (and again after :meth:`close`, as test clients start and stop the app)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix=self.name)
            self._executor.submit(function, *args)

    def flush(self) -> None:
        """Wait until everything submitted so far has run (tests, shutdown)."""
        with self._lock:
            executor = self._executor
        if executor is not None:
            # RuntimeError: closed meanwhile, and close() waited for the work.
            with contextlib.suppress(RuntimeError):
                executor.submit(lambda: None).result()

    def close(self) -> None:
        """Run what is pending and stop the thread."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
