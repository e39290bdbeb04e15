"""Re-parse stored resumes and jobs whose parsed structure is missing or from an older parser."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from talentmatch.ml.jobs import PARSER_VERSION as JOB_PARSER
from talentmatch.ml.resume import PARSER_VERSION as RESUME_PARSER
from talentmatch.ml.text import DocumentError
from talentmatch.profiling.repository import ParsedRepository
from talentmatch.understanding import Understanding


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
    repo = ParsedRepository(session)
    profiles = repo.outdated_profiles(RESUME_PARSER)
    for start in range(0, len(profiles), batch_size):
        chunk = profiles[start : start + batch_size]
        resumes = repo.resumes_by_profile([p.id for p in chunk])
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
    jobs = repo.outdated_jobs(JOB_PARSER)
    for job in jobs:
        job.parsed = understanding.read_job(job.title, job.description).as_dict()
        counts["jobs"] += 1
        tick(1)
    session.flush()
    return counts


def count_outdated(session: Session) -> int:
    return ParsedRepository(session).count_outdated(RESUME_PARSER, JOB_PARSER)
