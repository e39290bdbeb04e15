"""Text out of PDF, DOCX, TXT and Markdown files, with clear errors for bad files.

PDF text comes from pdfium (fast, C) and is put back into reading order, so that two-column
resumes read column by column. DOCX text comes from python-docx's XML: paragraphs, tables,
text boxes, headers and footers, in document order.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
MARKDOWN = "text/markdown"

MAX_PAGES = 30
MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_TEXT_CHARS = 500_000
# pdfium keeps global state and is not thread-safe: two threads of one process reading PDFs
# at once crash it (a segfault). Every call into it in this process goes through this lock.
PDFIUM_LOCK = threading.Lock()
# Fewer characters than this per page and the PDF is a scan without a text layer.
MIN_CHARS_PER_PAGE = 20


class DocumentError(ValueError):
    """A file that cannot be read; the message names the problem for the person uploading."""


class EncryptedDocument(DocumentError):
    pass


class CorruptDocument(DocumentError):
    pass


class NoTextLayer(DocumentError):
    pass


class UnsupportedDocument(DocumentError):
    pass


class DocumentTooComplex(DocumentError):
    """Reading the file needed more memory or time than an upload may take."""


@dataclass(frozen=True)
class DocumentLimits:
    """How much of a document is read: pages, characters kept, bytes a DOCX may inflate to,
    and text boxes per PDF page read in layout order (past that, pdfium's own order)."""

    max_pages: int = MAX_PAGES
    max_chars: int = MAX_TEXT_CHARS
    max_docx_uncompressed: int = MAX_DOCX_UNCOMPRESSED
    max_layout_boxes: int = 2000


DEFAULT_LIMITS = DocumentLimits()


@dataclass(frozen=True)
class ExtractedText:
    text: str
    media_type: str
    pages: int
    truncated: bool = False


def sniff_media_type(content: bytes) -> str:
    """PDF, DOCX or text, from the bytes alone."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        return DOCX
    return TEXT


def extract_text(
    content: bytes, media_type: str | None = None, limits: DocumentLimits = DEFAULT_LIMITS
) -> ExtractedText:
    """The text of a resume or job post file.

    Parameters
    ----------
    content:
        The file's bytes.
    media_type:
        ``application/pdf``, the DOCX type, ``text/plain`` or ``text/markdown``; sniffed from
        the bytes when omitted.
    limits:
        Pages read, characters kept, and how far a DOCX may inflate.

    Raises
    ------
    DocumentError
        Empty, encrypted, corrupt, scanned (no text layer), zip-bomb or non-UTF-8 files.

    Examples
    --------
    >>> extract_text("Ada Lovelace\\nPython".encode()).text
    'Ada Lovelace\\nPython'
    """
    if not content:
        raise UnsupportedDocument("the file is empty")
    kind = media_type or sniff_media_type(content)
    if kind == PDF:
        with PDFIUM_LOCK:
            return _pdf_text(content, limits)
    if kind == DOCX:
        return _docx_text(content, limits)
    if kind in (TEXT, MARKDOWN):
        return ExtractedText(_decode(content)[: limits.max_chars], kind, 1)
    raise UnsupportedDocument(f"{kind} files are not supported; use PDF, DOCX or text")


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
    else:
        if b"\x00" in content[:4096]:
            raise UnsupportedDocument("the file is binary, not text")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnsupportedDocument(
                "this text file is not in the UTF-8 encoding: save it as UTF-8 (in most editors: "
                "Save as, Encoding: UTF-8) and upload it again"
            ) from exc
    return normalize_whitespace(text)


def normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# ----------------------------------------------------------------------------------- PDF


@dataclass(frozen=True)
class _Segment:
    left: float
    bottom: float
    right: float
    top: float
    text: str


def _pdf_text(content: bytes, limits: DocumentLimits) -> ExtractedText:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise EncryptedDocument(
                "the PDF is password-protected; upload an unlocked copy"
            ) from exc
        raise CorruptDocument(f"the PDF is damaged or truncated ({exc})") from exc
    try:
        total = len(document)
        if total == 0:
            raise CorruptDocument("the PDF has no pages")
        pages = min(total, limits.max_pages)
        texts = []
        for index in range(pages):
            page = document[index]
            try:
                texts.append(_page_text(page, limits.max_layout_boxes))
            finally:
                page.close()
    finally:
        document.close()
    text = normalize_whitespace("\n\n".join(texts))
    if len(text) < MIN_CHARS_PER_PAGE * pages:
        raise NoTextLayer(
            "the PDF has no text layer (a scan or an image); upload a PDF with selectable text, "
            "or a DOCX"
        )
    return ExtractedText(text[: limits.max_chars], PDF, pages, truncated=total > pages)


def _page_text(page: object, max_boxes: int) -> str:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        boxes = textpage.count_rects()
        if boxes > max_boxes:
            # No resume page has thousands of text boxes; laying them out costs seconds.
            return str(textpage.get_text_range())
        width = float(page.get_width())  # type: ignore[attr-defined]
        segments = []
        for index in range(boxes):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                segments.append(_Segment(left, bottom, right, top, text))
        if not segments:
            return ""
        return _reading_order(segments, width)
    finally:
        textpage.close()


def _reading_order(segments: list[_Segment], page_width: float) -> str:
    """Lines top to bottom; on a two-column page, the left column first, then the right."""
    gutter = _find_gutter(segments, page_width)
    if gutter is None:
        return _lines(segments)
    left = [s for s in segments if s.right <= gutter]
    right = [s for s in segments if s.left >= gutter]
    spanning = [s for s in segments if s.left < gutter < s.right]
    # Full-width lines (a name, a heading) above the columns come first.
    columns_top = max(s.top for s in left + right)
    header = [s for s in spanning if s.bottom >= columns_top - 1]
    rest = [s for s in spanning if s not in header]
    return "\n".join(part for part in (_lines(header), _lines(left + rest), _lines(right)) if part)


def _find_gutter(segments: list[_Segment], page_width: float) -> float | None:
    """An x position in the middle of the page that (almost) no text crosses, with enough text
    on both sides: the gap between two columns."""
    best: tuple[int, float] | None = None
    for step in range(25, 76):
        x = page_width * step / 100
        crossing = sum(1 for s in segments if s.left < x < s.right)
        left = sum(1 for s in segments if s.right <= x)
        right = sum(1 for s in segments if s.left >= x)
        if left >= 3 and right >= 3 and crossing <= max(1, len(segments) // 20):
            score = min(left, right)
            if best is None or score > best[0]:
                best = (score, x)
    return best[1] if best else None


def _lines(segments: list[_Segment]) -> str:
    """Group segments into lines (similar baseline) and read each line left to right."""
    ordered = sorted(segments, key=lambda s: (-s.top, s.left))
    lines: list[list[_Segment]] = []
    for segment in ordered:
        if lines:
            current = lines[-1]
            height = max(current[0].top - current[0].bottom, 1.0)
            if abs(current[0].top - segment.top) < height * 0.5:
                current.append(segment)
                continue
        lines.append([segment])
    return "\n".join(" ".join(s.text for s in sorted(line, key=lambda s: s.left)) for line in lines)


# ---------------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_text(content: bytes, limits: DocumentLimits) -> ExtractedText:
    _check_zip(content, limits.max_docx_uncompressed)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CorruptDocument("the DOCX is damaged or is not a Word document") from exc
    except Exception as exc:  # lxml raises its own errors on malformed XML parts
        raise CorruptDocument(f"the DOCX could not be read ({type(exc).__name__})") from exc
    parts = []
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            if header is not None and not header.is_linked_to_previous:
                parts.append(_xml_text(header._element))
    parts.append(_xml_text(document.element.body))
    for section in document.sections:
        if not section.footer.is_linked_to_previous:
            parts.append(_xml_text(section.footer._element))
    text = normalize_whitespace("\n".join(p for p in parts if p))
    return ExtractedText(text[: limits.max_chars], DOCX, 1)


def _check_zip(content: bytes, max_uncompressed: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptDocument("the DOCX is damaged (not a valid zip file)") from exc
    if sum(e.file_size for e in entries) > max_uncompressed or len(entries) > 2000:
        raise UnsupportedDocument(
            f"the DOCX would expand to more than {max_uncompressed // (1024 * 1024)} MB"
        )


def _xml_text(root: object) -> str:
    """Paragraph text in document order, tables and text boxes included, each once."""
    out: list[str] = []
    current_paragraph = None
    for node in root.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):  # type: ignore[attr-defined]
        if _inside_fallback(node):
            continue  # the same text box again, for old Word versions
        tag = node.tag
        if tag == f"{_W}p":
            if out and current_paragraph is not None:
                out.append("\n")
            current_paragraph = node
        elif tag == f"{_W}t":
            out.append(node.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _inside_fallback(node: object) -> bool:
    parent = node.getparent()  # type: ignore[attr-defined]
    while parent is not None:
        if parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False
