"""Bulk job import from JSON lines: each line one job, written with its match vectors (and its
company, when new) in one transaction of its own.

A line is an object with the job form's fields (``title``, ``description``, ``location``,
``country``, ``remote_policy``, ``salary_min``, ``salary_max``, ``currency``,
``required_skills``, ``nice_to_have_skills``, ``seniority``, ``interview_stages``, ``status``)
plus ``company`` (its name, required), ``company_domain`` and ``external_id`` (both optional).
Unknown keys are errors, so a misspelt field is not silently dropped. What a line leaves out
is read from its description by the job parser, as the job form does; ``status`` defaults to
``default_status`` (open).

Companies are found by name the way hiding compares names (case, punctuation and legal forms
aside: "ACME Inc." is "Acme"; the oldest wins if several match), and created when none
matches unless ``create_companies`` is off (then the line is an error). A created company has
no members until an operator makes an employer account for it (``users create --company``
founds a new one, so for now such companies are managed by operators).

The author of every job is ``author_email``: an operator, or an employer, who may then
import only their own company's jobs. A re-run skips lines already written: by ``external_id``
(unique across imports: prefix it with the source, e.g. ``greenhouse:1234``), or, for lines
without one, by the SHA-256 of the line's object (an edited line is a new job).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO

import sqlalchemy as sa
from pydantic import ConfigDict, StringConstraints, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.companies.models import Company
from talentmatch.companies.repository import CompanyRepository
from talentmatch.db import unit_of_work
from talentmatch.imports.common import (
    DEFAULT_BATCH,
    ImportReport,
    ItemResult,
    Outcome,
    Progress,
    Vectors,
    VectorStore,
    batched,
    imported_keys,
    record_import,
)
from talentmatch.imports.repository import ImportRepository
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.schemas import JobCreate
from talentmatch.jobs.service import new_job
from talentmatch.kit.company_names import name_key
from talentmatch.kit.errors import InvalidInput, TalentmatchError
from talentmatch.matching.profiles import job_profile
from talentmatch.understanding import Understanding

KIND = "job"
MAX_LINE_BYTES = 256 * 1024  # a description may have 50,000 characters
_EXTRA = ("company", "company_domain", "external_id")


class JobLine(JobCreate):
    """One line of a jobs file: the job form plus its company and an optional external id."""

    model_config = ConfigDict(extra="forbid")

    company: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    company_domain: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=253)] | None
    ) = None
    external_id: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None


@dataclass
class _Line:
    """A valid line, parsed, waiting for its batch's vectors and its own transaction."""

    number: int
    key: str
    line: JobLine
    job: Job
    company_key: str


def author_by_email(session: Session, email: str) -> tuple[User, uuid.UUID | None]:
    """The author of imported jobs and, for an employer, their company."""
    user = UserRepository(session).get_by_email(email)
    if user is None or not user.is_active or user.role is Role.CANDIDATE:
        raise InvalidInput(f"{email} is not an active operator or employer account", field="author")
    if user.role is Role.OPERATOR:
        return user, None
    company_id = CompanyRepository(session).company_id_of(user.id)
    if company_id is None:
        raise InvalidInput(f"{email} belongs to no company", field="author")
    return user, company_id


