"""The employer's company page (details, colleagues, invitations), accepting an invitation,
the company's profile as everyone signed in reads it (candidates before they answer), and the
operators' vetting queue of new companies."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts import service as accounts
from talentmatch.accounts.dependencies import (
    CurrentPrincipal,
    Employer,
    EmployerContext,
    Operator,
    Principal,
)
from talentmatch.accounts.endpoints import set_session_cookies
from talentmatch.companies import service, vetting
from talentmatch.companies.models import Company, MemberRole, SizeBand, VettingStatus
from talentmatch.companies.repository import CompanyRepository
from talentmatch.companies.schemas import (
    CompanyProfile,
    CompanyUpdate,
    InvitationAccept,
    InvitationCreate,
    VettingReject,
)
from talentmatch.deps import HasherDep, SessionDep, SettingsDep
from talentmatch.fairness.ranking import service as fair_ranking
from talentmatch.fairness.ranking.schemas import ATTRIBUTE_CHOICES
from talentmatch.jobs.models import JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.pagination import PageDep
from talentmatch.web.core import (
    FormData,
    FormDep,
    ViewerDep,
    act_and_go_back,
    attempt,
    join_list,
    redirect,
    render,
    split_list,
    text,
    validate,
)

router = APIRouter(include_in_schema=False)
# Shown on the profile page; more open jobs are a link to the job list away.
PROFILE_JOBS = 50


def _lines(value: str) -> list[str]:
    """One item per line: offices ("Berlin, Germany") and benefits contain commas."""
    return list(dict.fromkeys(line.strip() for line in value.splitlines() if line.strip()))


def company_form(company: Company) -> dict[str, Any]:
    return {
        "name": company.name,
        "domain": company.domain or "",
        "description": company.description,
        "location": company.location,
        "size_band": company.size_band.value if company.size_band else "",
        "locations": "\n".join(company.locations or []),
        "stack": join_list(company.stack),
        "benefits": "\n".join(company.benefits or []),
    }


def company_values(data: FormData) -> dict[str, Any]:
    return {
        "name": text(data, "name"),
        "domain": text(data, "domain").strip() or None,
        "description": text(data, "description"),
        "location": text(data, "location"),
        "size_band": text(data, "size_band") or None,
        "locations": _lines(text(data, "locations")),
        "stack": split_list(text(data, "stack")),
        "benefits": _lines(text(data, "benefits")),
    }


def _company_page(
    request: Request,
    principal: Principal,
    employer: EmployerContext,
    session: SessionDep,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    invited: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    company = service.get_company(session, employer.company_id)
    members = CompanyRepository(session).members(employer.company_id)
    context = {
        "company": company,
        "members": members,
        "is_admin": employer.is_admin,
        "form": form or company_form(company),
        "size_bands": [band.value for band in SizeBand],
        "errors": errors or {},
        "invited": invited,
        "vetting": vetting.vetting_of(session, employer.company_id),
        "fair_ranking": fair_ranking.company_view(session, employer.company_id),
        "fair_ranking_choices": ATTRIBUTE_CHOICES,
    }
    return render(
        request, "companies/company.html", context, principal=principal, status_code=status_code
    )


@router.get("/company", response_class=HTMLResponse)
def company_page(
    request: Request, principal: CurrentPrincipal, employer: Employer, session: SessionDep
) -> Response:
    return _company_page(request, principal, employer, session)


@router.post("/company", response_class=HTMLResponse)
def save_company(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    data: FormDep,
) -> Response:
    def act() -> None:
        body = validate(CompanyUpdate, company_values(data))
        service.update_company(
            session,
            employer.company_id,
            is_admin=employer.is_admin,
            changes=body.model_dump(exclude_unset=True),
        )

    _, errors = attempt(session, act)
    if errors:
        return _company_page(
            request, principal, employer, session, form=dict(data), errors=errors, status_code=422
        )
    return redirect("/company", "Company details saved.")


@router.get("/companies/{company_id}", response_class=HTMLResponse)
def company_profile_page(
    request: Request, company_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Response:
    """The company as candidates read it: about, size, offices, stack, benefits, open jobs."""
    company = service.get_company(session, company_id)
    jobs, total = JobRepository(session).page(
        company_id=company_id, statuses=[JobStatus.OPEN], limit=PROFILE_JOBS, offset=0
    )
    member = CompanyRepository(session).member(company_id, principal.user.id)
    context = {
        "company": CompanyProfile.model_validate(company),
        "jobs": [job for job, _ in jobs],
        "total_jobs": total,
        "is_member": member is not None,
        "is_admin": member is not None and member.role is MemberRole.ADMIN,
    }
    return render(request, "companies/profile.html", context, principal=principal)


@router.post("/company/invitations", response_class=HTMLResponse)
def invite(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    settings: SettingsDep,
    data: FormDep,
) -> Response:
    def act() -> service.NewInvitation:
        body = validate(InvitationCreate, {"email": text(data, "email")})
        return service.invite(
            session,
            employer.company_id,
            inviter=employer.user,
            is_admin=employer.is_admin,
            email=str(body.email),
            public_url=settings.public_url,
        )

    new, errors = attempt(session, act)
    if new is None:
        errors = {"invite_email": next(iter(errors.values()))}
        return _company_page(
            request,
            principal,
            employer,
            session,
            errors=errors,
            status_code=422,
        )
    # The link goes only to the address (the outbox, read by an operator, where no mail server
    # is set): whoever accepts it has shown they read that mailbox.
    return _company_page(request, principal, employer, session, invited=new.invitation.email)


@router.post("/company/members/{user_id}/remove")
def remove_member(user_id: uuid.UUID, employer: Employer, session: SessionDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.remove_member(
            session, employer.company_id, is_admin=employer.is_admin, user_id=user_id
        ),
        back="/company",
        done="Colleague removed; their account can no longer act.",
    )


@router.get("/invitations/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: str, principal: ViewerDep) -> Response:
    return render(request, "companies/invitation.html", {"token": token}, principal=principal)


@router.post("/invitations/{token}", response_class=HTMLResponse)
def accept_invitation(
    request: Request,
    token: str,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    data: FormDep,
) -> Response:
    def act() -> accounts.NewSession:
        body = validate(
            InvitationAccept,
            {"full_name": text(data, "full_name"), "password": text(data, "password")},
        )
        user = service.accept_invitation(
            session, hasher, token=token, full_name=body.full_name, password=body.password
        )
        return accounts.start_session(session, settings, user)

    new, errors = attempt(session, act)
    if new is None:
        context = {"token": token, "errors": errors, "form": {"full_name": text(data, "full_name")}}
        return render(request, "companies/invitation.html", context, status_code=422)
    response = redirect("/employer", "Welcome aboard: you can now hire with your colleagues.")
    set_session_cookies(response, new, secure=settings.cookie_secure)
    return response


# ------------------------------------------------------------------ operators: vetting


@router.get("/admin/vetting", response_class=HTMLResponse)
def vetting_queue(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
    status: Annotated[VettingStatus, Query()] = VettingStatus.PENDING,
) -> Response:
    cases, total = vetting.queue(session, status, limit=page.limit, offset=page.offset)
    context = {
        "cases": cases,
        "total": total,
        "page": page,
        "status": status,
        "statuses": list(VettingStatus),
    }
    return render(request, "admin/vetting.html", context, principal=principal)


def _case_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    company_id: uuid.UUID,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "case": vetting.case(session, company_id),
        "form": form or {},
        "errors": errors or {},
    }
    return render(
        request, "admin/vetting_company.html", context, principal=principal, status_code=status_code
    )


@router.get("/admin/vetting/{company_id}", response_class=HTMLResponse)
def vetting_case(
    request: Request,
    company_id: uuid.UUID,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
) -> Response:
    return _case_page(request, principal, session, company_id)


@router.post("/admin/vetting/{company_id}/approve")
def approve_company(
    company_id: uuid.UUID, operator: Operator, session: SessionDep, settings: SettingsDep
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: vetting.decide(
            session,
            operator,
            company_id,
            VettingStatus.APPROVED,
            public_url=settings.public_url,
        ),
        back="/admin/vetting",
        done="Approved: the company can send interview requests; its admins were e-mailed.",
        on_error=f"/admin/vetting/{company_id}",
    )


@router.post("/admin/vetting/{company_id}/reject", response_class=HTMLResponse)
def reject_company(
    request: Request,
    company_id: uuid.UUID,
    principal: CurrentPrincipal,
    operator: Operator,
    session: SessionDep,
    settings: SettingsDep,
    data: FormDep,
) -> Response:
    def act() -> None:
        body = validate(VettingReject, {"reason": text(data, "reason")})
        vetting.decide(
            session,
            operator,
            company_id,
            VettingStatus.REJECTED,
            reason=body.reason,
            public_url=settings.public_url,
        )

    _, errors = attempt(session, act)
    if errors:
        form = {"reason": text(data, "reason")}
        return _case_page(
            request, principal, session, company_id, form=form, errors=errors, status_code=422
        )
    return redirect("/admin/vetting", "Rejected: the company's admins were e-mailed your reason.")
