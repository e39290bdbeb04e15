from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status

from talentmatch.accounts.dependencies import CurrentUser
from talentmatch.deps import HasherDep, SessionDep
from talentmatch.kit.clock import utcnow
from talentmatch.privacy import service
from talentmatch.privacy.recorder import ProfileViewRecorder
from talentmatch.privacy.schemas import ErasureRequest, ProfileViewPublic

router = APIRouter(prefix="/api", tags=["privacy"])


def get_profile_views(request: Request) -> ProfileViewRecorder:
    recorder: ProfileViewRecorder = request.app.state.profile_views
    return recorder


ProfileViewsDep = Annotated[ProfileViewRecorder, Depends(get_profile_views)]


def export_response(content: bytes, media_type: str, extension: str) -> Response:
    filename = f"talentmatch-export-{utcnow():%Y%m%d}.{extension}"
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/me/export", response_class=Response)
def export(
    user: CurrentUser,
    session: SessionDep,
    format: Annotated[Literal["json", "zip"], Query()] = "json",
) -> Response:
    """Everything talentmatch holds about you (GDPR articles 15 and 20).

    ``format=json`` (the default): one JSON document with your account (no password hash, no
    token digests), and for a candidate the profile with parsed resume data, wish list and
    hidden companies, the resume's metadata and text, interview requests with their history
    and messages, practice and roadmap progress, e-mails sent to you, your in-app
    notifications (read or not), API tokens and sessions (metadata only) and which companies
    viewed your profile. Employers and operators get their account, e-mails, notifications,
    company membership and what they wrote or reviewed.

    ``format=zip``: a zip file with that document as ``data.json`` and the resume file, byte
    for byte as uploaded, as ``resume/<its file name>``. The JSON alone does not contain the
    resume file.
    """
    data = service.export(session, user)
    if format == "zip":
        return export_response(service.export_zip(session, user, data), "application/zip", "zip")
    return export_response(service.export_json(data), "application/json", "json")


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def erase_me(
    body: ErasureRequest, user: CurrentUser, session: SessionDep, hasher: HasherDep
) -> None:
    """Delete your account and your data (GDPR article 17); needs your password.

    Gone: account, sessions and API tokens, profile, resume, practice data, profile views and
    e-mails to you. Interview requests stay with the companies that sent them, without your
    name, contact details, profile or messages; unanswered ones are closed as declined.
    """
    service.erase(session, hasher, user, body.password)


@router.get("/me/profile-views")
def my_profile_views(user: CurrentUser, session: SessionDep) -> list[ProfileViewPublic]:
    """Which companies opened your profile, newest first (at most one entry an hour each)."""
    return service.my_profile_views(session, user)
