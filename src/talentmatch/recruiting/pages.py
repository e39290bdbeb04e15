"""The employer's pool page (search and filters, shortlists, notes, saved searches) and the
scorecard form on a request's page."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts.dependencies import CurrentPrincipal, Employer
from talentmatch.candidates.models import RemotePreference
from talentmatch.candidates.schemas import ProfileSearch
from talentmatch.deps import SessionDep
from talentmatch.interviews import disclosure
from talentmatch.jobs.models import Seniority
from talentmatch.kit.pagination import PageDep
from talentmatch.ml import money
from talentmatch.recruiting import service
from talentmatch.recruiting.schemas import (
    NoteCreate,
    SavedSearchCreate,
    ScorecardCreate,
    ShortlistCreate,
)
from talentmatch.web.core import FormDep, FormErrors, act_and_go_back, render, text, validate

router = APIRouter(include_in_schema=False)

FILTER_FIELDS = tuple(ProfileSearch.model_fields)


def _filters(values: dict[str, str]) -> dict[str, str]:
    """The filter fields that were filled in (an empty box is no filter)."""
    return {k: values[k].strip() for k in FILTER_FIELDS if values.get(k, "").strip()}


def _back_to_pool(data: Any) -> str:
    """The pool page with the filters the form was sent from (only filter fields kept)."""
    query = urlencode(_filters(dict(parse_qsl(text(data, "query")))))
    return "/pool" + (f"?{query}" if query else "")


@router.get("/pool", response_class=HTMLResponse)
def pool_page(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    page: PageDep,
) -> Response:
    form = _filters(dict(request.query_params))
    errors: dict[str, str] = {}
    try:
        search = validate(ProfileSearch, form)
    except FormErrors as exc:
        errors, search = exc.errors, ProfileSearch()
    # Refused filters search nothing: an unfiltered list under them would read as their result.
    items, total = (
        ([], 0)
        if errors
        else disclosure.browse_for_company(
            session, employer.company_id, search, limit=page.limit, offset=page.offset
        )
    )
    ids = [c.id for c in items]
    context = {
        "items": items,
        "total": total,
        "page": page,
        # The currency box shows the one amounts are read in, USD unless chosen.
        "form": {"currency": search.currency, **form},
        "errors": errors,
        "query": urlencode(form),
        "levels": [s.value for s in Seniority],
        # "any" is the blank choice ("Any way"), not a second option.
        "remotes": [r.value for r in RemotePreference if r is not RemotePreference.ANY],
        "currencies": money.convertible_currencies(),
        "shortlists": service.shortlists(session, employer.company_id),
        "on_lists": service.shortlists_holding(session, employer.company_id, ids),
        "notes": service.notes_among(session, employer.company_id, ids),
        "saved": service.saved_searches(session, employer.company_id),
    }
    return render(request, "recruiting/pool.html", context, principal=principal)


@router.post("/pool/shortlists")
def create_shortlist(employer: Employer, session: SessionDep, data: FormDep) -> RedirectResponse:
    def act() -> None:
        body = validate(ShortlistCreate, {"name": text(data, "name")})
        service.create_shortlist(session, employer.company_id, body.name)

    return act_and_go_back(
        session, act, back=_back_to_pool(data), done=f"Shortlist {text(data, 'name')!r} made."
    )


@router.post("/pool/shortlists/add")
def add_to_shortlist(employer: Employer, session: SessionDep, data: FormDep) -> RedirectResponse:
    def act() -> None:
        try:
            shortlist_id = uuid.UUID(text(data, "shortlist_id"))
            profile_id = uuid.UUID(text(data, "profile_id"))
        except ValueError as exc:
            raise FormErrors({"shortlist_id": "Choose a shortlist."}) from exc
        service.add_to_shortlist(
            session, employer.user, employer.company_id, shortlist_id, profile_id
        )

    return act_and_go_back(session, act, back=_back_to_pool(data), done="Added to the shortlist.")


@router.get("/shortlists/{shortlist_id}", response_class=HTMLResponse)
def shortlist_page(
    request: Request,
    shortlist_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
) -> Response:
    detail = service.shortlist_detail(session, employer.company_id, shortlist_id)
    return render(request, "recruiting/shortlist.html", {"shortlist": detail}, principal=principal)


@router.post("/shortlists/{shortlist_id}/remove")
def remove_from_shortlist(
    shortlist_id: uuid.UUID, employer: Employer, session: SessionDep, data: FormDep
) -> RedirectResponse:
    def act() -> None:
        service.remove_from_shortlist(
            session, employer.company_id, shortlist_id, uuid.UUID(text(data, "profile_id"))
        )

    return act_and_go_back(
        session, act, back=f"/shortlists/{shortlist_id}", done="Taken off the shortlist."
    )


@router.post("/pool/candidates/{profile_id}/notes")
def add_note(
    profile_id: uuid.UUID, employer: Employer, session: SessionDep, data: FormDep
) -> RedirectResponse:
    def act() -> None:
        body = validate(NoteCreate, {"body": text(data, "body")})
        service.add_note(session, employer.user, employer.company_id, profile_id, body.body)

    return act_and_go_back(session, act, back=_back_to_pool(data), done="Note saved.")


@router.post("/pool/saved-searches")
def save_search(employer: Employer, session: SessionDep, data: FormDep) -> RedirectResponse:
    def act() -> None:
        filters = validate(ProfileSearch, _filters({k: text(data, k) for k in FILTER_FIELDS}))
        body = validate(
            SavedSearchCreate,
            {
                "name": text(data, "name"),
                "filters": filters.model_dump(exclude_unset=True),
                "alerts": bool(text(data, "alerts")),
            },
        )
        service.save_search(
            session, employer.user, employer.company_id, body.name, filters, alerts=body.alerts
        )

    return act_and_go_back(
        session, act, back=_back_to_pool(data), done="Search saved: we e-mail you new matches."
    )


@router.post("/pool/saved-searches/{search_id}/delete")
def delete_saved_search(
    search_id: uuid.UUID, employer: Employer, session: SessionDep, data: FormDep
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.delete_saved_search(session, employer.company_id, search_id),
        back=_back_to_pool(data),
        done="Saved search deleted: no more alerts from it.",
    )


@router.post("/requests/{request_id}/scorecards")
def record_scorecard(
    request_id: uuid.UUID, employer: Employer, session: SessionDep, data: FormDep
) -> RedirectResponse:
    def act() -> None:
        body = validate(
            ScorecardCreate,
            {
                "stage": text(data, "stage"),
                "rating": text(data, "rating"),
                "notes": text(data, "notes"),
            },
        )
        service.record_scorecard(session, employer.user, employer.company_id, request_id, body)

    return act_and_go_back(
        session, act, back=f"/requests/{request_id}#scorecards", done="Scorecard saved."
    )
