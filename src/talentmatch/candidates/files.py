"""Resume uploads: the type comes from the bytes, never from the name the browser sent."""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
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
OCTET_STREAM = "application/octet-stream"
# The extension a stored or downloaded file gets for its (sniffed) type.
_CANONICAL_EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt", MARKDOWN: ".md"}
SERVED_TYPES = frozenset(_CANONICAL_EXTENSIONS)
_MAX_ZIP_ENTRIES = 2000
MEBIBYTE = 1024 * 1024
# What a resume needs, many times over. Past these a file is a decompression bomb: refused
# here, cheaply, before a worker spends its time and memory limits on it.
MAX_DOCX_XML_BYTES = 10 * MEBIBYTE  # Word's XML parts together (a long CV: about 1 MB)
MAX_PDF_INFLATED_BYTES = 64 * MEBIBYTE  # a PDF's compressed streams, images and attachments aside
_INFLATE_CHUNK = 256 * 1024


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


def stored_filename(name: str, media_type: str) -> str:
    """``name`` with the extension of the file's real type: a PDF sent as ``cv.exe`` is kept
    and served as ``cv.pdf``, never as something a computer would run."""
    extension = _CANONICAL_EXTENSIONS.get(media_type)
    if extension is None or _EXTENSION_TYPES.get(_extension(name)) == media_type:
        return name
    dot = name.rfind(".")
    stem = name[:dot] if dot > 0 else name
    return stem[: 200 - len(extension)] + extension


def check_upload(
    filename: str | None,
    content: bytes,
    *,
    max_bytes: int,
    max_docx_bytes: int,
    max_docx_xml_bytes: int = MAX_DOCX_XML_BYTES,
    max_pdf_inflated_bytes: int = MAX_PDF_INFLATED_BYTES,
) -> CheckedUpload:
    """Check size and type of an uploaded resume; raise a clear error naming the problem.

    Compressed content is inflated here, chunk by chunk and only up to the limits (a DOCX's
    parts to ``max_docx_bytes``, its XML to ``max_docx_xml_bytes``, a PDF's streams to
    ``max_pdf_inflated_bytes``), so that a bomb is refused without being expanded."""
    if len(content) > max_bytes:
        raise PayloadTooLarge(
            f"the file is {len(content):,} bytes; the limit is {max_bytes:,} bytes"
        )
    if not content:
        raise InvalidInput("the file is empty", field="file")
    name = safe_filename(filename)
    media_type = _sniff(content, max_docx_bytes, max_docx_xml_bytes, max_pdf_inflated_bytes)
    claimed = _EXTENSION_TYPES.get(_extension(name))
    if claimed is not None and not _compatible(claimed, media_type):
        raise UnsupportedMediaType(
            f"the file is named like {claimed} but its content is {media_type}"
        )
    if media_type == TEXT and claimed == MARKDOWN:
        media_type = MARKDOWN
    return CheckedUpload(stored_filename(name, media_type), media_type, content)


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _compatible(claimed: str, actual: str) -> bool:
    return claimed == actual or (claimed in _TEXT_TYPES and actual in _TEXT_TYPES)


def _sniff(content: bytes, max_docx_bytes: int, max_docx_xml: int, max_pdf_inflated: int) -> str:
    if content.startswith(b"%PDF-"):
        _check_pdf(content, max_pdf_inflated)
        return PDF
    if content.startswith(b"PK\x03\x04"):
        _check_docx(content, max_docx_bytes, max_docx_xml)
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
            "this text file is not in the UTF-8 encoding: save it as UTF-8 (in most editors: "
            "Save as, Encoding: UTF-8) and upload it again"
        ) from exc
    return TEXT


def _megabytes(size: int) -> str:
    return f"{size / MEBIBYTE:g} MB"


class _Inflated(Exception):
    """More output than the budget allowed."""


def _inflate(
    data: bytes | memoryview, out: Callable[[bytes], None], *, wbits: int, layers: int = 1
) -> None:
    """Inflate ``data`` (through ``layers`` zlib layers, each feeding the next) into ``out``,
    a chunk at a time: never more than a few chunks in memory, however far it inflates."""
    inflaters = [zlib.decompressobj(wbits) for _ in range(layers)]

    def push(level: int, chunk: bytes | memoryview) -> None:
        inflater = inflaters[level]
        pending = chunk
        while True:
            piece = inflater.decompress(pending, _INFLATE_CHUNK)
            pending = inflater.unconsumed_tail
            if level + 1 == layers:
                out(piece)
            else:
                push(level + 1, piece)
            if inflater.eof or (not pending and len(piece) < _INFLATE_CHUNK):
                return

    push(0, data)


