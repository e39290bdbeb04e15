"""Self-identification in and out (the person's own), and the bias audit's report."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from talentmatch.fairness.models import AgeBand, Disability, Ethnicity, Gender
from talentmatch.kit.fields import InputModel

# ------------------------------------------------------------------ self-identification


class SelfIdentificationIn(InputModel):
    """The person's answers. Every question is optional; ``consent`` must be true to store any."""

    consent: bool = Field(
        description="I agree that talentmatch keeps these answers to audit its matching for "
        "bias; only counts of groups are ever shown, and I can withdraw at any time."
    )
    gender: Gender | None = None
    ethnicity: Ethnicity | None = None
    age_band: AgeBand | None = None
    disability: Disability | None = None


class SelfIdentificationOut(BaseModel):
    """What the person gave, shown only to them."""

    model_config = ConfigDict(from_attributes=True)

    consented: bool
    consented_at: datetime | None = None
    gender: Gender | None = None
    ethnicity: Ethnicity | None = None
    age_band: AgeBand | None = None
    disability: Disability | None = None


# -------------------------------------------------------------------------- bias audit


class GroupRate(BaseModel):
    """One group at one stage: LL144's selection rate and impact ratio, with 95 % intervals."""

    group: str
    label: str = ""  # as people read it ("Under 25"; empty in audits kept before it)
    members: int
    selected: int
    pool_share: float
    rate: float
    rate_low: float | None
    rate_high: float | None
    impact_ratio: float | None
    impact_ratio_low: float | None
    impact_ratio_high: float | None
    # Share of the previous stage's selected members who reached this one (None for the first).
    rate_of_previous: float | None
    small: bool
    reference: bool
    below_four_fifths: bool


class StageAudit(BaseModel):
    stage: str  # shown | requested | accepted | hired
    description: str
    reference_group: str | None
    lowest_impact_ratio: float | None
    groups: list[GroupRate]


class GroupExposureOut(BaseModel):
    group: str
    label: str = ""
    pool_share: float
    appearances: int
    top_share: float
    exposure: float
    exposure_share: float
    exposure_share_low: float | None
    exposure_share_high: float | None
    exposure_per_member: float
    skew: float | None
    skew_low: float | None
    skew_high: float | None
    small: bool


class ExposureOut(BaseModel):
    k: int
    lists: int
    min_skew: float | None
    max_skew: float | None
    groups: list[GroupExposureOut]


class AttributeAudit(BaseModel):
    attribute: str  # gender | ethnicity | gender_ethnicity
    label: str
    unknown: int  # people counted as "unknown"
    stages: list[StageAudit]
    exposure: ExposureOut

    def stage(self, name: str) -> StageAudit:
        return next(s for s in self.stages if s.stage == name)


class JobFamily(BaseModel):
    code: str
    title: str
    open_jobs: int


class BiasAudit(BaseModel):
    """A bias audit of the matching and of the hiring that followed it."""

    generated_at: datetime
    model: str  # the scorer that ranked, as the match explanations name it
    model_version: int | None  # None: the transparent default scorer
    k: int
    job_family: str | None
    since: date | None
    jobs_ranked: int
    people: int
    min_share: float
    min_members: int
    confidence: float
    bootstrap_samples: int
    attributes: list[AttributeAudit]
    job_families: list[JobFamily]
    notes: list[str]

    def attribute(self, name: str) -> AttributeAudit:
        return next(a for a in self.attributes if a.attribute == name)

    def impact_ratios(self, attribute: str, stage: str) -> dict[str, float | None]:
        """Each group's impact ratio at ``stage`` ("shown", "requested", "accepted", "hired")."""
        return {g.group: g.impact_ratio for g in self.attribute(attribute).stage(stage).groups}
