"""``create_app(settings)``: the whole web application, with nothing global at import time."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from talentmatch import __version__
from talentmatch.accounts import pages as account_pages
from talentmatch.accounts.endpoints import me_router
from talentmatch.accounts.endpoints import router as accounts_router
from talentmatch.accounts.throttle import Throttle
from talentmatch.accounts.token_use import TokenUseRecorder
from talentmatch.candidates import pages as candidate_pages
from talentmatch.candidates.endpoints import router as candidates_router
from talentmatch.companies import pages as company_pages
from talentmatch.companies.endpoints import router as companies_router
from talentmatch.config import Settings
from talentmatch.counselling import pages as counselling_pages
from talentmatch.counselling.endpoints import router as counselling_router
from talentmatch.db import (
    create_engine,
    create_session_factory,
    is_busy,
    refresh_statistics,
    upgrade_database,
)
from talentmatch.documents import DocumentReader
from talentmatch.fairness import pages as fairness_pages
from talentmatch.fairness.endpoints import router as fairness_router
from talentmatch.fairness.ranking import pages as fair_ranking_pages
from talentmatch.fairness.ranking.endpoints import router as fair_ranking_router
from talentmatch.insights import pages as insight_pages
from talentmatch.insights.endpoints import router as insights_router
from talentmatch.interviews import pages as interview_pages
from talentmatch.interviews.endpoints import router as interviews_router
from talentmatch.jobs import pages as job_pages
from talentmatch.jobs.endpoints import router as jobs_router
from talentmatch.kit.errors import NotAuthenticated, TalentmatchError
from talentmatch.kit.http import (
    API_POLICY,
    SecurityHeaders,
    docs_policy,
    inline_script_hashes,
    public_errors,
)
from talentmatch.kit.ratelimit import RateLimited
from talentmatch.kit.security import PasswordHasher
from talentmatch.matching import pages as matching_pages
from talentmatch.matching.endpoints import router as matching_router
from talentmatch.matching.indexer import MatchIndex
from talentmatch.notifications import pages as notification_pages
from talentmatch.notifications.endpoints import router as notifications_router
from talentmatch.operations.endpoints import metrics_router
from talentmatch.operations.endpoints import router as operations_router
from talentmatch.operations.metrics import Metrics, TimedMatchIndex
from talentmatch.operations.middleware import RequestObserver
from talentmatch.operations.probes import DatabaseProbe
from talentmatch.operators import pages as operator_pages
from talentmatch.preparation import pages as preparation_pages
from talentmatch.preparation.endpoints import router as preparation_router
from talentmatch.privacy import pages as privacy_pages
from talentmatch.privacy.endpoints import router as privacy_router
from talentmatch.privacy.recorder import ProfileViewRecorder
from talentmatch.recruiting import pages as recruiting_pages
from talentmatch.recruiting.endpoints import router as recruiting_router
from talentmatch.tables import import_models
from talentmatch.tasks.runner import build_runner
from talentmatch.understanding import Understanding
from talentmatch.web.core import WEB_DIR, human_message, redirect, templates

log = logging.getLogger(__name__)
# Multipart framing and form fields around the file itself.
UPLOAD_ENVELOPE_BYTES = 64 * 1024


class BodySizeLimit:
    """Refuse request bodies over the limit (413): at once when Content-Length says so, else
    as soon as the bytes received pass it (a chunked body is counted while it streams, by
    Starlette's limiter; the endpoint reading it gets a 413 HTTPException)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.app = RequestBodyLimitMiddleware(app, max_body_size=max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
                response = _too_large(scope, self.max_bytes)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _too_large(scope: Scope, max_bytes: int) -> Response:
    detail = f"the request body is larger than {max_bytes:,} bytes"
    if _is_api(scope["path"]):
        return JSONResponse({"detail": detail, "code": "payload_too_large"}, status_code=413)
    return _error_page(scope, 413, "Too large", detail)


def _swagger_page() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="talentmatch API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
    )


