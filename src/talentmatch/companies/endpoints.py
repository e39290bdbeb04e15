from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, status

from talentmatch.accounts.dependencies import CurrentUser, Employer, Operator
from talentmatch.accounts.schemas import UserPublic
from talentmatch.companies import service, vetting
from talentmatch.companies.models import VettingStatus
from talentmatch.companies.repository import CompanyRepository
from talentmatch.companies.schemas import (
    CompanyProfile,
    CompanyPublic,
    CompanyUpdate,
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    JobPostedPublic,
    MemberCheckPublic,
    MemberPublic,
    ResemblancePublic,
    RuleOut,
    VettingCasePublic,
    VettingPublic,
    VettingReject,
)
from talentmatch.deps import HasherDep, SessionDep, SettingsDep
from talentmatch.kit.errors import NotFound
from talentmatch.kit.pagination import Page, PageDep

router = APIRouter(prefix="/api", tags=["companies"])


@router.get("/companies/{company_id}")
def get_company(company_id: uuid.UUID, _user: CurrentUser, session: SessionDep) -> CompanyPublic:
    return CompanyPublic.model_validate(service.get_company(session, company_id))


@router.get("/companies/{company_id}/profile")
def get_company_profile(
    company_id: uuid.UUID, _user: CurrentUser, session: SessionDep
) -> CompanyProfile:
    """What candidates read about a company: about, size, offices, stack, benefits."""
    return CompanyProfile.model_validate(service.get_company(session, company_id))


@router.patch("/companies/{company_id}")
def update_company(
    company_id: uuid.UUID, body: CompanyUpdate, employer: Employer, session: SessionDep
) -> CompanyPublic:
    if company_id != employer.company_id:
        raise NotFound("company")
    company = service.update_company(
        session, company_id, is_admin=employer.is_admin, changes=body.model_dump(exclude_unset=True)
    )
    return CompanyPublic.model_validate(company)


@router.get("/companies/{company_id}/vetting")
def company_vetting(
    company_id: uuid.UUID, employer: Employer, session: SessionDep
) -> VettingPublic:
    """Whether the company may send interview requests yet; a rejection's reason is shown to
    the company's admins only."""
    if company_id != employer.company_id:
        raise NotFound("company")
    found = vetting.vetting_of(session, company_id)
    public = VettingPublic.model_validate(found)
    return public if employer.is_admin else public.model_copy(update={"reason": ""})


@router.get("/companies/{company_id}/members")
def list_members(
    company_id: uuid.UUID, employer: Employer, session: SessionDep
) -> list[MemberPublic]:
    if company_id != employer.company_id:
        raise NotFound("company")
    return [
        MemberPublic(
            user_id=user.id,
            email=user.email,
            full_name=user.full_name,
            role=member.role,
            joined_at=member.created_at,
        )
        for member, user in CompanyRepository(session).members(company_id)
    ]


@router.delete("/companies/{company_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(
    company_id: uuid.UUID, user_id: uuid.UUID, employer: Employer, session: SessionDep
) -> None:
    if company_id != employer.company_id:
        raise NotFound("company")
    service.remove_member(session, company_id, is_admin=employer.is_admin, user_id=user_id)


@router.post("/companies/{company_id}/invitations", status_code=status.HTTP_201_CREATED)
def invite(
    company_id: uuid.UUID,
    body: InvitationCreate,
    employer: Employer,
    session: SessionDep,
    settings: SettingsDep,
) -> InvitationCreated:
    if company_id != employer.company_id:
        raise NotFound("company")
    new = service.invite(
        session,
        company_id,
        inviter=employer.user,
        is_admin=employer.is_admin,
        email=str(body.email),
        public_url=settings.public_url,
    )
    return InvitationCreated(
        id=new.invitation.id,
        email=new.invitation.email,
        expires_at=new.invitation.expires_at,
    )


@router.post("/invitations/{token}/accept", status_code=status.HTTP_201_CREATED)
def accept_invitation(
    token: str, body: InvitationAccept, session: SessionDep, hasher: HasherDep
) -> UserPublic:
    user = service.accept_invitation(
        session, hasher, token=token, full_name=body.full_name, password=body.password
    )
    return UserPublic.model_validate(user)


