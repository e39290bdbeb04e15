"""Typed answers of the salary and counselling endpoints (the OpenAPI schema people read)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.ml.careers import (
    AreaGap,
    GapReport,
    RoadmapPhase,
    RoleModel,
    SkillStanding,
    SpecialismAdvice,
)
from talentmatch.ml.fields import country_name
from talentmatch.ml.salary import REGION_NAMES, SalaryEstimate, level_name

if TYPE_CHECKING:
    from talentmatch.counselling.service import Counsel

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


class MarketPay(BaseModel):
    """Yearly pay quartiles with n, the cell they rest on and every source."""

    currency: str
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
    def of(cls, estimate: dict[str, Any]) -> MarketPay:
        return cls.model_validate(estimate)


class SalaryEstimateOut(MarketPay):
    """Yearly pay quartiles with n, the cell they rest on and every source, in the asked
    currency."""

    converted_from: ConvertedFrom | None = Field(
        default=None, description="set when the figures were converted to the asked currency"
    )

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


# ------------------------------------------------------------------------------ counselling


class RoleRef(BaseModel):
    id: str = Field(description="the role model's id, e.g. ml-engineer")
    title: str

    @classmethod
    def of(cls, role: RoleModel) -> RoleRef:
        return cls(id=role.id, title=role.title)


class RoleOut(RoleRef):
    """A target role with a competency model."""

    summary: str

    @classmethod
    def of(cls, role: RoleModel) -> RoleOut:
        return cls(id=role.id, title=role.title, summary=role.summary)


class GapSkill(BaseModel):
    """A skill of the role, as the profile stands on it."""

    id: str = Field(description="the skill's id in the taxonomy")
    name: str
    weight: float = Field(description="its share of the role's total weight")
    via: str | None = Field(
        default=None, description="held skills it is partly covered through (partly only)"
    )
    credit: float | None = Field(
        default=None, description="0..1, the credit those related skills give (with via only)"
    )

    @classmethod
    def of(cls, standing: SkillStanding) -> GapSkill:
        return cls(
            id=standing.skill,
            name=standing.name,
            weight=round(standing.weight, 3),
            via=standing.via or None,
            credit=round(standing.credit, 2) if standing.via else None,
        )


class AreaGapOut(BaseModel):
    """One area of the role (e.g. machine learning): how much of it the profile covers."""

    area: str
    score: float = Field(description="weighted share of the area covered, 0..1")
    need: float = Field(description="the area's share of the role's total weight")
    have: list[GapSkill]
    partly: list[GapSkill] = Field(description="covered in part through related skills")
    missing: list[GapSkill]
    also: list[str] = Field(description="held skills of the area the role does not list")

    @classmethod
    def of(cls, area: AreaGap) -> AreaGapOut:
        return cls(
            area=area.area,
            score=round(area.score, 3),
            need=round(area.need, 3),
            have=[GapSkill.of(s) for s in area.have],
            partly=[GapSkill.of(s) for s in area.partly],
            missing=[GapSkill.of(s) for s in area.missing],
            also=list(area.also),
        )


class GapOut(BaseModel):
    """Where the profile stands against the role, area by area."""

    role: RoleRef
    score: float = Field(description="weighted share of the role covered, 0..1")
    areas: list[AreaGapOut]

    @classmethod
    def of(cls, report: GapReport) -> GapOut:
        return cls(
            role=RoleRef.of(report.role),
            score=round(report.score, 3),
            areas=[AreaGapOut.of(a) for a in report.areas],
        )


class ReverseMove(BaseModel):
    """An area the move to the target role asks for that the current role does not."""

    model_config = ConfigDict(serialize_by_alias=True)

    from_: str = Field(alias="from", description="the role the move starts from (title)")
    area: str
    target_need: float = Field(description="the area's share of the target role")
    current_need: float = Field(description="the area's share of the current role")
    your_score: float = Field(description="share of the area covered, 0..1")
    to_learn: list[str] = Field(description="missing skills of the area, first five")
    left: float = Field(description="what is left to learn; the list is ordered by it")


class ClosestRole(BaseModel):
    id: str
    title: str
    score: float = Field(description="share of the role the skills cover, 0..1")


class RelatedOccupation(BaseModel):
    """An O*NET occupation related to the one the profile's titles were read as."""

    code: str = Field(description="O*NET-SOC code")
    title: str
    score: float


