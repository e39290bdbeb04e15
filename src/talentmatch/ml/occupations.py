"""Job titles to O*NET-SOC occupations, and the occupations a person can most readily move to.

``TitleNormalizer`` expands abbreviations ("Sr. ML Eng" -> "machine learning engineer"), drops
seniority words, and finds the nearest O*NET titles and alternate titles by TF-IDF over words
and character n-grams; the occupations of the nearest titles vote, weighted by similarity.

``RelatedOccupations`` scores every pair of occupations by how much of one's skills, knowledge
and technologies the other needs (O*NET importance ratings, centred on the average occupation so
that what every job needs does not make all jobs look alike) and by job-zone distance.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.ml.reference import load_table

ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "eng": "engineer",
    "engr": "engineer",
    "mgr": "manager",
    "dev": "developer",
    "devs": "developers",
    "swe": "software engineer",
    "sde": "software development engineer",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "qa": "quality assurance",
    "sre": "site reliability engineer",
    "dba": "database administrator",
    "vp": "vice president",
    "asst": "assistant",
    "assoc": "associate",
    "admin": "administrator",
    "mktg": "marketing",
    "rep": "representative",
    "coord": "coordinator",
    "spec": "specialist",
    "dir": "director",
    "exec": "executive",
    "ops": "operations",
    "infra": "infrastructure",
    "sys": "systems",
    "sw": "software",
    "hw": "hardware",
    "mgmt": "management",
    "svc": "service",
    "ds": "data scientist",
    "de": "data engineer",
    "pm": "product manager",
    "ux": "user experience",
    "ui": "user interface",
    "cto": "chief technology officer",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "cio": "chief information officer",
    "it": "information technology",
    "fe": "front end",
    "be": "back end",
    "fullstack": "full stack",
    "frontend": "front end",
    "backend": "back end",
    "nlp": "natural language processing",
    "cv": "computer vision",
    "bi": "business intelligence",
    "hr": "human resources",
    "rn": "registered nurse",
}
SENIORITY_WORDS = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "staff",
        "principal",
        "ii",
        "iii",
        "iv",
        "v",
        "i",
        "1",
        "2",
        "3",
        "4",
        "5",
        "level",
        "entry",
        "intern",
        "trainee",
        "graduate",
        "apprentice",
        "head",
    ]
)
_WORDS = re.compile(r"[a-z0-9+#]+")


def is_held_out_title(code: str, alternate_title: str) -> bool:
    """The tenth of O*NET alternate titles that the shipped title table leaves out, so that
    benchmarks measure title normalisation on titles it has never seen."""
    return zlib.crc32(f"{code}|{alternate_title}".encode()) % 10 == 0


def normalize_title(title: str) -> str:
    """``"Sr. ML Eng II"`` -> ``"machine learning engineer"``."""
    words = []
    for word in _WORDS.findall(title.lower().replace("&", " and ")):
        for part in ABBREVIATIONS.get(word, word).split():
            if part not in SENIORITY_WORDS:
                words.append(part)
    return " ".join(words)


@dataclass(frozen=True)
class OccupationMatch:
    code: str
    title: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "score": round(self.score, 4)}


class TitleNormalizer:
    """Free-text job title -> ranked O*NET-SOC occupations.

    Parameters
    ----------
    neighbours:
        How many nearest titles vote.
    sharpness:
        Similarities are raised to this power before voting: higher trusts the nearest more.
    word_weight:
        Weight of word (1-2 gram) similarity against character 2-4 gram similarity.

    Examples
    --------
    >>> normalizer = TitleNormalizer().fit()
    >>> normalizer.normalize("Sr. Data Scientist")[0].code
    '15-2051.00'
    """

    def __init__(
        self, *, neighbours: int = 10, sharpness: float = 4.0, word_weight: float = 0.3
    ) -> None:
        self.neighbours = neighbours
        self.sharpness = sharpness
        self.word_weight = word_weight

    def fit(
        self,
        titles: list[tuple[str, str]] | None = None,
        occupation_titles: dict[str, str] | None = None,
    ) -> TitleNormalizer:
        """Index ``(title, code)`` pairs; the shipped O*NET table when omitted."""
        if titles is None:
            titles = [(t, c) for t, c in load_table("titles.json.gz")["titles"]]
        if occupation_titles is None:
            occupation_titles = {
                o["code"]: o["title"] for o in load_table("occupations.json.gz")["occupations"]
            }
        self.occupation_titles_ = occupation_titles
        corpus = [normalize_title(t) for t, _ in titles]
        self.codes_ = np.array([c for _, c in titles])
        self.words_ = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
        )
        self.chars_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2, dtype=np.float32
        )
        self.word_matrix_ = self.words_.fit_transform(corpus).T.tocsr()
        self.char_matrix_ = self.chars_.fit_transform(corpus).T.tocsr()
        return self

    def normalize(self, title: str, top: int = 5) -> list[OccupationMatch]:
        return self.normalize_many([title], top=top)[0]

    def normalize_many(self, titles: list[str], top: int = 5) -> list[list[OccupationMatch]]:
        """Ranked occupations for each title; scores are in [0, 1]."""
        queries = [normalize_title(t) for t in titles]
        similarity = self.word_weight * (self.words_.transform(queries) @ self.word_matrix_) + (
            1 - self.word_weight
        ) * (self.chars_.transform(queries) @ self.char_matrix_)
        dense = similarity.toarray()
        results: list[list[OccupationMatch]] = []
        for row in dense:
            if not row.any():
                results.append([])
                continue
            k = min(self.neighbours, len(row) - 1)
            nearest = np.argpartition(-row, k)[:k]
            votes: dict[str, float] = defaultdict(float)
            best: dict[str, float] = defaultdict(float)
            for index in nearest:
                code = str(self.codes_[index])
                votes[code] += float(row[index]) ** self.sharpness
                best[code] = max(best[code], float(row[index]))
            total = sum(votes.values()) or 1.0
            ranked = sorted(votes, key=lambda c: votes[c], reverse=True)[:top]
            # Score: how close the nearest title is, times the share of the vote.
            results.append(
                [
                    OccupationMatch(
                        c,
                        self.occupation_titles_.get(c, c),
                        best[c] * (0.5 + 0.5 * votes[c] / total),
                    )
                    for c in ranked
                ]
            )
        return results


class RelatedOccupations:
    """Occupations a person in one occupation can most readily move to.

    Parameters
    ----------
    weights:
        Weights of (skills and knowledge similarity, technology overlap, job-zone proximity).
    imputation_neighbours:
        Occupations without O*NET ratings take the profile of this many technology neighbours.
    """

    def __init__(
        self,
        *,
        weights: tuple[float, float, float] = (0.6, 0.25, 0.15),
        imputation_neighbours: int = 5,
    ) -> None:
        self.weights = weights
        self.imputation_neighbours = imputation_neighbours

    def fit(self, table: dict[str, Any] | None = None) -> RelatedOccupations:
        table = table or load_table("occupations.json.gz")
        occupations = table["occupations"]
        self.codes_ = [o["code"] for o in occupations]
        self.titles_ = {o["code"]: o["title"] for o in occupations}
        # Technologies weighted by rarity: sharing Excel says little, sharing PyTorch a lot.
        vocabulary = {
            name: i
            for i, name in enumerate(sorted({t for o in occupations for t in o["technology"]}))
        }
        tech = np.zeros((len(occupations), len(vocabulary)), dtype=np.float64)
        for row, occupation in enumerate(occupations):
            tech[row, [vocabulary[t] for t in occupation["technology"]]] = 1.0
        tech *= np.log((1 + len(occupations)) / (1 + tech.sum(axis=0))) + 1
        self.tech_similarity_ = _cosine(tech)
        np.fill_diagonal(self.tech_similarity_, 0.0)

        # Skills and knowledge importance, centred on the average occupation. Occupations O*NET
        # has not rated yet (e.g. Data Scientists) borrow the profile of those whose
        # technologies are most alike.
        profile = np.array([o["skills"] + o["knowledge"] for o in occupations], dtype=np.float64)
        rated = np.asarray(profile.any(axis=1), dtype=bool)
        for row in (int(r) for r in np.flatnonzero(~rated)):
            donors = [i for i in np.argsort(-self.tech_similarity_[row]) if rated[i]][
                : self.imputation_neighbours
            ]
            weights = self.tech_similarity_[row, donors]
            if weights.sum() > 0:
                profile[row] = weights @ profile[donors] / weights.sum()
        self.imputed_ = {self.codes_[i] for i in np.flatnonzero(~rated)}
        self.profile_similarity_ = _cosine(profile - profile[rated].mean(axis=0))
        zones = np.array([o["job_zone"] or 0 for o in occupations], dtype=np.float64)
        known = zones > 0
        self.zone_similarity_ = np.where(
            np.outer(known, known), 1.0 - np.abs(zones[:, None] - zones[None, :]) / 4.0, 0.5
        )
        self.index_ = {code: i for i, code in enumerate(self.codes_)}
        w_profile, w_tech, w_zone = self.weights
        # One matrix of pair scores: related(), pair_score() and benchmarks all read it.
        self.scores_ = (
            w_profile * np.clip(self.profile_similarity_, 0, None)
            + w_tech * self.tech_similarity_
            + w_zone * self.zone_similarity_
        )
        return self

    def title(self, code: str) -> str | None:
        return self.titles_.get(code)

    def pair_score(self, a: str, b: str) -> float:
        """How readily a person moves between two occupations, in [0, 1]."""
        return float(self.scores_[self.index_[a], self.index_[b]])

    def related(self, code: str, top: int = 10) -> list[OccupationMatch]:
        """The ``top`` occupations closest to ``code``, itself excluded; ``KeyError`` if unknown."""
        row = self.index_[code]
        scores = self.scores_[row].copy()
        scores[row] = -np.inf
        order = np.argsort(-scores)[:top]
        return [
            OccupationMatch(self.codes_[i], self.titles_[self.codes_[i]], float(scores[i]))
            for i in order
        ]


def _cosine(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    similarity: np.ndarray = unit @ unit.T
    return similarity
