"""An employer's hiring funnel: how many requests reach each step, and how long each stage
takes, from the requests' shared history."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.interviews.models import InterviewRequest, RequestEvent, RequestStatus
from talentmatch.kit.clock import as_utc

# The loop in order; "not selected" ends it at any point and is counted apart.
STAGE_ORDER = ("screening", "technical", "onsite", "offer", "hired")


@dataclass(frozen=True)
class FunnelStep:
    name: str
    count: int
    share_of_sent: float
    median_days_in_stage: float | None


@dataclass(frozen=True)
class Funnel:
    steps: list[FunnelStep]
    declined: int
    expired: int
    withdrawn: int
    open_requests: int
    not_selected: int
    median_days_to_answer: float | None


def employer_funnel(
    session: Session, company_id: uuid.UUID, job_id: uuid.UUID | None = None
) -> Funnel:
    scope = [InterviewRequest.company_id == company_id]
    if job_id is not None:
        scope.append(InterviewRequest.job_id == job_id)
    requests = session.scalars(sa.select(InterviewRequest).where(*scope)).all()
    events: dict[uuid.UUID, list[RequestEvent]] = defaultdict(list)
    if requests:
        # A join rather than an IN list: a company's history can be long.
        rows = session.scalars(
            sa.select(RequestEvent)
            .join(InterviewRequest, InterviewRequest.id == RequestEvent.request_id)
            .where(*scope)
            .order_by(RequestEvent.created_at, RequestEvent.id)
        ).all()
        for event in rows:
            events[event.request_id].append(event)

    reached: dict[str, int] = defaultdict(int)
    durations: dict[str, list[float]] = defaultdict(list)
    answer_days: list[float] = []
    by_status: dict[RequestStatus, int] = defaultdict(int)
    not_selected = 0
    for request in requests:
        by_status[request.status] += 1
        if request.responded_at is not None:
            answer_days.append(_days(request.created_at, request.responded_at))
        # Stages in the order they were entered, with when: accepting enters screening.
        entered: list[tuple[str, datetime]] = []
        for event in events[request.id]:
            if event.kind == "accepted":
                entered.append(("screening", event.created_at))
            elif event.kind.startswith("stage:"):
                entered.append((event.kind.removeprefix("stage:"), event.created_at))
        furthest = -1
        for index, (stage, start) in enumerate(entered):
            following = entered[index + 1] if index + 1 < len(entered) else None
            if stage == "not_selected":
                not_selected += 1
                continue
            if stage in STAGE_ORDER:
                furthest = max(furthest, STAGE_ORDER.index(stage))
                if following is not None:
                    durations[stage].append(_days(start, following[1]))
        for step in STAGE_ORDER[: furthest + 1]:
            reached[step] += 1

    sent = len(requests)
    steps = [FunnelStep("sent", sent, 1.0 if sent else 0.0, None)]
    for stage in STAGE_ORDER:
        name = "accepted" if stage == "screening" else stage
        count = reached[stage]
        middle = median(durations[stage]) if durations[stage] else None
        steps.append(
            FunnelStep(
                name,
                count,
                count / sent if sent else 0.0,
                round(middle, 1) if middle is not None else None,
            )
        )
    return Funnel(
        steps=steps,
        declined=by_status[RequestStatus.DECLINED],
        expired=by_status[RequestStatus.EXPIRED],
        withdrawn=by_status[RequestStatus.WITHDRAWN],
        open_requests=by_status[RequestStatus.SENT],
        not_selected=not_selected,
        median_days_to_answer=round(median(answer_days), 1) if answer_days else None,
    )


def _days(start: datetime, end: datetime) -> float:
    return max(0.0, (as_utc(end) - as_utc(start)).total_seconds() / 86400)
