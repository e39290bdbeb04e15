from pathlib import Path

import numpy as np
import pytest

from talentmatch.ml.matching import (
    FEATURES,
    LambdaRankScorer,
    MatchProfile,
    ReciprocalScorer,
    WeightedScorer,
    load_scorer,
    location_fit,
    salary_fit,
)
from talentmatch.understanding import Understanding

CANDIDATE = MatchProfile(
    id="ada",
    kind="candidate",
    title="Senior Backend Engineer",
    text="Backend engineer: Python, Go, PostgreSQL on Kubernetes; PyTorch side projects.",
    skills=("python", "go", "postgresql", "kubernetes", "pytorch"),
    seniority="senior",
    occupation="15-1252.00",
    country="DE",
    remote="hybrid",
    salary_min=90000,
    currency="EUR",
    target_roles=("Machine Learning Engineer",),
)
BACKEND = MatchProfile(
    id="backend",
    kind="job",
    title="Senior Backend Engineer",
    text="Go services on PostgreSQL and Kubernetes.",
    skills=("go", "postgresql", "kubernetes"),
    seniority="senior",
    occupation="15-1252.00",
    country="DE",
    remote="hybrid",
    salary_min=85000,
    salary_max=105000,
    currency="EUR",
)
ML = MatchProfile(
    id="ml",
    kind="job",
    title="Machine Learning Engineer",
    text="Train deep learning models in Python.",
    skills=("python", "deep-learning", "machine-learning"),
    seniority="senior",
    occupation="15-2051.00",
    country="DE",
    remote="remote",
    salary_min=95000,
    salary_max=120000,
    currency="EUR",
)
NURSE = MatchProfile(
    id="nurse",
    kind="job",
    title="Registered Nurse",
    text="Care for patients on a hospital ward.",
    skills=("communication",),
    seniority="mid",
    occupation="29-1141.00",
    country="DE",
    remote="onsite",
)


@pytest.fixture(scope="module")
def ranked(understanding: Understanding) -> list:  # type: ignore[type-arg]
    return understanding.matcher.rank_jobs(CANDIDATE, [NURSE, ML, BACKEND], top=3)


def test_the_fitting_jobs_rank_above_the_unrelated_one(ranked: list) -> None:  # type: ignore[type-arg]
    assert [m.job_id for m in ranked][-1] == "nurse"
    assert {m.job_id for m in ranked[:2]} == {"backend", "ml"}
    assert all(0 <= v <= 1 for m in ranked for v in m.features.values())


def test_explanations_name_skills_met_partly_met_and_missing(ranked: list) -> None:  # type: ignore[type-arg]
    ml = next(m for m in ranked if m.job_id == "ml").explanation
    assert ml["skills_met"] == ["Python"]
    partly = {p["skill"]: p["via"] for p in ml["skills_partly_met"]}
    assert partly == {"Deep learning": "PyTorch", "Machine learning": "PyTorch"}
    assert ml["skills_missing"] == []
    assert "Machine Learning Engineer" in ml["wish_list"]
    nurse = next(m for m in ranked if m.job_id == "nurse").explanation
    assert nurse["skills_missing"] == ["Communication"]
    assert nurse["contributions"]["occupation"] < 0
    assert nurse["against"] and nurse["why"][:1] != ["same or related occupation"]


def test_salary_and_location_fit() -> None:
    low = MatchProfile(id="j", kind="job", salary_max=80000, currency="EUR")
    assert salary_fit(CANDIDATE, BACKEND) == 1.0
    assert 0 < salary_fit(CANDIDATE, low) < 1
    # Another currency is converted at the ECB rate (50,000 USD is well under 80,000 EUR); one
    # the ECB publishes no rate for stays neutral.
    dollars = MatchProfile(id="j", kind="job", salary_max=50000, currency="USD")
    assert salary_fit(CANDIDATE, dollars) < salary_fit(CANDIDATE, low)
    naira = MatchProfile(id="j", kind="job", salary_max=50_000_000, currency="NGN")
    assert salary_fit(CANDIDATE, naira) == 0.5
    abroad = MatchProfile(id="j", kind="job", country="US", remote="onsite")
    assert location_fit(CANDIDATE, ML) == 1.0
    assert location_fit(CANDIDATE, abroad) < 0.2


def test_weighted_scorer_is_a_weighted_average() -> None:
    scorer = WeightedScorer({"semantic": 1.0, "title": 3.0})
    row = np.zeros((1, len(FEATURES)))
    row[0, FEATURES.index("semantic")], row[0, FEATURES.index("title")] = 1.0, 0.0
    assert scorer.score(row)[0] == pytest.approx(0.25)


