"""Train the skill-span tagger on SkillSpan train and write it into the package.

Run: .venv/bin/python scripts/train_skill_tagger.py [--data ../shared/data]
(dev is left for benchmarks/skill_extraction.py to evaluate on.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talentmatch.ml.skill_spans import MODEL_RESOURCE, SkillSpanTagger, union_bio  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    rows = [
        json.loads(line)
        for line in (args.data / "skillspan" / "train.json")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    started = time.perf_counter()
    output = ROOT / "src" / "talentmatch" / "reference" / MODEL_RESOURCE
    SkillSpanTagger().fit(
        [r["tokens"] for r in rows],
        [union_bio(r["tags_skill"], r["tags_knowledge"]) for r in rows],
        model_path=output,
    )
    print(f"trained on {len(rows)} sentences in {time.perf_counter() - started:.1f} s -> {output}")


if __name__ == "__main__":
    main()
