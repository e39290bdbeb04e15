"""Preparation results as plain data, for the JSON API and the CLI."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from talentmatch.preparation.models import PracticeCard
from talentmatch.preparation.service import PracticeOverview, RequestPlan


def overview_dict(overview: PracticeOverview) -> dict[str, Any]:
    return {
        **asdict(overview),
        "next_due": overview.next_due.isoformat() if overview.next_due else None,
    }


def card_dict(card: PracticeCard) -> dict[str, Any]:
    return {
        "question_id": card.question_id,
        "last_rating": card.last_rating,
        "reviews": card.reviews,
        "due": card.due.isoformat(),
    }


def request_plan_dict(found: RequestPlan) -> dict[str, Any]:
    stage = found.request.stage
    return {
        "request_id": str(found.request.id),
        "job": {"id": str(found.job.id), "title": found.job.title},
        "company": found.company,
        "current_stage": stage.value if stage else None,
        **found.plan.as_dict(),
    }
