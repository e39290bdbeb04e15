"""The candidate's profile, resume, wish list and privacy pages; the operator's review queue."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentmatch.accounts.dependencies import (
    Candidate,
    CandidateContext,
    CurrentPrincipal,
    Operator,
    Principal,
)
from talentmatch.accounts.throttle import UPLOAD_LIMIT
from talentmatch.candidates import service
from talentmatch.candidates.models import ProfileStatus, RemotePreference, ResumeStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import (
    HiddenCompanyCreate,
    OwnerProfileView,
    ProfileUpdate,
    RejectRequest,
)
from talentmatch.deps import (
    SessionDep,
    SettingsDep,
    TasksDep,
    UnderstandingDep,
    WriterDep,
    writes_in_own_unit,
)
from talentmatch.kit.pagination import PageDep
from talentmatch.web.core import (
    FormData,
    FormDep,
    FormErrors,
    act_and_go_back,
    attempt,
    join_list,
    number,
    redirect,
    render,
    split_list,
    text,
    upload,
    validate,
)

router = APIRouter(include_in_schema=False)

PROFILE_FIELDS = ("headline", "summary", "location", "country", "phone", "photo_url")
PROFILE_LISTS = ("titles", "skills", "work_authorizations")
WISH_LISTS = ("target_roles", "target_locations", "specialisms")


def profile_changes(data: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: text(data, name) for name in PROFILE_FIELDS}
    values.update({name: split_list(text(data, name)) for name in PROFILE_LISTS})
    values["links"] = [line.strip() for line in text(data, "links").splitlines() if line.strip()]
    values["years_experience"] = number(data, "years_experience", float)
    return values


def wish_list_changes(data: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: split_list(text(data, name)) for name in WISH_LISTS}
    values["remote_preference"] = text(data, "remote_preference") or "any"
    values["min_salary"] = number(data, "min_salary")
    values["salary_currency"] = text(data, "salary_currency") or "USD"
    # An empty box: can start now.
    values["available_from"] = text(data, "available_from").strip() or None
    return values


def profile_form(view: OwnerProfileView) -> dict[str, Any]:
    """The profile as the form shows it: lists joined for one text box each."""
    form: dict[str, Any] = view.model_dump()
    for name in (*PROFILE_LISTS, *WISH_LISTS):
        form[name] = join_list(form[name])
    form["links"] = "\n".join(view.contact.links)
    form["phone"], form["photo_url"] = view.contact.phone, view.contact.photo_url
    form["remote_preference"] = view.remote_preference.value
    form["available_from"] = view.available_from.isoformat() if view.available_from else ""
    return form


def _profile_page(
    request: Request,
    principal: Principal,
    session: Session,
    candidate: CandidateContext,
    *,
    template: str,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    view = service.owner_view(session, candidate.profile)
    context = {
        "profile": view,
        "parsed": candidate.profile.parsed or {},
        "form": form if form is not None else profile_form(view),
        "errors": errors or {},
        "remote_choices": [p.value for p in RemotePreference],
        "editable": candidate.profile.status is not ProfileStatus.SUBMITTED,
    }
    response = render(request, template, context, principal=principal, status_code=status_code)
    if view.resume_status is ResumeStatus.READING:
        # The page comes again until the background task has read the file (no script).
        response.headers["Refresh"] = str(READING_REFRESH_SECONDS)
    return response


READING_REFRESH_SECONDS = 3


@router.get("/me/profile", response_class=HTMLResponse)
def profile_page(
    request: Request, principal: CurrentPrincipal, candidate: Candidate, session: SessionDep
) -> Response:
    return _profile_page(request, principal, session, candidate, template="candidates/profile.html")


@router.get("/me/preview", response_class=HTMLResponse)
def preview_page(
    request: Request, principal: CurrentPrincipal, candidate: Candidate, session: SessionDep
) -> Response:
    """The profile exactly as a company reads it before the candidate accepts its request."""
    profile = candidate.profile
    context = {
        "card": service.preview_view(session, profile),
        "is_visible": service.is_visible(profile),
        "edits_waiting": profile.edits_submitted_at is not None,
        "hidden": [h.label for h in CandidateRepository(session).hidden_companies(profile.id)],
    }
    return render(request, "candidates/preview.html", context, principal=principal)


def _save_fields(
    request: Request,
    principal: Principal,
    candidate: CandidateContext,
    session: Session,
    read: Callable[[FormData], dict[str, Any]],
    *,
    template: str,
    back: str,
    done: str,
    data: FormData,
) -> Response:
    """Validate and save profile fields; on an error show the page again with the input."""

    def act() -> None:
        body = validate(ProfileUpdate, read(data))
        service.update_profile(session, candidate.profile, body.model_dump(exclude_unset=True))

    _, errors = attempt(session, act)
    if errors:
        return _profile_page(
            request,
            principal,
            session,
            candidate,
            template=template,
            form=dict(data),
            errors=errors,
            status_code=422,
        )
    return redirect(back, done)


@router.post("/me/profile", response_class=HTMLResponse)
def save_profile(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    data: FormDep,
) -> Response:
    return _save_fields(
        request,
        principal,
        candidate,
        session,
        profile_changes,
        template="candidates/profile.html",
        back="/me/profile",
        done="Profile saved.",
        data=data,
    )


@router.post("/me/resume", response_class=HTMLResponse, dependencies=[UPLOAD_LIMIT])
@writes_in_own_unit
def upload_resume(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    settings: SettingsDep,
    understanding: UnderstandingDep,
    writer: WriterDep,
    tasks: TasksDep,
    data: FormDep,
) -> Response:
    def act() -> list[str] | None:
        file = upload(data, "file")
        if file is None:
            raise FormErrors({"file": "choose a resume file (PDF, DOCX, TXT or Markdown)"})
        content = file.file.read(settings.max_upload_bytes + 1)
        if tasks.reads_in_background:
            # Stored now, read by a worker: the profile page says so and refreshes.
            checked = service.check_resume(settings, filename=file.filename, content=content)
            with writer() as write:
                profile = service.own_profile(write, candidate.profile.id)
                resume = service.store_unread_resume(write, profile, checked)
            tasks.read_resume(resume.id, resume.sha256)
            return None
        # Read first (slow, nothing written), then write in a unit of work of its own.
        read = service.read_resume(settings, understanding, filename=file.filename, content=content)
        with writer() as write:
            profile = service.own_profile(write, candidate.profile.id)
            return service.store_resume(write, profile, read)[1]

    filled, errors = attempt(session, act)
    if errors:
        return _profile_page(
            request,
            principal,
            session,
            candidate,
            template="candidates/profile.html",
            errors=errors,
            status_code=422,
        )
    if filled is None:
        return redirect(
            "/me/profile",
            "Resume uploaded. We are reading it: this page refreshes by itself until the "
            "fields are filled.",
        )
    message = (
        "Resume read. Filled from it: " + ", ".join(f.replace("_", " ") for f in filled) + "."
        if filled
        else "Resume read. Your own entries were kept; check the parsed fields below."
    )
    return redirect("/me/profile", message + " Check each field and correct what is wrong.")


@router.get("/me/wishlist", response_class=HTMLResponse)
def wish_list_page(
    request: Request, principal: CurrentPrincipal, candidate: Candidate, session: SessionDep
) -> Response:
    return _profile_page(
        request, principal, session, candidate, template="candidates/wishlist.html"
    )


@router.post("/me/wishlist", response_class=HTMLResponse)
def save_wish_list(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    data: FormDep,
) -> Response:
    return _save_fields(
        request,
        principal,
        candidate,
        session,
        wish_list_changes,
        template="candidates/wishlist.html",
        back="/me/wishlist",
        done="Wish list saved.",
        data=data,
    )


@router.post("/me/submit")
def submit(candidate: Candidate, session: SessionDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.submit_for_review(session, candidate.profile),
        back="/me/profile",
        done="Submitted for review: an operator will approve it or tell you what to change.",
    )


@router.post("/me/pause")
def pause(candidate: Candidate, session: SessionDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.pause(session, candidate.profile),
        back="/me/profile",
        done="Paused: companies no longer find your profile.",
    )


@router.post("/me/renew")
def renew(candidate: Candidate, session: SessionDep, settings: SettingsDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.go_live_again(session, settings, candidate.profile),
        back="/me/profile",
        done="Your profile is live again.",
    )


@router.post("/me/hidden-companies", response_class=HTMLResponse)
def hide_company(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    data: FormDep,
) -> Response:
    def act() -> str:
        body = validate(HiddenCompanyCreate, {"name_or_domain": text(data, "name_or_domain")})
        return service.add_hidden_company(session, candidate.profile, body.name_or_domain).label

    label, errors = attempt(session, act)
    if errors:
        errors = {"name_or_domain": next(iter(errors.values()))}
        return _profile_page(
            request,
            principal,
            session,
            candidate,
            template="candidates/wishlist.html",
            errors=errors,
            status_code=422,
        )
    return redirect("/me/wishlist", f"{label} can no longer see your profile.")


@router.post("/me/hidden-companies/{hidden_id}/delete")
def unhide_company(
    hidden_id: uuid.UUID, candidate: Candidate, session: SessionDep
) -> RedirectResponse:
    service.remove_hidden_company(session, candidate.profile, hidden_id)
    return redirect("/me/wishlist", "Removed from the hidden companies.")


# ------------------------------------------------------------------------ operators


@router.get("/review", response_class=HTMLResponse)
def review_queue(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
) -> Response:
    items, total = service.review_queue(session, limit=page.limit, offset=page.offset)
    context = {"items": items, "total": total, "page": page}
    return render(request, "review/queue.html", context, principal=principal)


@router.get("/review/{profile_id}", response_class=HTMLResponse)
def review_profile(
    request: Request,
    profile_id: uuid.UUID,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
) -> Response:
    view = service.operator_view(session, profile_id)
    return render(request, "review/profile.html", {"profile": view}, principal=principal)


@router.post("/review/{profile_id}/approve")
def approve(
    profile_id: uuid.UUID, operator: Operator, session: SessionDep, settings: SettingsDep
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.approve(session, settings, operator, profile_id),
        back="/review",
        done="Approved: the profile is live.",
        on_error=f"/review/{profile_id}",
    )


@router.post("/review/{profile_id}/reject", response_class=HTMLResponse)
def reject(
    request: Request,
    profile_id: uuid.UUID,
    principal: CurrentPrincipal,
    operator: Operator,
    session: SessionDep,
    data: FormDep,
) -> Response:
    def act() -> None:
        body = validate(RejectRequest, {"reason": text(data, "reason")})
        service.reject(session, operator, profile_id, body.reason)

    _, errors = attempt(session, act)
    if errors:
        view = service.operator_view(session, profile_id)
        context = {"profile": view, "errors": errors, "form": {"reason": text(data, "reason")}}
        return render(request, "review/profile.html", context, principal=principal, status_code=422)
    return redirect("/review", "Rejected: the candidate sees your reason.")
