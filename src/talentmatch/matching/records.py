"""Candidates and jobs from plain records (JSON Lines rows: a resume file or text, a title, a
wish list; a post's fields), built exactly as the app builds them from an upload or a posted
job. The CLI's `match rank` and `eval ranking`, the counterfactual audit and the benchmarks
read their data sets through these."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from talentmatch.candidates.models import CandidateProfile, RemotePreference
from talentmatch.candidates.service import fill_from_resume
from talentmatch.db import unsaved
from talentmatch.jobs.models import Job, RemotePolicy, Seniority
from talentmatch.jobs.service import fill_from_text
from talentmatch.matching.profiles import candidate_profile, job_profile
from talentmatch.ml.fields import country_code, find_place
from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.text import extract_text
from talentmatch.understanding import Understanding

MAX_RESUME_BYTES = 50 * 1024 * 1024


def _read_resume(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_RESUME_BYTES:
            raise ValueError(f"{path} is larger than 50 MB")
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from exc


def _remote(value: Any) -> str | None:
    if isinstance(value, bool):
        return "remote" if value else "onsite"
    if isinstance(value, str):
        lowered = value.strip().lower().replace("-", "").replace(" ", "")
        for policy in ("remote", "hybrid", "onsite"):
            if policy in lowered:
                return policy
    return None


def _int(value: Any) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def job_from_record(record: dict[str, Any], understanding: Understanding) -> MatchProfile:
    """A job as the app sees a post with these fields: what the record gives is what an
    employer typed, the rest is read from the text by the same rules as a posted job."""
    fields: dict[str, Any] = {
        "title": str(record.get("title") or ""),
        "description": str(record.get("description") or record.get("text") or ""),
    }
    for key, column in (
        ("skills", "required_skills"),
        ("nice_to_have_skills", "nice_to_have_skills"),
    ):
        named = record.get(key)
        if isinstance(named, list) and named:
            fields[column] = [str(s) for s in named]
    level = str(record.get("seniority") or "").strip().lower()
    if level in {s.value for s in Seniority}:
        fields["seniority"] = Seniority(level)
    location = str(record.get("location") or "")
    place = find_place(location) if location else None
    country = place.country if place else (country_code(location) if location else None)
    if country:
        fields["country"] = country
    if (remote := _remote(record.get("remote"))) is not None:
        fields["remote_policy"] = RemotePolicy(remote)
    for key in ("salary_min", "salary_max"):
        if (amount := _int(record.get(key))) is not None:
            fields[key] = amount
    if record.get("currency"):
        fields["currency"] = str(record["currency"]).upper()
    job = unsaved(Job, **fields)
    fill_from_text(understanding, job, set(fields))
    return replace(job_profile(understanding, job), id=str(record["id"]))


def candidate_from_record(
    record: dict[str, Any], base: Path, understanding: Understanding
) -> MatchProfile:
    """A candidate as the app sees one who uploaded this resume (the profile filled from it by
    the upload's own rules) with this wish list."""
    if record.get("resume"):
        text = extract_text(_read_resume(base / str(record["resume"]))).text
    else:
        text = str(
            record.get("text")
            or "\n".join(str(record.get(k) or "") for k in ("title", "description"))
        )
    parsed = understanding.resumes.parse(text)
    profile = unsaved(
        CandidateProfile,
        target_roles=[str(r) for r in record.get("target_roles") or []],
        min_salary=_int(record.get("salary_min")),
    )
    if (remote := _remote(record.get("remote"))) is not None:
        profile.remote_preference = RemotePreference(remote)
    if record.get("currency"):
        profile.salary_currency = str(record["currency"]).upper()
    if record.get("title"):
        profile.titles = [str(record["title"])]
    if record.get("skills"):
        profile.skills = [str(s) for s in record["skills"]]
    profile.parsed = parsed.as_dict()
    fill_from_resume(profile, parsed)
    if record.get("skills"):  # the record's skills come on top of the resume's
        profile.skills = list(
            dict.fromkeys(
                [*(str(s) for s in record["skills"]), *(s.skill.name for s in parsed.skills)]
            )
        )
    return replace(candidate_profile(understanding, profile, text), id=str(record["id"]))
