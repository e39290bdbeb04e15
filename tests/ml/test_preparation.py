"""The interview-preparation library: the bank is whole, stages are read, and practice is
scheduled by how well the candidate answered."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from talentmatch.ml.careers import ROLE_MODELS, CareerCounsellor
from talentmatch.ml.preparation import (
    STAGE_TOPICS,
    PracticeRecord,
    PracticeScheduler,
    QuestionBank,
    loop_stage,
    mock_plan,
    pick_practice,
)
from talentmatch.ml.skills import SkillTaxonomy

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return QuestionBank.load()


def test_bank_covers_every_stage_with_outlines_and_known_skills(bank: QuestionBank) -> None:
    assert len(bank) >= 150
    taxonomy = SkillTaxonomy.load()
    for question in bank.questions:
        assert question.difficulty in ("easy", "medium", "hard"), question.id
        assert len(question.outline) >= 2, question.id
        assert question.skills and all(s in taxonomy.skills for s in question.skills), question.id
    # Every stage of every role's loop has questions, at more than one difficulty.
    for role in ROLE_MODELS.values():
        for stage, _ in role.loop:
            pool = [q for t in STAGE_TOPICS[stage] for q in bank.select(topic=t)]
            assert len(pool) >= 5, stage
            assert len(Counter(q.difficulty for q in pool)) >= 2, stage


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("Recruiter call", "recruiter screen"),
        ("Live coding (45 min)", "coding"),
        ("SQL exercise", "sql and coding"),
        ("ML System Design", "ml system design"),
        ("Architecture interview", "system design"),
        ("Take-home review", "software development"),
        ("Meet the hiring manager", "hiring manager"),
        ("Product partner chat", "stakeholder"),
        ("Lunch with the team", None),
    ],
)
def test_company_stage_names_are_read_as_loop_stages(name: str, stage: str | None) -> None:
    assert loop_stage(name) == stage


def test_missed_answers_come_back_sooner_than_easy_ones() -> None:
    scheduler = PracticeScheduler()
    _, again = scheduler.review(None, "again", NOW)
    _, good = scheduler.review(None, "good", NOW)
    state, easy = scheduler.review(None, "easy", NOW)
    assert NOW < again < good < easy
    # A second easy answer pushes it further still.
    _, later = scheduler.review(state, "easy", easy)
    assert later - easy > easy - NOW
    with pytest.raises(ValueError, match="rating"):
        scheduler.review(None, "perfect", NOW)


def test_due_questions_first_then_new_ones_on_the_gap(bank: QuestionBank) -> None:
    counsellor = CareerCounsellor(SkillTaxonomy.load())
    gap = counsellor.gap(["python", "docker", "sql"], "ml-engineer")
    history = {
        "sql-01": PracticeRecord("sql-01", NOW - timedelta(hours=1), "again"),
        "sql-02": PracticeRecord("sql-02", NOW + timedelta(days=3), "good"),
    }
    picked = pick_practice(bank, history, now=NOW, gap=gap, limit=4)
    assert picked[0].id == "sql-01"
    assert "sql-02" not in [q.id for q in picked]
    needs = {s.skill for s in gap.standings() if s.credit < 1}
    assert all(needs & set(q.skills) for q in picked[1:])


def test_mock_plan_for_company_stages_has_a_block_per_stage(bank: QuestionBank) -> None:
    counsellor = CareerCounsellor(SkillTaxonomy.load())
    gap = counsellor.gap(["python", "sql", "pandas"], "data-scientist")
    plan = mock_plan(
        bank,
        ROLE_MODELS["data-scientist"],
        gap=gap,
        company_stages=["Recruiter screen", "Stats deep dive", "Case study", "Boat trip"],
        level="SE",
    )
    assert plan.from_company
    assert [s.kind for s in plan.stages] == [
        "recruiter screen",
        "statistics and ml",
        "case study",
        None,
    ]
    assert all(len(s.questions) == 3 for s in plan.stages)
    # A senior gets harder questions than an entry-level candidate where the topic has both.
    junior = mock_plan(bank, ROLE_MODELS["data-scientist"], gap=gap, level="EN")
    senior = mock_plan(bank, ROLE_MODELS["data-scientist"], gap=gap, level="SE")
    rank = {"easy": 0, "medium": 1, "hard": 2}

    def hardness(plan_stages: list) -> int:  # type: ignore[type-arg]
        return sum(rank[q.difficulty] for s in plan_stages for q in s.questions)

    assert hardness(senior.stages) > hardness(junior.stages)
