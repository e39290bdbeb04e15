"""Background work inside the web process: the embedded SQLite default (and PostgreSQL when
no worker runs). One daemon thread runs the periodic tasks on a timer and wakes early when a
transaction that wrote an e-mail commits; uploads are read before the answer (see
``candidates.endpoints``), so nothing waits in memory that a restart could lose."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from talentmatch.tasks import work
from talentmatch.tasks.work import TaskEnv

log = logging.getLogger(__name__)

# Seconds between two looks at whether fair re-ranking's calibration is stale, as the worker's
# hourly schedule: a calibration that fails is not tried again every round.
RECALIBRATION_INTERVAL = 3600.0


class InProcessTasks:
    """The periodic tasks on a timer thread of this process."""

    reads_in_background = False

    def __init__(self, env: TaskEnv) -> None:
        self.env = env
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._outbox_waiting = False
        self._recalibrate_after = float("-inf")

    # -- what the app calls

    def read_resume(self, resume_id: Any, sha256: str) -> None:  # pragma: no cover - unused
        """Read now, in this thread (in-process deployments read before answering)."""
        work.read_resume(self.env, resume_id, sha256)

    def outbox_written(self) -> None:
        """A transaction that wrote an e-mail committed: deliver soon."""
        if self.env.settings.smtp_host:
            self._outbox_waiting = True
            self._wake.set()

    def start(self) -> None:
        if self._thread is not None or not self.env.settings.task_timer:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="talentmatch-tasks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    # -- the timer

    def run_periodic(self) -> dict[str, Any]:
        """One round of every periodic task (what the timer runs); each is idempotent."""
        done: dict[str, Any] = {}
        for name, task in self._periodic():
            try:
                done[name] = task()
            except Exception:  # the next round tries again
                log.exception("background task %s failed", name)
        return done

    def _periodic(self) -> list[tuple[str, Callable[[], Any]]]:
        env = self.env
        return [
            ("expire_requests", lambda: work.expire_requests(env)),
            ("remind_candidates", lambda: work.remind_candidates(env)),
            ("remind_profile_renewals", lambda: work.remind_profile_renewals(env)),
            ("send_search_alerts", lambda: work.send_search_alerts(env)),
            ("read_unread_resumes", self._read_unread),
            ("deliver_outbox", lambda: work.deliver_outbox(env)),
            ("recalibrate_fair_ranking", self._recalibrate),
        ]

    def _recalibrate(self) -> list[str] | None:
        if time.monotonic() < self._recalibrate_after:
            return None
        # Set before the run, so that a run that fails waits the hour too.
        self._recalibrate_after = time.monotonic() + RECALIBRATION_INTERVAL
        done = work.recalibrate_fair_ranking(self.env)
        if done is None:  # not looked at yet (the app's index had not synced): next round
            self._recalibrate_after = float("-inf")
        return done

    def _read_unread(self) -> int:
        # Left "reading" by a server that used a worker, or stopped mid-way.
        stuck = work.unread_resumes(self.env, timedelta(minutes=2))
        for resume_id, sha256 in stuck:
            work.read_resume(self.env, resume_id, sha256)
        return len(stuck)

    def _loop(self) -> None:
        interval = self.env.settings.task_interval_seconds
        self._wake.wait(min(interval, 5.0))  # let the app finish starting first
        last = float("-inf")
        while not self._stop.is_set():
            self._wake.clear()
            if self._outbox_waiting:
                self._outbox_waiting = False
                try:
                    work.deliver_outbox(self.env)
                except Exception:
                    log.exception("background task deliver_outbox failed")
            if time.monotonic() - last >= interval:
                self.run_periodic()
                last = time.monotonic()
            self._wake.wait(max(0.0, interval - (time.monotonic() - last)))
