"""Interview preparation: the project's question bank, spaced-repetition practice and a
mock-interview plan built from a role's (or a company's) interview stages and a skill gap.

Pure library: no web or database imports. Scheduling is the FSRS algorithm from the ``fsrs``
package; the bank is ``reference/interview_questions.json``, written by the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

from talentmatch.ml.careers import GapReport, RoleModel
from talentmatch.ml.reference import load_table

DIFFICULTIES = ("easy", "medium", "hard")
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
# A question whose last rating is one of these is one the candidate can answer.
RECALLED = ("good", "easy")

# The interview stages' tables (``reference/interview_stages.json``).
_STAGES = load_table("interview_stages.json")
# Each stage of the roles' interview loops -> the bank's topics it draws on.
STAGE_TOPICS: dict[str, tuple[str, ...]] = {
    stage: tuple(topics) for stage, topics in _STAGES["stage_topics"].items()
}
# Words in a company's own stage name -> the loop stage it is; first match wins, so the
# more specific phrases come first.
COMPANY_STAGE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(words), stage) for words, stage in _STAGES["company_stage_words"]
)
# Where a stage sits in the marketplace's hiring stages (interviews.HiringStage values).
STAGE_PHASE: dict[str, str] = dict(_STAGES["stage_phase"])
# Gap areas -> the topics that practise them, for stages the plan cannot place.
AREA_TOPICS: dict[str, str] = dict(_STAGES["area_topics"])
# The difficulty that suits each survey level most; the neighbours count half.
LEVEL_DIFFICULTY = {"EN": "easy", "MI": "medium", "SE": "hard", "EX": "hard"}
STAGE_MINUTES: dict[str, int] = dict(_STAGES["stage_minutes"])


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    difficulty: str
    skills: tuple[str, ...]
    question: str
    outline: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "skills": list(self.skills),
            "question": self.question,
            "outline": list(self.outline),
        }


class QuestionBank:
    """The interview questions, by id, topic, difficulty and skill.

    Examples
    --------
    >>> bank = QuestionBank.load()
    >>> len(bank) >= 150
    True
    >>> bank.select(topic="sql", difficulty="easy")[0].topic
    'sql'
    """

    def __init__(self, questions: Iterable[Question]) -> None:
        self.questions = list(questions)
        self._by_id = {q.id: q for q in self.questions}
        if len(self._by_id) != len(self.questions):
            raise ValueError("question ids must be unique")
        self.topics = list(dict.fromkeys(q.topic for q in self.questions))

    @classmethod
    def load(cls) -> QuestionBank:
        table = load_table("interview_questions.json")
        return cls(
            Question(
                q["id"],
                q["topic"],
                q["difficulty"],
                tuple(q["skills"]),
                q["question"],
                tuple(q["outline"]),
            )
            for q in table["questions"]
        )

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def select(
        self,
        *,
        topic: str | None = None,
        difficulty: str | None = None,
        skills: Iterable[str] = (),
    ) -> list[Question]:
        wanted = set(skills)
        return [
            q
            for q in self.questions
            if (topic is None or q.topic == topic)
            and (difficulty is None or q.difficulty == difficulty)
            and (not wanted or wanted.intersection(q.skills))
        ]


class PracticeScheduler:
    """When to ask a question again, from the candidate's self-rating (FSRS).

    A card's state is a plain dict (``fsrs.Card.to_dict``) so it can be stored as JSON.
    """

    def __init__(self) -> None:
        # One relearning step inside the session; no fuzz, so the same answers give the
        # same schedule (and a test can say what it will be).
        self._scheduler = Scheduler(
            learning_steps=(timedelta(minutes=10),),
            relearning_steps=(timedelta(minutes=10),),
            enable_fuzzing=False,
        )

    def review(
        self, state: Mapping[str, Any] | None, rating: str, now: datetime | None = None
    ) -> tuple[dict[str, Any], datetime]:
        if rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}")
        now = now or datetime.now(UTC)
        card = Card.from_dict(dict(state)) if state else Card(due=now)  # type: ignore[arg-type]
        card, _log = self._scheduler.review_card(card, RATINGS[rating], now)
        return dict(card.to_dict()), card.due


@dataclass(frozen=True)
class PracticeRecord:
    """What the library needs of a candidate's history with one question."""

    question_id: str
    due: datetime
    last_rating: str


def gap_weights(gap: GapReport | None) -> dict[str, float]:
    """Skill -> how much learning it still needs for the role (weight x what is missing)."""
    if gap is None:
        return {}
    return {s.skill: s.weight * (1.0 - s.credit) for s in gap.standings() if s.credit < 1.0}


