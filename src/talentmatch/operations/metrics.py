"""Prometheus metrics, in the text format ``GET /metrics`` serves (``prometheus_client``).

Kept as the request goes: latency per route *template* (``/api/jobs/{job_id}/matches``, never
the path with its ids), method and status class; requests in flight; how long background tasks
take (the match index sync); the garbage collector's pauses. Read at scrape time: the match
index's size per side, backend and last sync (this process's memory), and from the database,
with one short query under a time limit, the e-mail outbox's depth and the active ranking model
version. A database that is down gives ``talentmatch_database_up 0``, never a failed scrape.

Every figure is an aggregate: no label carries an id, an address or anything a user typed.
The registry belongs to the app (``create_app`` makes one), so each process reports its own
figures: ``talentmatch serve`` runs one process, and a deployment with several replicas lets
Prometheus scrape each (see docs/deploy.md).
"""

from __future__ import annotations

import gc
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from starlette.routing import Mount
from starlette.types import Scope

from talentmatch.kit.memory import memory_figures
from talentmatch.matching.indexer import MatchIndex, Progress, SyncReport
from talentmatch.operations.probes import DatabaseFigures

UNMATCHED = "(unmatched)"  # every path no route answers: scanners cannot grow the label set
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TASK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 1800.0)
GC_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class GcPauses:
    """How long the cyclic garbage collector paused this process, by generation: every thread
    waits while it runs, so a long full collection shows as a slow request no profile of the
    request explains. Process-wide (``gc.callbacks``); installed once however many apps a
    process makes. No lock: the collector can start inside any allocation, this reader's
    included, and a lock held there would never be released."""

    def __init__(self) -> None:
        self._started = 0.0
        self.buckets = [[0] * (len(GC_BUCKETS) + 1) for _ in range(3)]
        self.sums = [0.0] * 3

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        elapsed = time.perf_counter() - self._started
        generation = min(int(info.get("generation", 2)), 2)
        slot = bisect_left(GC_BUCKETS, elapsed)  # the first bucket whose edge is >= elapsed
        self.buckets[generation][slot] += 1
        self.sums[generation] += elapsed

    def family(self) -> HistogramMetricFamily:
        pauses = HistogramMetricFamily(
            "talentmatch_gc_pause_seconds",
            "Pauses of the cyclic garbage collector, by generation (2: a full collection).",
            labels=("generation",),
        )
        # A copy first: a collection while the rows are built would count into them.
        buckets, sums = [list(row) for row in self.buckets], list(self.sums)
        edges = (*map(str, GC_BUCKETS), "+Inf")
        for generation in range(3):
            cumulative, rows = 0, []
            for edge, count in zip(edges, buckets[generation], strict=True):
                cumulative += count
                rows.append((edge, cumulative))
            pauses.add_metric([str(generation)], rows, sums[generation])
        return pauses


GC_PAUSES = GcPauses()


def watch_gc_pauses() -> None:
    if GC_PAUSES not in gc.callbacks:
        gc.callbacks.append(GC_PAUSES)


def route_template(scope: Scope) -> str:
    """The template of the route that answered (``/api/jobs/{job_id}``), or ``(unmatched)``."""
    route = scope.get("route")
    if isinstance(route, Mount):  # static files: one label per mount
        return f"{route.path}/{{path}}"
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


def method_label(method: str) -> str:
    return method if method in METHODS else "OTHER"


class Metrics:
    """This app's registry and the metrics kept as requests and tasks run."""

    def __init__(self, version: str) -> None:
        self.registry = CollectorRegistry()
        self.request_duration = Histogram(
            "talentmatch_http_request_duration_seconds",
            "Time to answer a request, by route template, method and status class.",
            ("method", "route", "status"),
            buckets=REQUEST_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "talentmatch_http_requests_in_flight",
            "Requests being answered now.",
            registry=self.registry,
        )
        self.task_duration = Histogram(
            "talentmatch_task_duration_seconds",
            "Duration of background tasks (match_index_sync), by outcome (ok, error).",
            ("task", "outcome"),
            buckets=TASK_BUCKETS,
            registry=self.registry,
        )
        self.task_failures = Counter(
            "talentmatch_task_failures",
            "Background task runs that raised.",
            ("task",),
            registry=self.registry,
        )
        build = Gauge(
            "talentmatch_build_info",
            "The running version (always 1).",
            ("version",),
            registry=self.registry,
        )
        build.labels(version=version).set(1)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        watch_gc_pauses()

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.request_duration.labels(
            method=method_label(method), route=route, status=f"{status // 100}xx"
        ).observe(seconds)

    @contextmanager
    def timed(self, task: str) -> Iterator[None]:
        """Times the block into ``talentmatch_task_duration_seconds{task=...}``."""
        started = time.perf_counter()
        outcome = "error"
        try:
            yield
            outcome = "ok"
        finally:
            self.task_duration.labels(task=task, outcome=outcome).observe(
                time.perf_counter() - started
            )
            if outcome == "error":
                self.task_failures.labels(task=task).inc()

    def render(self, index: MatchIndex | None, figures: DatabaseFigures | None) -> bytes:
        """The exposition text: the kept metrics and those read now (``figures`` is None when
        the database did not answer)."""
        return generate_latest(self.registry) + generate_latest(_ScrapeTime(index, figures))


