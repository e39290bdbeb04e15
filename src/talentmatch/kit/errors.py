"""The project's own errors. Services raise these; the app turns them into HTTP answers."""

from __future__ import annotations


class TalentmatchError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAuthenticated(TalentmatchError):
    status_code = 401
    code = "not_authenticated"


class Forbidden(TalentmatchError):
    status_code = 403
    code = "forbidden"


class NotFound(TalentmatchError):
    status_code = 404
    code = "not_found"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")


class Conflict(TalentmatchError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(TalentmatchError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(TalentmatchError):
    status_code = 415
    code = "unsupported_media_type"


class InvalidInput(TalentmatchError):
    status_code = 422
    code = "invalid"
