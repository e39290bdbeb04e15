"""Bulk resume import: each resume becomes a candidate account with its profile, resume file
and match vectors, written in one transaction of its own (all of it or nothing).

Semantics (see README, "Bulk import"):

- The account is keyed by the e-mail address the resume gives (the first one found). A resume
  without one, or whose address already has an account (or another file of the same import
  has it), is an error of that file; nothing is changed for an existing account.
- The account has no password anyone knows: the person claims it with the password-reset
  flow. Nobody is e-mailed unless ``invite`` is set, which queues one e-mail per account in the
  outbox, in the item's transaction, saying how to claim it (no token in it).
- Files go through the upload's checks (size, type from the bytes, bombs) and readers; plain
  text is decoded in this process, PDF and DOCX are read by the isolated ``DocumentReader``.
- The profile is filled from the resume as an upload fills it and stays a draft, or, with
  ``approve_as`` (an operator's e-mail), is submitted and approved by that operator under the
  review rules (a profile that cannot be submitted, e.g. without a headline, stays a draft
  and its result says why).
- The file's SHA-256 goes to the import ledger in the same transaction, so a re-run skips
  what was written, including after a crash.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import sqlalchemy as sa
from pydantic import EmailStr, TypeAdapter, ValidationError
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.accounts.service import create_user
from talentmatch.candidates.files import MARKDOWN, TEXT, CheckedUpload
from talentmatch.candidates.models import CandidateProfile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.service import (
    ReadResume,
    approve,
    check_resume,
    fill_from_resume,
    read_checked_resume,
    store_resume,
    submit_for_review,
)
from talentmatch.config import Settings
from talentmatch.db import unit_of_work, unsaved
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
from talentmatch.imports.sources import SourceError, SourceFile
from talentmatch.kit.errors import InvalidInput, TalentmatchError
from talentmatch.kit.security import PasswordHasher, new_token
from talentmatch.matching.profiles import candidate_profile
from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.text import DocumentError, extract_text
from talentmatch.notifications.service import queue_email
from talentmatch.understanding import Understanding

KIND = "resume"
_EMAIL = TypeAdapter(EmailStr)


@dataclass
class _Parsed:
    """A file read and parsed, waiting for its batch's vectors and its own transaction."""

    position: int
    source: str
    sha256: str
    read: ReadResume
    email: str
    full_name: str


@dataclass
class _Batch:
    """Files on their way: a result for each that is done, and those waiting to be written."""

    results: list[ItemResult | None]
    parsed: list[_Parsed] = field(default_factory=list)
    profiles: list[MatchProfile] = field(default_factory=list)


def operator_by_email(session: Session, email: str) -> User:
    """The operator an import approves profiles as; anyone else is refused."""
    user = UserRepository(session).get_by_email(email)
    if user is None or not user.is_active or user.role is not Role.OPERATOR:
        raise InvalidInput(f"{email} is not an active operator account", field="approve_as")
    return user


