"""What every HTML page shares: templates, the viewer, flash messages, form parsing and
errors shown beside their fields. Pages call the same services as the JSON API."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, unquote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from talentmatch import __version__
from talentmatch.accounts.dependencies import (
    CSRF_COOKIE,
    CSRF_FORM_FIELD,
    Principal,
    optional_principal,
)
from talentmatch.accounts.models import Role
from talentmatch.kit.clock import as_utc
from talentmatch.kit.errors import TalentmatchError
from talentmatch.ml import money
from talentmatch.web import charts

WEB_DIR = Path(__file__).parent
FLASH_COOKIE = "tm_flash"
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

templates = Jinja2Templates(directory=WEB_DIR / "templates")


def _money(value: int | float | None, currency: str = "") -> str:
    if value is None:
        return "—"
    return f"{round(value):,} {currency}".strip()


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return as_utc(value).strftime("%Y-%m-%d %H:%M UTC")


def _day(value: datetime | None) -> str:
    return "—" if value is None else as_utc(value).strftime("%Y-%m-%d")


def _label(value: object) -> str:
    text = getattr(value, "value", value)
    return str(text).replace("_", " ") if text is not None else "—"


# Words the product's tables write in lower case that people write otherwise.
_WORDS_AS_WRITTEN = {
    "ai": "AI",
    "api": "API",
    "apis": "APIs",
    "aws": "AWS",
    "cicd": "CI/CD",
    "ci/cd": "CI/CD",
    "devops": "DevOps",
    "gcp": "GCP",
    "llm": "LLM",
    "llms": "LLMs",
    "ml": "ML",
    "mlops": "MLOps",
    "nlp": "NLP",
    "sql": "SQL",
}


def _sentence_case(value: object) -> str:
    """First letter up, the rest as written, acronyms as people write them: Jinja's own
    ``capitalize`` lowers the rest ("ML fundamentals" -> "Ml fundamentals", "SQL" -> "Sql")."""
    words = [_WORDS_AS_WRITTEN.get(w.lower(), w) for w in str(value).split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _years(value: float | None) -> str:
    """ "1 year", "4 years", "2.5 years"; "not stated" when the resume does not say."""
    if value is None:
        return "not stated"
    shown = f"{value:g}"
    return f"{shown} year" if shown == "1" else f"{shown} years"


def _can_start(value: date | None) -> str:
    """ "can start now", or "can start 2027-02-01" for a day still ahead."""
    if value is None or value <= datetime.now(UTC).date():
        return "can start now"
    return f"can start {value.isoformat()}"


templates.env.filters.update(money=_money, when=_when, day=_day, label=_label)
templates.env.filters.update(capitalize=_sentence_case, years=_years, can_start=_can_start)

# A converted amount, to the nearest hundred ("33,600 EUR"): rates move daily.
templates.env.filters.update(approx=money.approx_text)
templates.env.globals.update(
    version=__version__,
    bar_chart=lambda *a, **k: Markup(charts.bar_chart(*a, **k)),  # noqa: S704 - escaped inside
    radar_chart=lambda *a, **k: Markup(charts.radar_chart(*a, **k)),  # noqa: S704
    range_chart=lambda *a, **k: Markup(charts.range_chart(*a, **k)),  # noqa: S704
)


class Viewer(BaseModel):
    """Who is looking at a page (``None`` fields when nobody is logged in)."""

    user_id: uuid.UUID | None = None
    name: str = ""
    email: str = ""
    role: Role | None = None


def viewer_of(principal: Principal | None) -> Viewer:
    if principal is None:
        return Viewer()
    user = principal.user
    return Viewer(user_id=user.id, name=user.full_name, email=user.email, role=user.role)


ViewerDep = Annotated[Principal | None, Depends(optional_principal)]


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    flash = _read_flash(request)
    shown = _shown_beside_fields(flash, (context or {}).get("errors"))
    values = {
        "viewer": viewer_of(principal),
        "csrf_token": request.cookies.get(CSRF_COOKIE, ""),
        "csrf_field": CSRF_FORM_FIELD,
        "flash": None if shown else flash,
        "errors": {},
        "form": {},
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    if flash:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, message: str | None = None, *, kind: str = "ok") -> RedirectResponse:
    """See other (303): the browser follows with a GET, so a reload does not post twice."""
    response = RedirectResponse(url, status_code=303)
    if message:
        payload = quote(json.dumps({"kind": kind, "text": message[:500]}))
        response.set_cookie(FLASH_COOKIE, payload, max_age=60, httponly=True, samesite="lax")
    return response


def _shown_beside_fields(flash: dict[str, str] | None, errors: object) -> bool:
    """Whether the page already says the error flash beside its fields: a button's form sent
    back (``act_and_go_back``) to a page that checks the same input again, as the pool's "Save
    search" with the pool's filters, would otherwise say it twice, on top and at the field."""
    if not flash or flash["kind"] != "error" or not isinstance(errors, Mapping) or not errors:
        return False
    messages = [str(message) for message in errors.values()]
    return flash["text"] in messages or flash["text"] == " ".join(messages)


