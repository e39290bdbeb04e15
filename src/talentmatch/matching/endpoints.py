from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from talentmatch.accounts.dependencies import Candidate, Employer
from talentmatch.deps import MatchIndexDep, SessionDep, UnderstandingDep
from talentmatch.fairness.ranking import service as fair_ranking
from talentmatch.matching import service
from talentmatch.matching.schemas import CandidateMatchList, JobMatchList

router = APIRouter(prefix="/api", tags=["matching"])
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/jobs/{job_id}/matches")
def candidates_for_job(
    job_id: uuid.UUID,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    limit: Limit = 50,
) -> CandidateMatchList:
    """Live candidates for one of the company's jobs, ranked and explained, blind."""
    items, considered, excluded = service.candidates_for_job(
        session,
        understanding,
        company_id=employer.company_id,
        job_id=job_id,
        limit=limit,
        index=index,
    )
    return CandidateMatchList(
        considered=considered,
        excluded_by_constraints=excluded,
        items=items,
        representation=fair_ranking.representation(session, employer.company_id),
    )


@router.get("/candidates/me/matches")
def jobs_for_me(
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    limit: Limit = 20,
) -> JobMatchList:
    """Open jobs for the candidate, ranked and explained."""
    items, considered, excluded = service.jobs_for_candidate(
        session, understanding, profile=candidate.profile, limit=limit, index=index
    )
    return JobMatchList(considered=considered, excluded_by_constraints=excluded, items=items)
