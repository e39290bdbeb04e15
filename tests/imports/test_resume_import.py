"""Bulk resume import on SQLite and PostgreSQL: folders and zips of real PDF, DOCX and text
resumes become candidate accounts the people can claim; bad files are listed, never fatal;
a re-run writes nothing twice; approved imports are matched like any live profile."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import User
from talentmatch.imports.sources import ImportRefused
from talentmatch.matching.indexer import MatchIndex
from talentmatch.notifications.models import OutboxEmail
from tests.builders import PASSWORD, candidate, employer, log_in, open_job, operator
from tests.imports.helpers import by_source, import_path, resume_files, resume_lines, write_folder
from tests.outbox import emailed_token


def _count(app: FastAPI, table: str) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


def test_a_folder_of_resumes_becomes_draft_accounts_the_people_claim(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    files, emails = resume_files("folder")
    taken = candidate(client, name="Already Here")  # an address that has an account
    files["taken.txt"] = "\n".join(resume_lines(taken.email, "Someone Else")).encode()
    folder = write_folder(tmp_path / "resumes", files)
    outside = write_folder(tmp_path / "elsewhere", {"secret.txt": files["more/linus.txt"]})
    (folder / "link.txt").symlink_to(outside / "secret.txt")

    report = import_path(app, folder)

    results = by_source(report)
    assert {s for s, r in results.items() if r["status"] == "imported"} == set(emails)
    assert results["broken.pdf"]["status"] == "failed"
    assert "the PDF is damaged" in results["broken.pdf"]["reason"]  # as an upload is told
    assert results["no-email.txt"]["status"] == "failed"
    assert "no e-mail address" in results["no-email.txt"]["reason"]
    assert "links are not followed" in results["link.txt"]["reason"]
    assert results["taken.txt"]["status"] == "failed"
    assert "already exists" in results["taken.txt"]["reason"]
    assert taken.get("/api/candidates/me").json()["headline"] == ""  # left alone
    assert _count(app, "outbox_emails WHERE kind = 'import_invite'") == 0  # nobody e-mailed

    # The PDF's owner claims the account through the password-reset flow and finds the
    # profile read from the resume, as a draft nobody else sees.
    email = emails["ada.pdf"]
    assert client.post("/api/auth/password/forgot", json={"email": email}).status_code == 202
    token = emailed_token(app.state.session_factory, email, "password_reset", "/password/reset")
    reset = {"token": token, "password": PASSWORD}
    assert client.post("/api/auth/password/reset", json=reset).status_code == 204
    ada = log_in(client, email)
    profile = ada.get("/api/candidates/me").json()
    assert profile["status"] == "draft" and not profile["is_visible"]
    assert profile["titles"][0] == "Senior Backend Engineer"
    assert {"Python", "Go", "Kubernetes"} <= set(profile["skills"])
    assert profile["resume"]["filename"] == "ada.pdf"
    assert ada.get("/api/candidates/me/resume").content == files["ada.pdf"]
    grace = results["grace.docx"]
    assert grace["email"] == emails["grace.docx"] and grace["profile_status"] == "draft"

    # Run again: everything is skipped, nothing is written twice.
    users = _count(app, "users")
    again = by_source(import_path(app, folder))
    assert {s for s, r in again.items() if r["status"] == "skipped"} == set(emails)
    assert again["broken.pdf"]["status"] == "failed"  # still listed, still not imported
    assert _count(app, "users") == users
    assert _count(app, "import_records") == len(emails)


def _zip(entries: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def test_a_zip_imports_its_resumes_and_refuses_path_tricks_and_nested_archives(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    files, emails = resume_files("zip")
    sneaky = "\n".join(resume_lines("sneaky@example.org")).encode()
    entries = {
        **files,
        "../escape.txt": sneaky,
        "/etc/absolute.txt": sneaky,
        "inner.zip": _zip({"hidden.txt": sneaky}),
        "link.txt": b"/etc/passwd",
        "__MACOSX/._ada.pdf": b"resource fork",
        "huge.txt": b"a" * (app.state.settings.max_upload_bytes + 1),
    }
    archive = tmp_path / "resumes.zip"
    archive.write_bytes(_zip(entries, links=("link.txt",)))

    results = by_source(import_path(app, archive))

    assert {s for s, r in results.items() if r["status"] == "imported"} == set(emails)
    assert "climbs out" in results["../escape.txt"]["reason"]
    assert "absolute path" in results["/etc/absolute.txt"]["reason"]
    assert "nested archives" in results["inner.zip"]["reason"]
    assert "symbolic link" in results["link.txt"]["reason"]
    assert "limit" in results["huge.txt"]["reason"]
    assert "__MACOSX/._ada.pdf" not in results  # archivers' litter is no resume
    with app.state.session_factory() as session:
        assert session.scalar(sa.select(User).where(User.email == "sneaky@example.org")) is None


def test_a_zip_bomb_is_refused_before_anything_is_read(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    files, _ = resume_files("bomb")
    # Entries each under the upload limit, together far past what the import may unpack.
    bomb = {f"part-{i}.txt": b"0" * 200_000 for i in range(20)}
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(_zip({**files, **bomb}))
    assert archive.stat().st_size < 100_000
    with pytest.raises(ImportRefused, match="zip bomb"):
        import_path(app, archive, max_unpacked_bytes=2_000_000)
    assert _count(app, "users") == 0 and _count(app, "import_records") == 0


def test_approved_imports_go_live_with_current_vectors_and_appear_in_a_jobs_matches(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    files, emails = resume_files("live")
    op = operator(client, app)
    folder = write_folder(tmp_path / "live", files)

    report = import_path(app, folder, approve_as=op.email, invite=True)

    imported = [r for r in by_source(report).values() if r["status"] == "imported"]
    assert len(imported) == 3 and {r["profile_status"] for r in imported} == {"live"}
    # Each new account got one e-mail saying how to claim it (and nothing else was sent).
    with app.state.session_factory() as session:
        invites = session.scalars(
            sa.select(OutboxEmail).where(OutboxEmail.kind == "import_invite")
        ).all()
    assert sorted(m.to_address for m in invites) == sorted(emails.values())
    assert all("/password/forgot" in m.body and "It is live" in m.body for m in invites)

    # The vectors were stored with the profiles: the indexer finds nothing to embed for them.
    rita = employer(client, company="Analytical Engines Hiring")
    job = open_job(rita, remote_policy="remote", salary_min=None, salary_max=None)
    index = MatchIndex(app.state.understanding, app.state.session_factory)
    synced = index.sync()
    assert (synced.indexed, synced.embedded) == (4, 1)  # three candidates and the new job

    matches = rita.get(f"/api/jobs/{job['id']}/matches").json()
    found = {item["candidate"]["id"] for item in matches["items"]}
    assert {r["id"] for r in imported} <= found


def test_an_unknown_operator_is_refused_before_anything_is_written(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    files, _ = resume_files("refused")
    folder = write_folder(tmp_path / "refused", files)
    somebody = candidate(client)
    with pytest.raises(Exception, match="not an active operator"):
        import_path(app, folder, approve_as=somebody.email)
    assert _count(app, "import_records") == 0
