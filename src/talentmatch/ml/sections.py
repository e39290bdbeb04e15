"""A resume's sections by their headings ("Work Experience" heads "experience"). Shared by
the resume parser and the identity blinder, which reads a name line only outside them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from talentmatch.ml.reference import load_table

# Each section -> the headings that open it (``reference/resume_words.json``).
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    section: tuple(headings)
    for section, headings in load_table("resume_words.json")["section_headings"].items()
}
_HEADING_LOOKUP = {name: section for section, names in SECTION_HEADINGS.items() for name in names}


def section_heading(line: str) -> str | None:
    """The section a line heads ("Work Experience" -> "experience"), if it is a heading."""
    return line_heading(line.strip())


def line_heading(line: str) -> str | None:
    """``section_heading`` of a line as it stands: a line longer than 40 characters with its
    spaces is no heading."""
    key = re.sub(r"[^a-z ]", "", line.lower()).strip()
    if not key or len(line) > 40:
        return None
    return _HEADING_LOOKUP.get(key)


def split_sections(lines: Sequence[str]) -> dict[str, list[str]]:
    """Lines grouped under their section heading; lines before the first heading are "header"."""
    sections: dict[str, list[str]] = {"header": []}
    current = "header"
    for line in lines:
        heading = line_heading(line)
        if heading:
            current = heading
            sections.setdefault(current, [])
            continue
        if line:
            sections.setdefault(current, []).append(line)
    return sections
