"""Job titles to O*NET-SOC occupations, and the occupations a person can most readily move to.

``TitleNormalizer`` expands abbreviations ("Sr. ML Eng" -> "machine learning engineer"), drops
seniority words, and proposes occupations from the nearest O*NET titles and alternate titles by
TF-IDF over words and character n-grams and by meaning (sentence embeddings of the titles, the
occupation's title and its task statements); a logistic re-ranker orders them, reading also a
softmax classifier's probability for each (fitted on the shipped titles' embeddings).

``RelatedOccupations`` scores every pair of occupations by a weighted mean of per-table
similarities (task statements, description, skills, knowledge, technologies, tools, job zone,
education and training, SOC group), with weights fitted against O*NET's shared alternate titles.
O*NET's abilities, work activities, work context, interests and related-occupation files are not
used: the public data this project builds from does not include them.
"""

from __future__ import annotations

import gzip
import io
import re
import threading
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from talentmatch.ml.embeddings import SentenceEmbedder
from talentmatch.ml.reference import load_table

# Title abbreviations and their expansions, and the seniority words a normalised title drops
# (``reference/title_words.json``).
_TITLE_WORDS = load_table("title_words.json")
ABBREVIATIONS: dict[str, str] = dict(_TITLE_WORDS["abbreviations"])
SENIORITY_WORDS = frozenset(_TITLE_WORDS["seniority_words"])
_WORDS = re.compile(r"[a-z0-9+#]+")
# Sentence embeddings built by scripts/build_reference.py: of every shipped title (normalised),
# and per occupation of its O*NET title, the mean of its task statements, and its description.
OCCUPATION_VECTORS = "occupation_vectors.npz.gz"
# Embeddings are cut to this many leading singular directions of the shipped titles' embeddings.
VECTOR_DIMENSIONS = 128
# The title classifier reads unit vectors times this (so that logits can be sharp), and is fitted
# for this many passes over the title table (alone it puts 0.53 of 1,500 held-out titles under
# a right occupation; other pass counts were not tried).
CLASSIFIER_SCALE = 10.0
CLASSIFIER_EPOCHS = 30
CLASSIFIER_FLOOR = float(np.log(1e-6))  # the re-ranker's feature: log-probability, floored


def title_texts(titles: list[tuple[str, str]] | list[list[str]]) -> list[str]:
    """The distinct normalised titles of a title table, in the order their vectors are stored."""
    return sorted({text for title, _ in titles if (text := normalize_title(title))})


def occupations_of_texts(
    titles: list[tuple[str, str]] | list[list[str]], texts: list[str], index: Mapping[str, int]
) -> list[list[int]]:
    """For each of ``texts`` (``title_texts`` of ``titles``), the indexes of the occupations
    (``index``: code -> index) its titles are listed under."""
    row_of = {text: i for i, text in enumerate(texts)}
    found: list[set[int]] = [set() for _ in texts]
    for title, code in titles:
        if (text := normalize_title(title)) and code in index:
            found[row_of[text]].add(index[code])
    return [sorted(codes) for codes in found]


def title_checksum(texts: list[str]) -> int:
    return zlib.crc32("\n".join(texts).encode())


def quantize(vectors: np.ndarray) -> np.ndarray:
    """Unit rows as int8 (value / 127)."""
    return np.round(_unit(vectors.astype(np.float32)) * 127).astype(np.int8)


def save_vectors(path: Path, arrays: Mapping[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, **dict(arrays))  # type: ignore[arg-type]
    path.write_bytes(gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0))


@cache
def load_vectors() -> dict[str, np.ndarray]:
    """The shipped occupation vectors, as float32 (``codes`` as strings), read once per process."""
    raw = resources.files("talentmatch.reference").joinpath(OCCUPATION_VECTORS).read_bytes()
    with np.load(io.BytesIO(gzip.decompress(raw)), allow_pickle=False) as archive:
        return {
            name: archive[name].astype(np.float32) / 127
            if archive[name].dtype == np.int8
            else archive[name]
            if archive[name].dtype.kind in "iuU"
            else archive[name].astype(np.float32)
            for name in archive.files
        }


