"""HTTP hardening shared by every response: security headers, and validation errors that
never echo what was sent."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages load their script and style sheet from /static and nothing else: no inline code, no
# other origin, and no framing (clickjacking).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# JSON and files: nothing in them may run or load anything, even if opened in a browser.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def inline_script_hashes(html: bytes) -> list[str]:
    """CSP sources (``'sha256-...'``) allowing exactly the inline scripts of ``html``."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(html)
    ]


def docs_policy(script_hashes: Sequence[str]) -> str:
    """Swagger UI: its bundle from /static plus the one inline script that starts it; it
    styles elements inline and draws icons from data: URLs."""
    scripts = " ".join(["'self'", *script_hashes])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """Adds the security headers to every response; a response that set one keeps its own.

    ``policies`` maps path prefixes to a Content-Security-Policy (the first match wins);
    other paths get :data:`PAGE_POLICY`."""

    def __init__(self, app: ASGIApp, policies: Sequence[tuple[str, str]] = ()) -> None:
        self.app = app
        self.policies = list(policies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self._policy(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _policy(self, path: str) -> str:
        for prefix, policy in self.policies:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return policy
        return PAGE_POLICY


# ------------------------------------------------------------------- validation errors

MAX_ERRORS = 50
_MAX_LOC_TEXT = 100
_MAX_MESSAGE = 300


def _clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, and valid Unicode (a dict key sent as ``"\\ud800"``
    would make the JSON answer itself fail)."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")


def public_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Validation errors as the API answers them: where (``loc``), what (``msg``) and the
    kind (``type``), never the input itself (``input``, ``ctx``): an answer must not echo a
    5 MB field back, nor a password into a client's logs. Long keys and messages are cut."""
    public = []
    for error in list(errors)[:MAX_ERRORS]:
        loc = [
            _clip(part, _MAX_LOC_TEXT) if isinstance(part, str) else part
            for part in error.get("loc", ())
        ]
        public.append(
            {
                "loc": loc,
                "msg": _clip(str(error.get("msg", "")), _MAX_MESSAGE),
                "type": str(error.get("type", "")),
            }
        )
    return public


# ---------------------------------------------------------------------------- downloads


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` that makes browsers save the file, never show it: an ASCII
    ``filename`` for old clients and the exact name in ``filename*`` (RFC 6266)."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
