import io
import sqlite3
import zipfile

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.ml.resume import PARSER_VERSION as RESUME_PARSER
from talentmatch.ml.text import ExtractedText
from tests.builders import Actor, candidate
from tests.documents import SAMPLE_RESUME, docx_bytes, pdf_bytes, scanned_pdf_bytes

PDF_BYTES = pdf_bytes(SAMPLE_RESUME.splitlines())
DOCX_BYTES = docx_bytes(SAMPLE_RESUME.splitlines())


def zip_bytes(*, with_document: bool = True, declared_huge: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            body = "<w:document/>" if not declared_huge else "0" * (3 * 1024 * 1024)
            archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def upload(
    actor: Actor, name: str, content: bytes, media_type: str = "application/octet-stream"
) -> object:
    return actor.put("/api/candidates/me/resume", files={"file": (name, content, media_type)})


class TestAcceptedFiles:
    @pytest.mark.parametrize(
        ("name", "content", "media_type"),
        [
            ("cv.pdf", PDF_BYTES, "application/pdf"),
            (
                "cv.docx",
                DOCX_BYTES,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("cv.txt", "Ada Lovelace\nPython, Go — Zürich".encode(), "text/plain"),
            ("cv.md", b"# Ada\n- Python", "text/markdown"),
        ],
    )
    def test_each_format_is_stored_and_downloaded_unchanged(
        self, client: TestClient, name: str, content: bytes, media_type: str
    ) -> None:
        ada = candidate(client)
        response = upload(ada, name, content)
        assert response.status_code == 200, response.text
        assert response.json()["resume"]["media_type"] == media_type
        download = ada.get("/api/candidates/me/resume")
        assert download.content == content
        assert ada.get("/api/candidates/me").json()["resume"]["size_bytes"] == len(content)

    def test_the_type_comes_from_the_content_not_the_name(self, client: TestClient) -> None:
        ada = candidate(client)
        response = upload(ada, "resume", PDF_BYTES, "text/plain")
        assert response.json()["resume"]["media_type"] == "application/pdf"

    def test_path_tricks_in_the_name_are_stripped(self, client: TestClient) -> None:
        ada = candidate(client)
        response = upload(ada, "../../etc/passwd.txt", b"plain text")
        assert response.json()["resume"]["filename"] == "passwd.txt"


class TestRefusedFiles:
    def test_empty_file(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.pdf", b"")
        assert response.status_code == 422
        assert "empty" in response.json()["detail"]

    def test_too_large_file_is_413_and_the_old_resume_survives(self, client: TestClient) -> None:
        ada = candidate(client)
        upload(ada, "cv.txt", b"my first resume")
        too_big = b"a" * (256 * 1024 + 1)  # the test app's limit is 256 KiB
        response = upload(ada, "cv.txt", too_big)
        assert response.status_code == 413
        assert ada.get("/api/candidates/me/resume").content == b"my first resume"

    def test_body_far_over_the_limit_is_refused_before_reading(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.txt", b"a" * (2 * 1024 * 1024))
        assert response.status_code == 413

    def test_pdf_named_docx_is_mislabelled(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.docx", PDF_BYTES)
        assert response.status_code == 415
        assert "content is application/pdf" in response.json()["detail"]

    def test_binary_file(self, client: TestClient) -> None:
        response = upload(candidate(client), "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
        assert response.status_code == 415

    def test_non_utf8_text(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.txt", "Zürich".encode("latin-1"))
        assert response.status_code == 415
        assert "UTF-8" in response.json()["detail"]

    def test_zip_that_is_not_a_word_document(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.docx", zip_bytes(with_document=False))
        assert response.status_code == 415

    def test_corrupt_zip(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.docx", b"PK\x03\x04" + b"\x00" * 100)
        assert response.status_code == 415

    def test_docx_that_would_expand_past_the_limit(self, client: TestClient, app: object) -> None:
        ada = candidate(client)
        settings = client.app.state.settings  # type: ignore[attr-defined]
        original = settings.max_docx_uncompressed_bytes
        settings.max_docx_uncompressed_bytes = 1024 * 1024
        try:
            response = upload(ada, "cv.docx", zip_bytes(declared_huge=True))
        finally:
            settings.max_docx_uncompressed_bytes = original
        assert response.status_code == 413
        assert "zip bomb" in response.json()["detail"]

    def test_old_word_format(self, client: TestClient) -> None:
        response = upload(
            candidate(client), "cv.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50
        )
        assert response.status_code == 415


class TestParsedUpload:
    @pytest.mark.parametrize("kind", ["pdf", "docx", "txt"])
    def test_an_upload_fills_the_empty_profile(self, client: TestClient, kind: str) -> None:
        ada = candidate(client)
        content = {"pdf": PDF_BYTES, "docx": DOCX_BYTES, "txt": SAMPLE_RESUME.encode()}[kind]
        response = upload(ada, f"cv.{kind}", content)
        assert response.status_code == 200, response.text
        body = response.json()
        assert {"titles", "skills", "years_experience", "location"} <= set(body["filled_fields"])
        profile = ada.get("/api/candidates/me").json()
        assert profile["titles"][0] == "Senior Backend Engineer"
        assert {"Python", "Go", "Kubernetes", "PostgreSQL"} <= set(profile["skills"])
        assert profile["country"] == "GB"
        assert profile["years_experience"] >= 9
        assert body["parsed"]["parser_version"] == RESUME_PARSER
        assert body["parsed"]["education"][0]["institution"] == "University of Edinburgh"

    def test_the_candidates_own_words_are_never_overwritten(self, client: TestClient) -> None:
        ada = candidate(client)
        ada.patch("/api/candidates/me", json={"headline": "My own headline", "skills": ["Haskell"]})
        body = upload(ada, "cv.txt", SAMPLE_RESUME.encode()).json()
        assert "skills" not in body["filled_fields"]
        profile = ada.get("/api/candidates/me").json()
        assert profile["headline"] == "My own headline"
        assert profile["skills"] == ["Haskell"]

    def test_an_encrypted_pdf_is_refused_by_name(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.pdf", pdf_bytes(["secret"], password="pw"))
        assert response.status_code == 422
        assert "password" in response.json()["detail"]

    def test_a_scan_without_text_is_refused_by_name(self, client: TestClient) -> None:
        response = upload(candidate(client), "cv.pdf", scanned_pdf_bytes())
        assert response.status_code == 422
        assert "no text layer" in response.json()["detail"]

    def test_a_truncated_pdf_is_refused_and_nothing_is_stored(self, client: TestClient) -> None:
        ada = candidate(client)
        response = upload(ada, "cv.pdf", PDF_BYTES[: len(PDF_BYTES) // 3])
        assert response.status_code == 422
        assert "damaged" in response.json()["detail"]
        mine = ada.get("/api/candidates/me").json()
        assert mine["resume"] is None
        assert mine["titles"] == []


def test_an_upload_does_not_hold_the_write_lock_while_the_file_is_read(
    client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = app.state.settings
    path = settings.sqlite_path()
    if path is None:
        pytest.skip("SQLite's single write lock; PostgreSQL writers lock rows, not the database")
    ada = candidate(client)
    documents = app.state.understanding.documents
    real_read = documents.read
    lock_while_reading: list[str] = []

    def read_and_probe(content: bytes, media_type: str | None = None) -> ExtractedText:
        # Another connection tries to start writing without waiting, mid-read.
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            lock_while_reading.append("free")
        except sqlite3.OperationalError:
            lock_while_reading.append("held")
        finally:
            probe.close()
        return real_read(content, media_type)

    monkeypatch.setattr(documents, "read", read_and_probe)
    response = upload(ada, "cv.pdf", PDF_BYTES, "application/pdf")
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert lock_while_reading == ["free"]
    assert ada.get("/api/candidates/me").json()["resume"]["filename"] == "cv.pdf"


def test_the_profile_page_says_when_the_resume_and_profile_years_differ(
    client: TestClient,
) -> None:
    ada = candidate(client)
    upload(ada, "cv.txt", SAMPLE_RESUME.encode())
    read = ada.get("/api/candidates/me").json()["years_experience"]
    assert "companies see your profile" not in ada.get("/me/profile").text
    ada.patch("/api/candidates/me", json={"years_experience": 4})
    assert read != 4
    page = ada.get("/me/profile").text
    assert "your profile says 4 years; companies see your profile" in page
