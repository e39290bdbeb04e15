"""Resume uploads: the type comes from the bytes, never from the name the browser sent."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from talentmatch.kit.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
MARKDOWN = "text/markdown"

_EXTENSION_TYPES = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
}
_TEXT_TYPES = {TEXT, MARKDOWN}
_MAX_ZIP_ENTRIES = 2000


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    media_type: str
    content: bytes


def safe_filename(name: str | None) -> str:
    """A display name without path or control characters: ``../a/cv.pdf`` -> ``cv.pdf``."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    base = base.strip().lstrip(".")[:200]
    return base or "resume"


def check_upload(
    filename: str | None, content: bytes, *, max_bytes: int, max_docx_bytes: int
) -> CheckedUpload:
    """Check size and type of an uploaded resume; raise a clear error naming the problem."""
    if len(content) > max_bytes:
        raise PayloadTooLarge(
            f"the file is {len(content):,} bytes; the limit is {max_bytes:,} bytes"
        )
    if not content:
        raise InvalidInput("the file is empty", field="file")
    name = safe_filename(filename)
    media_type = _sniff(content, max_docx_bytes)
    claimed = _EXTENSION_TYPES.get(_extension(name))
    if claimed is not None and not _compatible(claimed, media_type):
        raise UnsupportedMediaType(
            f"the file is named like {claimed} but its content is {media_type}"
        )
    if media_type == TEXT and claimed == MARKDOWN:
        media_type = MARKDOWN
    return CheckedUpload(name, media_type, content)


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _compatible(claimed: str, actual: str) -> bool:
    return claimed == actual or (claimed in _TEXT_TYPES and actual in _TEXT_TYPES)


def _sniff(content: bytes, max_docx_bytes: int) -> str:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        _check_docx(content, max_docx_bytes)
        return DOCX
    if content.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        raise UnsupportedMediaType(
            "old Word (.doc) and RTF files are not supported; save as DOCX or PDF"
        )
    if b"\x00" in content[:8192]:
        raise UnsupportedMediaType("the file is binary, not a PDF, DOCX or text file")
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedMediaType(
            f"the text is not valid UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from exc
    return TEXT


def _check_docx(content: bytes, max_uncompressed: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsupportedMediaType("the file looks like a zip/DOCX but is corrupt") from exc
    if "word/document.xml" not in names:
        raise UnsupportedMediaType("the zip file is not a Word document (DOCX)")
    # Bound what a parser could be made to inflate: declared sizes, entry count and ratio.
    total = sum(entry.file_size for entry in entries)
    if len(entries) > _MAX_ZIP_ENTRIES or total > max_uncompressed:
        raise PayloadTooLarge("the DOCX would expand to more than the allowed size (zip bomb?)")