def _priority(
    question: Question,
    needs: Mapping[str, float],
    level: str | None,
    history: Mapping[str, PracticeRecord],
) -> float:
    score = 3.0 * sum(needs.get(skill, 0.0) for skill in question.skills)
    if level in LEVEL_DIFFICULTY:
        best = DIFFICULTIES.index(LEVEL_DIFFICULTY[level])
        distance = abs(DIFFICULTIES.index(question.difficulty) - best)
        score += (0.3, 0.15, 0.0)[distance]
    seen = history.get(question.id)
    if seen is not None:
        score += 0.4 if seen.last_rating not in RECALLED else -0.4
    return score


def pick_practice(
    bank: QuestionBank,
    history: Mapping[str, PracticeRecord],
    *,
    now: datetime,
    topic: str | None = None,
    gap: GapReport | None = None,
    level: str | None = None,
    limit: int = 1,
) -> list[Question]:
    """The next questions to practise: those due first (most overdue first), then new ones
    that exercise the skills the candidate's gap needs most, at their level."""
    pool = bank.select(topic=topic)
    due = sorted(
        (q for q in pool if q.id in history and history[q.id].due <= now),
        key=lambda q: history[q.id].due,
    )
    needs = gap_weights(gap)
    fresh = sorted(
        (q for q in pool if q.id not in history),
        key=lambda q: (-_priority(q, needs, level, history), q.id),
    )
    return [*due, *fresh][:limit]


def loop_stage(company_stage: str) -> str | None:
    """The loop stage a company's own stage name stands for, if the words say."""
    name = " ".join(company_stage.lower().split())
    if name in STAGE_TOPICS:
        return name
    padded = f" {name} "
    for words, stage in COMPANY_STAGE_WORDS:
        if any(word in padded for word in words):
            return stage
    return None


@dataclass(frozen=True)
class MockStage:
    name: str  # as the company (or the role's usual loop) calls it
    kind: str | None  # the loop stage it was read as, or None
    tests: str
    phase: str  # screening, technical or onsite
    minutes: int
    topics: tuple[str, ...]
    focus: list[str]  # the candidate's gap skills this stage is likely to probe
    questions: list[Question] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "tests": self.tests,
            "phase": self.phase,
            "minutes": self.minutes,
            "topics": list(self.topics),
            "focus": self.focus,
            "questions": [q.as_dict() for q in self.questions],
        }


@dataclass(frozen=True)
class MockPlan:
    role: RoleModel
    from_company: bool  # the company's own stages, else the role's usual loop
    stages: list[MockStage]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.stages)

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": {"id": self.role.id, "title": self.role.title},
            "from_company": self.from_company,
            "minutes": self.minutes,
            "stages": [s.as_dict() for s in self.stages],
        }


def mock_plan(
    bank: QuestionBank,
    role: RoleModel,
    *,
    gap: GapReport | None = None,
    company_stages: Sequence[str] = (),
    level: str | None = None,
    history: Mapping[str, PracticeRecord] | None = None,
    per_stage: int = 3,
) -> MockPlan:
    """A mock interview: one block per stage (the company's when it lists them, else the
    role's usual loop) with questions that probe the candidate's gaps at their level, and the
    ones they struggled with in practice before those they already answer well."""
    history = history or {}
    needs = gap_weights(gap)
    names = {s.skill: s.name for s in (gap.standings() if gap else [])}
    # The areas with most left to learn stand in for stages the plan cannot read.
    weakest = (
        sorted(gap.areas, key=lambda a: -(a.need * (1.0 - a.score))) if gap is not None else []
    )
    fallback = tuple(dict.fromkeys(AREA_TOPICS[a.area] for a in weakest[:2])) or (
        "software development",
    )
    usual = dict(role.loop)
    raw = [s for s in (" ".join(x.split()) for x in company_stages) if s]
    stages_in = raw or [name for name, _ in role.loop]
    used: set[str] = set()
    stages: list[MockStage] = []
    for name in stages_in:
        kind = loop_stage(name)
        topics = STAGE_TOPICS[kind] if kind else fallback
        candidates = [q for topic in topics for q in bank.select(topic=topic) if q.id not in used]
        ranked = sorted(candidates, key=lambda q: (-_priority(q, needs, level, history), q.id))
        chosen = ranked[:per_stage]
        used.update(q.id for q in chosen)
        focus = sorted(
            {s for q in ranked for s in q.skills if needs.get(s, 0.0) > 0},
            key=lambda s: -needs[s],
        )[:4]
        tests = usual.get(kind or "", "") or (
            f"not a stage we know by name; practising {', '.join(topics)}"
            if kind is None
            else ", ".join(topics)
        )
        stages.append(
            MockStage(
                name=name,
                kind=kind,
                tests=tests,
                phase=STAGE_PHASE.get(kind or "", "onsite"),
                minutes=STAGE_MINUTES.get(kind or "", 45),
                topics=topics,
                focus=[names.get(s, s) for s in focus],
                questions=chosen,
            )
        )
    return MockPlan(role, bool(raw), stages)
