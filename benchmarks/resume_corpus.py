"""A deterministic corpus of realistic two-page resumes as PDF files, with what each says.

Layouts vary: one column, or a sidebar column (skills, education) beside the experience.
The truth is kept only to sanity-check the parser's fields; it is no label for matching.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from fpdf import FPDF

from talentmatch.demo.catalogue import (
    DEGREES,
    FAMILIES,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    UNIVERSITIES,
)

COMPANIES = (
    "Northwind Analytics",
    "Globex Systems",
    "Initech",
    "Umbra Health",
    "Cedar Robotics",
    "Lumen Pay",
    "Orbit Logistics",
    "Harbor AI",
    "Juniper Cloud",
    "Atlas Energy",
)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class ResumeTruth:
    name: str
    email: str
    titles: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)


def _ascii(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def make_resume(index: int) -> tuple[bytes, ResumeTruth]:
    rng = random.Random(index)
    family = rng.choice(FAMILIES)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    email = f"{name.split()[0].lower()}.{index}@example.org"
    city, country, *_ = rng.choice(PLACES)
    skills = list(family.core_skills) + rng.sample(family.extra_skills, k=4)
    truth = ResumeTruth(name=name, email=email, skills=skills)
    jobs = []
    year = 2025
    for position in range(rng.randint(3, 5)):
        length = rng.randint(1, 4)
        start_month, end_month = rng.randint(1, 12), rng.randint(1, 12)
        title = ("Senior " if position == 0 else "") + rng.choice(family.titles)
        company = rng.choice(COMPANIES)
        end = "Present" if position == 0 else f"{MONTH_NAMES[end_month - 1]} {year}"
        jobs.append((title, company, f"{MONTH_NAMES[start_month - 1]} {year - length}", end))
        truth.titles.append(title)
        truth.companies.append(company)
        year -= length
    sidebar = index % 2 == 1
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 9, _ascii(name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    pdf.cell(
        0,
        5,
        _ascii(f"{email} | +1 415 555 {1000 + index % 9000:04d} | {city}, {country}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    width = 125 if sidebar else 190
    top = pdf.get_y()
    pdf.set_font("helvetica", "B", 11)
    pdf.cell(width, 6, "SUMMARY", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    summary = (
        f"{family.titles[0]} with a record of shipping reliable systems. I like to "
        f"{rng.choice(family.duties)} and {rng.choice(family.duties)}."
    )
    pdf.multi_cell(width, 4.5, _ascii(summary), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", "B", 11)
    pdf.cell(width, 6, "EXPERIENCE", new_x="LMARGIN", new_y="NEXT")
    for title, company, start, end in jobs:
        pdf.set_font("helvetica", "B", 9.5)
        pdf.cell(
            width, 5, _ascii(f"{title}, {company} ({start} - {end})"), new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("helvetica", size=9)
        for _ in range(rng.randint(4, 7)):
            duty = rng.choice(family.duties)
            tools = ", ".join(rng.sample(skills, k=2))
            pdf.multi_cell(
                width,
                4.5,
                _ascii(
                    f"- {duty.capitalize()} using {tools}; measured the impact "
                    f"and wrote it up for the team."
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(1.5)
    side_x = 140 if sidebar else 10
    if sidebar:
        pdf.page = 1
        pdf.set_xy(side_x, top)
    else:
        pdf.ln(2)
    for heading, lines in (
        ("SKILLS", [", ".join(skills[i : i + 3]) for i in range(0, len(skills), 3)]),
        ("EDUCATION", [rng.choice(DEGREES), rng.choice(UNIVERSITIES)]),
    ):
        pdf.set_x(side_x)
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(60 if sidebar else 190, 6, heading, new_x="LEFT", new_y="NEXT")
        pdf.set_font("helvetica", size=9)
        for line in lines:
            pdf.set_x(side_x)
            pdf.multi_cell(60 if sidebar else 190, 4.5, _ascii(line), new_x="LEFT", new_y="NEXT")
        pdf.ln(2)
    if pdf.pages_count < 2:
        pdf.add_page()
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(0, 6, "PROJECTS", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=9)
        for _ in range(12):
            pdf.multi_cell(
                190,
                4.5,
                _ascii(
                    f"- {rng.choice(family.duties).capitalize()} with "
                    f"{', '.join(rng.sample(skills, k=3))}."
                ),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output()), truth
