"""What the parsers keep of a resume or a job post (the ``parsed`` JSON stored with a profile
or a job), read back typed. Rows written by older parser versions lack some keys: those read as
empty, never as an error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StoredOccupation:
    code: str
    title: str = ""


@dataclass(frozen=True)
class StoredParse:
    name: str | None = None
    seniority: str | None = None
    occupation: StoredOccupation | None = None
    location: str | None = None
    city: str | None = None
    country: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str | None = None
    salary_period: str | None = None
    parser_version: str | None = None

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> StoredParse:
        data = data or {}
        occupation = data.get("occupation")
        code = occupation.get("code") if isinstance(occupation, Mapping) else None
        return cls(
            name=_text(data.get("name")),
            seniority=_text(data.get("seniority")),
            occupation=(
                StoredOccupation(str(code), _text(occupation.get("title")) or "")  # type: ignore[union-attr]
                if code
                else None
            ),
            location=_text(data.get("location")),
            city=_text(data.get("city")),
            country=_text(data.get("country")),
            salary_min=_number(data.get("salary_min")),
            salary_max=_number(data.get("salary_max")),
            currency=_text(data.get("currency")),
            salary_period=_text(data.get("salary_period")),
            parser_version=_text(data.get("parser_version")),
        )

    @property
    def occupation_code(self) -> str | None:
        return self.occupation.code if self.occupation else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)
