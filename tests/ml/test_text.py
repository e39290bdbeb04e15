import pytest

from talentmatch.ml.text import (
    CorruptDocument,
    EncryptedDocument,
    NoTextLayer,
    UnsupportedDocument,
    extract_text,
)
from tests.documents import docx_bytes, pdf_bytes, scanned_pdf_bytes


def test_two_column_pdf_reads_column_by_column() -> None:
    left = ["Experience", "Engineer at Acme", "Built Python services"]
    right = ["Skills", "Kubernetes", "Terraform"]
    text = extract_text(pdf_bytes(["Ada Lovelace", *left], right_column=["", *right])).text
    assert text.index("Built Python services") < text.index("Skills")
    assert text.index("Skills") < text.index("Terraform")
    assert text.startswith("Ada Lovelace")


def test_docx_reads_paragraphs_tables_and_headers() -> None:
    content = docx_bytes(
        ["Ada Lovelace", "Experience"], table=[["Python", "Go"]], header="Curriculum Vitae"
    )
    text = extract_text(content).text
    assert "Curriculum Vitae" in text
    assert "Ada Lovelace" in text
    assert "Python" in text and "Go" in text


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (b"", UnsupportedDocument, "empty"),
        (pdf_bytes(["secret"], password="pw"), EncryptedDocument, "password"),
        (scanned_pdf_bytes(), NoTextLayer, "no text layer"),
        (pdf_bytes(["hello world"] * 3)[:200], CorruptDocument, "damaged"),
        (b"PK\x03\x04garbage", CorruptDocument, "damaged"),
        ("Zürich".encode("latin-1"), UnsupportedDocument, "UTF-8"),
    ],
)
def test_bad_files_name_their_problem(content: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        extract_text(content)


def test_utf16_text_with_a_byte_order_mark() -> None:
    assert extract_text("Zürich, Python".encode("utf-16")).text == "Zürich, Python"
