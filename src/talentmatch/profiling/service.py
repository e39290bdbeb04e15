"""Re-parse stored resumes and jobs whose parsed structure is missing or from an older parser."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile, ResumeFile
from talentmatch.jobs.models import Job
from talentmatch.ml.jobs import PARSER_VERSION as JOB_PARSER
from talentmatch.ml.resume import PARSER_VERSION as RESUME_PARSER
from talentmatch.ml.text import DocumentError
from talentmatch.understanding import Understanding


def _outdated(
    column: sa.orm.InstrumentedAttribute[dict[str, object]], version: str
) -> sa.ColumnElement[bool]:
    # The version sits inside the JSON document; compare it as text on both databases.
    return sa.func.coalesce(column["parser_version"].as_string(), "") != version


def reparse(
    session: Session,
    understanding: Understanding,
    *,
    progress: Callable[[int], object] | None = None,
    batch_size: int = 200,
) -> dict[str, int]:
    """Parse again every resume and job whose structure the current parsers did not write.

    Only the ``parsed`` structure changes: fields the candidate or employer wrote are kept.
    Returns how many of each were re-parsed (and how many resumes could not be read).
    """
    tick = progress or (lambda _n: None)
    counts = {"resumes": 0, "unreadable_resumes": 0, "jobs": 0}
    profiles = session.scalars(
        sa.select(CandidateProfile).where(_outdated(CandidateProfile.parsed, RESUME_PARSER))
    ).all()
    for start in range(0, len(profiles), batch_size):
        chunk = profiles[start : start + batch_size]
        resumes = {
            r.profile_id: r
            for r in session.scalars(
                sa.select(ResumeFile).where(ResumeFile.profile_id.in_([p.id for p in chunk]))
            )
        }
        for profile in chunk:
            resume = resumes.get(profile.id)
            if resume is not None:
                try:
                    extracted, parsed = understanding.read_resume(resume.content, resume.media_type)
                except DocumentError:
                    counts["unreadable_resumes"] += 1
                else:
                    resume.text = extracted.text
                    profile.parsed = parsed.as_dict()
                    counts["resumes"] += 1
            tick(1)
        session.flush()
    jobs = session.scalars(sa.select(Job).where(_outdated(Job.parsed, JOB_PARSER))).all()
    for job in jobs:
        job.parsed = understanding.read_job(job.title, job.description).as_dict()
        counts["jobs"] += 1
        tick(1)
    session.flush()
    return counts


def count_outdated(session: Session) -> int:
    profiles = session.scalar(
        sa.select(sa.func.count())
        .select_from(CandidateProfile)
        .where(_outdated(CandidateProfile.parsed, RESUME_PARSER))
    )
    jobs = session.scalar(
        sa.select(sa.func.count()).select_from(Job).where(_outdated(Job.parsed, JOB_PARSER))
    )
    return (profiles or 0) + (jobs or 0)
