"""Role competency models: gaps, the reverse skill set, roadmaps and specialisms."""

from __future__ import annotations

import pytest

from talentmatch.ml.careers import (
    AREAS,
    ROLE_MODELS,
    AreaGap,
    CareerCounsellor,
    GapReport,
)
from talentmatch.ml.skills import SkillTaxonomy

BACKEND = ["python", "go", "sql", "docker", "kubernetes", "postgresql", "aws", "git", "testing"]
DATA_SCIENTIST = [
    "python",
    "statistics",
    "machine-learning",
    "scikit-learn",
    "pandas",
    "sql",
    "regression",
    "ab-testing",
    "hypothesis-testing",
    "r",
]


@pytest.fixture(scope="module")
def counsellor() -> CareerCounsellor:
    return CareerCounsellor(SkillTaxonomy.load())


def test_every_role_model_names_known_skills_in_known_areas() -> None:
    taxonomy = SkillTaxonomy.load()
    assert len(ROLE_MODELS) >= 7
    for role in ROLE_MODELS.values():
        assert set(role.areas) <= set(AREAS)
        for items in role.areas.values():
            assert all(skill in taxonomy.skills for skill, _ in items), role.id


def test_a_backend_engineer_moving_to_ml_needs_maths_statistics_and_ml(
    counsellor: CareerCounsellor,
) -> None:
    moves = counsellor.reverse_skill_set(BACKEND, "ml-engineer")
    assert moves[0]["from"] == "Software Engineer"
    areas = [m["area"] for m in moves]
    assert areas[0] == "machine learning"
    assert {"mathematics", "statistics"} <= set(areas)
    assert "devops" not in areas  # already there


def test_a_data_scientist_moving_to_ml_needs_engineering_devops_and_cloud(
    counsellor: CareerCounsellor,
) -> None:
    moves = counsellor.reverse_skill_set(DATA_SCIENTIST, "ml-engineer", "data-scientist")
    areas = [m["area"] for m in moves]
    assert {"devops", "cloud", "software engineering"} <= set(areas)
    assert "statistics" not in areas


def test_gap_sorts_skills_into_have_partly_and_missing(counsellor: CareerCounsellor) -> None:
    report = counsellor.gap([*BACKEND, "pytorch"], "ml-engineer")
    ml = next(a for a in report.areas if a.area == "machine learning")
    assert "PyTorch" in [s.name for s in ml.have]
    assert any(s.via == "PyTorch" for s in ml.partly)  # PyTorch partly covers deep learning
    assert "Model deployment" in [s.name for s in ml.missing]
    assert 0 < ml.score < 1
    more = counsellor.gap([*BACKEND, "pytorch", "machine-learning", "deep-learning"], "ml-engineer")
    assert more.score > report.score


def test_roadmap_puts_prerequisites_first_and_keeps_marked_steps(
    counsellor: CareerCounsellor,
) -> None:
    phases = counsellor.roadmap(BACKEND, "ml-engineer", done=["statistics"])
    order = [step.skill for phase in phases for step in phase.steps]
    assert order.index("linear-algebra") < order.index("machine-learning")
    assert order.index("machine-learning") < order.index("deep-learning")
    assert order.index("deep-learning") < order.index("pytorch")
    assert "docker" not in order  # held already
    statistics = next(s for p in phases for s in p.steps if s.skill == "statistics")
    assert statistics.done
    assert all(phase.milestone for phase in phases)


def test_market_demand_raises_a_skills_weight(counsellor: CareerCounsellor) -> None:
    hot = CareerCounsellor(counsellor.taxonomy, {"pytorch": 0.8})
    assert hot.weight("pytorch", 3) > counsellor.weight("pytorch", 3)


def test_specialisms_fit_the_profile_and_count_demand(counsellor: CareerCounsellor) -> None:
    jobs = [(["nlp", "python"], "LLM engineer"), (["sql"], "Analyst"), ([], "Fraud anomaly team")]
    advice = counsellor.specialisms(
        ["nlp", "transformers", "python"], jobs, wished=["NLP and LLMs"], top=3
    )
    assert advice[0].specialism.id == "nlp-llms"
    assert advice[0].jobs == 1
    assert any("wish list" in why for why in advice[0].why)
    anomaly = next(a for a in advice if a.specialism.id == "anomaly-detection")
    assert anomaly.jobs == 1  # found by keyword in the text
    assert len(advice) == 13


# A senior backend engineer: languages, a database and container tools, no ML.
CASEY = ["python", "go", "java", "postgresql", "docker", "kubernetes"]


def area(report: GapReport, name: str) -> AreaGap:
    return next(a for a in report.areas if a.area == name)


def test_a_backend_engineers_languages_and_tools_count_toward_engineering(
    counsellor: CareerCounsellor,
) -> None:
    for role in ("ml-engineer", "software-engineer"):
        casey = area(counsellor.gap(CASEY, role), "software engineering")
        python_only = area(counsellor.gap(["python"], role), "software engineering")
        assert casey.score > python_only.score + 0.1, role
        partly = {s.skill: s.via or "" for s in casey.partly}
        # Her languages are evidence of algorithms and testing, not gaps to learn from scratch.
        assert {"algorithms", "testing"} <= set(partly), role
        assert "Go" in partly["algorithms"] and "Java" in partly["algorithms"]
        assert not {"algorithms", "testing"} & {s.skill for s in casey.missing}
    # Toward ML, Go and Java are not on the role's list; the report still names them.
    assert {"Go", "Java"} <= set(
        area(counsellor.gap(CASEY, "ml-engineer"), "software engineering").also
    )
    devops = area(counsellor.gap(CASEY, "software-engineer"), "devops")
    linux = next(s for s in devops.partly if s.skill == "linux")
    assert "Docker" in (linux.via or "") or "Kubernetes" in (linux.via or "")


def test_a_backend_engineer_is_closest_to_software_engineering(
    counsellor: CareerCounsellor,
) -> None:
    assert counsellor.closest_roles(CASEY)[0].role.id == "software-engineer"


def test_roadmap_opens_with_what_is_most_left_to_learn(counsellor: CareerCounsellor) -> None:
    steps = [s for p in counsellor.roadmap(CASEY, "software-engineer") for s in p.steps]
    # Not a skill her languages already partly prove: what is wholly missing comes first.
    assert steps[0].partly_via is None
    algorithms = next(s for s in steps if s.skill == "algorithms")
    assert algorithms.partly_via and "Go" in algorithms.partly_via
