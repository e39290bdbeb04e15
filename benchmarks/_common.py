"""Shared helpers for the benchmarks: where the public data is, and how to report."""

from __future__ import annotations

import json
import math
import platform
import random
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def require_data(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark needs {path} (the public data beside the project checkout)")
    return path


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(name: str, figures: dict[str, Any]) -> None:
    """Print the figures as one JSON object (plus the date and machine)."""
    payload = {"benchmark": name, "date": date.today().isoformat(), "machine": machine(), **figures}
    print(json.dumps(payload, indent=2))


def bootstrap_ci(
    values: Sequence[float],
    statistic: Callable[[Sequence[float]], float] = lambda v: sum(v) / len(v),
    *,
    rounds: int = 1000,
    seed: int = 0,
) -> tuple[float, float]:
    """95 % percentile bootstrap interval of ``statistic`` over ``values``."""
    rng = random.Random(seed)
    n = len(values)
    samples = sorted(statistic([values[rng.randrange(n)] for _ in range(n)]) for _ in range(rounds))
    return samples[int(0.025 * rounds)], samples[min(rounds - 1, math.ceil(0.975 * rounds))]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def duty_lines(rng: random.Random, duties: Sequence[str], skills: Sequence[str]) -> list[str]:
    """Three to five resume bullets: a role's duty done with two of the person's skills (the
    generated resumes of the import and load benchmarks)."""
    lines = []
    for _ in range(rng.randint(3, 5)):
        tools = ", ".join(rng.sample(list(skills), k=min(2, len(skills))))
        lines.append(f"- {rng.choice(duties).capitalize()} using {tools}.")
    return lines
