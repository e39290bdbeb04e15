"""Matches in the marketplace: hard constraints in SQL and code, then the engine ranks and
explains. Profiles and jobs become :class:`MatchProfile` objects from their stored fields and
the parsed structure the parsers kept."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile, ResumeFile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.service import get_company
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job, to_public
from talentmatch.kit.clock import utcnow
from talentmatch.matching.schemas import CandidateMatch, JobMatch
from talentmatch.matching.training import ranking_engine
from talentmatch.ml.matching import Match, MatchProfile
from talentmatch.understanding import Understanding

# A candidate's minimum may exceed the band by this much before the job is excluded.
SALARY_TOLERANCE = 1.10


def candidate_profile(
    understanding: Understanding, profile: CandidateProfile, resume_text: str
) -> MatchProfile:
    parsed = profile.parsed or {}
    taxonomy = understanding.skills.taxonomy
    text = resume_text or "\n".join(
        [profile.headline, profile.summary, ", ".join(profile.skills or [])]
    )
    return MatchProfile(
        id=str(profile.id),
        kind="candidate",
        title=(profile.titles or [""])[0],
        titles=tuple((profile.titles or [])[:3]),
        text=text[:4000],
        skills=tuple(s.id for s in taxonomy.normalize(profile.skills or [])),
        seniority=parsed.get("seniority"),
        occupation=(parsed.get("occupation") or {}).get("code"),
        country=profile.country,
        remote=profile.remote_preference.value,
        salary_min=profile.min_salary,
        currency=profile.salary_currency,
        target_roles=tuple(profile.target_roles or []),
        years_experience=profile.years_experience,
    )


def job_profile(understanding: Understanding, job: Job) -> MatchProfile:
    parsed = job.parsed or {}
    taxonomy = understanding.skills.taxonomy
    return MatchProfile(
        id=str(job.id),
        kind="job",
        title=job.title,
        text=f"{job.title}\n{job.description}"[:4000],
        skills=tuple(s.id for s in taxonomy.normalize(job.required_skills or [])),
        nice_skills=tuple(s.id for s in taxonomy.normalize(job.nice_to_have_skills or [])),
        seniority=job.seniority.value if job.seniority else parsed.get("seniority"),
        occupation=(parsed.get("occupation") or {}).get("code"),
        country=job.country,
        remote=job.remote_policy.value,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        currency=job.currency,
    )


def compatible(profile: CandidateProfile, job: Job) -> bool:
    """Hard constraints: place and remote policy, work authorisation, salary."""
    remote_job = job.remote_policy.value == "remote"
    if not remote_job:
        if profile.remote_preference.value == "remote":
            return False
        if job.country and profile.country and job.country != profile.country:
            allowed = set(profile.work_authorizations or [])
            if job.country not in allowed:
                return False
    offered = job.salary_max or job.salary_min
    if profile.min_salary and offered and profile.salary_currency == job.currency:
        return profile.min_salary <= offered * SALARY_TOLERANCE
    return True


def resume_texts(session: Session, profile_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = session.execute(
        sa.select(ResumeFile.profile_id, ResumeFile.text).where(
            ResumeFile.profile_id.in_(profile_ids)
        )
    ).all()
    return {profile_id: text for profile_id, text in rows}


def candidates_for_job(
    session: Session,
    understanding: Understanding,
    *,
    company_id: uuid.UUID,
    job_id: uuid.UUID,
    limit: int,
) -> tuple[list[CandidateMatch], int, int]:
    job = own_job(session, job_id, company_id)
    repo = CandidateRepository(session)
    company = get_company(session, company_id)
    visible = session.scalars(repo.visible_query(repo.keys_hiding_from(company), utcnow())).all()
    eligible = [p for p in visible if compatible(p, job)]
    texts = resume_texts(session, [p.id for p in eligible])
    by_id = {str(p.id): p for p in eligible}
    ranked = ranking_engine(session, understanding).rank_candidates(
        job_profile(understanding, job),
        [candidate_profile(understanding, p, texts.get(p.id, "")) for p in eligible],
        top=limit,
    )
    cards = candidates.employer_views(session, company_id, [by_id[m.candidate_id] for m in ranked])
    items = [
        CandidateMatch(
            candidate=card, score=m.score, features=m.features, explanation=m.explanation
        )
        for card, m in zip(cards, ranked, strict=True)
    ]
    return items, len(visible), len(visible) - len(eligible)


def jobs_for_candidate(
    session: Session, understanding: Understanding, *, profile: CandidateProfile, limit: int
) -> tuple[list[JobMatch], int, int]:
    jobs = session.scalars(sa.select(Job).where(Job.status == JobStatus.OPEN)).all()
    eligible = [j for j in jobs if compatible(profile, j)]
    resume = CandidateRepository(session).resume(profile.id)
    ranked: list[Match] = ranking_engine(session, understanding).rank_jobs(
        candidate_profile(understanding, profile, resume.text if resume else ""),
        [job_profile(understanding, j) for j in eligible],
        top=limit,
    )
    by_id = {str(j.id): j for j in eligible}
    names = JobRepository(session).company_names({by_id[m.job_id].company_id for m in ranked})
    items = [
        JobMatch(
            job=to_public(by_id[m.job_id], names[by_id[m.job_id].company_id]),
            score=m.score,
            features=m.features,
            explanation=m.explanation,
        )
        for m in ranked
    ]
    return items, len(jobs), len(jobs) - len(eligible)


def explain_pair(
    session: Session, understanding: Understanding, profile: CandidateProfile, job: Job
) -> Match:
    """The engine's score and explanation for one candidate and one job (e.g. beside an
    interview request), whatever their state."""
    resume = CandidateRepository(session).resume(profile.id)
    ranked = ranking_engine(session, understanding).rank_jobs(
        candidate_profile(understanding, profile, resume.text if resume else ""),
        [job_profile(understanding, job)],
        top=1,
    )
    return ranked[0]
