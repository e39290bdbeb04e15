"""Logs: one line per record, as text for a terminal or JSON for a log collector, each carrying
the id of the request it was written in (``X-Request-ID``), and one access line per request.

The request id lives in a context variable set by :class:`~talentmatch.operations.middleware.
RequestObserver`; endpoints that run in the thread pool inherit it (Starlette copies the
context into the worker thread), background threads (the match indexer) have none.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from contextvars import ContextVar
from typing import IO, Literal

from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# Accepted from a client or proxy as it is: bounded, and only characters that cannot forge a
# log line or a header (no spaces, quotes, control characters).
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
ACCESS_LOGGER = "talentmatch.access"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

request_id_var: ContextVar[str | None] = ContextVar("talentmatch_request_id", default=None)

LogFormat = Literal["text", "json"]


def accepted_request_id(value: str | None) -> str:
    """``value`` when it is a well-formed request id, else a new one."""
    if value and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get() or "-"
        return True


def formatter(log_format: LogFormat) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp=True,
        )
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(
    log_format: LogFormat, level: str = "INFO", stream: IO[str] | None = None
) -> logging.Handler:
    """Send every log record (the application's, uvicorn's) to ``stream`` (stderr) in
    ``log_format``, replacing the root logger's handlers; the handler, for a caller that wants
    to remove it again."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's loggers write through the root handler (one format), except its access lines:
    # they carry the query string, which may hold a token. The access lines come from
    # talentmatch.access instead. (Turned off here too, not only by ``serve``'s
    # access_log=False: with --workers, each process configures its logging after uvicorn.)
    for name in ("uvicorn", "uvicorn.error"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    return handler