def fit_title_classifier(
    vectors: np.ndarray, occupations_of_row: list[list[int]], occupations: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A softmax classifier from a title's (reduced) embedding to its occupation, fitted on the
    title table: ``(weights, bias)`` with ``softmax(CLASSIFIER_SCALE * vector @ weights + bias)``
    the probabilities. Where the nearest titles vote by a handful of neighbours, this learns
    what every title of an occupation has in common ("... Molder" titles across machines).
    A title listed under several occupations counts a share for each."""
    import torch  # only where the table is built or refitted; serving reads stored weights

    rows = [i for i, found in enumerate(occupations_of_row) if found]
    inputs = torch.tensor(vectors[rows] * CLASSIFIER_SCALE, dtype=torch.float32)
    targets = torch.zeros(len(rows), occupations)
    for row, index in enumerate(rows):
        targets[row, occupations_of_row[index]] = 1.0 / len(occupations_of_row[index])
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = torch.nn.Linear(inputs.shape[1], occupations)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-5)
    for _ in range(CLASSIFIER_EPOCHS):
        order = torch.randperm(len(rows), generator=generator)
        for start in range(0, len(rows), 1024):
            batch = order[start : start + 1024]
            loss = -(targets[batch] * torch.log_softmax(model(inputs[batch]), dim=1)).sum(1).mean()
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
    with torch.no_grad():
        return (
            model.weight.T.numpy().astype(np.float32).copy(),
            model.bias.numpy().astype(np.float32).copy(),
        )


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


# The re-ranker: a logistic regression over the features below, fitted on a tenth of the shipped
# titles (their look-alikes taken out of the index) by ``python -m benchmarks.occupations
# --fit-titles``; held-out titles took no part.
RERANK_FEATURES = (
    "lexical",  # the word and character n-gram vote's score
    "lexical_rank",  # its rank among the lexical candidates, over their number
    "occupation_title",  # meaning: cosine with the occupation's O*NET title
    "alternates",  # cosine with the mean of the occupation's shipped titles
    "tasks",  # cosine with the mean of its task statements
    "nearest",  # cosine with its nearest shipped title
    "nearest_vote",  # share of the nearest titles' vote (similarity ** 8)
    "classifier",  # log of the occupation classifier's probability (``fit_title_classifier``)
)
RERANK_COEFFICIENTS = (2.181, -0.975, 0.298, 0.513, -0.685, 0.712, 3.122, 0.432)
RERANK_INTERCEPT = -1.732


class TitleNormalizer:
    """Free-text job title -> ranked O*NET-SOC occupations.

    Candidates come from the nearest O*NET titles and alternate titles by words and character
    n-grams (TF-IDF; their occupations vote, weighted by similarity) and by meaning (sentence
    embeddings); a logistic re-ranker (``RERANK_COEFFICIENTS``) orders them by how likely each
    is the title's occupation, which is the score. Among its features is the probability a
    classifier over the title's embedding gives each occupation (``fit_title_classifier``).

    Parameters
    ----------
    neighbours:
        How many nearest titles vote (by words, and by meaning).
    sharpness:
        Similarities are raised to this power before voting: higher trusts the nearest more.
    word_weight:
        Weight of word (1-2 gram) similarity against character 2-4 gram similarity.
    rerank:
        False: the lexical vote alone (no embedding model; score = nearest similarity times the
        vote share).
    candidates:
        How many occupations each signal proposes to the re-ranker.
    embedder:
        The sentence embedder; a new one (same offline model) when omitted.

    Examples
    --------
    >>> normalizer = TitleNormalizer().fit()
    >>> normalizer.normalize("Sr. Data Scientist")[0].code
    '15-2051.00'
    """

    def __init__(
        self,
        *,
        neighbours: int | None = None,
        sharpness: float = 4.0,
        word_weight: float = 0.3,
        rerank: bool = True,
        candidates: int = 10,
        embedder: SentenceEmbedder | None = None,
        coefficients: tuple[float, ...] = RERANK_COEFFICIENTS,
        intercept: float = RERANK_INTERCEPT,
    ) -> None:
        self.neighbours = neighbours if neighbours is not None else (30 if rerank else 10)
        self.sharpness = sharpness
        self.word_weight = word_weight
        self.rerank = rerank
        self.candidates = candidates
        self.embedder = embedder
        self.coefficients = np.asarray(coefficients, dtype=np.float64)
        self.intercept = intercept
        # Titles answered last, by (normalised title, top): a title costs an embedding and a
        # re-rank (10-40 ms), and the same few thousand titles come back on every match list.
        self._answers: OrderedDict[tuple[str, int], list[OccupationMatch]] = OrderedDict()
        self._answers_lock = threading.Lock()
        self._fitted = 0  # which fit the remembered answers come from

    def fit(
        self,
        titles: list[tuple[str, str]] | None = None,
        occupation_titles: dict[str, str] | None = None,
    ) -> TitleNormalizer:
        """Index ``(title, code)`` pairs; the shipped O*NET table when omitted (other titles are
        embedded here, which takes a while)."""
        with self._answers_lock:
            self._answers.clear()
            self._fitted += 1
        shipped = titles is None
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
        if self.rerank:
            self._fit_meaning(titles, shipped)
        return self

    def _fit_meaning(self, titles: list[tuple[str, str]], shipped: bool) -> None:
        vectors = load_vectors()
        self.projection_ = vectors["projection"]
        occupation_codes = [str(c) for c in vectors["codes"]]
        self.occupation_index_ = {code: i for i, code in enumerate(occupation_codes)}
        self.occupation_codes_ = occupation_codes
        self.texts_ = title_texts(titles)
        known = title_texts(load_table("titles.json.gz")["titles"])
        if title_checksum(known) != int(vectors["title_checksum"]):
            raise RuntimeError(f"{OCCUPATION_VECTORS} is stale: run scripts/build_reference.py")
        if shipped:
            self.text_vectors_ = vectors["titles"]
        else:
            # Shipped titles keep their stored vectors; others are embedded now.
            stored = {text: i for i, text in enumerate(known)}
            new = [t for t in self.texts_ if t not in stored]
            fresh = dict(zip(new, self._embed(new), strict=True)) if new else {}
            self.text_vectors_ = np.array(
                [vectors["titles"][stored[t]] if t in stored else fresh[t] for t in self.texts_],
                dtype=np.float32,
            ).reshape(len(self.texts_), self.projection_.shape[1])
        self.text_codes_ = occupations_of_texts(titles, self.texts_, self.occupation_index_)
        alternates = np.zeros((len(occupation_codes), self.projection_.shape[1]), np.float32)
        for row, found in enumerate(self.text_codes_):
            for occupation in found:
                alternates[occupation] += self.text_vectors_[row]
        if shipped:
            self.classifier_ = (vectors["classifier_weights"], vectors["classifier_bias"])
        else:
            self.classifier_ = fit_title_classifier(
                self.text_vectors_, self.text_codes_, len(occupation_codes)
            )
        # Each occupation's (and the O*NET title's) mean meaning, and its task statements'.
        self.occupation_vectors_ = {
            "occupation_title": _unit(vectors["occupation_titles"]),
            "alternates": _unit(alternates),
            "tasks": _unit(vectors["tasks"]),
        }

    def _embed(self, texts: list[str]) -> np.ndarray:
        if self.embedder is None:
            self.embedder = SentenceEmbedder()
        return _unit(self.embedder.encode(texts) @ self.projection_)

    def normalize(self, title: str, top: int = 5) -> list[OccupationMatch]:
        return self.normalize_many([title], top=top)[0]

    ANSWERS_KEPT = 50_000

    def normalize_many(self, titles: list[str], top: int = 5) -> list[list[OccupationMatch]]:
        """Ranked occupations for each title; scores are in [0, 1]. Titles asked before are
        answered from memory."""
        queries = [normalize_title(t) for t in titles]
        with self._answers_lock:
            fitted = self._fitted
            known = {q: self._answers.get((q, top)) for q in queries}
            for q, answer in known.items():
                if answer is not None:
                    self._answers.move_to_end((q, top))
        missing = sorted({q for q, answer in known.items() if answer is None})
        if missing:
            found = self._normalize_queries(missing, top)
            with self._answers_lock:
                for q, answer in zip(missing, found, strict=True):
                    known[q] = answer
                    if fitted == self._fitted:  # not if a refit began meanwhile
                        self._answers[(q, top)] = answer
                while len(self._answers) > self.ANSWERS_KEPT:
                    self._answers.popitem(last=False)
        return [list(known[q] or []) for q in queries]

    def _normalize_queries(self, queries: list[str], top: int) -> list[list[OccupationMatch]]:
        lexical = self._lexical(queries, max(top, self.candidates) if self.rerank else top)
        if not self.rerank:
            return [
                [OccupationMatch(c, self.occupation_titles_.get(c, c), s) for c, s in ranked]
                for ranked in lexical
            ]
        return self._rerank(queries, lexical, top)

    def _lexical(self, queries: list[str], top: int) -> list[list[tuple[str, float]]]:
        similarity = self.word_weight * (self.words_.transform(queries) @ self.word_matrix_) + (
            1 - self.word_weight
        ) * (self.chars_.transform(queries) @ self.char_matrix_)
        dense = similarity.toarray()
        results: list[list[tuple[str, float]]] = []
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
            results.append([(c, best[c] * (0.5 + 0.5 * votes[c] / total)) for c in ranked])
        return results

    def candidate_features(self, titles: list[str]) -> list[tuple[list[str], np.ndarray]]:
        """Per title, the re-ranker's candidate occupations and their ``RERANK_FEATURES``."""
        queries = [normalize_title(t) for t in titles]
        return self._candidates(queries, self._lexical(queries, self.candidates))

    def _candidates(
        self, queries: list[str], lexical: list[list[tuple[str, float]]]
    ) -> list[tuple[list[str], np.ndarray]]:
        meaning = self._embed(queries)
        against = {name: meaning @ m.T for name, m in self.occupation_vectors_.items()}
        nearest_titles = meaning @ self.text_vectors_.T
        weights, bias = self.classifier_
        logits = CLASSIFIER_SCALE * meaning @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_probability = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        k = min(self.neighbours, len(self.texts_) - 1)
        results: list[tuple[list[str], np.ndarray]] = []
        for row, query in enumerate(queries):
            if not query:
                results.append(([], np.zeros((0, len(RERANK_FEATURES)))))
                continue
            # The nearest titles by meaning vote for their occupations, as the lexical ones do.
            best: dict[int, float] = defaultdict(float)
            votes: dict[int, float] = defaultdict(float)
            for index in np.argpartition(-nearest_titles[row], k)[:k]:
                similarity = max(float(nearest_titles[row, index]), 0.0)
                for occupation in self.text_codes_[index]:
                    best[occupation] = max(best[occupation], similarity)
                    votes[occupation] += similarity**8
            total = sum(votes.values()) or 1.0
            by_meaning = against["alternates"][row] + against["occupation_title"][row]
            proposed = {
                self.occupation_index_[c]: (rank, score)
                for rank, (c, score) in enumerate(lexical[row][: self.candidates])
                if c in self.occupation_index_
            }
            order = sorted(
                set(proposed)
                | {int(i) for i in np.argsort(-by_meaning)[: self.candidates]}
                | set(best)
            )
            features = np.array(
                [
                    [
                        proposed.get(i, (0, 0.0))[1],
                        proposed.get(i, (self.candidates, 0.0))[0] / self.candidates,
                        against["occupation_title"][row, i],
                        against["alternates"][row, i],
                        against["tasks"][row, i],
                        best.get(i, 0.0),
                        votes.get(i, 0.0) / total,
                        max(float(log_probability[row, i]), CLASSIFIER_FLOOR),
                    ]
                    for i in order
                ],
                dtype=np.float64,
            )
            results.append(([self.occupation_codes_[i] for i in order], features))
        return results

    def _rerank(
        self, queries: list[str], lexical: list[list[tuple[str, float]]], top: int
    ) -> list[list[OccupationMatch]]:
        results: list[list[OccupationMatch]] = []
        for codes, features in self._candidates(queries, lexical):
            if not codes:
                results.append([])
                continue
            scores = 1.0 / (1.0 + np.exp(-(features @ self.coefficients + self.intercept)))
            results.append(
                [
                    OccupationMatch(
                        codes[i], self.occupation_titles_.get(codes[i], codes[i]), float(scores[i])
                    )
                    for i in np.argsort(-scores, kind="stable")[:top]
                ]
            )
        return results


# How much each O*NET table counts in related occupations: fitted by coordinate ascent on NDCG@10
# for one half of the occupations (``python -m benchmarks.occupations --fit-related``), against
# occupations O*NET lists the same (shipped) alternate title under; see docs/benchmarks.md.
RELATED_WEIGHTS: dict[str, float] = {
    "skills": 0.026,
    "knowledge": 0.0,
    "technology": 0.033,
    "tools": 0.066,
    "tasks": 0.395,
    "description": 0.296,
    "job_zone": 0.044,
    "education": 0.074,
    "soc": 0.066,
}


class RelatedOccupations:
    """Occupations a person in one occupation can most readily move to.

    Every pair of occupations gets one similarity in [0, 1] per O*NET table (``similarities_``):
    skills and knowledge importance (centred on the average occupation, so that what every job
    needs does not make all jobs look alike), technologies and tool classes (weighted by rarity),
    the meaning of task statements and of the description (sentence embeddings), job-zone and
    education-and-training distance, and how much of the SOC code two occupations share. The
    pair score is their weighted mean.

    Parameters
    ----------
    weights:
        Weight per table name (see ``RELATED_WEIGHTS``); tables left out count zero.
    imputation_neighbours:
        Occupations without O*NET ratings take the profile of this many technology neighbours.
    """

    def __init__(
        self, *, weights: Mapping[str, float] | None = None, imputation_neighbours: int = 5
    ) -> None:
        self.weights = dict(RELATED_WEIGHTS if weights is None else weights)
        self.imputation_neighbours = imputation_neighbours

    def fit(
        self,
        table: dict[str, Any] | None = None,
        vectors: dict[str, np.ndarray] | None = None,
        *,
        keep_tables: bool = True,
    ) -> RelatedOccupations:
        """Compute every pair's score; ``keep_tables=False`` keeps only the scores, not the
        per-table similarities that :meth:`combine` re-weighs (35 MB a serving process does
        not need)."""
        table = table or load_table("occupations.json.gz")
        vectors = load_vectors() if vectors is None else vectors
        occupations = table["occupations"]
        self.codes_ = [o["code"] for o in occupations]
        self.titles_ = {o["code"]: o["title"] for o in occupations}
        self.index_ = {code: i for i, code in enumerate(self.codes_)}
        similarities: dict[str, np.ndarray] = {}
        # Technologies and tools weighted by rarity: sharing Excel says little, PyTorch a lot.
        similarities["technology"] = _set_similarity([o["technology"] for o in occupations])
        similarities["tools"] = _set_similarity([o.get("tools", []) for o in occupations])

        # Occupations O*NET has not rated yet (e.g. Data Scientists) borrow the skills and
        # knowledge of those whose technologies are most alike.
        for kind in ("skills", "knowledge"):
            profile = np.array([o[kind] for o in occupations], dtype=np.float64)
            rated = np.asarray(profile.any(axis=1), dtype=bool)
            for row in (int(r) for r in np.flatnonzero(~rated)):
                donors = [i for i in np.argsort(-similarities["technology"][row]) if rated[i]][
                    : self.imputation_neighbours
                ]
                weights = similarities["technology"][row, donors]
                if weights.sum() > 0:
                    profile[row] = weights @ profile[donors] / weights.sum()
            similarities[kind] = np.clip(_cosine(profile - profile[rated].mean(axis=0)), 0, 1)
            if kind == "skills":
                self.imputed_ = {self.codes_[i] for i in np.flatnonzero(~rated)}

        order = [self.index_.get(str(code), -1) for code in vectors["codes"]]
        for kind in ("tasks", "description"):
            matrix = np.zeros((len(self.codes_), vectors[kind].shape[1]), dtype=np.float64)
            for source, target in enumerate(order):
                if target >= 0:
                    matrix[target] = vectors[kind][source]
            similarities[kind] = _neutral_where_missing(
                np.clip(_cosine(matrix), 0, 1), matrix.any(axis=1)
            )

        zones = np.array([o["job_zone"] or 0 for o in occupations], dtype=np.float64)
        similarities["job_zone"] = _neutral_where_missing(
            1.0 - np.abs(zones[:, None] - zones[None, :]) / 4.0, zones > 0
        )
        education = np.array(
            [o.get("education") or [np.nan] * 4 for o in occupations], dtype=np.float64
        )
        known = ~np.isnan(education).any(axis=1)
        education = np.nan_to_num(education)
        similarities["education"] = _neutral_where_missing(
            1.0 - np.abs(education[:, None, :] - education[None, :, :]).mean(axis=2), known
        )
        # SOC structure: major group (15-), minor (15-12), broad (15-125), detailed (15-1252).
        soc = np.zeros((len(self.codes_), len(self.codes_)))
        for width in (2, 5, 6, 7):
            prefixes = np.array([code[:width] for code in self.codes_])
            soc += prefixes[:, None] == prefixes[None, :]
        similarities["soc"] = soc / 4
        for matrix in similarities.values():
            np.fill_diagonal(matrix, 1.0)
        self.similarities_ = {k: v.astype(np.float32) for k, v in similarities.items()}
        self.scores_ = self.combine(self.weights)
        if not keep_tables:
            self.similarities_ = {}
        return self

    def combine(self, weights: Mapping[str, float]) -> np.ndarray:
        """The pair scores the given table weights make (a weighted mean, in [0, 1])."""
        if not self.similarities_:
            raise ValueError("fitted with keep_tables=False: the per-table similarities are gone")
        total = sum(weights.values()) or 1.0
        scores = np.zeros((len(self.codes_), len(self.codes_)), dtype=np.float32)
        for name, weight in weights.items():
            if weight:
                scores += (weight / total) * self.similarities_[name]
        return scores

    def title(self, code: str) -> str | None:
        return self.titles_.get(code)

    def pair_score(self, a: str, b: str) -> float:
        """How readily a person moves between two occupations, in [0, 1]."""
        return float(self.scores_[self.index_[a], self.index_[b]])

    def related(self, code: str, top: int = 10) -> list[OccupationMatch]:
        """The ``top`` occupations closest to ``code``, itself excluded; ``KeyError`` if unknown."""
        row = self.index_[code]
        scores = self.scores_[row].astype(np.float64)
        scores[row] = -np.inf
        order = np.argsort(-scores, kind="stable")[:top]
        return [
            OccupationMatch(self.codes_[i], self.titles_[self.codes_[i]], float(scores[i]))
            for i in order
        ]


def _set_similarity(sets: list[list[str]]) -> np.ndarray:
    """Cosine of rarity-weighted (IDF) indicator vectors."""
    vocabulary = {name: i for i, name in enumerate(sorted({t for s in sets for t in s}))}
    matrix = np.zeros((len(sets), max(len(vocabulary), 1)), dtype=np.float64)
    for row, names in enumerate(sets):
        matrix[row, [vocabulary[t] for t in names]] = 1.0
    matrix *= np.log((1 + len(sets)) / (1 + matrix.sum(axis=0))) + 1
    return _neutral_where_missing(_cosine(matrix), matrix.any(axis=1))


def _neutral_where_missing(similarity: np.ndarray, known: Any) -> np.ndarray:
    """Pairs with an occupation a table says nothing about get the table's median pair value,
    so that missing data neither helps nor hurts."""
    both = np.outer(np.asarray(known, dtype=bool), np.asarray(known, dtype=bool))
    if not both.any():
        return np.full_like(similarity, 0.5)
    fill = float(np.median(similarity[both]))
    return np.where(both, similarity, fill)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _cosine(matrix: np.ndarray) -> np.ndarray:
    unit = _unit(matrix)
    similarity: np.ndarray = unit @ unit.T
    return similarity
