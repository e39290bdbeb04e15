from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from talentmatch.accounts.dependencies import Candidate, CurrentUser
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.kit.fields import InputModel
from talentmatch.preparation import service
from talentmatch.preparation.schemas import (
    CardOut,
    MockPlanOut,
    PracticeOverviewOut,
    QuestionBankOut,
    QuestionOut,
    RequestPlanOut,
)
from talentmatch.preparation.service import check_topic

router = APIRouter(prefix="/api/preparation", tags=["interview preparation"])
Difficulty = Literal["easy", "medium", "hard"]


class Answer(InputModel):
    rating: Literal["again", "hard", "good", "easy"]


@router.get("/questions")
def questions(
    _user: CurrentUser,
    understanding: UnderstandingDep,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    difficulty: Difficulty | None = None,
    skill: Annotated[str | None, Query(max_length=120, description="a skill id")] = None,
) -> QuestionBankOut:
    """The project's interview question bank, with answer outlines; filter by topic,
    difficulty and skill."""
    found = understanding.questions.select(
        topic=check_topic(understanding, topic),
        difficulty=difficulty,
        skills=[skill] if skill else [],
    )
    return QuestionBankOut.of(understanding.questions.topics, found)


@router.get("/practice/next")
def next_questions(
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    topic: Annotated[str | None, Query(max_length=60)] = None,
    role: Annotated[str | None, Query(max_length=60, description="a role id")] = None,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[QuestionOut]:
    """What to practise now: questions due again first, then new ones on the gaps toward
    the target role."""
    picked = service.next_questions(
        session, understanding, candidate.profile, topic=topic, role_id=role, limit=limit
    )
    return [QuestionOut.of(q) for q in picked]


@router.post("/practice/{question_id}")
def answer(
    question_id: str,
    body: Answer,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> CardOut:
    """Rate your own answer (again, hard, good, easy); returns when it comes back."""
    card = service.rate(session, understanding, candidate.profile, question_id, body.rating)
    return CardOut.of(card)


@router.get("/progress")
def progress(
    candidate: Candidate, session: SessionDep, understanding: UnderstandingDep
) -> PracticeOverviewOut:
    """Questions seen, answered well and due again, by topic."""
    return PracticeOverviewOut.of(service.overview(session, understanding, candidate.profile))


@router.get("/mock")
def mock_for_role(
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: Annotated[str | None, Query(max_length=60, description="a role id")] = None,
) -> MockPlanOut:
    """A mock-interview plan for the role's usual loop, aimed at your gaps."""
    return MockPlanOut.of(service.plan_for_role(session, understanding, candidate.profile, role))


@router.get("/mock/requests/{request_id}")
def mock_for_request(
    request_id: uuid.UUID,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> RequestPlanOut:
    """A mock-interview plan for an accepted request: the company's stages and your gaps."""
    found = service.plan_for_request(
        session, understanding, candidate.user, candidate.profile, request_id
    )
    return RequestPlanOut.of(found)
