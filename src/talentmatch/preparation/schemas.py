"""Typed answers of the interview preparation endpoints (the OpenAPI schema people read)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from talentmatch.counselling.schemas import RoleRef
from talentmatch.interviews.models import HiringStage
from talentmatch.ml.preparation import MockPlan, MockStage, Question
from talentmatch.preparation.models import PracticeCard

if TYPE_CHECKING:
    from talentmatch.preparation.service import PracticeOverview, RequestPlan

# Written by datetime.isoformat ("+00:00", not pydantic's "Z"), as these answers always were.
IsoDateTime = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class QuestionOut(BaseModel):
    """A question of the bank with the outline of a good answer."""

    id: str
    topic: str
    difficulty: str = Field(description="easy, medium or hard")
    skills: list[str] = Field(description="skill ids it touches")
    question: str
    outline: list[str] = Field(description="the points a good answer covers")

    @classmethod
    def of(cls, question: Question) -> QuestionOut:
        return cls.model_validate(question, from_attributes=True)


class QuestionBankOut(BaseModel):
    """The questions that match the filters, and every topic to filter by."""

    topics: list[str] = Field(description="every topic of the bank")
    count: int = Field(description="questions that match the filters")
    questions: list[QuestionOut]

    @classmethod
    def of(cls, topics: Sequence[str], found: Sequence[Question]) -> QuestionBankOut:
        return cls(
            topics=list(topics), count=len(found), questions=[QuestionOut.of(q) for q in found]
        )


class CardOut(BaseModel):
    """A question's place in the candidate's practice after a rating."""

    question_id: str
    last_rating: str = Field(description="again, hard, good or easy")
    reviews: int = Field(description="times the candidate rated an answer to it")
    due: IsoDateTime = Field(description="when to practise it again")

    @classmethod
    def of(cls, card: PracticeCard) -> CardOut:
        return cls(
            question_id=card.question_id,
            last_rating=card.last_rating,
            reviews=card.reviews,
            due=card.due,
        )


class TopicProgressOut(BaseModel):
    topic: str
    questions: int = Field(description="questions of the topic in the bank")
    seen: int
    recalled: int = Field(description="last answer rated good or easy")
    due: int = Field(description="seen and due again now")


class PracticeOverviewOut(BaseModel):
    """Questions seen, answered well and due again, by topic and in all."""

    topics: list[TopicProgressOut]
    questions: int
    seen: int
    recalled: int
    due_now: int
    reviews_last_30_days: int
    next_due: IsoDateTime | None = Field(description="when the next question comes back")

    @classmethod
    def of(cls, overview: PracticeOverview) -> PracticeOverviewOut:
        return cls.model_validate(overview, from_attributes=True)


class MockStageOut(BaseModel):
    name: str = Field(description="as the company (or the role's usual loop) calls it")
    kind: str | None = Field(description="the loop stage it was read as")
    tests: str = Field(description="what the stage tests")
    phase: str = Field(description="screening, technical or onsite")
    minutes: int
    topics: list[str]
    focus: list[str] = Field(description="gap skills the stage is likely to probe")
    questions: list[QuestionOut]

    @classmethod
    def of(cls, stage: MockStage) -> MockStageOut:
        return cls.model_validate(stage, from_attributes=True)


class _MockPlanBase(BaseModel):
    role: RoleRef
    from_company: bool = Field(description="the company's own stages, else the role's loop")
    minutes: int
    stages: list[MockStageOut]


class MockPlanOut(_MockPlanBase):
    """A mock interview: a block per stage with questions aimed at the candidate's gaps."""

    @classmethod
    def of(cls, plan: MockPlan) -> MockPlanOut:
        return cls(
            role=RoleRef.of(plan.role),
            from_company=plan.from_company,
            minutes=plan.minutes,
            stages=[MockStageOut.of(s) for s in plan.stages],
        )


class JobRef(BaseModel):
    id: uuid.UUID
    title: str


class RequestPlanOut(_MockPlanBase):
    """A mock interview for an accepted request, on the company's stages when it has them."""

    request_id: uuid.UUID
    job: JobRef
    company: str = Field(description="the company's name")
    current_stage: HiringStage | None = Field(description="where the request stands")

    @classmethod
    def of(cls, found: RequestPlan) -> RequestPlanOut:
        return cls(
            request_id=found.request.id,
            job=JobRef(id=found.job.id, title=found.job.title),
            company=found.company,
            current_stage=found.request.stage,
            role=RoleRef.of(found.plan.role),
            from_company=found.plan.from_company,
            minutes=found.plan.minutes,
            stages=[MockStageOut.of(s) for s in found.plan.stages],
        )
