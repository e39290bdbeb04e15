"""The runner the web app uses: in-process, or the PostgreSQL queue (TALENTMATCH_TASK_RUNNER)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.config import Settings
from talentmatch.notifications.service import OUTBOX_WRITTEN
from talentmatch.tasks.work import TaskEnv
from talentmatch.understanding import Understanding

if TYPE_CHECKING:
    from talentmatch.matching.indexer import MatchIndex


class TaskRunner(Protocol):
    # True: an upload is stored and answered at once, and read by a worker; False: it is
    # read before the answer (in-process, where there is no worker to hand it to).
    reads_in_background: bool

    def read_resume(self, resume_id: uuid.UUID, sha256: str) -> None: ...

    def outbox_written(self) -> None: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


def build_runner(
    settings: Settings,
    session_factory: sessionmaker[Session],
    understanding: Understanding,
    match_index: MatchIndex | None = None,
) -> TaskRunner:
    """The settings' runner, woken whenever a transaction of ``session_factory`` that wrote
    an e-mail commits. ``match_index``: the app's, which in-process tasks may rank through."""
    runner: TaskRunner
    if settings.task_runner == "worker":
        from talentmatch.tasks.queue import QueueTasks

        runner = QueueTasks(settings)
    else:
        from talentmatch.tasks.inprocess import InProcessTasks

        runner = InProcessTasks(TaskEnv(settings, session_factory, understanding, match_index))

    def after_commit(session: Session) -> None:
        if session.info.pop(OUTBOX_WRITTEN, False):
            runner.outbox_written()

    def after_rollback(session: Session) -> None:
        session.info.pop(OUTBOX_WRITTEN, None)

    event.listen(session_factory, "after_commit", after_commit)
    event.listen(session_factory, "after_rollback", after_rollback)
    return runner
