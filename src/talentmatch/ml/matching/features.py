"""The match features: each described once in :data:`FEATURE_SPECS` (name, meaning, and the
words an explanation uses when it moves a score up or down), and computed by
:class:`MatchFeatures`. Adding a feature: a spec here and its column in ``MatchFeatures.pairs``;
scorers weigh features by name (a new one weighs nothing until given a weight)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from talentmatch.ml import money
from talentmatch.ml.embeddings import DIMENSIONS, SentenceEmbedder
from talentmatch.ml.matching.profiles import (
    MatchProfile,
    lexical_words,
    text_of,
    title_of,
    without_level,
)
from talentmatch.ml.matching.words import bm25_scores, shares_a_word, tokens
from talentmatch.ml.occupations import RelatedOccupations, TitleNormalizer
from talentmatch.ml.seniority import RANKS
from talentmatch.ml.skills import SkillRelations, SkillTaxonomy

NEUTRAL = 0.5  # every feature's "not known" value: the baseline contributions are measured from


@dataclass(frozen=True)
class Feature:
    name: str
    meaning: str
    why: str  # shown when the feature moves a match's score up
    against: str  # shown when it moves the score down


FEATURE_SPECS = (
    Feature(
        "required_skills",
        "the job's required skills the candidate has (partly, through related skills)",
        "covers the required skills",
        "misses required skills",
    ),
    Feature(
        "nice_skills",
        "the same for nice-to-have skills",
        "has nice-to-have skills",
        "few nice-to-have skills",
    ),
    Feature(
        "skills_used",
        "the candidate's side: how much of what they know the job uses",
        "the job uses much of what the candidate knows",
        "the job uses little of what the candidate knows",
    ),
    Feature(
        "semantic",
        "embedding cosine of the whole texts (all-MiniLM-L6-v2)",
        "experience reads like the job",
        "experience reads unlike the job",
    ),
    Feature(
        "lexical",
        "BM25 of the candidate's text against the job texts, scaled to the best job",
        "uses the job's own words",
        "few of the job's words",
    ),
    Feature(
        "title",
        "embedding cosine of the candidate's titles and the job title",
        "title close to the job title",
        "title far from the job title",
    ),
    Feature(
        "occupation",
        "same O*NET-SOC occupation, or how related the two are",
        "same or related occupation",
        "different occupation",
    ),
    Feature(
        "title_occupation",
        "the O*NET-SOC occupations the candidate's titles name (the title table), against the "
        "job's occupation: the same, or how related",
        "titles name the job's occupation or a related one",
        "titles name an unrelated occupation",
    ),
    Feature("seniority", "how close the levels are", "level fits", "level differs"),
    Feature(
        "salary",
        "whether the job's band reaches the candidate's minimum (converted at the ECB "
        "reference rate when the currencies differ)",
        "salary fits",
        "salary below the candidate's minimum",
    ),
    Feature(
        "location",
        "remote / hybrid / on-site and country compatibility",
        "location and remote policy fit",
        "location or remote policy conflict",
    ),
    Feature(
        "wish_list",
        "how close the job title is to the closest role the candidate wants (levels left out)",
        "on the candidate's wish list",
        "not on the wish list",
    ),
)
FEATURES = tuple(feature.name for feature in FEATURE_SPECS)
WHY = {feature.name: feature.why for feature in FEATURE_SPECS}
AGAINST = {feature.name: feature.against for feature in FEATURE_SPECS}

# Each level's rank on the ladder (the seniority vocabulary's).
LEVELS: dict[str, int] = RANKS
COVERAGE_PRIOR = 0.5
COVERAGE_PSEUDO_SKILLS = 2.0
SKILL_TRUST_HALF = 4.0  # known candidate skills at which skill features count half
LEXICAL_TRUST_HALF = 8.0  # distinct query words at which word overlap counts half
WISHES_KEPT = 50_000  # (wished roles, post title) answers kept; a few hundred bytes each


class MatchFeatures:
    """Compute the feature matrix between one profile and many on the other side."""

    def __init__(
        self,
        taxonomy: SkillTaxonomy,
        embedder: SentenceEmbedder,
        related: RelatedOccupations | None = None,
        relations: SkillRelations | None = None,
        titles: TitleNormalizer | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.related = related
        # Titles to occupations: a candidate's typed titles get an occupation the resume parse
        # may not give (a one-line resume has none).
        self.titles = titles
        # What a skill implies or is near: the same table the career gap reads.
        self.relations = relations or SkillRelations.load()
        # Wished roles against a post's title: the same pairs come back list after list.
        self._wishes: dict[tuple[tuple[str, ...], str], tuple[float, str | None]] = {}

    def matrix(self, candidate: MatchProfile, jobs: Sequence[MatchProfile]) -> np.ndarray:
        """Rows are jobs, columns :data:`FEATURES`."""
        return self.pairs([(candidate, job) for job in jobs])

    def pairs(self, pairs: Sequence[tuple[MatchProfile, MatchProfile]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        candidates = [c for c, _ in pairs]
        jobs = [j for _, j in pairs]
        semantic = self._cosine(candidates, jobs, "text_vector", text_of)
        # Without a title on either side, title fit is unknown: neutral, like the other features.
        title = np.where(
            [bool(title_of(c)) and bool(title_of(j)) for c, j in pairs],
            self._cosine(candidates, jobs, "title_vector", title_of),
            0.5,
        )
        # Every role and title of the batch embedded in one pass (then cached by text), not a
        # model call per pair.
        roles = {without_level(r) for c in candidates for r in c.target_roles}
        if roles:
            self.embedder.encode(sorted(roles | {without_level(j.title) for j in jobs}))
        wish = [self.wish_fit(c, j)[0] for c, j in pairs]
        named = self._title_occupations(candidates)
        lexical = self._lexical(candidates, jobs)
        weights = skill_weights({j.id: (*j.skills, *j.nice_skills) for j in jobs}.values())
        # Partial credit by (skill, skills held): one candidate meets the same skills in post
        # after post.
        credits: dict[tuple[str, frozenset[str]], tuple[float, tuple[str, ...]]] = {}
        rows = np.zeros((len(pairs), len(FEATURES)))
        for i, (candidate, job) in enumerate(pairs):
            # Skill features are trusted as far as the candidate's known skills allow: with two
            # skills recognised, coverage says little; with twelve, a lot.
            trust = len(candidate.skills) / (len(candidate.skills) + SKILL_TRUST_HALF)
            required = (
                self.coverage(candidate.skills, job.skills, weights, credits)[0]
                if job.skills
                else 0.5
            )
            nice = (
                self.coverage(candidate.skills, job.nice_skills, weights, credits)[0]
                if job.nice_skills
                else 0.5
            )
            used = skills_used(candidate.skills, (*job.skills, *job.nice_skills), weights)
            values = {
                "required_skills": _trusted(required, trust),
                "nice_skills": _trusted(nice, trust),
                "skills_used": _trusted(used, trust),
                "semantic": semantic[i],
                "lexical": lexical[i],
                "title": title[i],
                "occupation": self.occupation_fit(candidate.occupation, job.occupation),
                "title_occupation": self.title_occupation_fit(named[candidate.id], job.occupation),
                "seniority": seniority_fit(candidate.seniority, job.seniority),
                "salary": salary_fit(candidate, job),
                "location": location_fit(candidate, job),
                "wish_list": wish[i],
            }
            rows[i] = [values[name] for name in FEATURES]  # a spec without a value: KeyError
        return rows

    def _vectors(
        self, profiles: Sequence[MatchProfile], attribute: str, text: Callable[[MatchProfile], str]
    ) -> np.ndarray:
        """One row per profile: its stored vector, or the text embedded now."""
        rows = np.zeros((len(profiles), DIMENSIONS), dtype=np.float32)
        missing = []
        for i, profile in enumerate(profiles):
            vector = getattr(profile, attribute)
            if vector is None:
                missing.append(i)
            else:
                rows[i] = vector
        if missing:
            rows[missing] = self.embedder.encode([text(profiles[i]) for i in missing])
        return rows

    def _cosine(
        self,
        candidates: Sequence[MatchProfile],
        jobs: Sequence[MatchProfile],
        attribute: str,
        text: Callable[[MatchProfile], str],
    ) -> np.ndarray:
        left = self._vectors(candidates, attribute, text)
        right = self._vectors(jobs, attribute, text)
        return np.asarray(np.clip((left * right).sum(axis=1), 0, 1), dtype=np.float64)

    def _lexical(
        self, candidates: Sequence[MatchProfile], jobs: Sequence[MatchProfile]
    ) -> np.ndarray:
        """BM25 of each candidate's text over the jobs paired with it, scaled to the best and
        drawn towards one half for short queries. Words are each profile's own, counted once
        (:func:`lexical_words`), so no text is tokenised here."""
        scores = np.full(len(jobs), 0.5)  # no words to compare: neutral
        by_candidate: dict[str, list[int]] = {}
        for index, candidate in enumerate(candidates):
            by_candidate.setdefault(candidate.id, []).append(index)
        for indices in by_candidate.values():
            query = lexical_words(candidates[indices[0]])
            # Word overlap is trusted as far as the query is long: the best match of a
            # three-word title is not as telling as the best match of a whole resume.
            trust = query.distinct / (query.distinct + LEXICAL_TRUST_HALF)
            if len(indices) == 1:
                # One document is its own best: a shared word scales it to 1 (no need to
                # score; an employer's list pairs every candidate with one job).
                if shares_a_word(query, lexical_words(jobs[indices[0]])):
                    scores[indices[0]] = 0.5 + trust * 0.5
                continue
            values = bm25_scores(query, [lexical_words(jobs[i]) for i in indices])
            top = float(values.max())
            if top <= 0:
                continue  # no word in common with any of them
            scores[indices] = 0.5 + trust * (values / top - 0.5)
        return scores

    def coverage(
        self,
        have: Sequence[str],
        need: Sequence[str],
        weights: dict[str, float] | None = None,
        credits: dict[tuple[str, frozenset[str]], tuple[float, tuple[str, ...]]] | None = None,
    ) -> tuple[float, dict[str, Any]]:
        """Share of ``need`` covered by ``have``: full credit for a skill held, partial credit
        through the skills it implies or is near (:class:`SkillRelations`, evidence from several
        held skills adding up), each skill weighted by ``weights`` (how specific it is). Returns
        the share and the details by skill."""
        if not need:
            return 1.0, {"met": [], "partly": [], "missing": []}
        weights = weights or {}
        held = frozenset(have)
        met, partly, missing = [], [], []
        total = needed = 0.0
        for skill in need:
            weight = weights.get(skill, 1.0)
            needed += weight
            if skill in held:
                met.append(skill)
                total += weight
                continue
            if credits is None:
                credit, via = self.relations.credit(skill, held)
            else:
                key = (skill, held)
                if key not in credits:
                    credits[key] = self.relations.credit(skill, held)
                credit, via = credits[key]
            if via:
                partly.append({"skill": skill, "via": via[0], "credit": round(credit, 2)})
                total += credit * weight
            else:
                missing.append(skill)
        # Smoothed towards one half by two average pseudo-skills: meeting the only skill a job
        # lists proves less than meeting ten.
        pseudo = COVERAGE_PSEUDO_SKILLS * needed / len(need)
        share = (total + COVERAGE_PRIOR * pseudo) / (needed + pseudo)
        return share, {"met": met, "partly": partly, "missing": missing}

    def wish_fit(self, candidate: MatchProfile, job: MatchProfile) -> tuple[float, str | None]:
        """How close the job is to the closest role on the candidate's wish list, and that
        role. Levels are left out ("Senior Backend Engineer" covers "Lead Backend Engineer");
        the words that name the specialism count as much as the embedding, which on its own
        finds "Frontend Engineer" and "Backend Engineer" nearly the same."""
        if not candidate.target_roles:
            return NEUTRAL, None
        key = (candidate.target_roles, job.title)
        known = self._wishes.get(key)
        if known is None:
            known = self._wish_fit(candidate.target_roles, job.title)
            if len(self._wishes) >= WISHES_KEPT:
                self._wishes.clear()
            self._wishes[key] = known
        return known

    def _wish_fit(self, target_roles: tuple[str, ...], title: str) -> tuple[float, str | None]:
        job_words = role_words(title)
        roles = list(dict.fromkeys(target_roles))
        vectors = self.embedder.encode([without_level(r) for r in roles] + [without_level(title)])
        best, best_role = 0.0, roles[0]
        for i, role in enumerate(roles):
            words = role_words(role)
            if words and words == job_words:
                return 1.0, role
            meaning = float(np.clip(vectors[i] @ vectors[-1], 0, 1))
            value = 0.5 * meaning + 0.5 * _specialism_overlap(words, job_words)
            if value > best:
                best, best_role = value, role
        return best, best_role

    def wished_role(self, candidate: MatchProfile, job: MatchProfile) -> str | None:
        return self.wish_fit(candidate, job)[1]

    def _title_occupations(
        self, candidates: Sequence[MatchProfile]
    ) -> dict[str, list[tuple[str, float]]]:
        """Each candidate's titles as weighted O*NET-SOC occupations (one normaliser call per
        batch): the nearest occupations of every title with their scores."""
        unique = {c.id: c for c in candidates}
        if self.titles is None:
            return {cid: [] for cid in unique}
        titles = {c.id: [t for t in (c.titles or (c.title,)) if t] for c in unique.values()}
        flat = sorted({t for ts in titles.values() for t in ts})
        found = (
            dict(zip(flat, self.titles.normalize_many(flat, top=3), strict=True)) if flat else {}
        )
        return {
            cid: [(m.code, m.score) for t in ts for m in found[t]] for cid, ts in titles.items()
        }

    def title_occupation_fit(self, named: Sequence[tuple[str, float]], job: str | None) -> float:
        """How related the occupations a candidate's titles name are to the job's, each weighed
        by how surely the title names it: neutral when either side has none."""
        if not named or not job:
            return NEUTRAL
        total = sum(score for _, score in named)
        if total <= 0:
            return NEUTRAL
        fit = sum(score * self._occupation_pair(code, job) for code, score in named) / total
        # As sure as the best title match: a title the table barely knows says little.
        sure = max(score for _, score in named)
        return NEUTRAL + sure * (fit - NEUTRAL)

    def _occupation_pair(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        if self.related is None or a not in self.related.index_ or b not in self.related.index_:
            return 0.0
        return float(self.related.pair_score(a, b))

    def occupation_fit(self, a: str | None, b: str | None) -> float:
        if not a or not b:
            return 0.5
        if a == b:
            return 1.0
        if self.related is None or a not in self.related.index_ or b not in self.related.index_:
            return 0.0
        return float(self.related.pair_score(a, b))


_ROLE_SYNONYMS = (
    (re.compile(r"\bfront[- ]end\b"), "frontend"),
    (re.compile(r"\bback[- ]end\b"), "backend"),
    (re.compile(r"\bfull[- ]stack\b"), "fullstack"),
    (re.compile(r"\bml\b"), "machine learning"),
    (re.compile(r"\bai\b"), "artificial intelligence"),
    (re.compile(r"\bsre\b"), "site reliability"),
    (re.compile(r"\bdev[- ]?ops\b"), "devops"),
    (re.compile(r"\bdeveloper\b|\bprogrammer\b"), "engineer"),
)
# Words every tech role shares: they say nothing about the specialism.
_GENERIC_ROLE_WORDS = frozenset({"engineer", "engineering", "software", "specialist", "and"})


@lru_cache(maxsize=50_000)  # titles repeat across profiles and requests
def role_words(title: str) -> frozenset[str]:
    """The words of a title that name the role, levels left out and spellings unified."""
    text = without_level(title).lower()
    for pattern, replacement in _ROLE_SYNONYMS:
        text = pattern.sub(replacement, text)
    return frozenset(tokens(text))


def _specialism_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    mine, theirs = a - _GENERIC_ROLE_WORDS, b - _GENERIC_ROLE_WORDS
    if not mine or not theirs:  # a generic "Software Engineer" on either side
        return 0.6 if (a & b) else 0.3
    return len(mine & theirs) / len(mine | theirs)


def _trusted(share: float, trust: float) -> float:
    """A skill share drawn towards neutral as far as the candidate's few known skills make a
    high share weak evidence. A low share is kept as it is: shrinking it too would let a
    candidate with one more required skill (and so more trust) score lower."""
    return share if share <= NEUTRAL else NEUTRAL + trust * (share - NEUTRAL)


def skills_used(have: Sequence[str], asked: Sequence[str], weights: dict[str, float]) -> float:
    """Weighted share of the candidate's skills that the job asks for (0 when it asks none)."""
    wanted = set(asked)
    total = sum(weights.get(s, 1.0) for s in have)
    used = sum(weights.get(s, 1.0) for s in have if s in wanted)
    return used / total if total else 0.0


