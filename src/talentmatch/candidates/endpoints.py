from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Response, UploadFile, status
from sqlalchemy.orm import Session

from talentmatch.accounts.dependencies import Candidate, Employer, Operator
from talentmatch.accounts.throttle import UPLOAD_LIMIT
from talentmatch.candidates import service
from talentmatch.candidates.files import OCTET_STREAM, SERVED_TYPES, stored_filename
from talentmatch.candidates.models import CandidateProfile, ResumeFile, ResumeStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import (
    EmployerProfileView,
    HiddenCompanyCreate,
    HiddenCompanyPublic,
    OwnerProfileView,
    ProfileSearch,
    ProfileUpdate,
    RejectRequest,
    ResumeInfo,
    ResumeUploaded,
)
from talentmatch.deps import (
    SessionDep,
    SettingsDep,
    TasksDep,
    UnderstandingDep,
    WriterDep,
    writes_in_own_unit,
)
from talentmatch.interviews import disclosure
from talentmatch.kit.errors import NotFound
from talentmatch.kit.http import attachment
from talentmatch.kit.pagination import Page, PageDep
from talentmatch.privacy.endpoints import ProfileViewsDep

router = APIRouter(prefix="/api", tags=["candidates"])


def _download(resume: ResumeFile) -> Response:
    # The type found in the bytes at upload, and a name to match (files saved before names
    # were fixed may still say cv.exe): saved as a file, never shown or run by the browser.
    media_type = resume.media_type if resume.media_type in SERVED_TYPES else OCTET_STREAM
    return Response(
        resume.content,
        media_type=media_type,
        headers={
            "Content-Disposition": attachment(stored_filename(resume.filename, media_type)),
            "X-Content-Type-Options": "nosniff",
        },
    )


# ----------------------------------------------------------------------- the candidate


@router.get("/candidates/me")
def my_profile(candidate: Candidate, session: SessionDep) -> OwnerProfileView:
    return service.owner_view(session, candidate.profile)


@router.get("/candidates/me/preview")
def preview_my_profile(candidate: Candidate, session: SessionDep) -> EmployerProfileView:
    """The profile as a company reads it before you accept its request: the same view as
    ``GET /api/candidates/{id}`` gives a company (no name, contact, photo or links; contact
    details taken out of the free text; the approved text while edits wait for review)."""
    return service.preview_view(session, candidate.profile)


@router.patch("/candidates/me")
def update_my_profile(
    body: ProfileUpdate, candidate: Candidate, session: SessionDep
) -> OwnerProfileView:
    service.update_profile(session, candidate.profile, body.model_dump(exclude_unset=True))
    return service.owner_view(session, candidate.profile)


@router.put("/candidates/me/resume", dependencies=[UPLOAD_LIMIT])
@writes_in_own_unit
def upload_resume(
    file: Annotated[UploadFile, File(description="PDF, DOCX, TXT or Markdown")],
    candidate: Candidate,
    settings: SettingsDep,
    understanding: UnderstandingDep,
    writer: WriterDep,
    tasks: TasksDep,
) -> ResumeUploaded:
    """Store a resume and read it; the profile's empty fields are filled from it. With
    background workers (``TALENTMATCH_TASK_RUNNER=worker``) the answer comes at once with
    ``status: reading``: poll ``GET /api/candidates/me/resume/status`` until it is ``ready``
    (or ``failed``, with the reason). In-process, the file is read before the answer."""
    # Read one byte past the limit: enough to tell "too large" without reading it all.
    content = file.file.read(settings.max_upload_bytes + 1)
    if tasks.reads_in_background:
        checked = service.check_resume(settings, filename=file.filename, content=content)
        with writer() as session:
            profile = service.own_profile(session, candidate.profile.id)
            resume = service.store_unread_resume(session, profile, checked)
            answer = _reading(session, profile, resume)
        tasks.read_resume(resume.id, resume.sha256)  # committed: a worker may read it now
        return answer
    read = service.read_resume(settings, understanding, filename=file.filename, content=content)
    with writer() as session:
        profile = service.own_profile(session, candidate.profile.id)
        resume, _ = service.store_resume(session, profile, read)
        return _reading(session, profile, resume)


def _reading(session: Session, profile: CandidateProfile, resume: ResumeFile) -> ResumeUploaded:
    ready = resume.status is ResumeStatus.READY
    return ResumeUploaded(
        status=resume.status,
        message=service.resume_message(resume),
        resume=ResumeInfo.model_validate(resume),
        filled_fields=resume.filled_fields if ready else [],
        parsed=profile.parsed if ready else {},
        profile=service.owner_view(session, profile),
    )


