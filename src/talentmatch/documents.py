"""Uploaded documents read safely: in limited worker processes, never in the web process.

``ml.text`` knows how to get text out of a PDF or DOCX; this module decides where that runs
and under which limits (``kit.isolation`` says why in a separate process).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from talentmatch.kit.isolation import (
    MEBIBYTE,
    IsolatedWorkers,
    LimitExceeded,
    ProcessLimits,
    RemoteError,
    WorkerFailed,
)
from talentmatch.ml import text as documents
from talentmatch.ml.text import (
    DEFAULT_LIMITS,
    CorruptDocument,
    DocumentError,
    DocumentLimits,
    DocumentTooComplex,
    ExtractedText,
)

if TYPE_CHECKING:
    from talentmatch.config import Settings

WORKER_TARGET = f"{__name__}:read_in_worker"


def read_in_worker(data: bytes, media_type: str | None, limits: dict[str, int]) -> dict[str, Any]:
    """What a worker runs: the file's text as a JSON object."""
    return asdict(documents.extract_text(data, media_type, DocumentLimits(**limits)))


class DocumentReader:
    """Text of untrusted files, read in limited worker processes.

    Parameters
    ----------
    limits:
        Pages, characters and DOCX inflation (what is read).
    process:
        Memory, CPU and wall-clock time of one read (what it may cost).
    max_parallel:
        Documents read at once; more wait their turn.
    """

    def __init__(
        self,
        limits: DocumentLimits = DEFAULT_LIMITS,
        process: ProcessLimits | None = None,
        *,
        max_parallel: int | None = None,
    ) -> None:
        self.limits = limits
        self.workers = IsolatedWorkers(WORKER_TARGET, process, max_parallel=max_parallel)

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentReader:
        return cls(
            DocumentLimits(
                max_pages=settings.document_max_pages,
                max_chars=settings.document_max_chars,
                max_docx_uncompressed=settings.max_docx_uncompressed_bytes,
            ),
            ProcessLimits(
                memory_bytes=settings.document_memory_mb * MEBIBYTE,
                cpu_seconds=settings.document_cpu_seconds,
                wall_seconds=settings.document_wall_seconds,
            ),
            max_parallel=settings.document_parallel or None,
        )

    def start(self) -> None:
        """Start a worker now (else the first upload waits for its imports)."""
        self.workers.start()

    def close(self) -> None:
        self.workers.close()

    def read(self, content: bytes, media_type: str | None = None) -> ExtractedText:
        """The file's text; a :class:`~talentmatch.ml.text.DocumentError` names what is wrong."""
        try:
            answer = self.workers.call(content, media_type=media_type, limits=asdict(self.limits))
        except LimitExceeded as exc:
            raise DocumentTooComplex(self._limit_message(exc.limit)) from exc
        except WorkerFailed as exc:
            raise CorruptDocument(
                "the file could not be read (the reader stopped on it); "
                "save it again as PDF or DOCX, or upload plain text"
            ) from exc
        except RemoteError as exc:
            raise _document_error(exc) from exc
        try:
            return ExtractedText(**answer)
        except TypeError as exc:  # a worker that answers nonsense: treat it as a crash
            raise CorruptDocument(
                "the file could not be read (the reader's answer was wrong)"
            ) from exc

    def _limit_message(self, limit: str) -> str:
        process = self.workers.limits
        if limit == "memory":
            cost = f"more than {process.memory_bytes // MEBIBYTE} MB of memory"
        elif limit == "cpu":
            cost = f"more than {process.cpu_seconds} s of processing"
        else:
            cost = f"more than {process.wall_seconds:g} s"
        return (
            f"reading this file needed {cost}, the limit for one upload; "
            "upload a simpler PDF or DOCX, or plain text"
        )


def _document_error(exc: RemoteError) -> DocumentError:
    """The worker's exception as the same kind of :class:`DocumentError` here."""
    kind = getattr(documents, exc.kind, None)
    if isinstance(kind, type) and issubclass(kind, DocumentError):
        return kind(exc.message)
    # Anything else is a bug or a file the parsers choke on: the file cannot be read.
    return CorruptDocument(f"the file could not be read ({exc.kind})")