class RoadmapStepOut(BaseModel):
    skill: str = Field(description="the skill's id in the taxonomy")
    name: str
    area: str
    weight: float
    prerequisites: list[str] = Field(description="skill ids to learn first")
    done: bool = Field(description="marked done by the candidate")
    partly_via: str | None = Field(description="held skills that already cover part of it")


class RoadmapPhaseOut(BaseModel):
    """A phase of the roadmap: an area's steps in order, with a milestone project."""

    area: str
    milestone: str
    steps: list[RoadmapStepOut]

    @classmethod
    def of(cls, phase: RoadmapPhase) -> RoadmapPhaseOut:
        return cls.model_validate(phase, from_attributes=True)


class RoadmapProgressOut(BaseModel):
    done: int = Field(description="roadmap steps done")
    steps: int = Field(description="roadmap steps in all")


class SpecialismOut(BaseModel):
    id: str
    name: str
    demand: float = Field(description="share of open jobs that ask for it")
    open_jobs: int = Field(description="open jobs that ask for it")
    salary_premium: float | None = Field(
        description="its median pay against the role's: 0.08 is 8 % more (None: no estimate)"
    )
    fit: float = Field(description="how well the profile fits it, 0..1")
    why: list[str]

    @classmethod
    def of(cls, advice: SpecialismAdvice) -> SpecialismOut:
        return cls(
            id=advice.specialism.id,
            name=advice.specialism.name,
            demand=round(advice.demand, 4),
            open_jobs=advice.jobs,
            salary_premium=round(advice.premium, 3) if advice.premium is not None else None,
            fit=advice.fit,
            why=advice.why,
        )


class LoopStage(BaseModel):
    stage: str
    tests: str = Field(description="what the stage tests")


class CounselOut(BaseModel):
    """Career counselling for the candidate's profile toward a target role."""

    role: RoleRef
    gap: GapOut
    reverse_skill_set: list[ReverseMove] = Field(
        description="what the move from the current role asks for, most left to learn first"
    )
    closest_roles: list[ClosestRole] = Field(description="the roles the skills cover best")
    related_occupations: list[RelatedOccupation]
    roadmap: list[RoadmapPhaseOut]
    progress: RoadmapProgressOut
    specialisms: list[SpecialismOut]
    salary: MarketPay = Field(description="the role's pay (USD) at the profile's level")
    salary_by_level: dict[str, MarketPay] = Field(
        description="the role's pay at each level: entry, mid, senior, executive"
    )
    interview_loop: list[LoopStage] = Field(description="the role's usual interview stages")

    @classmethod
    def of(cls, counsel: Counsel) -> CounselOut:
        done, total = counsel.progress
        return cls(
            role=RoleRef.of(counsel.role),
            gap=GapOut.of(counsel.gap),
            reverse_skill_set=[ReverseMove.model_validate(r) for r in counsel.reverse],
            closest_roles=[
                ClosestRole(id=g.role.id, title=g.role.title, score=round(g.score, 3))
                for g in counsel.closest
            ],
            related_occupations=[
                RelatedOccupation.model_validate(o) for o in counsel.related_occupations
            ],
            roadmap=[RoadmapPhaseOut.of(p) for p in counsel.roadmap],
            progress=RoadmapProgressOut(done=done, steps=total),
            specialisms=[SpecialismOut.of(a) for a in counsel.specialisms],
            salary=MarketPay.of({**counsel.salary, "level": level_name(counsel.level)}),
            salary_by_level={
                level_name(level) or level: MarketPay.of(estimate)
                for level, estimate in counsel.salary_by_level
            },
            interview_loop=[LoopStage(stage=s, tests=t) for s, t in counsel.role.loop],
        )
