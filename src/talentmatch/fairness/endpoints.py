"""The person's own self-identification, and the bias audits (operators only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from talentmatch.accounts.dependencies import Candidate, Operator
from talentmatch.deps import (
    MatchIndexDep,
    SessionDep,
    UnderstandingDep,
    WriterDep,
    writes_in_own_unit,
)
from talentmatch.fairness import service
from talentmatch.fairness.schemas import BiasAudit, SelfIdentificationIn, SelfIdentificationOut
from talentmatch.kit.errors import NotFound

router = APIRouter(prefix="/api", tags=["fairness"])


@router.get("/me/self-identification")
def my_self_identification(candidate: Candidate, session: SessionDep) -> SelfIdentificationOut:
    """Your own answers (only you can read them)."""
    return service.my_answers(session, candidate.profile)


@router.put("/me/self-identification")
def save_self_identification(
    body: SelfIdentificationIn, candidate: Candidate, session: SessionDep
) -> SelfIdentificationOut:
    """Give or change your answers; needs ``consent: true``. Every question is optional."""
    return service.save_answers(session, candidate.profile, body)


@router.delete("/me/self-identification", status_code=status.HTTP_204_NO_CONTENT)
def withdraw_self_identification(candidate: Candidate, session: SessionDep) -> Response:
    """Withdraw your consent: your answers are deleted."""
    service.withdraw(session, candidate.profile)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/admin/audits/bias")
def latest_bias_audit(_operator: Operator, session: SessionDep) -> BiasAudit:
    """The latest bias audit (group figures only)."""
    audit = service.latest_audit(session)
    if audit is None:
        raise NotFound("no bias audit has been run yet")
    return audit


@router.post("/admin/audits/bias", status_code=status.HTTP_201_CREATED)
@writes_in_own_unit
def run_bias_audit(
    _operator: Operator,
    session: SessionDep,
    writer: WriterDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    k: Annotated[int, Query(ge=1, le=200)] = service.DEFAULT_K,
    job_family: Annotated[str | None, Query(max_length=200)] = None,
    since: date | None = None,
) -> BiasAudit:
    """Run a bias audit now (every open job is ranked: this takes a while), keep it, return it."""
    audit = service.audit_bias(
        session,
        understanding,
        k=k,
        job_family=job_family.strip() or None if job_family else None,
        since=since,
        index=index,
    )
    with writer() as write:
        service.store_audit(write, audit)
    return audit
