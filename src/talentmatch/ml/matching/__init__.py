"""Candidate-job matching: features a recruiter recognises, a transparent default scorer, a
learning-to-rank scorer with the same contract, and explanations for both sides from the scorer
that ranked.

Modules, by job: ``profiles`` (the two sides of a match, hard constraints), ``features`` (what
describes a match: :data:`FEATURE_SPECS`, each feature once, and :class:`MatchFeatures`),
``scorers`` (how features become a rank, and each feature's part in it), ``engine`` (ranking
both ways, explanations).
"""

from talentmatch.ml.matching.engine import MatchEngine
from talentmatch.ml.matching.features import (
    AGAINST,
    FEATURE_SPECS,
    FEATURES,
    LEVELS,
    NEUTRAL,
    WHY,
    Feature,
    MatchFeatures,
    location_fit,
    role_words,
    salary_fit,
    seniority_fit,
    skill_weights,
    skills_used,
)
from talentmatch.ml.matching.profiles import (
    REFERENCE_CURRENCY,
    SALARY_TOLERANCE,
    Match,
    MatchProfile,
    compatible,
    embed_profiles,
    fingerprint,
    in_reference_currency,
    lexical_words,
    profile_from_payload,
    profile_payload,
    text_of,
    title_of,
    wish_of,
    with_text_vector,
    with_vectors,
    without_level,
)
from talentmatch.ml.matching.scorers import (
    LambdaRankScorer,
    ReciprocalScorer,
    Scorer,
    WeightedScorer,
    load_scorer,
    mutual_fit,
)

__all__ = [
    "AGAINST",
    "FEATURES",
    "FEATURE_SPECS",
    "LEVELS",
    "NEUTRAL",
    "REFERENCE_CURRENCY",
    "SALARY_TOLERANCE",
    "WHY",
    "Feature",
    "LambdaRankScorer",
    "Match",
    "MatchEngine",
    "MatchFeatures",
    "MatchProfile",
    "ReciprocalScorer",
    "Scorer",
    "WeightedScorer",
    "compatible",
    "embed_profiles",
    "fingerprint",
    "in_reference_currency",
    "lexical_words",
    "load_scorer",
    "location_fit",
    "mutual_fit",
    "profile_from_payload",
    "profile_payload",
    "role_words",
    "salary_fit",
    "seniority_fit",
    "skill_weights",
    "skills_used",
    "text_of",
    "title_of",
    "wish_of",
    "with_text_vector",
    "with_vectors",
    "without_level",
]
