"""Typed answers of the salary endpoints (the OpenAPI schema people read)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from talentmatch.ml.fields import country_name
from talentmatch.ml.salary import REGION_NAMES, SalaryEstimate

LevelWord = Literal["entry", "mid", "senior", "executive"]
# Accepted on input: the words, and the survey's codes for older clients.
LevelQuery = Literal["entry", "mid", "senior", "executive", "EN", "MI", "SE", "EX"]


class SalaryBasis(BaseModel):
    """The survey cell an estimate rests on: the narrowest with enough rows."""

    scope: str = Field(description='e.g. "title family, level and country"')
    label: str = Field(description='e.g. "engineer family · senior · DE"')
    n: int = Field(gt=0, description="survey rows in that cell")
    widened: bool = Field(description="the exact cell had too few rows (or the title none)")


class SalaryArea(BaseModel):
    """The US metro area (BLS OEWS) the figures were scaled to."""

    name: str
    factor: float = Field(description="the area's median pay over the nation's")


class SalarySource(BaseModel):
    name: str
    rows: int | None = None
    basis: str | None = None
    method: str | None = None
    occupation: str | None = None
    p25: int | None = None
    p50: int | None = None
    p75: int | None = None
    employment: int | None = None


class ConvertedFrom(BaseModel):
    """The figures as estimated, before conversion at the ECB reference rate of ``rate_date``."""

    currency: str
    p25: int
    p50: int
    p75: int
    rate_date: date


class SalaryEstimateOut(BaseModel):
    """Yearly pay quartiles with n, the cell they rest on and every source."""

    currency: str
    converted_from: ConvertedFrom | None = Field(
        default=None, description="set when the figures were converted to the asked currency"
    )
    p25: int
    p50: int
    p75: int
    n: int = Field(description="survey rows of the basis cell, plus blended marketplace offers")
    level: LevelWord | None = Field(description="None: every level, weighted by its share")
    country: str | None
    title_matched: str | None = Field(description="the survey title the query was matched to")
    basis: SalaryBasis
    area: SalaryArea | None = None
    sources: list[SalarySource]

    @classmethod
    def of(cls, estimate: dict[str, Any]) -> SalaryEstimateOut:
        return cls.model_validate(estimate)


class CountryPay(BaseModel):
    country: str
    country_name: str
    region: str
    p25: int
    p50: int
    p75: int
    n: int
    basis: SalaryBasis
    difference: float = Field(description="the median against the reference's: 0.1 is +10 %")


class CountryComparison(BaseModel):
    """The same title and level across countries, against a reference country."""

    title: str
    level: LevelWord | None
    currency: str
    reference: str
    countries: list[CountryPay]


def country_pay(estimate: SalaryEstimate, reference: SalaryEstimate, region: str) -> CountryPay:
    return CountryPay(
        country=estimate.country or "",
        country_name=country_name(estimate.country or "") or (estimate.country or ""),
        region=REGION_NAMES.get(region, region),
        p25=estimate.p25,
        p50=estimate.p50,
        p75=estimate.p75,
        n=estimate.n,
        basis=SalaryBasis.model_validate(estimate.basis),
        difference=round(estimate.p50 / reference.p50 - 1.0, 4) if reference.p50 else 0.0,
    )