def bounded_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The file's lines, each cut after ``MAX_LINE_BYTES + 1`` bytes (the rest of an overlong
    line is skipped unread into memory, and the cut line fails validation as too long): a
    line with no end cannot make the import hold the whole file."""
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_LINE_BYTES + 1)) and not rest.endswith(b"\n"):
                pass
        yield line


def read_lines(data: Iterable[bytes]) -> Iterable[tuple[int, bytes]]:
    """Numbered lines (from 1), blank ones left out."""
    for number, raw in enumerate(data, start=1):
        if raw.strip():
            yield number, raw


def import_jobs(
    session_factory: sessionmaker[Session],
    understanding: Understanding,
    lines: Iterable[tuple[int, bytes]],
    *,
    author_email: str,
    create_companies: bool = True,
    default_status: JobStatus = JobStatus.OPEN,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> ImportReport:
    """Import numbered JSON ``lines`` (see :func:`read_lines` and the module docstring).

    Raises :class:`InvalidInput` before anything is written when the author cannot post jobs;
    a line's problem is that line's result, naming its number."""
    if default_status is JobStatus.CLOSED:
        raise InvalidInput("imported jobs are draft or open", field="status")
    with session_factory() as session:
        author, own_company = author_by_email(session, author_email)
        companies = _company_ids(session)
    importer = _JobImporter(
        session_factory,
        understanding,
        author=author,
        own_company=own_company,
        companies=companies,
        create_companies=create_companies and own_company is None,
        default_status=default_status,
    )
    report = ImportReport(kind="jobs")
    for batch in batched(lines, batch_size):
        results = importer.run_batch(batch, report)
        report.items.extend(results)
        if progress:
            for result in results:
                progress(result)
    report.add_time("embed", importer.vectors.seconds)
    return report


def _company_ids(session: Session) -> dict[str, uuid.UUID]:
    """Every company by name key (the oldest where several share one)."""
    found: dict[str, uuid.UUID] = {}
    for company_id, name in ImportRepository(session).company_names_oldest_first():
        found.setdefault(_key(name), company_id)
    return found


def _key(name: str) -> str:
    return name_key(name) or name.strip().lower()


class _JobImporter:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        understanding: Understanding,
        *,
        author: User,
        own_company: uuid.UUID | None,
        companies: dict[str, uuid.UUID],
        create_companies: bool,
        default_status: JobStatus,
    ) -> None:
        self.session_factory = session_factory
        self.understanding = understanding
        self.author = author
        self.own_company = own_company
        self.companies = companies
        self.create_companies = create_companies
        self.default_status = default_status
        self.vectors = VectorStore(understanding.embedder)
        self.new_companies: dict[str, uuid.UUID] = {}  # ids chosen for companies to create
        self.seen: dict[str, int] = {}  # key -> the line that had it

    def run_batch(self, batch: list[tuple[int, bytes]], report: ImportReport) -> list[ItemResult]:
        started = time.perf_counter()
        results: dict[int, ItemResult] = {}
        valid: list[tuple[int, JobLine, str]] = []
        for number, raw in batch:
            try:
                line, key = self._validate(raw)
            except InvalidInput as exc:
                results[number] = _failed(number, exc.message)
                continue
            valid.append((number, line, key))
        with self.session_factory() as session:
            done_before = imported_keys(session, KIND, [key for _, _, key in valid])
        parsed: list[_Line] = []
        for number, line, key in valid:
            if key in done_before:
                results[number] = _result(number, Outcome.SKIPPED, "imported before", line)
            elif key in self.seen:
                same = "external_id" if line.external_id else "content"
                results[number] = _result(
                    number, Outcome.SKIPPED, f"the same {same} as line {self.seen[key]}", line
                )
            else:
                self.seen[key] = number
                try:
                    parsed.append(self._parse(number, key, line))
                except TalentmatchError as exc:
                    results[number] = _failed(number, exc.message, line)
        report.add_time("parse", time.perf_counter() - started)

        vectors = self.vectors.embed([job_profile(self.understanding, item.job) for item in parsed])
        started = time.perf_counter()
        for item in parsed:
            results[item.number] = self._write(item, vectors)
        report.add_time("write", time.perf_counter() - started)
        return [results[number] for number, _ in batch]

    def _validate(self, raw: bytes) -> tuple[JobLine, str]:
        if len(raw) > MAX_LINE_BYTES:
            raise InvalidInput(f"the line is over {MAX_LINE_BYTES:,} bytes")
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"not UTF-8 (byte {exc.start})") from exc
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not JSON ({exc.msg} at column {exc.colno})") from exc
        except RecursionError as exc:  # e.g. thousands of nested brackets in a small line
            raise InvalidInput("not JSON (nested too deeply)") from exc
        if not isinstance(data, dict):
            raise InvalidInput("not a JSON object")
        try:
            line = JobLine.model_validate(data)
        except ValidationError as exc:
            raise InvalidInput(_validation_message(exc)) from exc
        if line.external_id:
            key = f"id:{line.external_id}"
        else:
            canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
            key = "sha256:" + hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
        return line, key

    def _parse(self, number: int, key: str, line: JobLine) -> _Line:
        company_key = _key(line.company)
        company_id = self.companies.get(company_key)
        if self.own_company is not None and company_id != self.own_company:
            raise InvalidInput(
                f"{self.author.email} may import only their own company's jobs, "
                f"not {line.company}'s"
            )
        if company_id is None:
            if not self.create_companies:
                raise InvalidInput(f"no company named {line.company}")
            company_id = self.new_companies.setdefault(company_key, uuid.uuid4())
        fields = line.model_dump(exclude=set(_EXTRA))
        provided = set(line.model_fields_set) - set(_EXTRA)
        if "status" not in provided:
            fields["status"] = self.default_status
        job = new_job(
            self.understanding,
            company_id=company_id,
            author=self.author,
            fields=fields,
            provided=provided,
        )
        return _Line(number, key, line, job, company_key)

    def _write(self, item: _Line, vectors: dict[str, Vectors]) -> ItemResult:
        """Company (when new), job, vectors and ledger: one transaction."""
        created = False
        try:
            with unit_of_work(self.session_factory) as session:
                if imported_keys(session, KIND, [item.key]):
                    return _result(item.number, Outcome.SKIPPED, "imported before", item.line)
                if item.company_key not in self.companies:
                    session.add(
                        Company(
                            id=item.job.company_id,
                            name=item.line.company,
                            domain=item.line.company_domain or None,
                        )
                    )
                    created = True
                job = item.job
                session.add(job)
                session.flush()
                self.vectors.store(session, job_profile(self.understanding, job), vectors)
                record_import(session, KIND, item.key, job.id)
        except TalentmatchError as exc:
            return _failed(item.number, exc.message, item.line)
        except sa.exc.DataError as exc:  # a value this database cannot store: that line's error
            return _failed(item.number, f"the database refused it ({type(exc.orig).__name__})")
        except sa.exc.IntegrityError:
            with self.session_factory() as session:
                if imported_keys(session, KIND, [item.key]):
                    return _result(item.number, Outcome.SKIPPED, "imported before", item.line)
            raise
        if created:
            self.companies[item.company_key] = item.job.company_id
        result = _result(item.number, Outcome.IMPORTED, "", item.line)
        result.id = str(job.id)
        result.details["job_status"] = job.status.value
        if created:
            result.details["company_created"] = True
        return result


def _validation_message(exc: ValidationError) -> str:
    """Each problem with the field it is in, never the value (it may be long or private)."""
    problems = []
    for error in exc.errors(include_input=False):
        where = ".".join(str(part) for part in error["loc"]) or "line"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "not a field of a job (see the import's documentation)"
        problems.append(f"{where}: {message}")
    return "; ".join(problems)


def _result(number: int, outcome: Outcome, reason: str, line: JobLine | None) -> ItemResult:
    details: dict[str, Any] = {"line": number}
    if line is not None:
        details.update(company=line.company, title=line.title, external_id=line.external_id)
    return ItemResult(f"line {number}", outcome, reason, details=details)


def _failed(number: int, reason: str, line: JobLine | None = None) -> ItemResult:
    return _result(number, Outcome.FAILED, reason, line)
