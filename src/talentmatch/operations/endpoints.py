"""Probes and metrics: ``GET /api/health/live``, ``GET /api/health/ready`` and ``GET /metrics``."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from talentmatch.operations.probes import (
    DatabaseFigures,
    DatabaseProbe,
    ProbeTimeout,
    current_revision,
    database_figures,
)

log = logging.getLogger(__name__)
router = APIRouter(tags=["meta"])
metrics_router = APIRouter(include_in_schema=False)


@router.get("/api/health/live")
async def live() -> dict[str, str]:
    """The process is up and its event loop answers (nothing else is asked)."""
    return {"status": "ok"}


@router.get(
    "/api/health/ready",
    responses={503: {"description": "A check failed: the body names it"}},
)
async def ready(request: Request) -> JSONResponse:
    """Whether this process should get traffic: the database answers in time and is at the
    migration this code expects, and the match index has synced once (when its worker runs
    here). 503 names the check that failed."""
    state = request.app.state
    probe: DatabaseProbe = state.probe
    checks: dict[str, dict[str, Any]] = {}
    try:
        revision = await probe.run(current_revision)
    except ProbeTimeout:
        checks["database"] = {"ok": False, "detail": "no answer in time"}
    except Exception as exc:
        # The error may name hosts or users: it goes to the log, not to the caller.
        log.warning("readiness: database unreachable: %s", exc)
        checks["database"] = {"ok": False, "detail": "unreachable"}
    else:
        checks["database"] = {"ok": True}
        head = probe.head_revision
        checks["migrations"] = (
            {"ok": True, "revision": revision}
            if revision == head
            else {"ok": False, "detail": f"database at {revision or 'none'}, code needs {head}"}
        )
    if state.settings.match_index_worker:
        synced = state.match_index.synced_at is not None
        checks["match_index"] = (
            {"ok": True} if synced else {"ok": False, "detail": "not synced yet"}
        )
    else:
        checks["match_index"] = {"ok": True, "detail": "no worker in this process"}
    ok = all(check["ok"] for check in checks.values())
    body = {"status": "ready" if ok else "not ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503)


@metrics_router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus text format; see talentmatch.operations.metrics."""
    state = request.app.state
    token: str = state.settings.metrics_token
    if token and not _bearer_matches(request.headers.get("authorization", ""), token):
        return Response(
            "a metrics token is required\n",
            status_code=401,
            media_type="text/plain",
            headers={"WWW-Authenticate": "Bearer"},
        )
    figures: DatabaseFigures | None
    try:
        figures = await state.probe.run(database_figures)
    except Exception as exc:  # the scrape still answers, with talentmatch_database_up 0
        log.warning("metrics: database figures unavailable: %s", exc)
        figures = None
    body = state.metrics.render(state.match_index, figures)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


def _bearer_matches(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
