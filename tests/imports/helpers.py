"""Resumes as people send them (PDF, DOCX, text) and the import run as the CLI runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from talentmatch.imports.common import ImportReport
from talentmatch.imports.resumes import import_resume_files
from talentmatch.imports.sources import ResumeFiles
from tests.builders import unique_email
from tests.documents import SAMPLE_RESUME, docx_bytes, pdf_bytes


def resume_lines(email: str, name: str = "Ada Lovelace") -> list[str]:
    """The sample resume of ``name`` with ``email`` as its address."""
    text = SAMPLE_RESUME.replace("Ada Lovelace", name).replace("ada.lovelace@example.org", email)
    return text.splitlines()


def resume_files(prefix: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """Three good resumes (PDF, DOCX, text in a subfolder), a corrupt PDF and a resume without
    an e-mail address: the files by name, and the address each good one gives."""
    emails = {name: unique_email(prefix) for name in ("ada.pdf", "grace.docx", "more/linus.txt")}
    files = {
        "ada.pdf": pdf_bytes(resume_lines(emails["ada.pdf"])),
        "grace.docx": docx_bytes(resume_lines(emails["grace.docx"], "Grace Hopper")),
        "more/linus.txt": "\n".join(
            resume_lines(emails["more/linus.txt"], "Linus Torvalds")
        ).encode(),
        "broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, cut short",
        "no-email.txt": "\n".join(
            line for line in resume_lines("x@example.org") if "@" not in line
        ).encode(),
    }
    return files, emails


def write_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def import_path(app: FastAPI, path: Path, **options: Any) -> ImportReport:
    """``talentmatch import resumes PATH`` against the app's database, in process."""
    limits = {k: options.pop(k) for k in ("max_unpacked_bytes",) if k in options}
    with ResumeFiles(path, max_file_bytes=app.state.settings.max_upload_bytes, **limits) as files:
        return import_resume_files(
            app.state.session_factory,
            app.state.settings,
            app.state.understanding,
            files,
            **options,
        )


def by_source(report: ImportReport) -> dict[str, dict[str, Any]]:
    return {item.source: item.as_dict() for item in report.items}