class _ScrapeTime(Collector):
    def __init__(self, index: MatchIndex | None, figures: DatabaseFigures | None) -> None:
        self.index = index
        self.figures = figures

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "talentmatch_database_up",
            "Whether the database answered this scrape's query in time (1) or not (0).",
        )
        up.add_metric([], 1 if self.figures is not None else 0)
        yield up
        if self.figures is not None:
            yield from _database_families(self.figures)
        if self.index is not None:
            yield from _index_families(self.index)
        yield from _memory_families()
        yield GC_PAUSES.family()
        frozen = GaugeMetricFamily(
            "talentmatch_gc_frozen_objects",
            "Objects kept out of the garbage collector's walks (survivors of the last full "
            "collection; all go back in for one walk every ten minutes).",
        )
        frozen.add_metric([], gc.get_freeze_count())
        yield frozen


def _memory_families() -> Iterator[Metric]:
    entries = GaugeMetricFamily(
        "talentmatch_memory_entries",
        "Entries held in a bounded in-process memory (match profiles, blind texts, cards).",
        labels=("memory",),
    )
    used = GaugeMetricFamily(
        "talentmatch_memory_used",
        "What a memory holds, in its own unit: bytes (estimated) where it is bounded by size, "
        "else entries.",
        labels=("memory",),
    )
    size = GaugeMetricFamily(
        "talentmatch_memory_size",
        "The most a memory holds, in the unit of talentmatch_memory_used.",
        labels=("memory",),
    )
    lookups = CounterMetricFamily(
        "talentmatch_memory_lookups",
        "Lookups in a memory since the process started, by outcome: a miss is read from the "
        "database or built again.",
        labels=("memory", "outcome"),
    )
    for name, figures in memory_figures().items():
        entries.add_metric([name], figures.entries)
        used.add_metric([name], figures.used)
        size.add_metric([name], figures.size)
        lookups.add_metric([name, "hit"], figures.hits)
        lookups.add_metric([name, "miss"], figures.misses)
    yield entries
    yield used
    yield size
    yield lookups


def _database_families(figures: DatabaseFigures) -> Iterator[Metric]:
    yield GaugeMetricFamily(
        "talentmatch_outbox_pending_emails",
        "E-mails in the outbox not delivered yet.",
        value=figures.outbox_pending,
    )
    if figures.outbox_oldest_pending_age_seconds is not None:
        yield GaugeMetricFamily(
            "talentmatch_outbox_oldest_pending_age_seconds",
            "Age of the oldest undelivered e-mail.",
            value=figures.outbox_oldest_pending_age_seconds,
        )
    yield GaugeMetricFamily(
        "talentmatch_ranking_model_active_version",
        "Version of the promoted ranking model; 0 when the default scorer ranks.",
        value=figures.ranking_model_version or 0,
    )


def _index_families(index: MatchIndex) -> Iterator[Metric]:
    items = GaugeMetricFamily(
        "talentmatch_match_index_items",
        "Entries in this process's match index, per side.",
        labels=("side",),
    )
    items.add_metric(["candidates"], len(index.candidates))
    items.add_metric(["jobs"], len(index.jobs))
    yield items
    backend = GaugeMetricFamily(
        "talentmatch_match_index_backend",
        "Where the index searches vectors (in-process or pgvector); always 1.",
        labels=("backend",),
    )
    backend.add_metric([index.backend], 1)
    yield backend
    yield GaugeMetricFamily(
        "talentmatch_match_index_ready",
        "Whether the match index has finished one sync since the process started.",
        value=1 if index.synced_at is not None else 0,
    )
    if index.synced_at is not None:
        yield GaugeMetricFamily(
            "talentmatch_match_index_last_sync_timestamp_seconds",
            "When the last successful sync began (Unix time).",
            value=index.synced_at.timestamp(),
        )


class TimedMatchIndex(MatchIndex):
    """The match index, with every sync timed into the app's metrics (when it has some)."""

    metrics: Metrics | None = None

    def sync(self, progress: Progress | None = None) -> SyncReport:
        if self.metrics is None:
            return super().sync(progress)
        with self.metrics.timed("match_index_sync"):
            return super().sync(progress)
