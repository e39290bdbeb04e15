"""A resume's sections by their headings ("Work Experience" heads "experience"). Shared by
the resume parser and the identity blinder, which reads a name line only outside them."""

from __future__ import annotations

import re
from collections.abc import Sequence

SECTION_HEADINGS = {
    "summary": ("summary", "profile", "about", "about me", "objective", "professional summary"),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
    ),
    "education": ("education", "academic background", "education and training", "qualifications"),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "technologies",
        "tech stack",
        "skills and tools",
        "competencies",
        "tools",
    ),
    "projects": ("projects", "selected projects", "personal projects", "open source"),
    "certifications": (
        "certifications",
        "certificates",
        "licenses",
        "awards",
        "publications",
        "languages",
        "interests",
        "volunteering",
        "references",
    ),
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
