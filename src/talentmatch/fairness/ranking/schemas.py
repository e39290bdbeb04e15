from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, Field

from talentmatch.kit.fields import InputModel

# The self-identification questions (fairness.models.ATTRIBUTES) a list can be re-ranked by.
Attribute = Literal["gender", "ethnicity", "age_band", "disability"]
ATTRIBUTE_CHOICES: tuple[Attribute, ...] = get_args(Attribute)


class FairRankingChange(InputModel):
    attribute: Attribute | None = Field(
        description="The self-identified attribute whose groups each list should represent "
        "in proportion to the compatible pool; null turns re-ranking off"
    )


class Representation(BaseModel):
    """Said beside a re-ranked list: by what, and whose setting."""

    attribute: Attribute
    set_by: Literal["company", "platform"]
    summary: str


class CompanyFairRankingPublic(BaseModel):
    attribute: Attribute | None = Field(description="The company's own option (null: off)")
    platform_attribute: Attribute | None = Field(
        description="The operator's option for every company; it comes before the company's"
    )
    in_effect: Representation | None


class CalibrationPublic(BaseModel):
    """The latest calibration of one attribute (``talentmatch audit calibrate``)."""

    attribute: Attribute
    calibrated_at: datetime
    goal: float = Field(description="The impact ratio every audited group was to reach")
    audited_places: int = Field(description="The first places a group counts as shown in")
    lists: int = Field(description="Open jobs' lists it was measured on")
    model_version: int | None = Field(
        description="The ranking model it was measured with (null: the transparent scorer)"
    )
    in_use: bool = Field(
        description="Whether lists use it: only with the model it was measured with"
    )
    lifts: dict[str, float] = Field(
        description="Each lifted group's part of its pool share (1: all of it); groups not "
        "named are left to the model"
    )
    lowest_ratio_before: float | None
    lowest_ratio_after: float | None


class PlatformFairRankingPublic(BaseModel):
    attribute: Attribute | None = Field(description="The platform's option (null: off)")
    companies_with_their_own: int = Field(
        description="Companies that turned re-ranking on for themselves"
    )
    calibrations: list[CalibrationPublic] = Field(
        description="The latest calibration of each attribute that has one"
    )
