"""The fair re-ranking options and the step that applies them to a job's candidates.

The platform's option (an operator's) comes before a company's own. When one is on, the
candidates the model scored are put in the order :func:`talentmatch.ml.fair_ranking.fair_order`
gives: every prefix of the list holds each self-identified group ("unknown" included) in
proportion to the compatible pool. Once the operator has calibrated the attribute for the
ranking model in use (``talentmatch audit calibrate``, :mod:`.calibration`), only the groups the
model leaves under the goal over the open jobs' lists are held to a share, each to the part of
its pool share the calibration found enough; the others are left to the model. The groups are
read for that order only; the scores and explanations stay the model's, and no group is ever
shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import cast, get_args

import numpy as np
from sqlalchemy.orm import Session

from talentmatch.fairness.ranking.models import (
    PLATFORM_ROW,
    CompanyFairRanking,
    FairRankingCalibration,
    PlatformFairRanking,
)
from talentmatch.fairness.ranking.repository import FairRankingRepository
from talentmatch.fairness.ranking.schemas import (
    Attribute,
    CalibrationPublic,
    CompanyFairRankingPublic,
    PlatformFairRankingPublic,
    Representation,
)
from talentmatch.fairness.repository import groups_by_profile
from talentmatch.kit.errors import Forbidden
from talentmatch.matching.training import active_model
from talentmatch.ml.fair_ranking import RankedList, fair_order, lifted_order, lifted_targets

Reorder = Callable[[np.ndarray], Sequence[int]]

# The places the representation constraints cover: the longest list the API serves, whatever
# the list asked for, so that a shorter list is always the first places of a longer one (the
# order of the first places can depend on how far the constraints look ahead).
CONSTRAINED_PLACES = 200
# The places a bias audit counts as selected (its default top k): each group's share of them is
# rounded up or down per job so that, over many jobs, it gets its exact share.
AUDITED_PLACES = 10


@dataclass(frozen=True)
class Lifts:
    """A calibration in use: each lifted group's part of its pool share, and when."""

    shares: Mapping[str, Fraction]
    calibrated_at: datetime


@dataclass(frozen=True)
class InEffect:
    attribute: Attribute
    set_by: str  # "company" or "platform"
    lifts: Lifts | None = None

    def describe(self) -> Representation:
        whose = "the platform's setting" if self.set_by == "platform" else "your company's setting"
        label = self.attribute.replace("_", " ")
        if self.lifts is None:
            how = (
                'the first places hold each group, "unknown" included, in proportion to the '
                "candidates who pass the job's hard constraints"
            )
        elif not self.lifts.shares:
            how = (
                f"the calibration of {self.lifts.calibrated_at:%Y-%m-%d} found no group the "
                f"model leaves under the four-fifths rule, so the order is the model's"
            )
        else:
            # Which groups are lifted stays with the operator: the list names no group.
            how = (
                f"the first places hold each group the calibration of "
                f"{self.lifts.calibrated_at:%Y-%m-%d} found the model under-selects, at the part "
                f"of its share of the candidates who pass the job's hard constraints that brings "
                f"it to the goal; the other groups are left to the model"
            )
        return Representation(
            attribute=self.attribute,
            set_by="platform" if self.set_by == "platform" else "company",
            summary=(
                f"Re-ranked for representation by {label} ({whose}): {how}. Scores and "
                f"explanations are the model's; nobody's {label} is shown."
            ),
        )


def _attribute(value: str | None) -> Attribute | None:
    return cast(Attribute, value) if value in get_args(Attribute) else None


def calibration_in_use(session: Session, attribute: str) -> FairRankingCalibration | None:
    """The latest calibration of ``attribute``, if it was measured with the ranking model in
    use (after a model change, lists go back to every group's full share until recalibrated)."""
    latest = FairRankingRepository(session).latest_calibration(attribute)
    return latest if latest is not None and _measured_with_active_model(session, latest) else None


def _measured_with_active_model(session: Session, calibration: FairRankingCalibration) -> bool:
    model = active_model(session)
    return calibration.model_version == (model.version if model else None)


def _lifts(session: Session, attribute: Attribute) -> Lifts | None:
    calibration = calibration_in_use(session, attribute)
    if calibration is None:
        return None
    shares = {g: Fraction(x).limit_denominator(10**6) for g, x in calibration.lifts.items()}
    return Lifts(shares, calibration.created_at)


