"""Both sides of a match as the matcher sees them, and the hard constraints between them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

import numpy as np

from talentmatch.ml import money
from talentmatch.ml.embeddings import SentenceEmbedder
from talentmatch.ml.matching import words as lexical
from talentmatch.ml.matching.words import WordCounts

SALARY_TOLERANCE = 1.10
# Salaries in different currencies are compared in this one, at the latest ECB reference rate.
REFERENCE_CURRENCY = "USD"


@dataclass(frozen=True, slots=True)
class MatchProfile:
    """One side of a match: a candidate (``kind="candidate"``) or a job (``kind="job"``).

    For a candidate, ``skills`` are what they have, ``salary_min`` is their minimum and
    ``remote`` their preference (onsite/hybrid/remote/any). For a job, ``skills`` are required,
    ``nice_skills`` nice to have, ``salary_min``/``salary_max`` the band and ``remote`` the policy.
    """

    id: str
    kind: str
    title: str = ""
    text: str = ""
    skills: tuple[str, ...] = ()
    nice_skills: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    seniority: str | None = None
    occupation: str | None = None
    country: str = ""
    remote: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str | None = None
    target_roles: tuple[str, ...] = ()
    years_experience: float | None = None
    work_authorizations: tuple[str, ...] = ()
    # Stored embeddings of text_of / title_of / wish_of (see embed_profiles); computed on the
    # fly when absent.
    text_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    title_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    wish_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    # The title's and text's words as the lexical feature counts them (see lexical_words).
    # Not an argument: ``dataclasses.replace`` drops it, so a profile whose text changed never
    # carries the old text's words.
    words: WordCounts | None = field(default=None, init=False, compare=False, repr=False)


_VECTORS = ("text_vector", "title_vector", "wish_vector")
# The fields a stored profile keeps as they are (the vectors are stored apart, the words
# encoded).
_PAYLOAD_FIELDS = tuple(f.name for f in fields(MatchProfile) if f.init and f.name not in _VECTORS)


def lexical_words(profile: MatchProfile) -> WordCounts:
    """The profile's words for BM25, counted once and then kept on the profile: a candidate's
    title and text (the query), a post's title twice and its text (the document)."""
    words = profile.words
    if words is None:
        repeat = 2 if profile.kind == "job" else 1
        words = lexical.count_words(
            lexical.tokens(" ".join([profile.title] * repeat + [profile.text]))
        )
        # Frozen for callers; the words follow from the fields, so filling them in is safe.
        object.__setattr__(profile, "words", words)
    return words


def with_vectors(
    profile: MatchProfile,
    text: np.ndarray,
    title: np.ndarray,
    wish: np.ndarray | None = None,
) -> MatchProfile:
    """``profile`` with its vectors, keeping the words it has counted (ranking reads the text
    and title vectors; the wished roles' is stored for the index, not needed to rank)."""
    embedded = replace(profile, text_vector=text, title_vector=title, wish_vector=wish)
    if profile.words is not None:
        object.__setattr__(embedded, "words", profile.words)
    return embedded


def profile_payload(profile: MatchProfile) -> dict[str, Any]:
    """``profile`` as JSON-ready values with its counted words, vectors left out (see
    :func:`profile_from_payload`)."""
    payload = {name: _plain(getattr(profile, name)) for name in _PAYLOAD_FIELDS}
    payload["words"] = lexical.encode(lexical_words(profile))
    return payload


def profile_from_payload(
    payload: dict[str, Any],
    *,
    text_vector: np.ndarray | None = None,
    title_vector: np.ndarray | None = None,
) -> MatchProfile:
    """The profile :func:`profile_payload` wrote (tuples come back as tuples, and the words
    as they were counted), with the vectors given attached."""
    values: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in payload.items()
        if name in _PAYLOAD_FIELDS
    }
    profile = MatchProfile(**values, text_vector=text_vector, title_vector=title_vector)
    if "words" in payload:
        object.__setattr__(profile, "words", lexical.decode(payload["words"]))
    return profile