def _read_flash(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        value = json.loads(unquote(raw))
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return {"kind": str(value.get("kind", "ok")), "text": str(value.get("text", ""))}


def safe_next(url: str | None, default: str = "/dashboard") -> str:
    """Only same-site paths: a crafted ``next`` must not send people elsewhere."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url


# ------------------------------------------------------------------------------- forms


FormData = dict[str, Any]


async def read_form(request: Request) -> FormData:
    """The posted form as a dict; repeated names become lists. Read once (the CSRF check has
    already parsed it, and Starlette caches it)."""
    form = await request.form()
    data: FormData = {}
    for key in form:
        values = form.getlist(key)
        data[key] = values if len(values) > 1 else values[0]
    data.pop(CSRF_FORM_FIELD, None)
    return data


FormDep = Annotated[FormData, Depends(read_form)]


def text(data: FormData, name: str) -> str:
    value = data.get(name, "")
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else ""


def upload(data: FormData, name: str) -> UploadFile | None:
    value = data.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def split_list(value: str) -> list[str]:
    """A text box of items, one per line or separated by commas."""
    items = (part.strip() for line in value.splitlines() for part in line.split(","))
    return list(dict.fromkeys(item for item in items if item))


def join_list(values: Iterable[str] | None) -> str:
    return ", ".join(values or [])


class FormErrors(Exception):
    """Field name -> message, shown beside the field; ``""`` is a message for the whole form."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def human_message(error: ErrorDetails) -> str:
    """What a form says about a value pydantic refused: the one place that turns validation
    errors into sentences for people ("String should have at least 3 characters" reads
    "Enter at least 3 characters."). A rule of our own (a ``ValueError`` in a validator)
    already speaks to people and is shown as written."""
    context = error.get("ctx") or {}
    kind = error["type"]
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        message = message[:1].upper() + message[1:]
        return message if message.endswith((".", "?", "!", ":")) else message + "."
    templates_by_kind = {
        "missing": "This is required.",
        "string_too_short": "Enter at least {min_length} characters.",
        "string_too_long": "Use at most {max_length} characters.",
        "too_short": "Give at least {min_length}.",
        "too_long": "Give at most {max_length}.",
        "int_parsing": "Enter a whole number.",
        "int_from_float": "Enter a whole number.",
        "float_parsing": "Enter a number.",
        "greater_than": "Enter a number above {gt}.",
        "greater_than_equal": "Enter {ge} or more.",
        "less_than": "Enter a number below {lt}.",
        "less_than_equal": "Enter {le} or less.",
        "enum": "Choose one of the options.",
        "literal_error": "Choose one of the options.",
        "bool_parsing": "Choose yes or no.",
        "date_parsing": "Enter a real date as YYYY-MM-DD.",
        "date_from_datetime_parsing": "Enter a real date as YYYY-MM-DD.",
        "datetime_parsing": "Enter a date and time.",
        "datetime_from_date_parsing": "Enter a date and time.",
        "uuid_parsing": "This is not one of ours: choose from the list.",
        "url_parsing": "Enter a web address starting with https://.",
        "url_scheme": "Enter a web address starting with https://.",
        "string_pattern_mismatch": "This does not have the expected form.",
        "string_type": "Enter text.",
        "list_type": "Give a list.",
    }
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "This cannot be empty."
    template = templates_by_kind.get(kind)
    if template is None:
        return "This value is not accepted."
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return "This value is not accepted."


def validate(model: type[M], values: Mapping[str, Any]) -> M:
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            errors.setdefault(field, human_message(error))
        raise FormErrors(errors) from exc


def number(
    data: FormData, name: str, kind: type[int] | type[float] = int, *, hint: str = "enter a number"
) -> int | float | None:
    """A number typed into a form (thousands separators allowed); empty is ``None``."""
    value = text(data, name).strip().replace(",", "").replace("_", "")
    if not value:
        return None
    try:
        return kind(value)
    except ValueError as exc:
        raise FormErrors({name: hint}) from exc


def attempt(session: Session, action: Callable[[], T]) -> tuple[T | None, dict[str, str]]:
    """Run a write; on a user error roll everything back and return the messages by field,
    so the page can be shown again with the person's input and the errors beside it."""
    try:
        return action(), {}
    except FormErrors as exc:
        session.rollback()
        return None, exc.errors
    except TalentmatchError as exc:
        if exc.status_code >= 500 or exc.status_code in (403, 404):
            raise
        session.rollback()
        return None, {exc.field or "": exc.message}


def act_and_go_back(
    session: Session,
    action: Callable[[], object],
    *,
    back: str,
    done: str,
    on_error: str | None = None,
) -> RedirectResponse:
    """A button's write: go back with ``done``, or (all rolled back) with the error to
    ``on_error`` (default ``back``)."""
    _, errors = attempt(session, action)
    if errors:
        # Not to the section's anchor: the error is said at the top of the page.
        target = (on_error or back).split("#", 1)[0]
        return redirect(target, " ".join(errors.values()), kind="error")
    return redirect(back, done)