def import_resume_files(
    session_factory: sessionmaker[Session],
    settings: Settings,
    understanding: Understanding,
    files: Iterable[SourceFile],
    *,
    approve_as: str | None = None,
    invite: bool = False,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``files`` (see the module docstring); every file gets a result, in order.

    Raises :class:`InvalidInput` before anything is written when ``approve_as`` is not an
    operator. Per-file problems never raise: they are the file's result."""
    operator = None
    if approve_as is not None:
        with session_factory() as session:
            operator = operator_by_email(session, approve_as)
    importer = _ResumeImporter(
        session_factory, settings, understanding, operator=operator, invite=invite
    )
    report = ImportReport(kind="resumes")
    # A pipeline on two threads: while one batch is embedded (torch, outside the GIL), the
    # next one is read and parsed and the previous one written.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-embed") as embedding:
        waiting: tuple[_Batch, Future[dict[str, Vectors]]] | None = None
        try:
            for files_batch in batched(files, batch_size):
                batch = importer.prepare(files_batch, report)
                vectors = embedding.submit(importer.vectors.embed, batch.profiles)
                if waiting is not None:
                    _finish(importer, *waiting, report, progress)
                waiting = (batch, vectors)
            if waiting is not None:
                _finish(importer, *waiting, report, progress)
        finally:
            importer.close()
    report.add_time("embed", importer.vectors.seconds)
    return report


def _finish(
    importer: _ResumeImporter,
    batch: _Batch,
    vectors: Future[dict[str, Vectors]],
    report: ImportReport,
    progress: Progress | None,
) -> None:
    results = importer.write(batch, vectors.result(), report)
    report.items.extend(results)
    if progress:
        for result in results:
            progress(result)


class _ResumeImporter:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        settings: Settings,
        understanding: Understanding,
        *,
        operator: User | None,
        invite: bool,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.understanding = understanding
        self.operator = operator
        self.invite = invite
        self.vectors = VectorStore(understanding.embedder)
        # One hash of a secret nobody keeps: no password opens the account, and a log-in
        # attempt costs the time a real verification takes (no timing tells it apart).
        self.hasher = PasswordHasher(settings)
        self.password_hash = self.hasher.hash(new_token())
        self.seen_files: dict[str, str] = {}  # sha256 -> the first file with that content
        self.seen_emails: dict[str, str] = {}  # e-mail -> the first file that gave it
        workers = understanding.documents.workers.max_parallel
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="import-read")

    def close(self) -> None:
        self.pool.shutdown(wait=True)

    # ------------------------------------------------------------------------------ batch

    def prepare(self, files: list[SourceFile], report: ImportReport) -> _Batch:
        """Read, check and parse a batch; what can get an account waits for its vectors."""
        batch = _Batch(results=[None] * len(files))
        started = time.perf_counter()
        contents: dict[int, tuple[bytes, str]] = {}
        for position, source in enumerate(files):
            try:
                content = source.read()
            except SourceError as exc:
                batch.results[position] = _failed(source.name, str(exc))
                continue
            contents[position] = (content, hashlib.sha256(content).hexdigest())
        with self.session_factory() as session:
            done_before = imported_keys(session, KIND, [sha for _, sha in contents.values()])
        fresh: dict[int, CheckedUpload] = {}
        for position, (content, sha) in contents.items():
            name = files[position].name
            if sha in done_before:
                batch.results[position] = ItemResult(name, Outcome.SKIPPED, "imported before")
            elif sha in self.seen_files:
                reason = f"the same file as {self.seen_files[sha]}"
                batch.results[position] = ItemResult(name, Outcome.SKIPPED, reason)
            else:
                self.seen_files[sha] = name
                try:
                    fresh[position] = check_resume(self.settings, filename=name, content=content)
                except TalentmatchError as exc:
                    batch.results[position] = _failed(name, exc.message)
        report.add_time("read", time.perf_counter() - started)

        started = time.perf_counter()
        parsed = self._parse(files, contents, fresh, batch.results)
        batch.parsed = self._check_accounts(parsed, batch.results)
        batch.profiles = [self._match_profile(item) for item in batch.parsed]
        report.add_time("parse", time.perf_counter() - started)
        return batch

    def write(
        self, batch: _Batch, vectors: dict[str, Vectors], report: ImportReport
    ) -> list[ItemResult]:
        """Write each parsed file in its own transaction; every file's result, in order."""
        started = time.perf_counter()
        for item in batch.parsed:
            batch.results[item.position] = self._write(item, vectors)
        report.add_time("write", time.perf_counter() - started)
        return [r for r in batch.results if r is not None]

    def _parse(
        self,
        batch: list[SourceFile],
        contents: dict[int, tuple[bytes, str]],
        fresh: dict[int, CheckedUpload],
        results: list[ItemResult | None],
    ) -> list[_Parsed]:
        # PDF and DOCX files are read by the worker processes, several at once.
        documents = {
            position: self.pool.submit(read_checked_resume, self.understanding, checked)
            for position, checked in fresh.items()
            if checked.media_type not in (TEXT, MARKDOWN)
        }
        parsed: list[_Parsed] = []
        for position, checked in fresh.items():
            name = batch[position].name
            try:
                if position in documents:
                    read = documents[position].result()
                else:
                    read = self._read_text(checked)
            except TalentmatchError as exc:
                results[position] = _failed(name, exc.message)
                continue
            except Exception as exc:  # a parser bug on a strange file: that file's error
                results[position] = _failed(
                    name, f"the resume could not be parsed ({type(exc).__name__})"
                )
                continue
            email = _account_email(read.parsed.email)
            if email is None:
                results[position] = _failed(
                    name, "no e-mail address found in the resume: an account needs one"
                )
                continue
            full_name = (read.parsed.name or email.split("@")[0]).strip()[:200]
            sha = contents[position][1]
            parsed.append(_Parsed(position, name, sha, read, email, full_name))
        return parsed

    def _read_text(self, checked: CheckedUpload) -> ReadResume:
        """Plain text needs no isolation: decoded here by the worker's own function."""
        try:
            extracted = extract_text(
                checked.content, checked.media_type, self.understanding.documents.limits
            )
        except DocumentError as exc:
            raise InvalidInput(str(exc), field="file") from exc
        return ReadResume(checked, extracted, self.understanding.resumes.parse(extracted.text))

    def _check_accounts(
        self, parsed: list[_Parsed], results: list[ItemResult | None]
    ) -> list[_Parsed]:
        """Leave out, before embedding, what cannot get an account (the write checks again)."""
        with self.session_factory() as session:
            taken = UserRepository(session).emails_taken([p.email for p in parsed])
        kept = []
        for item in parsed:
            if item.email in taken:
                results[item.position] = _account_exists(item)
            elif item.email in self.seen_emails:
                results[item.position] = _failed(
                    item.source,
                    f"{item.email} is also the address of {self.seen_emails[item.email]}, "
                    "imported in this run",
                    email=item.email,
                )
            else:
                self.seen_emails[item.email] = item.source
                kept.append(item)
        return kept

    def _match_profile(self, item: _Parsed) -> MatchProfile:
        """The profile as matching will see it, built from the rows the write will store."""
        profile = unsaved(CandidateProfile)
        profile.parsed = item.read.parsed.as_dict()
        fill_from_resume(profile, item.read.parsed)
        return candidate_profile(self.understanding, profile, item.read.extracted.text)

    # ------------------------------------------------------------------------------ write

    def _write(self, item: _Parsed, vectors: dict[str, Vectors]) -> ItemResult:
        """Account, profile, resume, review, vectors, ledger (and invitation): one transaction."""
        note = ""
        try:
            with unit_of_work(self.session_factory) as session:
                if imported_keys(session, KIND, [item.sha256]):  # a concurrent import did it
                    return ItemResult(item.source, Outcome.SKIPPED, "imported before")
                user = create_user(
                    session,
                    self.hasher,
                    email=item.email,
                    password_hash=self.password_hash,
                    full_name=item.full_name,
                    role=Role.CANDIDATE,
                )
                profile = CandidateRepository(session).for_user(user.id)
                assert profile is not None  # create_user makes a candidate's profile
                store_resume(session, profile, item.read)
                if self.operator is not None:
                    note = self._approve(session, profile)
                self.vectors.store(
                    session,
                    candidate_profile(self.understanding, profile, item.read.extracted.text),
                    vectors,
                )
                record_import(session, KIND, item.sha256, profile.id)
                if self.invite:
                    self._invite(session, user, profile)
                status = profile.status.value
        except TalentmatchError as exc:
            if exc.field == "email":
                return _account_exists(item)
            return _failed(item.source, exc.message, email=item.email)
        except sa.exc.DataError as exc:  # a value this database cannot store: that file's error
            return _failed(item.source, f"the database refused it ({type(exc.orig).__name__})")
        except sa.exc.IntegrityError:
            with self.session_factory() as session:
                if imported_keys(session, KIND, [item.sha256]):
                    return ItemResult(item.source, Outcome.SKIPPED, "imported before")
            raise
        details: dict[str, object] = {"email": item.email, "profile_status": status}
        if note:
            details["note"] = note
        return ItemResult(item.source, Outcome.IMPORTED, id=str(profile.id), details=details)

    def _approve(self, session: Session, profile: CandidateProfile) -> str:
        """Submit and approve as the operator; what kept it a draft, if something did."""
        assert self.operator is not None
        try:
            submit_for_review(session, profile)
        except InvalidInput as exc:
            return f"left as a draft: {exc.message}"
        approve(session, self.settings, self.operator, profile.id)
        return ""

    def _invite(self, session: Session, user: User, profile: CandidateProfile) -> None:
        base = self.settings.public_url.rstrip("/")
        state = (
            "It is live: companies can find it, without your name or contact details until "
            "you accept one of their interview requests."
            if profile.status.value == "live"
            else "It is a draft: nobody but you and our reviewers can see it until you "
            "submit it for review."
        )
        queue_email(
            session,
            to=user.email,
            subject="Your talentmatch profile is ready to claim",
            body=(
                f"Hello {user.full_name},\n\nWe created a talentmatch account for this address "
                f"from your resume. {state}\n\nTo claim it, choose a password: open "
                f"{base}/password/forgot and enter this e-mail address.\n\nIf you do not "
                f"want the account, claim it and delete it with everything in it from "
                f"{base}/me/data.\n"
            ),
            kind="import_invite",
        )


def _account_email(found: str | None) -> str | None:
    if not found:
        return None
    try:
        return str(_EMAIL.validate_python(found)).lower()
    except ValidationError:
        return None


def _failed(source: str, reason: str, **details: object) -> ItemResult:
    return ItemResult(source, Outcome.FAILED, reason, details=dict(details))


def _account_exists(item: _Parsed) -> ItemResult:
    return _failed(item.source, f"an account with {item.email} already exists", email=item.email)
