"""The demo candidates' voluntary self-identification, so that the bias audits have groups.

Deterministic for a seed, drawn with a generator of its own (the rest of the demo's ids and
texts do not move). About one in six candidates never answers, and some answer a question
with "prefer not to say": the audits show "unknown" as a group, as a real marketplace's would.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from sqlalchemy.orm import Session

from talentmatch.fairness.models import (
    AgeBand,
    Disability,
    Ethnicity,
    Gender,
    SelfIdentification,
)
from talentmatch.kit.clock import utcnow

# Shares loosely like a tech workforce's; a demo, not a statistic.
GENDERS = ((Gender.MALE, 0.58), (Gender.FEMALE, 0.34), (Gender.NON_BINARY, 0.03))
ETHNICITIES = (
    (Ethnicity.WHITE, 0.42),
    (Ethnicity.ASIAN, 0.24),
    (Ethnicity.HISPANIC_OR_LATINO, 0.12),
    (Ethnicity.BLACK_OR_AFRICAN_AMERICAN, 0.1),
    (Ethnicity.TWO_OR_MORE_RACES, 0.04),
    (Ethnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE, 0.01),
    (Ethnicity.NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER, 0.01),
)
AGE_BANDS = (
    (AgeBand.UNDER_25, 0.12),
    (AgeBand.FROM_25_TO_34, 0.42),
    (AgeBand.FROM_35_TO_44, 0.28),
    (AgeBand.FROM_45_TO_54, 0.11),
    (AgeBand.FROM_55_TO_64, 0.04),
)
DISABILITIES = ((Disability.NO, 0.88), (Disability.YES, 0.07))
ANSWERS_SHARE = 5 / 6

E = TypeVar("E")


def _pick(rng: random.Random, choices: Sequence[tuple[E, float]], declined: E) -> E:
    """One answer by the given shares; the share left over is "prefer not to say"."""
    draw = rng.random()
    for value, share in choices:
        if draw < share:
            return value
        draw -= share
    return declined


def write_self_identification(
    session: Session, profile_ids: Sequence[uuid.UUID], *, seed: int
) -> int:
    """Answers for some of ``profile_ids`` (the featured demo candidate, first, never answers,
    so their own page starts empty). The number of people who answered."""
    rng = random.Random(f"self-identification:{seed}")
    now = utcnow()
    written = 0
    for index, profile_id in enumerate(profile_ids):
        if index == 0 or rng.random() >= ANSWERS_SHARE:
            continue
        session.add(
            SelfIdentification(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                profile_id=profile_id,
                consented_at=now - timedelta(days=rng.randint(1, 90)),
                gender=_pick(rng, GENDERS, Gender.PREFER_NOT_TO_SAY),
                ethnicity=_pick(rng, ETHNICITIES, Ethnicity.PREFER_NOT_TO_SAY),
                age_band=_pick(rng, AGE_BANDS, AgeBand.PREFER_NOT_TO_SAY),
                disability=_pick(rng, DISABILITIES, Disability.PREFER_NOT_TO_SAY),
            )
        )
        written += 1
    return written
