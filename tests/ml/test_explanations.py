"""Explanations come from the scorer that ranked: its own contributions, for that pair."""

from __future__ import annotations

import numpy as np
import pytest

from talentmatch.ml.matching import (
    FEATURES,
    NEUTRAL,
    LambdaRankScorer,
    MatchEngine,
    MatchProfile,
    ReciprocalScorer,
    WeightedScorer,
)
from talentmatch.understanding import Understanding
from tests.ml.test_matching import BACKEND, CANDIDATE, ML, NURSE


def _rows(seed: int, n: int = 50) -> np.ndarray:
    return np.random.default_rng(seed).random((n, len(FEATURES)))


@pytest.mark.parametrize("scorer", [ReciprocalScorer(), WeightedScorer()])
def test_transparent_contributions_add_up_to_the_score(scorer: object) -> None:
    rows = _rows(1)
    contributions = scorer.contributions(rows)  # type: ignore[attr-defined]
    neutral = scorer.score(np.full((1, len(FEATURES)), NEUTRAL))[0]  # type: ignore[attr-defined]
    np.testing.assert_allclose(
        contributions.sum(axis=1) + neutral,
        scorer.score(rows),  # type: ignore[attr-defined]
        atol=1e-9,
    )


def _model(seed: int = 0) -> LambdaRankScorer:
    rows = _rows(seed, 600)
    relevance = (
        2 * rows[:, FEATURES.index("required_skills")] + rows[:, FEATURES.index("semantic")] > 1.6
    ).astype(int)
    return LambdaRankScorer(n_estimators=40, random_state=0).fit(rows, relevance, [20] * 30)


def test_lambdarank_contributions_are_lightgbms_own() -> None:
    model = _model()
    rows = _rows(2)
    contributions = model.contributions(rows)
    full = model.booster_.predict(rows, pred_contrib=True)
    np.testing.assert_allclose(contributions.sum(axis=1) + full[:, -1], model.score(rows))


def test_lambdarank_never_ranks_a_match_lower_for_meeting_more_required_skills() -> None:
    model = _model()
    rows = np.repeat(_rows(3, 40), 2, axis=0)
    column = FEATURES.index("required_skills")
    rows[1::2, column] = np.minimum(rows[0::2, column] + 0.3, 1.0)
    scores = model.score(rows)
    assert np.all(scores[1::2] >= scores[0::2] - 1e-12)


@pytest.fixture(scope="module")
def learned_engine(understanding: Understanding) -> MatchEngine:
    return MatchEngine(understanding.matcher.features, _model(), label="LambdaRank model version 7")


def test_the_model_that_ranked_is_the_one_that_explains(learned_engine: MatchEngine) -> None:
    ranked = learned_engine.rank_jobs(CANDIDATE, [NURSE, ML, BACKEND], top=3)
    features = learned_engine.features.matrix(CANDIDATE, [NURSE, ML, BACKEND])
    by_id = {"nurse": 0, "ml": 1, "backend": 2}
    model = learned_engine.scorer
    for match in ranked:
        explanation = match.explanation
        assert explanation["scored_by"] == "LambdaRank model version 7"
        expected = model.contributions(features[[by_id[match.job_id]]])[0]
        shown = [explanation["contributions"][name] for name in FEATURES]
        np.testing.assert_allclose(shown, expected, atol=1e-6)


@pytest.mark.parametrize("which", ["transparent", "learned"])
def test_reasons_for_move_the_score_up_and_reasons_against_move_it_down(
    which: str, understanding: Understanding, learned_engine: MatchEngine
) -> None:
    engine = understanding.matcher if which == "transparent" else learned_engine
    for match in engine.rank_jobs(CANDIDATE, [NURSE, ML, BACKEND], top=3):
        explanation = match.explanation
        for reason in explanation["reasons"]:
            moved = explanation["contributions"][reason["feature"]]
            assert moved == reason["contribution"]
            assert (moved > 0) == (reason["text"] in explanation["why"])
            assert (moved < 0) == (reason["text"] in explanation["against"])
        ups = [r["contribution"] for r in explanation["reasons"] if r["contribution"] > 0]
        assert ups == sorted(ups, reverse=True)  # the top reason shown moved the score most


