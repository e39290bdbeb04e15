"""Typed answers of the insights API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

LevelWord = Literal["entry", "mid", "senior", "executive"]


class PayThresholds(BaseModel):
    """What a cell needs before it is published (settings: TALENTMATCH_PAY_INSIGHTS_*)."""

    min_requests: int
    min_companies: int
    max_company_share: float = Field(description="the most one company may send of a cell")


class PayCell(BaseModel):
    """Yearly salaries that companies named in interview requests, for one role, level and
    country, in the display currency."""

    role: str = Field(description="the job title without seniority words")
    level: LevelWord | None = Field(description="None: the jobs did not say")
    country: str = Field(description='ISO 3166 alpha-2; "" when the jobs did not say')
    country_name: str
    requests: int
    companies: int
    p25: int
    p50: int
    p75: int


class PayReport(BaseModel):
    """The marketplace's own pay data: only the cells that hide every company's offers."""

    currency: str
    rounded_to: int = Field(description="figures are rounded to this many currency units")
    thresholds: PayThresholds
    cells: list[PayCell]
    hidden_cells: int = Field(description="cells that exist but fall short of the thresholds")
    requests_not_converted: int = Field(
        description="requests in a currency without an ECB reference rate, left out"
    )