def approximate_bytes(profile: MatchProfile) -> int:
    """About what ``profile`` takes in memory: its texts, lists and vectors plus the objects'
    overhead. A memory of profiles is bounded by this, not by count: a profile built from a
    long resume takes several times the room of a short one."""
    listed = (
        *profile.skills,
        *profile.nice_skills,
        *profile.titles,
        *profile.target_roles,
        *profile.work_authorizations,
    )
    vectors = (profile.text_vector, profile.title_vector, profile.wish_vector)
    counted = profile.words
    return (
        1_500
        + len(profile.text)
        + len(profile.title)
        + sum(len(item) + 60 for item in listed)
        + sum(v.nbytes + 150 for v in vectors if v is not None)
        + (counted.hashes.nbytes + counted.counts.nbytes + 300 if counted is not None else 0)
    )


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def text_of(profile: MatchProfile) -> str:
    return profile.text


def title_of(profile: MatchProfile) -> str:
    """The title text that is embedded: a candidate's recent titles, or the job title, without
    levels (the level is a feature of its own; with it, "Lead DevOps Engineer" reads closer to
    "Lead Backend Engineer" than "Senior Backend Engineer" does)."""
    titles = (without_level(t) for t in (profile.titles or (profile.title,)) if t)
    return " / ".join(dict.fromkeys(t for t in titles if t))


_LEVEL_WORDS = re.compile(
    r"\b(senior|sr|junior|jr|lead|staff|principal|head of|chief|intern|associate|graduate"
    r"|entry[- ]level|mid[- ]level|i{1,3}|iv)\b\.?",
    re.IGNORECASE,
)


@lru_cache(maxsize=50_000)  # titles repeat across profiles and requests
def without_level(title: str) -> str:
    """The title without its level: "Lead Backend Engineer" -> "Backend Engineer"."""
    return " ".join(_LEVEL_WORDS.sub(" ", title).split())


def wish_of(profile: MatchProfile) -> str:
    return " / ".join(profile.target_roles)


def fingerprint(profile: MatchProfile) -> str:
    """Changes exactly when one of the embedded texts changes (stored vectors are then stale)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for text in (text_of(profile), title_of(profile), wish_of(profile)):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def embed_profiles(
    embedder: SentenceEmbedder, profiles: Sequence[MatchProfile]
) -> list[MatchProfile]:
    """The profiles with their three vectors attached (one batch per kind of text)."""
    if not profiles:
        return []
    texts = embedder.encode([text_of(p) for p in profiles])
    titles = embedder.encode([title_of(p) for p in profiles])
    wishes = embedder.encode([wish_of(p) for p in profiles])
    return [with_vectors(p, texts[i], titles[i], wishes[i]) for i, p in enumerate(profiles)]


def with_text_vector(embedder: SentenceEmbedder, profile: MatchProfile) -> MatchProfile:
    """``profile`` itself when it carries its vectors, else with them computed now."""
    if profile.text_vector is not None:
        return profile
    return embed_profiles(embedder, [profile])[0]


def in_reference_currency(amount: float, currency: str | None) -> float | None:
    """``amount`` in :data:`REFERENCE_CURRENCY` at the latest ECB reference rate; None when
    the currency is unknown or the ECB publishes no rate for it (such amounts are compared
    only with amounts in their own currency)."""
    if not currency:
        return None
    try:
        return money.convert(amount, currency, REFERENCE_CURRENCY)
    except ValueError:
        return None


def compatible(candidate: MatchProfile, job: MatchProfile) -> bool:
    """Hard constraints: place and remote policy, work authorisation, salary (a candidate's
    minimum may exceed the band by :data:`SALARY_TOLERANCE` before the job is excluded; a
    minimum in another currency is compared at the latest ECB reference rate)."""
    if job.remote != "remote":
        if candidate.remote == "remote":
            return False
        elsewhere = job.country and candidate.country and job.country != candidate.country
        if elsewhere and job.country not in candidate.work_authorizations:
            return False
    offered = job.salary_max or job.salary_min
    if not candidate.salary_min or not offered:
        return True
    if candidate.currency == job.currency:
        return candidate.salary_min <= offered * SALARY_TOLERANCE
    wanted = in_reference_currency(candidate.salary_min, candidate.currency)
    top = in_reference_currency(offered, job.currency)
    if wanted is None or top is None:
        return True  # no rate links them: not excluded on a guess
    return wanted <= top * SALARY_TOLERANCE


@dataclass
class Match:
    job_id: str
    candidate_id: str
    score: float
    features: dict[str, float]
    explanation: dict[str, Any] = field(default_factory=dict)