def test_the_transparent_scorer_names_itself(understanding: Understanding) -> None:
    (match,) = understanding.matcher.rank_jobs(CANDIDATE, [BACKEND], top=1)
    assert match.explanation["scored_by"] == ReciprocalScorer.name


class TestWishList:
    def _wish(self, understanding: Understanding, roles: tuple[str, ...], title: str) -> str:
        candidate = MatchProfile(id="c", kind="candidate", target_roles=roles)
        job = MatchProfile(id="j", kind="job", title=title, text=title)
        (match,) = understanding.matcher.rank_jobs(candidate, [job], top=1)
        return str(match.explanation["wish_list"])

    def test_names_the_role_that_matched_not_the_first(self, understanding: Understanding) -> None:
        roles = ("Machine Learning Engineer", "Senior Backend Engineer")
        said = self._wish(understanding, roles, "Backend Engineer")
        assert said == "matches the wish to work as Senior Backend Engineer"

    def test_levels_do_not_matter(self, understanding: Understanding) -> None:
        roles = ("Senior Backend Engineer",)
        assert "Senior Backend Engineer" in self._wish(
            understanding, roles, "Lead Backend Engineer"
        )
        assert "Senior Backend Engineer" in self._wish(understanding, roles, "Back-end Developer")

    def test_another_specialism_is_outside_the_wish_list(
        self, understanding: Understanding
    ) -> None:
        roles = ("Machine Learning Engineer", "Senior Backend Engineer")
        assert self._wish(understanding, roles, "Senior Frontend Engineer") == (
            "outside the roles on the wish list"
        )


def test_a_recruiters_ranking_puts_the_candidates_who_meet_the_required_skills_first(
    understanding: Understanding,
) -> None:
    """The demo's Lead Backend post: a lead DevOps engineer meeting 1 of 4 required skills
    ranked above a backend engineer meeting 3 and an ML engineer meeting all 4."""
    post = MatchProfile(
        id="post",
        kind="job",
        title="Lead Backend Engineer",
        text="Lead Backend Engineer\nLead our backend team building payment services in Python "
        "and Go on PostgreSQL, deployed on Kubernetes. Mentor engineers, own the architecture.",
        skills=("python", "go", "postgresql", "kubernetes"),
        seniority="lead",
        remote="remote",
        occupation="15-1252.00",
    )
    devops = MatchProfile(
        id="devops",
        kind="candidate",
        titles=("Lead DevOps Engineer",),
        text="Lead DevOps engineer. Led the platform team running Kubernetes clusters with "
        "Terraform on AWS, CI/CD in Jenkins, observability with Prometheus and Grafana, on-call "
        "lead, mentoring engineers, architecture of deployment systems.",
        skills=("kubernetes", "terraform", "aws", "docker", "jenkins", "prometheus"),
        seniority="lead",
        remote="any",
        occupation="15-1244.00",
    )
    backend = MatchProfile(
        id="backend",
        kind="candidate",
        titles=("Senior Backend Engineer",),
        text="Senior backend engineer. Built order and billing services in Python and Go on "
        "PostgreSQL, REST APIs, Docker, code review, mentoring.",
        skills=("python", "go", "postgresql", "docker", "rest"),
        seniority="senior",
        remote="any",
        occupation="15-1252.00",
    )
    ml = MatchProfile(
        id="ml",
        kind="candidate",
        titles=("Machine Learning Engineer",),
        text="ML engineer training PyTorch models, Python, Go microservices for serving, "
        "PostgreSQL feature store, Kubernetes deployments.",
        skills=("python", "go", "postgresql", "kubernetes", "pytorch", "machine-learning"),
        seniority="senior",
        remote="any",
        occupation="15-2051.00",
    )
    ranked = understanding.matcher.rank_candidates(post, [devops, backend, ml], top=3)
    assert ranked[-1].candidate_id == "devops"
    assert "misses required skills" in ranked[-1].explanation["against"]