@router.get("/candidates/me/resume/status")
def my_resume_status(candidate: Candidate, session: SessionDep) -> ResumeUploaded:
    """The latest upload's reading: ``reading`` until the background task is done, then
    ``ready`` (what was read and filled) or ``failed`` (why)."""
    resume = CandidateRepository(session).resume_info(candidate.profile.id)
    if resume is None:
        raise NotFound("resume")
    return _reading(session, candidate.profile, resume)


@router.get("/candidates/me/resume", response_class=Response)
def download_my_resume(candidate: Candidate, session: SessionDep) -> Response:
    resume = CandidateRepository(session).resume(candidate.profile.id)
    if resume is None:
        raise NotFound("resume")
    return _download(resume)


@router.post("/candidates/me/submit")
def submit(candidate: Candidate, session: SessionDep) -> OwnerProfileView:
    service.submit_for_review(session, candidate.profile)
    return service.owner_view(session, candidate.profile)


@router.post("/candidates/me/pause")
def pause(candidate: Candidate, session: SessionDep) -> OwnerProfileView:
    service.pause(session, candidate.profile)
    return service.owner_view(session, candidate.profile)


@router.post("/candidates/me/renew")
def renew(candidate: Candidate, session: SessionDep, settings: SettingsDep) -> OwnerProfileView:
    """Go live again after a pause, or extend the live period."""
    service.go_live_again(session, settings, candidate.profile)
    return service.owner_view(session, candidate.profile)


@router.get("/candidates/me/hidden-companies")
def list_hidden(candidate: Candidate, session: SessionDep) -> list[HiddenCompanyPublic]:
    hidden = CandidateRepository(session).hidden_companies(candidate.profile.id)
    return [HiddenCompanyPublic.model_validate(h) for h in hidden]


@router.post("/candidates/me/hidden-companies", status_code=status.HTTP_201_CREATED)
def hide_company(
    body: HiddenCompanyCreate, candidate: Candidate, session: SessionDep
) -> HiddenCompanyPublic:
    hidden = service.add_hidden_company(session, candidate.profile, body.name_or_domain)
    return HiddenCompanyPublic.model_validate(hidden)


@router.delete(
    "/candidates/me/hidden-companies/{hidden_id}", status_code=status.HTTP_204_NO_CONTENT
)
def unhide_company(hidden_id: uuid.UUID, candidate: Candidate, session: SessionDep) -> None:
    service.remove_hidden_company(session, candidate.profile, hidden_id)


# ------------------------------------------------------------------------ employers


@router.get("/candidates")
def browse(
    employer: Employer,
    session: SessionDep,
    page: PageDep,
    search: Annotated[ProfileSearch, Depends()],
) -> Page[EmployerProfileView]:
    """Live profiles this company may see, blind unless the candidate accepted its request."""
    items, total = disclosure.browse_for_company(
        session, employer.company_id, search, limit=page.limit, offset=page.offset
    )
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/candidates/{profile_id}")
def view_candidate(
    profile_id: uuid.UUID, employer: Employer, session: SessionDep, views: ProfileViewsDep
) -> EmployerProfileView:
    profile = disclosure.profile_for_company(session, employer.company_id, profile_id)
    views.viewed(employer.company_id, profile.id)  # the candidate sees who looked
    return disclosure.employer_views(session, employer.company_id, [profile])[0]


@router.get("/candidates/{profile_id}/resume", response_class=Response)
def download_candidate_resume(
    profile_id: uuid.UUID, employer: Employer, session: SessionDep
) -> Response:
    return _download(disclosure.resume_for_company(session, employer.company_id, profile_id))


# ------------------------------------------------------------------------ operators


@router.get("/review/profiles")
def review_queue(_operator: Operator, session: SessionDep, page: PageDep) -> Page[OwnerProfileView]:
    items, total = service.review_queue(session, limit=page.limit, offset=page.offset)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/review/profiles/{profile_id}")
def review_profile(
    profile_id: uuid.UUID, _operator: Operator, session: SessionDep
) -> OwnerProfileView:
    return service.operator_view(session, profile_id)


@router.get("/review/profiles/{profile_id}/resume", response_class=Response)
def download_resume_for_review(
    profile_id: uuid.UUID, _operator: Operator, session: SessionDep
) -> Response:
    """The uploaded file, for the operator who reviews what was parsed from it."""
    return _download(service.resume_for_review(session, profile_id))


@router.post("/review/profiles/{profile_id}/approve")
def approve(
    profile_id: uuid.UUID, operator: Operator, session: SessionDep, settings: SettingsDep
) -> OwnerProfileView:
    profile = service.approve(session, settings, operator, profile_id)
    return service.owner_view(session, profile)


@router.post("/review/profiles/{profile_id}/reject")
def reject(
    profile_id: uuid.UUID, body: RejectRequest, operator: Operator, session: SessionDep
) -> OwnerProfileView:
    profile = service.reject(session, operator, profile_id, body.reason)
    return service.owner_view(session, profile)