def skill_weights(job_skill_lists: Iterable[Sequence[str]]) -> dict[str, float]:
    """Inverse document frequency of each skill over the jobs being ranked: a skill every job
    asks for ("communication") weighs little, a rare one ("PyTorch") a lot."""
    lists = [set(skills) for skills in job_skill_lists]
    counts: dict[str, int] = {}
    for skills in lists:
        for skill in skills:
            counts[skill] = counts.get(skill, 0) + 1
    total = len(lists)
    return {skill: math.log((total + 1) / (count + 1)) + 1.0 for skill, count in counts.items()}


def seniority_fit(candidate: str | None, job: str | None) -> float:
    if candidate not in LEVELS or job not in LEVELS:
        return 0.5
    return max(0.0, 1.0 - abs(LEVELS[candidate] - LEVELS[job]) / 3.0)


def salary_fit(candidate: MatchProfile, job: MatchProfile) -> float:
    """1 when the job's band reaches the candidate's minimum (in the band's currency at the
    latest ECB rate); falls with the shortfall."""
    offered = job.salary_max or job.salary_min
    if not candidate.salary_min or not offered:
        return 0.5
    wanted = float(candidate.salary_min)
    if candidate.currency and job.currency and candidate.currency != job.currency:
        converted = _converted(wanted, candidate.currency, job.currency)
        if converted is None:
            return 0.5  # no ECB rate links the two currencies
        wanted = converted
    if offered >= wanted:
        return 1.0
    return max(0.0, 1.0 - 2.0 * (wanted - offered) / wanted)


@lru_cache(maxsize=16_384)  # a candidate's minimum, converted once for every post in a currency
def _converted(amount: float, source: str, target: str) -> float | None:
    found = money.conversion(amount, source, target)
    return None if found is None else found.converted


def location_fit(candidate: MatchProfile, job: MatchProfile) -> float:
    preference, policy = candidate.remote or "any", job.remote
    same_country = not candidate.country or not job.country or candidate.country == job.country
    if policy == "remote":
        return 1.0 if preference in ("remote", "any", "hybrid") else 0.7
    if not same_country:
        return 0.1
    if policy is None:
        return 0.7
    if preference == "remote":
        return 0.4 if policy == "hybrid" else 0.2
    return 1.0
