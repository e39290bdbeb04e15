"""``talentmatch worker``: a procrastinate worker process, plus the recovery of jobs whose
worker died (killed, or its machine lost): once a worker has sent no heartbeat for
``TALENTMATCH_WORKER_STALLED_SECONDS``, its running jobs go back to the queue and another
worker runs them again (each task is idempotent, so work already done is not done twice)."""

from __future__ import annotations

import asyncio
import logging

import procrastinate
from procrastinate import exceptions as queue_errors
from procrastinate.jobs import Status

from talentmatch.config import Settings
from talentmatch.db import create_engine, create_session_factory
from talentmatch.tables import import_models
from talentmatch.tasks.queue import queue_app
from talentmatch.tasks.work import TaskEnv
from talentmatch.understanding import Understanding

log = logging.getLogger(__name__)


def run_worker(settings: Settings, *, concurrency: int) -> None:
    import_models()
    engine = create_engine(settings)
    env = TaskEnv(settings, create_session_factory(engine), Understanding())
    try:
        asyncio.run(_work(queue_app(settings, for_worker=True), env, settings, concurrency))
    finally:
        env.understanding.documents.close()
        engine.dispose()


async def _work(app: procrastinate.App, env: TaskEnv, settings: Settings, concurrency: int) -> None:
    async with app.open_async():
        worker = asyncio.create_task(
            app.run_worker_async(
                concurrency=concurrency,
                additional_context={"env": env},
                update_heartbeat_interval=settings.worker_heartbeat_seconds,
                stalled_worker_timeout=settings.worker_stalled_seconds,
                delete_jobs="successful",
                install_signal_handlers=True,
            )
        )
        while not worker.done():
            await asyncio.wait({worker}, timeout=settings.worker_heartbeat_seconds)
            if not worker.done():
                await _requeue_stalled(app, settings.worker_stalled_seconds)
        await worker


async def _requeue_stalled(app: procrastinate.App, stalled_seconds: float) -> None:
    """Jobs left "doing" by workers without a heartbeat go back to the queue."""
    try:
        stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_seconds)
        for job in stalled:
            try:
                await app.job_manager.retry_job(job)
                log.warning("job %s (%s) lost its worker: queued again", job.id, job.task_name)
            except queue_errors.ConnectorException:
                # The same work already waits under the job's queueing lock (the next periodic
                # run, or a newer upload): end this one, which frees its lock for that one.
                await app.job_manager.finish_job(job, Status.FAILED, delete_job=False)
                log.warning(
                    "job %s (%s) lost its worker: a queued job does the same work",
                    job.id,
                    job.task_name,
                )
    except Exception:
        log.exception("could not look for stalled jobs")