def _warm_up(understanding: Understanding, index: MatchIndex | None, engine: Engine) -> None:
    try:
        understanding.warm_up()
        if index is not None:
            index.settle()
        # After the first sync: the tables hold what the planner should know about.
        refresh_statistics(engine)
    except Exception:  # a failed warm-up only means the first request loads the models
        log.exception("model warm-up failed")


def _is_api(path: str) -> bool:
    return path.startswith(("/api", "/openapi.json", "/docs", "/static"))


def _error_page(scope: Scope, status_code: int, title: str, detail: str) -> HTMLResponse:
    request = Request(scope)
    context = {"status_code": status_code, "title": title, "detail": detail, "viewer": None}
    return templates.TemplateResponse(request, "error.html", context, status_code=status_code)


_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported file",
    422: "Check the input",
}


def _error_body(exc: TalentmatchError) -> dict[str, object]:
    body: dict[str, object] = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return body


def app_from_environment() -> FastAPI:
    """The app for ``talentmatch serve --workers N``: each worker process builds its own from
    the ``TALENTMATCH_*`` environment (and configures its logging)."""
    from talentmatch.operations.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    return create_app(settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    import_models()
    engine = create_engine(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.auto_migrate:
            upgrade_database(engine)
        app.state.tasks.start()  # background work (talentmatch.tasks)
        index = app.state.match_index if settings.match_index_worker else None
        if index is not None:
            index.search_vectors_in(settings.match_vector_search)
            index.start()
        if settings.preload_models:
            warm_up = threading.Thread(
                target=_warm_up, args=(app.state.understanding, index, engine), daemon=True
            )
            warm_up.start()
        yield
        app.state.match_index.stop()
        app.state.tasks.stop()
        app.state.understanding.documents.close()
        app.state.token_use.close()
        app.state.profile_views.close()
        engine.dispose()

    app = FastAPI(
        title="talentmatch",
        version=__version__,
        description="Tech-talent marketplace: companies apply to candidates, salary up front.",
        lifespan=lifespan,
        docs_url=None,  # served below from packaged assets: no CDN at run time
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.hasher = PasswordHasher(settings)
    app.state.throttle = Throttle(settings)
    app.state.token_use = TokenUseRecorder(app.state.session_factory)
    app.state.profile_views = ProfileViewRecorder(app.state.session_factory)
    app.state.understanding = Understanding(DocumentReader.from_settings(settings))
    app.state.metrics = Metrics(__version__) if settings.metrics_enabled else None
    app.state.probe = DatabaseProbe(engine, settings.health_timeout_seconds)
    app.state.match_index = TimedMatchIndex(
        app.state.understanding,
        app.state.session_factory,
        exhaustive_limit=settings.match_exhaustive_limit,
    )
    app.state.match_index.metrics = app.state.metrics
    app.state.tasks = build_runner(
        settings, app.state.session_factory, app.state.understanding, app.state.match_index
    )
    max_body = settings.max_upload_bytes + UPLOAD_ENVELOPE_BYTES
    app.add_middleware(BodySizeLimit, max_bytes=max_body)
    # Added last, so outermost: its headers go on every answer, the body limit's 413 too.
    app.add_middleware(
        SecurityHeaders,
        policies=[
            ("/docs", docs_policy(inline_script_hashes(bytes(_swagger_page().body)))),
            ("/api", API_POLICY),
            ("/openapi.json", API_POLICY),
        ],
    )
    # Outermost of all: the request id, timing and access line cover every answer above.
    app.add_middleware(RequestObserver, metrics=app.state.metrics)

    @app.exception_handler(TalentmatchError)
    async def handle_domain_error(request: Request, exc: TalentmatchError) -> Response:
        if not _is_api(request.url.path):
            # Pages: log in first (and come back), or an error page a person can act on.
            if isinstance(exc, NotAuthenticated) and request.method == "GET":
                return redirect(f"/login?next={quote(request.url.path)}")
            if isinstance(exc, NotAuthenticated):
                return redirect("/login", "Your session ended: log in again.", kind="error")
            title = _TITLES.get(exc.status_code, "Something went wrong")
            return _error_page(request.scope, exc.status_code, title, exc.message)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(_error_body(exc), status_code=exc.status_code, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def handle_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 413:  # a streamed body passed the limit while being read
            return _too_large(request.scope, max_body)
        if _is_api(request.url.path):
            return await http_exception_handler(request, exc)
        title = _TITLES.get(exc.status_code, "Something went wrong")
        detail = "There is no such page." if exc.status_code == 404 else str(exc.detail)
        return _error_page(request.scope, exc.status_code, title, detail)

    @app.exception_handler(RequestValidationError)
    async def handle_invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request.url.path):
            # Never the input itself back: a 5 MB field would come back whole.
            return JSONResponse({"detail": public_errors(exc.errors())}, status_code=422)
        errors = exc.errors()
        if any(error["loc"][:1] == ("path",) for error in errors):
            # A malformed id in the address: nothing there for this address.
            return _error_page(request.scope, 404, "Not found", "There is no such page.")
        # The page exists; a value in the address (a filter, a page number) does not fit it.
        problems = "; ".join(f"{error['loc'][-1]}: {human_message(error)}" for error in errors[:5])
        return _error_page(
            request.scope,
            400,
            "Check the address",
            f"This page cannot use a value in its address ({problems}). "
            f"Open {request.url.path} without it, or change the value.",
        )

    @app.exception_handler(RateLimited)
    async def handle_rate_limited(request: Request, exc: RateLimited) -> Response:
        response: Response
        if _is_api(request.url.path):
            body = {"detail": exc.message, "code": exc.code}
            response = JSONResponse(body, status_code=429)
        else:
            response = _error_page(request.scope, 429, "Too many attempts", exc.message)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(OperationalError)
    async def handle_database_busy(request: Request, exc: OperationalError) -> Response:
        if not is_busy(exc):
            log.error("database error: %s", exc.orig)
            detail, status_code, code = "the database failed; try again later", 500, "internal"
        else:
            # Writers queued past the busy timeout: nothing was written; say so and when to retry.
            log.warning("database busy: %s", exc.orig)
            detail, status_code, code = "the service is busy; try again in a moment", 503, "busy"
        response: Response
        if _is_api(request.url.path):
            response = JSONResponse({"detail": detail, "code": code}, status_code=status_code)
        else:
            response = _error_page(request.scope, status_code, "Busy", detail)
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(IntegrityError)
    async def handle_integrity_error(_request: Request, exc: IntegrityError) -> JSONResponse:
        # A constraint the services did not foresee (usually a race): the write was rolled back.
        log.warning("integrity error: %s", exc.orig)
        return JSONResponse(
            {"detail": "the change conflicts with existing data", "code": "conflict"},
            status_code=409,
        )

    @app.get("/api/health", tags=["meta"])
    async def health() -> dict[str, str]:
        # On the event loop, not the thread pool: it answers while every pool thread is busy
        # (uploads being parsed, slow match requests).
        return {"status": "ok", "version": __version__}

    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static/app", StaticFiles(directory=WEB_DIR / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> RedirectResponse:
        # Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
        return RedirectResponse("/static/app/favicon.svg", status_code=301)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return _swagger_page()

    if settings.metrics_enabled:
        app.include_router(metrics_router)
    for router in (
        operations_router,  # /api/health/live and /ready
        accounts_router,
        me_router,
        privacy_router,
        companies_router,
        counselling_router,
        insights_router,
        preparation_router,
        matching_router,  # before candidates_router: /candidates/me/matches is not a profile id
        candidates_router,
        jobs_router,
        interviews_router,
        notifications_router,
        fairness_router,
        fair_ranking_router,
        recruiting_router,
        # HTML pages, on the same services
        account_pages.router,
        operator_pages.router,
        candidate_pages.router,
        company_pages.router,
        counselling_pages.router,
        preparation_pages.router,
        privacy_pages.router,
        fairness_pages.router,
        fair_ranking_pages.router,
        insight_pages.router,
        recruiting_pages.router,
        interview_pages.router,  # before job pages: /jobs/{id}/candidates/{pid}/request
        matching_pages.router,
        job_pages.router,
        notification_pages.router,
    ):
        app.include_router(router)
    return app
