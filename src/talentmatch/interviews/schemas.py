from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from talentmatch.candidates.schemas import Contact
from talentmatch.interviews.models import HiringStage, OfferStatus, RequestStatus, SlotStatus
from talentmatch.kit.fields import CurrencyCode, InputModel, YearlyAmount

VestingText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class RequestCreate(InputModel):
    """Total compensation as Levels.fyi reports it: base, target bonus, equity per year."""

    job_id: uuid.UUID
    candidate_id: uuid.UUID
    salary: Annotated[YearlyAmount, Field(description="Yearly base salary offered; required")]
    currency: Annotated[
        CurrencyCode | None,
        Field(description="ISO 4217 code of every amount; by default the job band's currency"),
    ] = None
    bonus_percent: Annotated[
        float | None, Field(ge=0, le=500, description="Target bonus, percent of the base")
    ] = None
    equity_per_year: Annotated[
        int | None, Field(ge=0, le=100_000_000, description="Equity value granted per year")
    ] = None
    equity_vesting: Annotated[
        VestingText, Field(description='Vesting schedule, e.g. "4 years, 1-year cliff"')
    ] = ""
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""


class DeclineRequest(InputModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class StageChange(InputModel):
    stage: HiringStage
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class MessageCreate(InputModel):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class EventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    detail: str
    actor_user_id: uuid.UUID | None
    created_at: datetime


class MessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    sender_user_id: uuid.UUID
    sender_name: str = ""
    body: str
    created_at: datetime


class CompanyContact(BaseModel):
    company_name: str
    sender_name: str
    sender_email: str


class CompensationView(BaseModel):
    """Yearly pay: base + target bonus + equity per year = total, in one currency."""

    base: int
    currency: str
    bonus_percent: float | None
    bonus: int | None = Field(description="The target bonus in money")
    equity_per_year: int | None
    equity_vesting: str
    total: int = Field(description="base + target bonus + equity per year")
    summary: str = Field(description='e.g. "120,000 EUR base + 10% target bonus ..."')


class ConvertedAmount(BaseModel):
    """An amount and the same amount in another currency, at the ECB reference rate of
    ``rate_date`` (null when both currencies are the same and nothing was converted)."""

    amount: int
    currency: str
    converted: int
    to_currency: str
    rate_date: date | None
    text: str = Field(description='e.g. "143,000 PLN ≈ 33,600 EUR"')


class MinimumCheck(BaseModel):
    """The offer's base salary against the candidate's minimum base salary."""

    compared: str = Field(default="base", description="what is compared: always base pay")
    minimum: int
    minimum_currency: str
    base: ConvertedAmount | None = Field(
        description="The base in the minimum's currency; null when no ECB rate links them"
    )
    meets: bool | None = Field(description="null when the currencies cannot be compared")
    text: str


class BenchmarkInCurrency(BaseModel):
    """The market benchmark's quartiles (base pay) converted into another currency."""

    pay: str = Field(default="base", description="the survey reports base pay")
    p25: int
    p50: int
    p75: int
    currency: str
    from_currency: str
    rate_date: date | None


class RequestView(BaseModel):
    """One interview request, as either side sees it."""

    id: uuid.UUID
    job_id: uuid.UUID
    job_title: str
    company_id: uuid.UUID
    company_name: str
    candidate_id: uuid.UUID
    candidate_headline: str
    salary: int = Field(description="Yearly base salary")
    currency: str
    compensation: CompensationView
    # The ECB reference rates every conversion on this request uses: those of its date.
    rate_date: date
    candidate_min_salary: int | None = Field(description="The candidate's minimum base salary")
    candidate_salary_currency: str
    minimum_check: MinimumCheck | None = None
    message: str
    status: RequestStatus
    decline_reason: str
    stage: HiringStage | None
    expires_at: datetime
    responded_at: datetime | None
    created_at: datetime
    history: list[EventPublic]
    # What the market pays for the job at the job's level (yearly base, USD), with sources.
    salary_benchmark: dict[str, Any] | None = None
    # The same benchmark in the offer's currency (base pay, converted at ``rate_date``).
    benchmark_in_offer_currency: BenchmarkInCurrency | None = None
    # Filled for both sides only once the candidate accepted.
    candidate_contact: Contact | None = None
    company_contact: CompanyContact | None = None


class RequestSent(BaseModel):
    request: RequestView
    warnings: list[str]


# ------------------------------------------------------------------------ scheduling


class SlotTimeIn(InputModel):
    start: datetime = Field(
        description="Start as wall-clock time in the proposal's time zone (e.g. "
        "2026-12-03T10:00); a time with an offset is taken as that instant"
    )
    minutes: Annotated[int, Field(ge=15, le=480, description="Length in minutes")] = 60


class SlotProposal(InputModel):
    """Interview times the employer proposes, in their own time zone."""

    timezone: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
        Field(description="IANA time zone of the times, e.g. Europe/Berlin"),
    ]
    slots: Annotated[list[SlotTimeIn], Field(min_length=1, max_length=10)]


class SlotView(BaseModel):
    """A proposed or booked interview time; ``starts_at``/``ends_at`` are UTC."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    stage: HiringStage | None
    starts_at: datetime
    ends_at: datetime
    timezone: str = Field(description="The IANA zone the employer proposed the time in")
    status: SlotStatus
    picked_at: datetime | None


# ---------------------------------------------------------------------------- offers


class OfferCreate(InputModel):
    """A job offer: yearly pay (base, target bonus, equity per year), a start date, and when
    the offer lapses."""

    base: Annotated[YearlyAmount, Field(description="Yearly base salary; required")]
    currency: Annotated[CurrencyCode, Field(description="ISO 4217 code of every amount")]
    bonus_percent: Annotated[
        float | None, Field(ge=0, le=500, description="Target bonus, percent of the base")
    ] = None
    equity_per_year: Annotated[
        int | None, Field(ge=0, le=100_000_000, description="Equity value granted per year")
    ] = None
    equity_vesting: Annotated[
        VestingText, Field(description='Vesting schedule, e.g. "4 years, 1-year cliff"')
    ] = ""
    start_date: date
    expires_at: datetime = Field(
        description="When the offer lapses unanswered (a time without an offset is UTC)"
    )


class OfferAnswer(InputModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class OfferView(BaseModel):
    id: uuid.UUID
    request_id: uuid.UUID
    status: OfferStatus
    compensation: CompensationView
    start_date: date
    expires_at: datetime
    decline_reason: str
    responded_at: datetime | None
    created_at: datetime
