"""Background work on a queue in PostgreSQL (procrastinate): the web app defers jobs, and
``talentmatch worker`` processes run them with retries (exponential backoff), locks (one run
at a time where two would collide) and periodic schedules. Its tables come with the schema
(migration 0013, so ``talentmatch db upgrade`` leaves the database ready)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from typing import Any

import procrastinate
import sqlalchemy as sa
from procrastinate import exceptions as queue_errors

from talentmatch.config import Settings
from talentmatch.tasks import work
from talentmatch.tasks.work import TaskEnv

log = logging.getLogger(__name__)

NAMESPACE = "talentmatch"
# 1 + 5 retries, waiting 2, 4, 8, 16, 32 s: a database restart or a mail server's bad minute.
RETRY = procrastinate.RetryStrategy(max_attempts=6, exponential_wait=2)
# Resumes still "reading" this long after upload have lost their job: queued again.
UNREAD_AFTER = timedelta(minutes=2)

tasks = procrastinate.Blueprint()


def _env(context: procrastinate.JobContext) -> TaskEnv:
    env: TaskEnv = context.additional_context["env"]
    return env


def _last_attempt(context: procrastinate.JobContext) -> bool:
    job = context.job
    return job is not None and job.attempts + 1 >= (RETRY.max_attempts or 1)


@tasks.task(name="read_resume", retry=RETRY, pass_context=True)
def read_resume(context: procrastinate.JobContext, resume_id: str, sha256: str) -> str:
    """Deferred by an upload with lock and queueing lock ``resume:<id>``: one run at a time
    per resume, one waiting at most."""
    env = _env(context)
    try:
        return work.read_resume(env, uuid.UUID(resume_id), sha256)
    except Exception:
        if _last_attempt(context):
            work.give_up_reading(env, uuid.UUID(resume_id), sha256)
        raise


@tasks.periodic(cron="* * * * *", periodic_id="deliver_outbox")
@tasks.task(
    name="deliver_outbox", retry=RETRY, pass_context=True, lock="outbox", queueing_lock="outbox"
)
def deliver_outbox(context: procrastinate.JobContext, timestamp: int = 0) -> dict[str, int]:
    """Every minute, and when a transaction that wrote an e-mail commits."""
    sent, refused = work.deliver_outbox(_env(context))
    return {"sent": sent, "refused": refused}


@tasks.periodic(cron="*/5 * * * *", periodic_id="expire_requests")
@tasks.task(name="expire_requests", retry=RETRY, pass_context=True, lock="requests")
def expire_requests(context: procrastinate.JobContext, timestamp: int = 0) -> int:
    return work.expire_requests(_env(context))


@tasks.periodic(cron="*/10 * * * *", periodic_id="remind_candidates")
@tasks.task(name="remind_candidates", retry=RETRY, pass_context=True, lock="requests")
def remind_candidates(context: procrastinate.JobContext, timestamp: int = 0) -> int:
    return work.remind_candidates(_env(context))


@tasks.periodic(cron="7 * * * *", periodic_id="remind_profile_renewals")
@tasks.task(name="remind_profile_renewals", retry=RETRY, pass_context=True, lock="profiles")
def remind_profile_renewals(context: procrastinate.JobContext, timestamp: int = 0) -> int:
    return work.remind_profile_renewals(_env(context))


@tasks.periodic(cron="*/15 * * * *", periodic_id="send_search_alerts")
@tasks.task(name="send_search_alerts", retry=RETRY, pass_context=True, lock="search_alerts")
def send_search_alerts(context: procrastinate.JobContext, timestamp: int = 0) -> int:
    return work.send_search_alerts(_env(context))


@tasks.periodic(cron="41 * * * *", periodic_id="recalibrate_fair_ranking")
@tasks.task(
    name="recalibrate_fair_ranking",  # no retries: the next hourly run is the retry
    pass_context=True,
    lock="fair_ranking",
    queueing_lock="fair_ranking",
)
def recalibrate_fair_ranking(
    context: procrastinate.JobContext, timestamp: int = 0
) -> list[str] | None:
    """Hourly: a look at whether a calibration is stale (cheap), and the calibration where one
    is (another model was promoted, or it is a week old)."""
    return work.recalibrate_fair_ranking(_env(context))


@tasks.periodic(cron="* * * * *", periodic_id="requeue_unread_resumes")
@tasks.task(name="requeue_unread_resumes", pass_context=True, queueing_lock="requeue_unread")
async def requeue_unread_resumes(context: procrastinate.JobContext, timestamp: int = 0) -> int:
    """Queue again the reading of resumes whose job was lost (stored, then the web process
    stopped before it queued the job)."""
    stuck = await asyncio.to_thread(work.unread_resumes, _env(context), UNREAD_AFTER)
    for resume_id, sha256 in stuck:
        await _resume_job(context.app, resume_id, sha256).defer_async(
            resume_id=str(resume_id), sha256=sha256
        )
    return len(stuck)


def _resume_job(app: Any, resume_id: uuid.UUID, sha256: str) -> Any:
    lock = f"resume:{resume_id}"
    task = app.tasks[f"{NAMESPACE}:read_resume"]
    return task.configure(lock=lock, queueing_lock=f"{lock}:{sha256}")


def conninfo(settings: Settings) -> str:
    """The libpq address of the database (SQLAlchemy's URL without its driver name)."""
    url = sa.engine.make_url(settings.database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def queue_app(settings: Settings, *, for_worker: bool) -> procrastinate.App:
    """The procrastinate app: an asynchronous connector for a worker, a small synchronous
    pool for deferring from the web app's request threads."""
    connector: procrastinate.BaseConnector
    if for_worker:
        connector = procrastinate.PsycopgConnector(conninfo=conninfo(settings))
    else:
        connector = procrastinate.SyncPsycopgConnector(
            conninfo=conninfo(settings), min_size=1, max_size=4
        )
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(tasks, namespace=NAMESPACE)
    return app


class QueueTasks:
    """The web app's side: defers jobs that ``talentmatch worker`` runs."""

    reads_in_background = True

    def __init__(self, settings: Settings) -> None:
        self.app = queue_app(settings, for_worker=False)
        self._open = False

    def start(self) -> None:
        if not self._open:
            self.app.open()
            self._open = True

    def stop(self) -> None:
        if self._open:
            self.app.close()
            self._open = False

    def read_resume(self, resume_id: uuid.UUID, sha256: str) -> None:
        """Queue the reading of a stored upload (after its transaction committed). A failure
        here is not the person's: the periodic requeue picks the resume up."""
        self.start()
        try:
            _resume_job(self.app, resume_id, sha256).defer(resume_id=str(resume_id), sha256=sha256)
        except queue_errors.AlreadyEnqueued:
            pass  # the same file already waits to be read
        except Exception:
            log.exception("could not queue the reading of resume %s", resume_id)

    def outbox_written(self) -> None:
        self.start()
        try:
            self.app.tasks[f"{NAMESPACE}:deliver_outbox"].defer()
        except queue_errors.AlreadyEnqueued:
            pass  # a delivery already waits: it sends this e-mail too
        except Exception:
            log.exception("could not queue e-mail delivery (the next periodic run sends it)")
