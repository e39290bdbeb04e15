"""``RequestObserver``: the outermost middleware. It gives each request an id (a valid incoming
``X-Request-ID``, else a new one) that every log record written while answering carries and
the response returns, times the request into the metrics, and writes one access line."""

from __future__ import annotations

import logging
import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmatch.operations.logs import (
    ACCESS_LOGGER,
    REQUEST_ID_HEADER,
    accepted_request_id,
    request_id_var,
)
from talentmatch.operations.metrics import Metrics, method_label, route_template

access_log = logging.getLogger(ACCESS_LOGGER)


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        status = 500  # unless a response starts: an exception escaped every handler
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        if self.metrics is not None:
            self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            if self.metrics is not None:
                self.metrics.in_flight.dec()
                self.metrics.observe_request(scope["method"], route, status, seconds)
            # The route template, never the path or query string (either may carry a token);
            # a known method or OTHER, never whatever a client sent as one.
            duration_ms = round(seconds * 1000, 1)
            method = method_label(scope["method"])
            access_log.info(
                "%s %s %s %.1f ms",
                method,
                route,
                status,
                duration_ms,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": duration_ms,
                },
            )
            request_id_var.reset(token)
