"""An employer's hiring funnel: how many requests reach each step, and how long each stage
takes, from the requests' shared history."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from sqlalchemy.orm import Session

from talentmatch.insights.repository import FunnelRepository
from talentmatch.interviews.models import HiringStage, RequestEvent, RequestStatus
from talentmatch.interviews.stages import LOOP, stage_of_event
from talentmatch.kit.clock import as_utc


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
    repo = FunnelRepository(session)
    requests = repo.requests(company_id, job_id)
    events: dict[uuid.UUID, list[RequestEvent]] = (
        repo.events(company_id, job_id) if requests else defaultdict(list)
    )

    reached: dict[HiringStage, int] = defaultdict(int)
    durations: dict[HiringStage, list[float]] = defaultdict(list)
    answer_days: list[float] = []
    by_status: dict[RequestStatus, int] = defaultdict(int)
    not_selected = 0
    for request in requests:
        by_status[request.status] += 1
        if request.responded_at is not None:
            answer_days.append(_days(request.created_at, request.responded_at))
        # Stages in the order they were entered, with when: accepting enters screening.
        entered: list[tuple[HiringStage, datetime]] = []
        for event in events[request.id]:
            if event.kind == "accepted":
                entered.append((HiringStage.SCREENING, event.created_at))
            elif (moved_to := stage_of_event(event.kind)) is not None:
                entered.append((moved_to, event.created_at))
        furthest = -1
        for index, (stage, start) in enumerate(entered):
            following = entered[index + 1] if index + 1 < len(entered) else None
            if stage is HiringStage.NOT_SELECTED:
                not_selected += 1
                continue
            if stage in LOOP:
                furthest = max(furthest, LOOP.index(stage))
                if following is not None:
                    durations[stage].append(_days(start, following[1]))
        for step in LOOP[: furthest + 1]:
            reached[step] += 1

    sent = len(requests)
    steps = [FunnelStep("sent", sent, 1.0 if sent else 0.0, None)]
    for stage in LOOP:
        name = "accepted" if stage is HiringStage.SCREENING else stage.value
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
