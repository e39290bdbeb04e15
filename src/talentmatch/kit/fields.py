"""Reusable validated field types for the API schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
TextList = Annotated[list[ShortText], Field(max_length=100)]
CountryCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^([A-Za-z]{2})?$")
]
CurrencyCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{3}$")
]
YearlyAmount = Annotated[int, Field(gt=0, le=100_000_000, description="yearly, whole units")]


def _http_url(value: str) -> str:
    if value and not value.lower().startswith(("https://", "http://")):
        raise ValueError("must start with http:// or https://")
    return value


HttpUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)
]