class _Counter:
    """Bytes inflated so far, against a budget; raises :class:`_Inflated` past it."""

    def __init__(self, budget: int) -> None:
        self.budget, self.total = budget, 0

    def add(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if self.total > self.budget:
            raise _Inflated


# ---------------------------------------------------------------------------------- DOCX

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip entry's local file header


def _check_docx(content: bytes, max_uncompressed: int, max_xml: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnsupportedMediaType("the file looks like a zip/DOCX but is corrupt") from exc
    if "word/document.xml" not in names:
        raise UnsupportedMediaType("the zip file is not a Word document (DOCX)")
    if len(entries) > _MAX_ZIP_ENTRIES:
        raise PayloadTooLarge(f"the DOCX has more than {_MAX_ZIP_ENTRIES:,} parts (zip bomb?)")
    # The sizes a zip declares can lie: count what each part really inflates to.
    everything, xml = _Counter(max_uncompressed), _Counter(max_xml)
    for entry in entries:
        is_xml = entry.filename.lower().endswith((".xml", ".rels"))

        def count(chunk: bytes, is_xml: bool = is_xml) -> None:
            everything.add(chunk)
            if is_xml:
                xml.add(chunk)

        before = everything.total
        try:
            _inflate_entry(content, entry, count)
        except _Inflated:
            if xml.total > xml.budget:
                raise PayloadTooLarge(
                    f"the DOCX's text (XML) would expand to more than {_megabytes(max_xml)}; "
                    "a resume needs far less (zip bomb?)"
                ) from None
            raise PayloadTooLarge(
                f"the DOCX would expand to more than {_megabytes(max_uncompressed)} (zip bomb?)"
            ) from None
        if everything.total - before != entry.file_size:
            raise UnsupportedMediaType(
                f"the DOCX is corrupt: the sizes in the zip do not match {entry.filename}"
            )


def _inflate_entry(content: bytes, entry: zipfile.ZipInfo, out: Callable[[bytes], None]) -> None:
    corrupt = UnsupportedMediaType("the file looks like a zip/DOCX but is corrupt")
    header = content[entry.header_offset : entry.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise corrupt
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise corrupt
    if entry.flag_bits & 1:
        raise UnsupportedMediaType("the DOCX is encrypted; upload an unlocked copy")
    start = entry.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11]
    data = memoryview(content)[start : start + entry.compress_size]
    if entry.compress_type == zipfile.ZIP_STORED:
        out(bytes(data))
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        try:
            _inflate(data, out, wbits=-zlib.MAX_WBITS)
        except zlib.error as exc:
            raise corrupt from exc
    else:
        raise UnsupportedMediaType("the DOCX uses a compression Word does not; save it again")


# ----------------------------------------------------------------------------------- PDF

_STREAM = re.compile(rb"\bstream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_MAX_FILTERS = 8
# Streams a text reader never decodes: pictures and attached files.
_NOT_READ = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")


def _check_pdf(content: bytes, max_inflated: int) -> None:
    """Refuse a PDF whose compressed (FlateDecode) streams inflate past ``max_inflated``.

    Streams are found by their ``stream`` keyword; one that cannot be decoded here is left to
    the reader, whose memory and time limits still hold."""
    counter = _Counter(max_inflated)
    view = memoryview(content)
    for match in _STREAM.finditer(content):
        # The stream's dictionary: from its object's "obj" keyword to "stream".
        lower = max(0, match.start() - 4096)
        head = content.rfind(b"obj", lower, match.start())
        dictionary = content[head if head >= 0 else lower : match.start()]
        layers = _flate_layers(dictionary)
        if not layers or _NOT_READ.search(dictionary):
            continue
        length = _DIRECT_LENGTH.search(dictionary)
        end = (
            match.end() + int(length.group(1))
            if length
            else content.find(b"endstream", match.end())
        )
        if end < match.end():
            end = len(content)
        try:
            _inflate(view[match.end() : end], counter.add, wbits=zlib.MAX_WBITS, layers=layers)
        except _Inflated:
            raise PayloadTooLarge(
                f"the PDF would expand to more than {_megabytes(max_inflated)} when read "
                "(a compression bomb?); upload a simpler PDF or DOCX, or plain text"
            ) from None
        except zlib.error:
            continue


def _flate_layers(dictionary: bytes) -> int:
    """How many FlateDecode filters a stream's data goes through first (0: none or unknown)."""
    found = _FILTER.search(dictionary)
    if found is None:
        return 0
    names = re.findall(rb"/([A-Za-z0-9]+)", found.group(1))
    layers = 0
    for name in names[:_MAX_FILTERS]:
        if name not in (b"FlateDecode", b"Fl"):
            break
        layers += 1
    return layers
