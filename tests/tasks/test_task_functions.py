"""Each background task, run twice, has its effect once (a worker killed after the effect and
before its acknowledgement runs it again); on SQLite and PostgreSQL, as the in-process runner
and the workers call them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import User
from talentmatch.candidates.files import CheckedUpload
from talentmatch.candidates.models import CandidateProfile, ResumeFile
from talentmatch.candidates.service import store_unread_resume
from talentmatch.db import unit_of_work
from talentmatch.interviews.models import InterviewRequest
from talentmatch.kit.clock import utcnow
from talentmatch.ml.resume import PARSER_VERSION as RESUME_PARSER
from talentmatch.notifications.models import OutboxEmail
from talentmatch.tasks import work
from talentmatch.tasks.work import TaskEnv
from tests.builders import candidate, employer, live_candidate, open_job, send_request
from tests.documents import SAMPLE_RESUME
from tests.tasks.smtp import smtp_server


def _env(app: FastAPI, **settings: object) -> TaskEnv:
    return TaskEnv(
        app.state.settings.model_copy(update=settings),
        app.state.session_factory,
        app.state.understanding,
    )


def _store_unread(app: FastAPI, email: str, content: bytes) -> tuple[uuid.UUID, str]:
    """An upload as a queue-mode server stores it: the file, "reading"."""
    with unit_of_work(app.state.session_factory) as session:
        profile = session.scalar(
            sa.select(CandidateProfile)
            .join(User, User.id == CandidateProfile.user_id)
            .where(User.email == email.lower())
        )
        assert profile is not None
        resume = store_unread_resume(
            session, profile, CheckedUpload("cv.txt", "text/plain", content)
        )
        return resume.id, resume.sha256


def test_reading_a_resume_twice_fills_the_profile_once(client: TestClient, app: FastAPI) -> None:
    ada = candidate(client)
    resume_id, sha256 = _store_unread(app, ada.email, SAMPLE_RESUME.encode())
    reading = ada.get("/api/candidates/me").json()
    assert reading["resume_status"] == "reading"
    assert reading["titles"] == []

    assert work.read_resume(_env(app), resume_id, sha256) == "read"
    status = ada.get("/api/candidates/me/resume/status").json()
    assert status["status"] == "ready"
    assert "titles" in status["filled_fields"]
    assert status["parsed"]["parser_version"] == RESUME_PARSER
    # The candidate corrects a field; a second run (a retry) must not undo it.
    ada.patch("/api/candidates/me", json={"headline": "My own words"})
    assert work.read_resume(_env(app), resume_id, sha256) == "nothing"
    profile = ada.get("/api/candidates/me").json()
    assert profile["headline"] == "My own words"
    assert profile["titles"][0] == "Senior Backend Engineer"


def test_a_file_that_cannot_be_read_says_why(client: TestClient, app: FastAPI) -> None:
    ada = candidate(client)
    resume_id, sha256 = _store_unread(app, ada.email, b"%PDF-1.4 truncated")
    with unit_of_work(app.state.session_factory) as session:
        resume = session.get(ResumeFile, resume_id)
        assert resume is not None
        resume.media_type = "application/pdf"
    assert work.read_resume(_env(app), resume_id, sha256) == "failed"
    profile = ada.get("/api/candidates/me").json()
    assert profile["resume_status"] == "failed"
    assert profile["resume_message"].startswith("We could not read your resume:")
    page = ada.get("/me/profile")
    assert "We could not read your resume" in page.text
    assert "Refresh" not in page.headers


def test_a_replaced_upload_is_not_read_by_the_older_job(client: TestClient, app: FastAPI) -> None:
    ada = candidate(client)
    old_id, old_sha = _store_unread(app, ada.email, b"Ada Lovelace\nPython developer")
    new_id, new_sha = _store_unread(app, ada.email, SAMPLE_RESUME.encode())
    assert old_id == new_id  # one resume per candidate: the file was replaced
    assert work.read_resume(_env(app), old_id, old_sha) == "nothing"
    assert ada.get("/api/candidates/me").json()["resume_status"] == "reading"
    assert work.read_resume(_env(app), new_id, new_sha) == "read"


def test_expiry_and_reminders_happen_once(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    job = open_job(rita)
    soon = send_request(rita, job, ada).json()["request"]
    overdue = send_request(rita, open_job(rita), ada).json()["request"]
    with unit_of_work(app.state.session_factory) as session:
        for request_id, expires in (
            (soon["id"], utcnow() + timedelta(hours=20)),
            (overdue["id"], utcnow() - timedelta(minutes=1)),
        ):
            session.execute(
                sa.update(InterviewRequest)
                .where(InterviewRequest.id == uuid.UUID(request_id))
                .values(expires_at=expires, created_at=utcnow() - timedelta(days=13))
            )
    env = _env(app)
    assert work.expire_requests(env) == 1
    assert work.expire_requests(env) == 0
    assert work.remind_candidates(env) == 1
    assert work.remind_candidates(env) == 0
    assert ada.get(f"/api/interview-requests/{overdue['id']}").json()["status"] == "expired"
    with unit_of_work(app.state.session_factory, writes=False) as session:
        reminders = session.scalars(
            sa.select(OutboxEmail).where(
                OutboxEmail.to_address == ada.email.lower(),
                OutboxEmail.kind == "interview_request_reminder",
            )
        ).all()
    assert len(reminders) == 1
    assert job["title"] in reminders[0].subject
    assert f"/requests/{soon['id']}" in reminders[0].body


def test_the_outbox_is_delivered_once_however_often_it_runs(
    client: TestClient, app: FastAPI
) -> None:
    ada = candidate(client)  # her sign-up confirmation went through the outbox
    with smtp_server() as (port, mailbox):
        env = _env(app, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        sent, refused = work.deliver_outbox(env)
        assert sent >= 1 and refused == 0
        assert work.deliver_outbox(env) == (0, 0)
        (message,) = mailbox.to(ada.email.lower())
        assert message["Message-ID"]
    with unit_of_work(app.state.session_factory, writes=False) as session:
        undelivered = session.scalar(
            sa.select(sa.func.count()).where(OutboxEmail.delivered_at.is_(None))
        )
    assert undelivered == 0


def test_no_mail_server_leaves_the_outbox_alone(client: TestClient, app: FastAPI) -> None:
    candidate(client)
    assert work.deliver_outbox(_env(app)) == (0, 0)
