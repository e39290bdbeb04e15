"""Rank both ways and explain each match by the scorer that ranked it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from talentmatch.ml import money
from talentmatch.ml.matching.features import AGAINST, FEATURES, WHY, MatchFeatures
from talentmatch.ml.matching.profiles import Match, MatchProfile
from talentmatch.ml.matching.scorers import ReciprocalScorer, Scorer, mutual_fit

REASON_SHARE = 0.1  # a reason moves the score at least this share of the strongest reason
WISH_MATCH = 0.6  # wish-list fit from which the explanation names the wished role
MUTUAL_FIT = 0.6  # both sides' fit at least this: "a match both sides would want"


class MatchEngine:
    """Rank jobs for a candidate (or candidates for a job) and explain each match.

    Parameters
    ----------
    features:
        The feature computer.
    scorer:
        The :class:`ReciprocalScorer` (default), a :class:`WeightedScorer` or a fitted
        :class:`LambdaRankScorer`.
    """

    def __init__(
        self, features: MatchFeatures, scorer: Scorer | None = None, *, label: str = ""
    ) -> None:
        self.features = features
        self.scorer: Scorer = scorer or ReciprocalScorer()
        # The transparent default ranks candidates for one post with the skills weighed more
        # (see ReciprocalScorer.EMPLOYER_FOR_ONE_POST); a learned model ranks both ways itself.
        self.candidate_scorer: Scorer = scorer or ReciprocalScorer(
            employer=ReciprocalScorer.EMPLOYER_FOR_ONE_POST,
            candidate=ReciprocalScorer.CANDIDATE_FOR_ONE_POST,
        )
        # Names the scorer in every explanation ("LambdaRank model version 3").
        self.label = label or self.scorer.name
        # What each side wants, shown beside the reasons: a description, not the ranking.
        self._sides = ReciprocalScorer()

    def rank_jobs(
        self, candidate: MatchProfile, jobs: Sequence[MatchProfile], *, top: int = 20
    ) -> list[Match]:
        matrix = self.features.matrix(candidate, jobs)
        return self._ranked(self.scorer, matrix, [(candidate, job) for job in jobs], top)

    def rank_candidates(
        self,
        job: MatchProfile,
        candidates: Sequence[MatchProfile],
        *,
        top: int = 50,
        reorder: Callable[[np.ndarray], Sequence[int]] | None = None,
    ) -> list[Match]:
        """``reorder`` (fair re-ranking) takes every candidate's score and gives the order to
        show: the scores and explanations stay the scorer's."""
        pairs = [(candidate, job) for candidate in candidates]
        matrix = self.features.pairs(pairs)
        return self._ranked(self.candidate_scorer, matrix, pairs, top, reorder)

    def _ranked(
        self,
        scorer: Scorer,
        matrix: np.ndarray,
        pairs: Sequence[tuple[MatchProfile, MatchProfile]],
        top: int,
        reorder: Callable[[np.ndarray], Sequence[int]] | None = None,
    ) -> list[Match]:
        if not pairs:
            return []
        scores = scorer.score(matrix)
        ranked = reorder(scores) if reorder else np.argsort(-scores, kind="stable")
        order = np.asarray(ranked, dtype=np.intp)[:top]
        # Contributions of the shown matches only: the scorer that ranked explains its rank.
        contributions = scorer.contributions(matrix[order])
        return [
            Match(
                job_id=pairs[i][1].id,
                candidate_id=pairs[i][0].id,
                score=round(float(scores[i]), 6),
                features={name: round(float(matrix[i, f]), 4) for f, name in enumerate(FEATURES)},
                explanation=self.explain(pairs[i][0], pairs[i][1], matrix[i], contributions[k]),
            )
            for k, i in enumerate(order)
        ]

    def explain(
        self,
        candidate: MatchProfile,
        job: MatchProfile,
        row: np.ndarray,
        contributions: np.ndarray | None = None,
    ) -> dict[str, Any]:
        """What both sides see: skills met, partly met and missing; salary, location, level and
        wish-list fit; and the reasons for and against, which are the features that moved this
        match's score most up and down in the scorer that ranked it."""
        names = self.features.taxonomy.skills

        def label(skill_id: str) -> str:
            skill = names.get(skill_id)
            return skill.name if skill else skill_id

        if contributions is None:
            contributions = self.scorer.contributions(row[None, :])[0]
        _, required = self.features.coverage(candidate.skills, job.skills)
        _, nice = self.features.coverage(candidate.skills, job.nice_skills)
        by_feature = {name: float(contributions[i]) for i, name in enumerate(FEATURES)}
        scale = max((abs(v) for v in by_feature.values()), default=0.0)
        # A reason moves the score by at least a tenth of the strongest one.
        floor = max(scale * REASON_SHARE, 1e-9)
        ups = sorted((n for n in FEATURES if by_feature[n] >= floor), key=lambda n: -by_feature[n])
        downs = sorted(
            (n for n in FEATURES if by_feature[n] <= -floor), key=lambda n: by_feature[n]
        )
        employer, candidate_side = self._sides.sides(row[None, :])
        for_employer, for_candidate = float(employer[0]), float(candidate_side[0])
        mutual = float(mutual_fit(employer, candidate_side)[0])
        wished = self.features.wished_role(candidate, job)
        return {
            "skills_met": [label(s) for s in required["met"]],
            "skills_partly_met": [
                {"skill": label(p["skill"]), "via": label(p["via"]), "credit": p["credit"]}
                for p in required["partly"]
            ],
            "skills_missing": [label(s) for s in required["missing"]],
            "nice_to_have_met": [label(s) for s in nice["met"]],
            "salary": _salary_note(candidate, job),
            "location": _location_note(candidate, job),
            "seniority": _seniority_note(candidate, job),
            "wish_list": (
                f"matches the wish to work as {wished}"
                if wished and row[FEATURES.index("wish_list")] >= WISH_MATCH
                else "outside the roles on the wish list"
                if candidate.target_roles
                else "no wish list"
            ),
            "fit": {
                "for_employer": round(for_employer, 3),
                "for_candidate": round(for_candidate, 3),
                "mutual": round(mutual, 3),
                "summary": _mutual_note(for_employer, for_candidate),
            },
            "why": [WHY[n] for n in ups[:3]],
            "against": [AGAINST[n] for n in downs[:3]],
            "reasons": [
                {"feature": n, "text": WHY[n], "contribution": round(by_feature[n], 6)}
                for n in ups[:3]
            ]
            + [
                {"feature": n, "text": AGAINST[n], "contribution": round(by_feature[n], 6)}
                for n in downs[:3]
            ],
            "contributions": {n: round(v, 6) for n, v in by_feature.items()},
            "scored_by": self.label,
        }


