from __future__ import annotations

import uuid
from typing import Literal

from fastapi import APIRouter, status

from talentmatch.accounts.auth import CurrentUser, Employer, Operator
from talentmatch.accounts.schemas import UserPublic
from talentmatch.companies import service
from talentmatch.companies.repository import CompanyRepository
from talentmatch.companies.schemas import (
    CompanyProfile,
    CompanyPublic,
    CompanyUpdate,
    InvitationAccept,
    InvitationCreate,
    InvitationCreated,
    MemberPublic,
    ResemblancePublic,
    RuleOut,
)
from talentmatch.deps import HasherDep, SessionDep, SettingsDep
from talentmatch.kit.errors import NotFound

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
