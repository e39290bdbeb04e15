"""Interview preparation for a candidate: practice the bank's questions with self-rating and
spaced repetition, and mock-interview plans for a target role or an accepted request. The
library (:mod:`talentmatch.ml.preparation`) picks and schedules; this module keeps the
history and reads the profile, the gap and the company's stages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.candidates.models import CandidateProfile
from talentmatch.companies.repository import CompanyRepository
from talentmatch.counselling.salary import profile_level
from talentmatch.counselling.service import check_role, default_role, gap_for, role_for
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.interviews.service import Party, get_for
from talentmatch.jobs.models import Job
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import InvalidInput, NotFound
from talentmatch.ml import preparation as lib
from talentmatch.ml.preparation import MockPlan, Question
from talentmatch.preparation.models import PracticeCard, PracticeReview
from talentmatch.preparation.repository import PracticeRepository
from talentmatch.understanding import Understanding


@dataclass(frozen=True)
class TopicProgress:
    topic: str
    questions: int
    seen: int
    recalled: int  # last answer rated good or easy
    due: int


@dataclass(frozen=True)
class PracticeOverview:
    topics: list[TopicProgress]
    questions: int
    seen: int
    recalled: int
    due_now: int
    reviews_last_30_days: int
    next_due: datetime | None


@dataclass(frozen=True)
class RequestPlan:
    plan: MockPlan
    request: InterviewRequest
    job: Job
    company: str


def history(session: Session, profile: CandidateProfile) -> dict[str, lib.PracticeRecord]:
    return {
        card.question_id: lib.PracticeRecord(card.question_id, as_utc(card.due), card.last_rating)
        for card in PracticeRepository(session).cards(profile.id)
    }


def check_topic(understanding: Understanding, topic: str | None) -> str | None:
    topic = (topic or "").strip().lower() or None
    if topic is not None and topic not in understanding.questions.topics:
        raise InvalidInput(
            f"unknown topic {topic!r}; choose one of {', '.join(understanding.questions.topics)}",
            field="topic",
        )
    return topic


def get_question(understanding: Understanding, question_id: str) -> Question:
    question = understanding.questions.get(question_id)
    if question is None:
        raise NotFound("question")
    return question


def next_questions(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    *,
    topic: str | None = None,
    role_id: str | None = None,
    limit: int = 1,
    now: datetime | None = None,
) -> list[Question]:
    """Due questions first, then new ones aimed at the gap toward the candidate's target role."""
    topic = check_topic(understanding, topic)
    role = check_role(role_id or default_role(profile))
    return lib.pick_practice(
        understanding.questions,
        history(session, profile),
        now=now or utcnow(),
        topic=topic,
        gap=gap_for(session, understanding, profile, role.id),
        level=profile_level(profile),
        limit=limit,
    )


def rate(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    question_id: str,
    rating: str,
    now: datetime | None = None,
) -> PracticeCard:
    """Record how well the candidate answered and schedule the question again."""
    get_question(understanding, question_id)
    rating = rating.strip().lower()
    if rating not in lib.RATINGS:
        raise InvalidInput(f"rating must be one of {', '.join(lib.RATINGS)}", field="rating")
    now = now or utcnow()
    repository = PracticeRepository(session)
    card = repository.card(profile.id, question_id)
    state, due = understanding.practice.review(card.state if card else None, rating, now)
    if card is None:
        card = PracticeCard(profile_id=profile.id, question_id=question_id, reviews=0)
        session.add(card)
    card.state, card.due, card.last_rating = state, due, rating
    card.reviews = (card.reviews or 0) + 1
    session.add(PracticeReview(profile_id=profile.id, question_id=question_id, rating=rating))
    session.flush()
    return card


def overview(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    now: datetime | None = None,
) -> PracticeOverview:
    now = now or utcnow()
    cards = history(session, profile)
    topics = []
    for topic in understanding.questions.topics:
        ids = [q.id for q in understanding.questions.select(topic=topic)]
        seen = [cards[i] for i in ids if i in cards]
        topics.append(
            TopicProgress(
                topic,
                len(ids),
                len(seen),
                sum(c.last_rating in lib.RECALLED for c in seen),
                sum(c.due <= now for c in seen),
            )
        )
    upcoming = [c.due for c in cards.values() if c.due > now]
    return PracticeOverview(
        topics=topics,
        questions=len(understanding.questions),
        seen=len(cards),
        recalled=sum(t.recalled for t in topics),
        due_now=sum(t.due for t in topics),
        reviews_last_30_days=PracticeRepository(session).reviews_since(
            profile.id, now - timedelta(days=30)
        ),
        next_due=min(upcoming, default=None),
    )


def plan_for_role(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    role_id: str | None = None,
) -> MockPlan:
    """A mock interview for the role's usual loop, aimed at the candidate's gaps."""
    role = check_role(role_id or default_role(profile))
    return lib.mock_plan(
        understanding.questions,
        role,
        gap=gap_for(session, understanding, profile, role.id),
        level=profile_level(profile),
        history=history(session, profile),
    )


def plan_for_request(
    session: Session,
    understanding: Understanding,
    user: User,
    profile: CandidateProfile,
    request_id: uuid.UUID,
) -> RequestPlan:
    """A mock interview for an accepted request: the company's stages (else the usual loop of
    the role its job title names), aimed at the candidate's gaps toward that role."""
    request = get_for(session, Party(user, profile_id=profile.id), request_id)
    if request.status is not RequestStatus.ACCEPTED:
        raise InvalidInput("a mock-interview plan comes with a request you accepted")
    job = JobRepository(session).get(request.job_id)
    company = CompanyRepository(session).get(request.company_id)
    if job is None or company is None:
        raise NotFound("interview request")
    role = check_role(role_for([job.title]) or default_role(profile))
    plan = lib.mock_plan(
        understanding.questions,
        role,
        gap=gap_for(session, understanding, profile, role.id),
        company_stages=job.interview_stages or [],
        level=profile_level(profile),
        history=history(session, profile),
    )
    return RequestPlan(plan, request, job, company.name)


def upcoming_interviews(
    session: Session, profile: CandidateProfile
) -> list[tuple[InterviewRequest, Job, str]]:
    return PracticeRepository(session).upcoming_interviews(profile.id)
