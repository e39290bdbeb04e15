"""Profiles and jobs as the matcher sees them (:class:`MatchProfile`), from their stored fields
and the parsed structure the parsers kept. Apart from the service so that the indexer and the
training, which the service imports, build them the same way without importing it back."""

from __future__ import annotations

from collections.abc import Callable

from talentmatch.candidates.models import CandidateProfile
from talentmatch.jobs.models import Job
from talentmatch.ml.identity import Identity, blind_skill_ids, stored_identity
from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.stored import StoredParse
from talentmatch.understanding import Understanding


def profile_identity(profile: CandidateProfile) -> Identity:
    """Who the profile says the person is (name and contact details): what every score leaves
    out."""
    return stored_identity(profile.parsed, phone=profile.phone, links=profile.links or [])


def blind_skill_names(
    understanding: Understanding, profile: CandidateProfile, resume_text: Callable[[], str]
) -> list[str]:
    """The profile's skills as taxonomy ids, without any an older parse read from the
    person's name (``resume_text`` is read only when such a skill is there)."""
    extractor = understanding.skills
    ids = list(dict.fromkeys(s.id for s in extractor.taxonomy.normalize(profile.skills or [])))
    return blind_skill_ids(
        ids,
        parsed=profile.parsed,
        identity=profile_identity(profile),
        blinder=understanding.blinder,
        extractor=extractor,
        resume_text=resume_text,
    )


# A change to what these builders make must bump matching.repository.PROFILE_FORMAT: the
# indexer keeps what they built (match_profiles) for requests to read.


def candidate_profile(
    understanding: Understanding, profile: CandidateProfile, resume_text: str
) -> MatchProfile:
    """The candidate as the matcher sees them: identity-blind (:mod:`talentmatch.ml.identity`).
    Names, contact details, pronouns, gendered words, ages and the like never reach the text
    that is embedded and searched, the titles, the wished roles or the skills."""
    parsed = StoredParse.of(profile.parsed)
    blinder = understanding.blinder
    text = resume_text or "\n".join(
        [profile.headline, profile.summary, ", ".join(profile.skills or [])]
    )
    titles = [blinder.words(t) for t in profile.titles or []]
    return MatchProfile(
        id=str(profile.id),
        kind="candidate",
        title=(titles or [""])[0],
        titles=tuple(titles[:3]),
        text=understanding.blind_text(text, profile_identity(profile), limit=4000),
        skills=tuple(blind_skill_names(understanding, profile, lambda: resume_text)),
        seniority=parsed.seniority,
        occupation=parsed.occupation_code,
        country=profile.country,
        remote=profile.remote_preference.value,
        salary_min=profile.min_salary,
        currency=profile.salary_currency,
        target_roles=tuple(blinder.words(r) for r in profile.target_roles or []),
        years_experience=profile.years_experience,
        work_authorizations=tuple(profile.work_authorizations or []),
    )


def job_profile(understanding: Understanding, job: Job) -> MatchProfile:
    parsed = StoredParse.of(job.parsed)
    taxonomy = understanding.skills.taxonomy
    return MatchProfile(
        id=str(job.id),
        kind="job",
        title=job.title,
        text=f"{job.title}\n{job.description}"[:4000],
        skills=tuple(s.id for s in taxonomy.normalize(job.required_skills or [])),
        nice_skills=tuple(s.id for s in taxonomy.normalize(job.nice_to_have_skills or [])),
        seniority=job.seniority.value if job.seniority else parsed.seniority,
        occupation=parsed.occupation_code,
        country=job.country,
        remote=job.remote_policy.value,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        currency=job.currency,
    )