def test_lambdarank_fit_save_load_contract(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    features = rng.random((400, len(FEATURES)))
    relevance = (features[:, FEATURES.index("required_skills")] > 0.7).astype(int)
    scorer = LambdaRankScorer(n_estimators=30, random_state=0).fit(features, relevance, [20] * 20)
    scores = scorer.score(features)
    assert scores[relevance == 1].mean() > scores[relevance == 0].mean()
    path = tmp_path / "model.txt"
    scorer.save(path)
    text = path.read_text(encoding="utf-8")  # LightGBM's own text format, readable, no pickle
    assert text.startswith("tree\nversion=")
    assert "feature_names=" + " ".join(FEATURES) in text
    np.testing.assert_allclose(load_scorer(path).score(features), scores)


def test_a_match_both_sides_want_ranks_above_a_one_sided_one() -> None:
    scorer = ReciprocalScorer()
    one_sided = np.full(len(FEATURES), 0.5)
    for name in scorer.EMPLOYER:
        one_sided[FEATURES.index(name)] = 1.0  # perfect for the employer...
    for name in ("salary", "location", "wish_list", "skills_used"):
        one_sided[FEATURES.index(name)] = 0.0  # ...but pays too little, far away, unwanted
    mutual = np.full(len(FEATURES), 0.75)
    employer, candidate = scorer.sides(np.vstack([one_sided, mutual]))
    assert employer[0] > employer[1] and candidate[0] < candidate[1]
    scores = scorer.score(np.vstack([one_sided, mutual]))
    assert scores[1] > scores[0]


def test_explanations_say_how_well_each_side_fits(understanding: Understanding) -> None:
    ranked = understanding.matcher.rank_jobs(CANDIDATE, [BACKEND], top=1)
    fit = ranked[0].explanation["fit"]
    assert 0 < fit["for_employer"] <= 1 and 0 < fit["for_candidate"] <= 1
    harmonic = 2 * fit["for_employer"] * fit["for_candidate"]
    assert fit["mutual"] == pytest.approx(
        harmonic / (fit["for_employer"] + fit["for_candidate"]), abs=1e-3
    )
    assert fit["summary"]


def test_word_overlap_counts_more_for_a_whole_resume_than_for_a_bare_title(
    understanding: Understanding,
) -> None:
    features = understanding.matcher.features
    lexical = FEATURES.index("lexical")
    title_only = MatchProfile(id="t", kind="candidate", title="Backend Engineer")
    resume = MatchProfile(
        id="r",
        kind="candidate",
        title="Backend Engineer",
        text="Backend engineer: Python, PostgreSQL and Kubernetes services, APIs for payments, "
        "on-call for the platform, code review and mentoring of two juniors.",
    )
    short = features.matrix(title_only, [BACKEND, NURSE])[:, lexical]
    long = features.matrix(resume, [BACKEND, NURSE])[:, lexical]
    # Both put the backend post first; the resume's lead is the more telling one.
    assert short[0] > short[1] and long[0] > long[1]
    assert long[0] - long[1] > short[0] - short[1]


def test_title_fit_is_neutral_when_a_side_has_no_title(understanding: Understanding) -> None:
    untitled = MatchProfile(id="u", kind="candidate", text="Python and PostgreSQL.")
    row = understanding.matcher.features.matrix(untitled, [BACKEND, NURSE])
    assert row[:, FEATURES.index("title")].tolist() == [0.5, 0.5]


def test_what_is_not_known_is_never_given_as_a_reason(understanding: Understanding) -> None:
    untitled = MatchProfile(
        id="u", kind="candidate", text="Go services on PostgreSQL.", skills=("go",)
    )
    ranked = understanding.matcher.rank_jobs(untitled, [BACKEND], top=1)
    why = ranked[0].explanation["why"]
    assert why
    assert "title close to the job title" not in why  # no title: unknown, not close
    assert "salary fits" not in why  # no minimum given


def test_a_typed_title_names_the_occupation_of_the_right_post(
    understanding: Understanding,
) -> None:
    # No resume parse gave this candidate an occupation: only the typed title says it.
    nurse = MatchProfile(id="n", kind="candidate", title="ICU Nurse", text="ICU Nurse")
    column = FEATURES.index("title_occupation")
    row = understanding.matcher.features.matrix(nurse, [BACKEND, NURSE])[:, column]
    assert row[1] > 0.5 > row[0]
    untitled = MatchProfile(id="u", kind="candidate", text="Python and PostgreSQL.")
    row = understanding.matcher.features.matrix(untitled, [BACKEND, NURSE])[:, column]
    assert row.tolist() == [0.5, 0.5]


def test_a_paired_interval_says_which_run_is_better() -> None:
    from talentmatch.ml.evaluation import paired_difference

    qrels = {f"q{i}": {"right": 1} for i in range(40)}
    better = {q: {"right": 2.0, "wrong": 1.0} for q in qrels}
    # The worse run finds the right document first on a quarter of the queries only.
    worse = {q: {"right": float(i % 4 == 0), "wrong": 0.5} for i, q in enumerate(qrels)}
    difference = paired_difference(better, worse, qrels)
    assert difference["ndcg@10"] > 0
    assert difference["ndcg@10_ci95"][0] > 0
    assert paired_difference(better, better, qrels)["ndcg@5_ci95"] == [0.0, 0.0]