# ------------------------------------------------------------------ operators: who is who


@router.get("/admin/companies/identity-changes", tags=["operators"])
def pending_identity_changes(_operator: Operator, session: SessionDep) -> list[CompanyPublic]:
    """Renames and domain changes of companies that have sent requests, oldest first."""
    return [
        CompanyPublic.model_validate(c) for c in CompanyRepository(session).with_pending_identity()
    ]


@router.post("/admin/companies/{company_id}/identity-change/{decision}", tags=["operators"])
def decide_identity_change(
    company_id: uuid.UUID,
    decision: Literal["approve", "refuse"],
    _operator: Operator,
    session: SessionDep,
) -> CompanyPublic:
    company = service.decide_identity_change(session, company_id, approve=decision == "approve")
    return CompanyPublic.model_validate(company)


@router.get("/admin/companies/{company_id}/hidden-resemblances", tags=["operators"])
def hidden_resemblances(
    company_id: uuid.UUID, _operator: Operator, session: SessionDep
) -> list[ResemblancePublic]:
    """Candidates' hidden-company entries that name or resemble this company (they hide from
    it until an operator rules the resemblance out)."""
    return [
        ResemblancePublic.model_validate(r)
        for r in service.hidden_resemblances(session, company_id)
    ]


@router.post(
    "/admin/companies/{company_id}/hidden-resemblances/rule-out",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["operators"],
)
def rule_out(company_id: uuid.UUID, body: RuleOut, operator: Operator, session: SessionDep) -> None:
    service.rule_out_resemblance(session, company_id, body.key, operator=operator)


# ------------------------------------------------------------------ operators: vetting


def case_public(found: vetting.VettingCase) -> VettingCasePublic:
    return VettingCasePublic(
        company=CompanyProfile.model_validate(found.company),
        signed_up_at=found.company.created_at,
        vetting=VettingPublic.model_validate(found.vetting),
        members=[MemberCheckPublic.model_validate(m) for m in found.members],
        jobs=[JobPostedPublic.model_validate(j) for j in found.jobs],
        flags=found.flags,
    )


@router.get("/admin/companies/vetting", tags=["operators"])
def vetting_queue(
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
    status: VettingStatus = VettingStatus.PENDING,
) -> Page[VettingCasePublic]:
    """Companies waiting for an operator (oldest first), or the approved or rejected ones
    (latest decision first), with what they said about themselves."""
    cases, total = vetting.queue(session, status, limit=page.limit, offset=page.offset)
    return Page(
        items=[case_public(c) for c in cases], total=total, limit=page.limit, offset=page.offset
    )


@router.get("/admin/companies/{company_id}/vetting", tags=["operators"])
def vetting_case(
    company_id: uuid.UUID, _operator: Operator, session: SessionDep
) -> VettingCasePublic:
    return case_public(vetting.case(session, company_id))


@router.post("/admin/companies/{company_id}/vetting/approve", tags=["operators"])
def approve_company(
    company_id: uuid.UUID, operator: Operator, session: SessionDep, settings: SettingsDep
) -> VettingPublic:
    """The company can send interview requests; its admins are told by e-mail."""
    decided = vetting.decide(
        session, operator, company_id, VettingStatus.APPROVED, public_url=settings.public_url
    )
    return VettingPublic.model_validate(decided)


@router.post("/admin/companies/{company_id}/vetting/reject", tags=["operators"])
def reject_company(
    company_id: uuid.UUID,
    body: VettingReject,
    operator: Operator,
    session: SessionDep,
    settings: SettingsDep,
) -> VettingPublic:
    """The company cannot send interview requests; its admins get the reason by e-mail and on
    their company page."""
    decided = vetting.decide(
        session,
        operator,
        company_id,
        VettingStatus.REJECTED,
        reason=body.reason,
        public_url=settings.public_url,
    )
    return VettingPublic.model_validate(decided)
