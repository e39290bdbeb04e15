"""Company vetting: a new company posts jobs at once, but sends interview requests only once an
operator has checked it is who it says it is (its profile, its members' e-mail domains, its
jobs). Every decision is kept; the latest counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.companies.models import (
    Company,
    MemberRole,
    VettingDecision,
    VettingStatus,
)
from talentmatch.companies.repository import CompanyRepository, VettingRepository
from talentmatch.interviews.models import RequestEvent, RequestStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.errors import Conflict, InvalidInput, NotFound
from talentmatch.notifications.service import queue_email

PENDING_MESSAGE = "an operator is reviewing your company; requests can be sent once it is approved"


@dataclass(frozen=True)
class Vetting:
    """Where a company stands; ``decided_*`` and ``reason`` are empty while pending."""

    status: VettingStatus
    decided_at: datetime | None = None
    decided_by: str | None = None  # the operator's name
    reason: str = ""


@dataclass(frozen=True)
class MemberCheck:
    email: str
    full_name: str
    role: MemberRole
    email_domain: str
    matches_company: bool  # False is a flag: the address is not at the company's domain


@dataclass(frozen=True)
class JobPosted:
    id: uuid.UUID
    title: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class VettingCase:
    """What an operator reads before deciding: what the company said about itself, who its
    members are (by e-mail domain) and what it has posted."""

    company: Company
    vetting: Vetting
    members: list[MemberCheck]
    jobs: list[JobPosted]

    @property
    def flags(self) -> list[str]:
        flags = []
        if not self.company.domain:
            flags.append("no web domain given")
        mismatched = sorted({m.email_domain for m in self.members if not m.matches_company})
        if self.company.domain and mismatched:
            flags.append(
                f"members' e-mail domain {', '.join(mismatched)} is not {self.company.domain}"
            )
        if not self.company.description.strip():
            flags.append("no description")
        return flags


def _as_vetting(session: Session, decision: VettingDecision | None) -> Vetting:
    if decision is None:
        return Vetting(VettingStatus.PENDING)
    operator = (
        UserRepository(session).get(decision.decided_by_user_id)
        if decision.decided_by_user_id
        else None
    )
    return Vetting(
        decision.status,
        decision.created_at,
        operator.full_name if operator is not None else None,
        decision.reason,
    )


def vetting_of(session: Session, company_id: uuid.UUID) -> Vetting:
    return _as_vetting(session, VettingRepository(session).latest(company_id))


def require_approved(session: Session, company_id: uuid.UUID, sender: User) -> None:
    """Refuse an interview request from a company an operator has not approved; a rejected
    company's admins are told the operator's reason."""
    vetting = vetting_of(session, company_id)
    if vetting.status is VettingStatus.APPROVED:
        return
    if vetting.status is VettingStatus.PENDING:
        raise Conflict(PENDING_MESSAGE)
    member = CompanyRepository(session).member(company_id, sender.id)
    reason = (
        f": {vetting.reason}"
        if member is not None and member.role is MemberRole.ADMIN
        else "; your company's admins see why on the company page"
    )
    raise Conflict(f"an operator did not approve your company, so it cannot send requests{reason}")


def _email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def _at_domain(email_domain: str, domain: str | None) -> bool:
    """The address is at the company's domain or one of its subdomains (uk.acme.com)."""
    if not domain:
        return False
    domain = domain.lower()
    return email_domain == domain or email_domain.endswith("." + domain)


def case(session: Session, company_id: uuid.UUID) -> VettingCase:
    company = CompanyRepository(session).get(company_id)
    if company is None:
        raise NotFound("company")
    return _cases(session, [company])[0]


def _cases(session: Session, companies: list[Company]) -> list[VettingCase]:
    ids = [c.id for c in companies]
    latest = VettingRepository(session).latest_among(ids)
    members: dict[uuid.UUID, list[MemberCheck]] = {i: [] for i in ids}
    domains = {c.id: c.domain for c in companies}
    if ids:
        for member, user in CompanyRepository(session).members_among(ids):
            domain = _email_domain(user.email)
            members[member.company_id].append(
                MemberCheck(
                    user.email,
                    user.full_name,
                    member.role,
                    domain,
                    _at_domain(domain, domains[member.company_id]),
                )
            )
    jobs: dict[uuid.UUID, list[JobPosted]] = {i: [] for i in ids}
    if ids:
        for job in JobRepository(session).of_companies(ids):
            jobs[job.company_id].append(
                JobPosted(job.id, job.title, job.status.value, job.created_at)
            )
    return [
        VettingCase(c, _as_vetting(session, latest.get(c.id)), members[c.id], jobs[c.id])
        for c in companies
    ]


def queue(
    session: Session, status: VettingStatus = VettingStatus.PENDING, *, limit: int, offset: int
) -> tuple[list[VettingCase], int]:
    """Companies in ``status``: pending ones oldest first (the order they signed up in),
    decided ones latest decision first."""
    companies, total = VettingRepository(session).companies_in(status, limit=limit, offset=offset)
    return _cases(session, companies), total


def _withdraw_unanswered_requests(session: Session, operator: User, company_id: uuid.UUID) -> None:
    """A rejected company's requests that nobody answered yet are withdrawn: accepting one
    would share the candidate's contact details with a company the operator turned down."""
    for request in CompanyRepository(session).lock_unanswered_requests(company_id):
        request.status = RequestStatus.WITHDRAWN
        session.add(
            RequestEvent(
                request_id=request.id,
                actor_user_id=operator.id,
                kind="withdrawn",
                detail="the company was not approved by the marketplace's operators",
            )
        )


def decide(
    session: Session,
    operator: User,
    company_id: uuid.UUID,
    status: VettingStatus,
    *,
    reason: str = "",
    public_url: str,
) -> Vetting:
    """An operator approves or rejects a company (a rejected one can be approved later, an
    approved one rejected); its admins are told by e-mail."""
    if status is VettingStatus.PENDING:
        raise ValueError("a decision approves or rejects")
    if status is VettingStatus.REJECTED and not reason.strip():
        raise InvalidInput("say why: the company's admins read it", field="reason")
    company = CompanyRepository(session).get(company_id)
    if company is None:
        raise NotFound("company")
    if vetting_of(session, company_id).status is status:
        raise Conflict(f"this company is already {status.value}")
    session.add(
        VettingDecision(
            company_id=company_id, status=status, reason=reason, decided_by_user_id=operator.id
        )
    )
    if status is VettingStatus.REJECTED:
        _withdraw_unanswered_requests(session, operator, company_id)
    base = public_url.rstrip("/")
    if status is VettingStatus.APPROVED:
        subject = f"{company.name} is approved on talentmatch"
        body = (
            f"An operator checked {company.name} and approved it: your team can now send "
            f"interview requests to candidates.\n\nYour jobs: {base}/jobs\n"
        )
    else:
        subject = f"{company.name} was not approved on talentmatch"
        body = (
            f"An operator reviewed {company.name} and did not approve it, so it cannot send "
            f"interview requests.\n\nThe reason:\n{reason}\n\nIf something in your company's "
            f"details was wrong, correct it ({base}/company) and reply to this e-mail.\n"
        )
    for member, user in CompanyRepository(session).members(company_id):
        if member.role is MemberRole.ADMIN and user.is_active:
            queue_email(session, to=user.email, subject=subject, body=body, kind="company_vetting")
    session.flush()
    return vetting_of(session, company_id)
