"""Hostile files, generated on demand (never stored): decompression bombs, forged zip sizes
and documents built to make a parser spin. Each generator streams its payload through zlib,
so building a 400 MB bomb never holds 400 MB in the test process."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import cache

from tests.documents import docx_bytes

MEBIBYTE = 1024 * 1024
DOCUMENT_XML = "word/document.xml"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _deflate(chunks: Iterator[bytes], *, raw: bool = False) -> tuple[bytes, int, int]:
    """Compressed bytes, the uncompressed size and its CRC-32, of a stream of chunks."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    out = io.BytesIO()
    size = crc = 0
    for chunk in chunks:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        out.write(compressor.compress(chunk))
    out.write(compressor.flush())
    return out.getvalue(), size, crc


def _repeat(unit: bytes, total: int) -> Iterator[bytes]:
    """Whole copies of ``unit``, at least ``total`` bytes of them, in blocks of about 1 MB."""
    per_block = max(1, MEBIBYTE // len(unit))
    copies = -(-total // len(unit))
    while copies > 0:
        yield unit * min(per_block, copies)
        copies -= per_block


def _pdf(page_streams: list[bytes]) -> bytes:
    """A minimal PDF (Helvetica text) with one FlateDecode content stream per page."""
    count = len(page_streams)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> "
            + f"/Contents {4 + count + i} 0 R >>".encode()
        )
    for stream in page_streams:
        objects.append(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


@cache
def pdf_flate_bomb(inflated_bytes: int = 400 * MEBIBYTE) -> bytes:
    """One page of real text whose content stream inflates to ``inflated_bytes``: the text,
    then harmless no-op operators (``q Q``: save and restore the graphics state)."""
    head = b"BT /F1 12 Tf 72 720 Td (Ada Lovelace, Python engineer, London) Tj ET\n"

    def chunks() -> Iterator[bytes]:
        yield head
        yield from _repeat(b"q Q ", inflated_bytes - len(head))

    stream, _, _ = _deflate(chunks())
    return _pdf([stream])


@cache
def pdf_many_text_objects(pages: int = 30, objects_per_page: int = 3000) -> bytes:
    """``pages`` pages, each with ``objects_per_page`` separately placed text objects."""
    streams = []
    for page in range(pages):
        ops = io.BytesIO()
        for index in range(objects_per_page):
            x = 20 + (index % 60) * 9.5
            y = 770 - (index // 60) * 15
            ops.write(f"BT /F1 6 Tf {x:.1f} {y} Td (p{page}w{index}) Tj ET\n".encode())
        streams.append(zlib.compress(ops.getvalue(), 9))
    return _pdf(streams)


def _paragraphs(total: int) -> Iterator[bytes]:
    """The same ``<w:p>`` paragraph until about ``total`` bytes (about 340:1 under zlib)."""
    yield from _repeat(b"<w:p><w:r><w:t>Python engineer</w:t></w:r></w:p>", total)


def _document_xml(body_bytes: int) -> Iterator[bytes]:
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W_NS}"><w:body>'
        "<w:p><w:r><w:t>Ada Lovelace</w:t></w:r></w:p>"
    ).encode()
    yield from _paragraphs(body_bytes)
    yield b"</w:body></w:document>"


def _docx_with_document(
    make_document: Callable[[], Iterator[bytes]], *, forge_size: int | None = None
) -> bytes:
    """A real python-docx package whose ``word/document.xml`` is replaced by the streamed
    XML; with ``forge_size``, its zip headers declare that size instead of the real one."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(["Ada Lovelace"])))
    out = io.BytesIO()
    central: list[bytes] = []
    for info in base.infolist():
        if info.filename == DOCUMENT_XML:
            data, size, crc = _deflate(make_document(), raw=True)
            declared = size if forge_size is None else forge_size
        else:
            raw = base.read(info)
            data, size, crc = _deflate(iter([raw]), raw=True)
            declared = size
        name = info.filename.encode()
        offset = out.tell()
        # Version 2.0, no flags, deflated, a fixed date; then the sizes the tests may forge.
        common = (20, 0, 8, 0, 0x21, crc, len(data), declared, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *common, 0) + name + data)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *common, 0, 0, 0, 0, 0, offset) + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0
        )
    )
    return out.getvalue()


@cache
def docx_forged_sizes(inflated_bytes: int = 200 * MEBIBYTE) -> bytes:
    """A DOCX whose document part declares 2 KB in its zip headers but inflates to
    ``inflated_bytes``: declared sizes alone let it through."""
    return _docx_with_document(lambda: _document_xml(inflated_bytes), forge_size=2048)


@cache
def docx_huge_xml(xml_bytes: int = 95 * MEBIBYTE) -> bytes:
    """A DOCX, honest about its sizes, holding ``xml_bytes`` of paragraphs."""
    return _docx_with_document(lambda: _document_xml(xml_bytes))
