"""A learned skill-span tagger: a linear-chain CRF over tokens, trained on SkillSpan.

The taxonomy finds skills it knows by name; job posts and resumes also describe skills in
phrases ("design scalable data pipelines", "work independently"). The tagger marks such spans
(BIO tags), using the words around them and whether the taxonomy recognises a token. Models are
saved in crfsuite's own binary format (no pickle).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Self

import pycrfsuite

from talentmatch.ml.skills import SkillExtractor

_TOKEN = re.compile(r"[\w][\w+#.\-/']*[\w+#]|[\w]|[^\w\s]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\n+")
MODEL_RESOURCE = "skill_spans.crfsuite"

Span = tuple[int, int]


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[list[Token]]:
    """Sentences of tokens with character offsets into ``text``."""
    sentences: list[list[Token]] = []
    position = 0
    for piece in _SENTENCE_BREAK.split(text):
        offset = text.find(piece, position) if piece else position
        tokens = [
            Token(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(piece)
        ]
        if tokens:
            sentences.append(tokens)
        position = offset + len(piece)
    return sentences


def _shape(word: str) -> str:
    shape = re.sub("[A-Z]", "X", word)
    shape = re.sub("[a-z]", "x", shape)
    shape = re.sub("[0-9]", "d", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def token_features(
    tokens: Sequence[Token], text: str, extractor: SkillExtractor
) -> list[dict[str, object]]:
    """Per-token features: the word and its shape, its neighbours, and taxonomy matches."""
    inside = [0.0] * len(tokens)
    begins = [0.0] * len(tokens)
    if tokens:
        base = tokens[0].start
        sentence = text[base : tokens[-1].end]
        for mention in extractor.extract(sentence):
            for index, token in enumerate(tokens):
                if token.start - base >= mention.start and token.end - base <= mention.end:
                    inside[index] = 1.0
                    begins[index] = 1.0 if token.start - base == mention.start else begins[index]
    features = []
    for index, token in enumerate(tokens):
        word = token.text
        feats: dict[str, object] = {
            "bias": 1.0,
            "w": word.lower(),
            "s3": word[-3:].lower(),
            "p3": word[:3].lower(),
            "shape": _shape(word),
            "title": float(word.istitle()),
            "upper": float(word.isupper()),
            "tax": inside[index],
            "taxB": begins[index],
        }
        for delta in (-2, -1, 1, 2):
            other = index + delta
            if 0 <= other < len(tokens):
                feats[f"{delta}:w"] = tokens[other].text.lower()
                feats[f"{delta}:tax"] = inside[other]
                feats[f"{delta}:shape"] = _shape(tokens[other].text)
            else:
                feats[f"{delta}:pad"] = 1.0
        features.append(feats)
    return features


def spans_from_tags(tokens: Sequence[Token], tags: Sequence[str]) -> list[Span]:
    spans, start = [], None
    for index, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I"):
            spans.append((tokens[start].start, tokens[index - 1].end))
            start = None
        if tag.startswith("B") or (tag.startswith("I") and start is None and index < len(tokens)):
            start = index
    return spans


class SkillSpanTagger:
    """Mark skill phrases in text.

    Parameters
    ----------
    c1, c2:
        L1 and L2 regularisation of the CRF.
    max_iterations:
        L-BFGS iterations.

    Examples
    --------
    >>> tagger = SkillSpanTagger.load()
    >>> text = "You have experience designing data pipelines"
    >>> [text[s:e] for s, e in tagger.predict_spans(text)]  # doctest: +SKIP
    ['designing data pipelines']
    """

    def __init__(self, *, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 150) -> None:
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.extractor_: SkillExtractor | None = None
        self.model_path_: Path | None = None
        self._tagger: pycrfsuite.Tagger | None = None

    def fit(
        self,
        sentences: Sequence[Sequence[str]],
        tags: Sequence[Sequence[str]],
        *,
        model_path: Path,
        extractor: SkillExtractor | None = None,
    ) -> Self:
        """Train on tokenised sentences with BIO tags; the model is written to ``model_path``."""
        self.extractor_ = extractor or SkillExtractor()
        trainer = pycrfsuite.Trainer(verbose=False)
        for words, labels in zip(sentences, tags, strict=True):
            tokens, text = _join(words)
            trainer.append(token_features(tokens, text, self.extractor_), list(labels))
        trainer.set_params(
            {
                "c1": self.c1,
                "c2": self.c2,
                "max_iterations": self.max_iterations,
                "feature.possible_transitions": True,
            }
        )
        trainer.train(str(model_path))
        return self._open(model_path)

    @classmethod
    def load(
        cls, model_path: Path | None = None, *, extractor: SkillExtractor | None = None
    ) -> Self:
        """A trained tagger: ``model_path``, or the model shipped with the package."""
        tagger = cls()
        tagger.extractor_ = extractor or SkillExtractor()
        if model_path is not None:
            return tagger._open(model_path)
        resource = resources.files("talentmatch.reference").joinpath(MODEL_RESOURCE)
        # crfsuite opens files by name; copy the packaged model out when it is zipped.
        with resources.as_file(resource) as path:
            if Path(path).exists():
                return tagger._open(Path(path))
        temporary = Path(tempfile.mkstemp(suffix=".crfsuite")[1])
        temporary.write_bytes(resource.read_bytes())
        return tagger._open(temporary)

    def _open(self, model_path: Path) -> Self:
        self.model_path_ = model_path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(model_path))
        return self

    def predict_spans(self, text: str) -> list[Span]:
        """Character spans of skill phrases in ``text``."""
        if self._tagger is None or self.extractor_ is None:
            raise RuntimeError("the tagger is not fitted or loaded")
        spans: list[Span] = []
        for tokens in tokenize(text):
            labels = self._tagger.tag(token_features(tokens, text, self.extractor_))
            spans.extend(spans_from_tags(tokens, labels))
        return spans


def _join(words: Sequence[str]) -> tuple[list[Token], str]:
    tokens, position = [], 0
    for word in words:
        tokens.append(Token(word, position, position + len(word)))
        position += len(word) + 1
    return tokens, " ".join(words)


def union_bio(skill_tags: Sequence[str], knowledge_tags: Sequence[str]) -> list[str]:
    """One BIO layer marking what SkillSpan tags as a skill or as knowledge."""
    tags, previous = [], "O"
    for skill, knowledge in zip(skill_tags, knowledge_tags, strict=True):
        if skill == "O" and knowledge == "O":
            tag = "O"
        else:
            source = skill if skill != "O" else knowledge
            tag = "B" if source.startswith("B") or previous == "O" else "I"
        tags.append(tag)
        previous = tag
    return tags


@dataclass(frozen=True)
class FoundSkill:
    """A skill span in a text; ``id`` is set when the taxonomy knows the skill."""

    id: str | None
    name: str
    category: str | None
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


class HybridSkillExtractor:
    """Taxonomy mentions, plus the skill phrases the tagger finds around them.

    The tagger's spans come first (they follow how people delimit a skill phrase); taxonomy
    mentions outside every tagged span are added. A tagged span is linked to the taxonomy when
    its text is a known alias or when it holds exactly one taxonomy mention.
    """

    def __init__(
        self, extractor: SkillExtractor | None = None, tagger: SkillSpanTagger | None = None
    ) -> None:
        self.extractor = extractor or SkillExtractor()
        self.tagger = tagger or SkillSpanTagger.load(extractor=self.extractor)

    def extract(self, text: str) -> list[FoundSkill]:
        mentions = self.extractor.extract(text)
        found: list[FoundSkill] = []
        for start, end in self.tagger.predict_spans(text):
            inside = [m for m in mentions if m.start >= start and m.end <= end]
            skill = self.extractor.taxonomy.lookup(text[start:end])
            if skill is None and len(inside) == 1:
                skill = inside[0].skill
            if skill is not None:
                found.append(
                    FoundSkill(skill.id, skill.name, skill.category, start, end, text[start:end])
                )
            else:
                phrase = " ".join(text[start:end].split())
                found.append(FoundSkill(None, phrase, None, start, end, text[start:end]))
        for m in mentions:
            if not any(m.start < f.end and f.start < m.end for f in found):
                found.append(
                    FoundSkill(m.skill.id, m.skill.name, m.skill.category, m.start, m.end, m.text)
                )
        return sorted(found, key=lambda f: (f.start, f.end))
