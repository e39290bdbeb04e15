"""The fair re-ranking options as pages: the operator's (platform) and the form on the
company page (company admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.dependencies import CurrentPrincipal, Employer, Operator
from talentmatch.deps import SessionDep
from talentmatch.fairness.ranking import service
from talentmatch.fairness.ranking.schemas import ATTRIBUTE_CHOICES, Attribute, FairRankingChange
from talentmatch.web.core import FormDep, act_and_go_back, attempt, redirect, render, text, validate

router = APIRouter(include_in_schema=False)


def _attribute(data: Any) -> Attribute | None:
    """The form's choice: an attribute, or "" for off."""
    choice = text(data, "attribute").strip() or None
    return validate(FairRankingChange, {"attribute": choice}).attribute


@router.get("/admin/fair-ranking", response_class=HTMLResponse)
def platform_page(
    request: Request, principal: CurrentPrincipal, _operator: Operator, session: SessionDep
) -> Response:
    context = {
        "option": service.platform_view(session),
        "errors": {},
        "attributes": ATTRIBUTE_CHOICES,
    }
    return render(request, "admin/fair_ranking.html", context, principal=principal)


@router.post("/admin/fair-ranking", response_class=HTMLResponse)
def save_platform_option(
    request: Request,
    principal: CurrentPrincipal,
    operator: Operator,
    session: SessionDep,
    data: FormDep,
) -> Response:
    saved, errors = attempt(
        session,
        lambda: service.set_platform_option(
            session, user_id=operator.id, attribute=_attribute(data)
        ),
    )
    if saved is None:
        context = {
            "option": service.platform_view(session),
            "errors": errors,
            "attributes": ATTRIBUTE_CHOICES,
        }
        return render(
            request, "admin/fair_ranking.html", context, principal=principal, status_code=422
        )
    if saved.attribute is None:
        return redirect("/admin/fair-ranking", "Platform-wide fair re-ranking is off.")
    label = saved.attribute.replace("_", " ")
    return redirect(
        "/admin/fair-ranking", f"Every company's candidate lists are now re-ranked by {label}."
    )


@router.post("/company/fair-ranking")
def save_company_option(employer: Employer, session: SessionDep, data: FormDep) -> Response:
    def act() -> None:
        service.set_company_option(
            session,
            employer.company_id,
            is_admin=employer.is_admin,
            user_id=employer.user.id,
            attribute=_attribute(data),
        )

    return act_and_go_back(session, act, back="/company", done="Fair re-ranking setting saved.")
