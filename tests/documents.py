"""Real PDF and DOCX files for tests and benchmarks, written with fpdf2 and python-docx."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from fpdf import FPDF

SAMPLE_RESUME = """Ada Lovelace
ada.lovelace@example.org | +44 20 7946 0958 | London, UK
github.com/ada

SUMMARY
Backend engineer moving into machine learning.

EXPERIENCE
Senior Backend Engineer, Analytical Engines Ltd (Mar 2020 - Present)
- Built services in Python and Go on Kubernetes with PostgreSQL.
Software Engineer | Babbage & Co | Jan 2016 - Feb 2020
- Java, Kafka and AWS.

EDUCATION
MSc Computer Science, University of Edinburgh

SKILLS
Python, Go, SQL, Docker, Terraform, communication
"""


def pdf_bytes(
    lines: Sequence[str], *, right_column: Sequence[str] = (), password: str | None = None
) -> bytes:
    """A PDF with ``lines`` (and an optional second column) as real text."""
    pdf = FPDF()
    if password:
        pdf.set_encryption(owner_password=password, user_password=password)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    top = pdf.get_y()
    for index, line in enumerate(lines):
        pdf.set_xy(10, top + index * 5)
        pdf.cell(
            90 if right_column else 190, 5, line.encode("latin-1", "replace").decode("latin-1")
        )
    for index, line in enumerate(right_column):
        pdf.set_xy(110, top + index * 5)
        pdf.cell(90, 5, line)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF page with drawing but no text layer, like a scan."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def docx_bytes(
    paragraphs: Sequence[str], *, table: Sequence[Sequence[str]] = (), header: str = ""
) -> bytes:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
