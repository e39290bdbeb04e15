from __future__ import annotations

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


class PlatformFairRankingPublic(BaseModel):
    attribute: Attribute | None = Field(description="The platform's option (null: off)")
    companies_with_their_own: int = Field(
        description="Companies that turned re-ranking on for themselves"
    )