def _mutual_note(employer: float, candidate: float) -> str:
    if min(employer, candidate) >= MUTUAL_FIT:
        return "a match both sides would want"
    if employer - candidate >= 0.1:
        return "fits what the employer asks better than what the candidate wants"
    if candidate - employer >= 0.1:
        return "fits what the candidate wants better than what the employer asks"
    return "a middling fit for both sides"


def _salary_note(candidate: MatchProfile, job: MatchProfile) -> str:
    offered = job.salary_max or job.salary_min
    if not candidate.salary_min or not offered:
        return "no salary to compare"
    if candidate.currency and job.currency and candidate.currency != job.currency:
        found = money.conversion(offered, job.currency, candidate.currency)
        if found is None:
            return f"band in {job.currency}, minimum in {candidate.currency}: no ECB rate"
        minimum = money.amount_text(candidate.salary_min, candidate.currency)
        band = money.conversion_text(found)
        if found.converted >= candidate.salary_min:
            return f"band reaches the minimum of {minimum} ({band})"
        return f"band tops out below the minimum of {minimum} ({band})"
    minimum = money.amount_text(candidate.salary_min, candidate.currency or job.currency or "")
    if offered >= candidate.salary_min:
        return f"band reaches the minimum of {minimum}"
    top = money.amount_text(offered, job.currency or "")
    short = money.amount_text(candidate.salary_min - offered, job.currency or "")
    return f"band tops out at {top}, {short} below the minimum of {minimum}"


def _location_note(candidate: MatchProfile, job: MatchProfile) -> str:
    policy = job.remote or "unspecified"
    where = f" in {job.country}" if job.country else ""
    return f"job is {policy}{where}; candidate prefers {candidate.remote or 'any'}" + (
        f" from {candidate.country}" if candidate.country else ""
    )


def _seniority_note(candidate: MatchProfile, job: MatchProfile) -> str:
    if not candidate.seniority or not job.seniority:
        return "level unknown"
    if candidate.seniority == job.seniority:
        return f"both {job.seniority}"
    return f"candidate {candidate.seniority}, job {job.seniority}"
