"""Skill extraction on SkillSpan dev: span precision, recall and F1, strict and overlap.

SkillSpan (Zhang et al., NAACL 2022) marks skill spans and knowledge spans in job-posting
sentences. Our extractor finds taxonomy skills (technologies, methods, soft skills); it is
scored against each layer and against their union.

Run: .venv/bin/python -m benchmarks.skill_extraction
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace

from benchmarks._common import report, require_data
from talentmatch.ml.skill_spans import HybridSkillExtractor, SkillSpanTagger
from talentmatch.ml.skills import SkillExtractor

Span = tuple[int, int]


def load_sentences(path: Path) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def sentence_text(tokens: list[str]) -> tuple[str, list[Span]]:
    """Tokens joined by single spaces, with each token's character span."""
    offsets, position = [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return " ".join(tokens), offsets


def bio_spans(tags: list[str], offsets: list[Span]) -> set[Span]:
    spans, start = set(), None
    for index, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I"):
            spans.add((offsets[start][0], offsets[index - 1][1]))
            start = None
        if tag.startswith("B"):
            start = index
    return spans


def scores(gold: list[set[Span]], predicted: list[set[Span]]) -> dict[str, dict[str, float]]:
    result = {}
    for mode in ("strict", "overlap"):
        tp_pred = tp_gold = n_pred = n_gold = 0
        for g, p in zip(gold, predicted, strict=True):
            n_pred, n_gold = n_pred + len(p), n_gold + len(g)
            if mode == "strict":
                hits = len(g & p)
                tp_pred, tp_gold = tp_pred + hits, tp_gold + hits
            else:
                tp_pred += sum(1 for s in p if any(_overlap(s, t) for t in g))
                tp_gold += sum(1 for t in g if any(_overlap(s, t) for s in p))
        precision = tp_pred / n_pred if n_pred else 0.0
        recall = tp_gold / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[mode] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }
    return result


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(extract: object, sentences: Iterable[dict[str, object]]) -> dict[str, object]:
    gold: dict[str, list[set[Span]]] = {"skill": [], "knowledge": [], "union": []}
    predicted: list[set[Span]] = []
    started = time.perf_counter()
    count = 0
    for sentence in sentences:
        tokens = sentence["tokens"]
        assert isinstance(tokens, list)
        text, offsets = sentence_text(tokens)
        skill = bio_spans(sentence["tags_skill"], offsets)  # type: ignore[arg-type]
        knowledge = bio_spans(sentence["tags_knowledge"], offsets)  # type: ignore[arg-type]
        gold["skill"].append(skill)
        gold["knowledge"].append(knowledge)
        gold["union"].append(skill | knowledge)
        predicted.append({(m.start, m.end) for m in extract.extract(text)})  # type: ignore[attr-defined]
        count += 1
    elapsed = time.perf_counter() - started
    return {
        "sentences": count,
        "ms_per_sentence": round(1000 * elapsed / count, 3),
        **{layer: scores(g, predicted) for layer, g in gold.items()},
    }


class _TaggerOnly:
    def __init__(self, tagger: SkillSpanTagger) -> None:
        self.tagger = tagger

    def extract(self, text: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(start=s, end=e) for s, e in self.tagger.predict_spans(text)]


def main() -> None:
    dev = load_sentences(require_data("skillspan", "dev.json"))
    extractor = SkillExtractor()
    tagger = SkillSpanTagger.load(extractor=extractor)
    variants = {
        "taxonomy": extractor,
        "tagger (CRF on SkillSpan train)": _TaggerOnly(tagger),
        "hybrid (what `skills extract` uses)": HybridSkillExtractor(extractor, tagger),
    }
    report(
        "skill_extraction_skillspan_dev",
        {
            "command": "python -m benchmarks.skill_extraction",
            "results": {name: evaluate(variant, dev) for name, variant in variants.items()},
        },
    )


if __name__ == "__main__":
    main()