def in_effect(session: Session, company_id: uuid.UUID) -> InEffect | None:
    """Which option re-ranks this company's lists, if any: the platform's first."""
    platform, own = FairRankingRepository(session).attributes_chosen(company_id)
    if attribute := _attribute(platform):
        return InEffect(attribute, "platform", _lifts(session, attribute))
    if attribute := _attribute(own):
        return InEffect(attribute, "company", _lifts(session, attribute))
    return None


def reorder_for(
    session: Session,
    company_id: uuid.UUID,
    candidate_ids: Sequence[str],
    *,
    job_id: uuid.UUID | None = None,
) -> Reorder | None:
    """The order to show these candidates in (given their scores), or ``None`` when neither
    the company nor the platform asked for fair re-ranking. With the job's id, each group's
    fractional share of the first :data:`AUDITED_PLACES` is rounded by the job (the same job
    always reads the same order); without it, always down. A calibration in use holds only
    its lifted groups, to their lifts."""
    option = in_effect(session, company_id)
    if option is None:
        return None
    profile_ids = [uuid.UUID(c) for c in candidate_ids]
    labels = groups_by_profile(session, profile_ids, option.attribute)
    groups = [labels[p] for p in profile_ids]
    lifts = option.lifts.shares if option.lifts is not None else None

    def reorder(scores: np.ndarray) -> list[int]:
        values = [float(s) for s in scores]
        if job_id is None:
            targets = lifted_targets(groups, lifts) if lifts is not None else None
            return fair_order(values, groups, targets=targets, top=CONSTRAINED_PLACES)
        return lifted_order(
            RankedList(values, groups, str(job_id)),
            lifts,
            cut=AUDITED_PLACES,
            top=CONSTRAINED_PLACES,
        )

    return reorder


def company_view(session: Session, company_id: uuid.UUID) -> CompanyFairRankingPublic:
    repo = FairRankingRepository(session)
    own, platform = repo.company(company_id), repo.platform()
    option = in_effect(session, company_id)
    return CompanyFairRankingPublic(
        attribute=_attribute(own.attribute if own else None),
        platform_attribute=_attribute(platform.attribute if platform else None),
        in_effect=option.describe() if option else None,
    )


def set_company_option(
    session: Session,
    company_id: uuid.UUID,
    *,
    is_admin: bool,
    user_id: uuid.UUID,
    attribute: Attribute | None,
) -> CompanyFairRankingPublic:
    if not is_admin:
        raise Forbidden("only a company admin can change fair re-ranking")
    repo = FairRankingRepository(session)
    option = repo.company(company_id)
    if option is None:
        option = CompanyFairRanking(company_id=company_id)
        repo.add(option)
    option.attribute = attribute
    option.set_by_user_id = user_id
    session.flush()
    return company_view(session, company_id)


def calibrations(session: Session) -> list[CalibrationPublic]:
    """The latest calibration of each attribute, and whether lists use it."""
    out = []
    for attribute in get_args(Attribute):
        latest = FairRankingRepository(session).latest_calibration(attribute)
        if latest is None:
            continue
        out.append(
            CalibrationPublic(
                attribute=attribute,
                calibrated_at=latest.created_at,
                goal=latest.goal,
                audited_places=latest.audited_places,
                lists=latest.lists,
                model_version=latest.model_version,
                in_use=_measured_with_active_model(session, latest),
                lifts=latest.lifts,
                lowest_ratio_before=latest.lowest_ratio_before,
                lowest_ratio_after=latest.lowest_ratio_after,
            )
        )
    return out


def platform_view(session: Session) -> PlatformFairRankingPublic:
    repo = FairRankingRepository(session)
    platform = repo.platform()
    return PlatformFairRankingPublic(
        attribute=_attribute(platform.attribute if platform else None),
        companies_with_their_own=repo.companies_on(),
        calibrations=calibrations(session),
    )


def set_platform_option(
    session: Session, *, user_id: uuid.UUID, attribute: Attribute | None
) -> PlatformFairRankingPublic:
    repo = FairRankingRepository(session)
    option = repo.platform()
    if option is None:
        option = PlatformFairRanking(id=PLATFORM_ROW)
        repo.add(option)
    option.attribute = attribute
    option.set_by_user_id = user_id
    session.flush()
    return platform_view(session)


def representation(session: Session, company_id: uuid.UUID) -> Representation | None:
    """What a re-ranked list says about itself (``None`` when the list is the model's order)."""
    option = in_effect(session, company_id)
    return option.describe() if option else None
