"""Interview preparation pages: progress and what is due, practice one question at a time
with self-rating, and mock-interview plans for a role or an accepted request."""

from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts.dependencies import Candidate, CurrentPrincipal
from talentmatch.counselling.service import default_role
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.ml.careers import ROLE_MODELS
from talentmatch.preparation import service
from talentmatch.web.core import FormDep, act_and_go_back, render, text

router = APIRouter(include_in_schema=False)
Topic = Annotated[str | None, Query(max_length=60)]
RoleId = Annotated[str | None, Query(max_length=60)]


def _role(candidate_role: str | None, fallback: str) -> str:
    return candidate_role if candidate_role in ROLE_MODELS else fallback


@router.get("/me/interviews", response_class=HTMLResponse)
def preparation_page(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: RoleId = None,
) -> Response:
    profile = candidate.profile
    role_id = _role(role, default_role(profile))
    context = {
        "overview": service.overview(session, understanding, profile),
        "plan": service.plan_for_role(session, understanding, profile, role_id),
        "upcoming": service.upcoming_interviews(session, profile),
        "roles": list(ROLE_MODELS.values()),
        "role_id": role_id,
    }
    return render(request, "preparation/index.html", context, principal=principal)


@router.get("/me/interviews/practice", response_class=HTMLResponse)
def practice_page(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    topic: Topic = None,
    role: RoleId = None,
) -> Response:
    topic = topic if topic in understanding.questions.topics else None
    role_id = _role(role, default_role(candidate.profile))
    picked = service.next_questions(
        session, understanding, candidate.profile, topic=topic, role_id=role_id
    )
    context = {
        "question": picked[0] if picked else None,
        "topic": topic,
        "topics": understanding.questions.topics,
        "role_id": role_id,
        "overview": service.overview(session, understanding, candidate.profile),
    }
    return render(request, "preparation/practice.html", context, principal=principal)


@router.post("/me/interviews/practice/{question_id}")
def rate_answer(
    question_id: str,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    data: FormDep,
) -> RedirectResponse:
    rating = text(data, "rating")
    query = {k: v for k in ("topic", "role") if (v := text(data, k))}
    back = "/me/interviews/practice" + (f"?{urlencode(query)}" if query else "")
    return act_and_go_back(
        session,
        lambda: service.rate(session, understanding, candidate.profile, question_id, rating),
        back=back,
        done=f"Rated {rating}: it comes back when you are about to forget it.",
    )


@router.get("/me/interviews/requests/{request_id}", response_class=HTMLResponse)
def request_plan_page(
    request: Request,
    request_id: uuid.UUID,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> Response:
    found = service.plan_for_request(
        session, understanding, candidate.user, candidate.profile, request_id
    )
    context = {"found": found, "plan": found.plan}
    return render(request, "preparation/request_plan.html", context, principal=principal)
