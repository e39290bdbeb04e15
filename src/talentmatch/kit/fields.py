"""Reusable validated field types for the API schemas."""

from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from talentmatch.ml.money import is_currency

ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\x00]*$"),
]
TextList = Annotated[list[ShortText], Field(max_length=100)]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^([A-Za-z]{2})?$")
]


def _iso_currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(
            f"{value} is not an ISO 4217 currency code; use one such as USD, EUR, GBP or PLN"
        )
    return value


# Checked against pycountry's ISO 4217 list (metals, funds and test codes refused).
CurrencyCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$"),
    AfterValidator(_iso_currency),
]
YearlyAmount = Annotated[int, Field(gt=0, le=100_000_000, description="yearly, whole units")]


def _http_url(value: str) -> str:
    if value and not value.lower().startswith(("https://", "http://")):
        raise ValueError("must start with http:// or https://")
    return value


HttpUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple | set):
        return any(_has_nul(item) for item in value)
    return False


def _has_lone_surrogate(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list | tuple | set):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class InputModel(BaseModel):
    """Base of every request body: text with NUL characters is refused (PostgreSQL cannot
    store it, and no person types it), and so is text that is not valid Unicode (JSON's
    ``"\\ud800"``, half a surrogate pair: no database can store it)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: object) -> object:
        if _has_nul(value):
            raise ValueError("text must not contain NUL characters")
        if _has_lone_surrogate(value):
            raise ValueError("text must be valid Unicode (it has half a surrogate pair)")
        return value


class UpdateModel(InputModel):
    """Base of PATCH bodies: a field left out stays as it is; ``null`` is accepted only for
    the fields named in ``nullable_fields`` (it clears them)."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required_fields(self) -> Self:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.nullable_fields:
                raise ValueError(f"{name} cannot be null; leave it out to keep it unchanged")
        return self
