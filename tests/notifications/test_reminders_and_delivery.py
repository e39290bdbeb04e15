"""Reminders before a request expires and before a profile's live period ends, each told once
(and once more for a new live period); delivery through a real SMTP server sends every e-mail
as text and HTML alternatives, an invite still attached. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import timedelta
from email.message import Message

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.candidates.models import CandidateProfile
from talentmatch.db import unit_of_work
from talentmatch.interviews.models import InterviewRequest
from talentmatch.kit.clock import utcnow
from talentmatch.notifications.models import Notification, OutboxEmail
from talentmatch.notifications.service import Attachment, queue_email
from talentmatch.tasks import work
from talentmatch.tasks.inprocess import InProcessTasks
from talentmatch.tasks.work import TaskEnv
from tests.builders import Actor, employer, live_candidate, open_job, send_request
from tests.tasks.smtp import smtp_server


def _env(app: FastAPI, **settings: object) -> TaskEnv:
    return TaskEnv(
        app.state.settings.model_copy(update=settings),
        app.state.session_factory,
        app.state.understanding,
    )


def _told(actor: Actor, kind: str) -> list[dict[str, object]]:
    items = actor.get("/api/notifications", params={"limit": 200}).json()["items"]
    return [n for n in items if n["kind"] == kind]


def _end_live_period(app: FastAPI, actor: Actor, in_days: float) -> None:
    with unit_of_work(app.state.session_factory) as session:
        session.execute(
            sa.update(CandidateProfile)
            .where(CandidateProfile.id == uuid.UUID(actor.me["candidate_profile_id"]))
            .values(live_until=utcnow() + timedelta(days=in_days))
        )


def test_a_profile_is_reminded_once_per_live_period(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app)
    other = live_candidate(client, app, name="Grace Hopper")  # a full period ahead: no reminder
    env = _env(app)
    assert work.remind_profile_renewals(env) == 0
    _end_live_period(app, ada, 3)
    assert work.remind_profile_renewals(env) == 1
    assert work.remind_profile_renewals(env) == 0  # a second run (a retry) tells nothing more
    (told,) = _told(ada, "profile_renewal")
    assert "leaves the marketplace" in str(told["title"]) and told["link"] == "/me/profile"
    assert _told(other, "profile_renewal") == []
    with unit_of_work(app.state.session_factory, writes=False) as session:
        emails = session.scalars(
            sa.select(OutboxEmail).where(OutboxEmail.kind == "profile_renewal")
        ).all()
    assert [e.to_address for e in emails] == [ada.email.lower()]
    assert "/account/notifications" in emails[0].body  # where to turn it off

    # Renewed, the profile has a new period; near its end it is reminded again, once.
    assert ada.post("/api/candidates/me/renew").status_code == 200
    assert work.remind_profile_renewals(env) == 0
    _end_live_period(app, ada, 2)
    assert work.remind_profile_renewals(env) == 1
    assert work.remind_profile_renewals(env) == 0
    assert len(_told(ada, "profile_renewal")) == 2


def test_the_in_process_runner_reminds_before_a_request_expires(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    request_id = send_request(rita, open_job(rita), ada).json()["request"]["id"]
    with unit_of_work(app.state.session_factory) as session:
        session.execute(
            sa.update(InterviewRequest)
            .where(InterviewRequest.id == uuid.UUID(request_id))
            .values(
                expires_at=utcnow() + timedelta(hours=20), created_at=utcnow() - timedelta(days=9)
            )
        )
    runner = InProcessTasks(_env(app))
    first, second = runner.run_periodic(), runner.run_periodic()
    assert first["remind_candidates"] == 1 and second["remind_candidates"] == 0
    (told,) = _told(ada, "interview_request_reminder")
    assert told["link"] == f"/requests/{request_id}" and "expires tomorrow" in str(told["title"])
    assert _told(rita, "interview_request_reminder") == []


def _parts(message: Message) -> dict[str, Message]:
    return {part.get_content_type(): part for part in message.walk()}


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_delivery_sends_text_and_html_through_a_real_smtp_server(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    job = open_job(rita, title="Data <Platform> Engineer")
    request_id = send_request(rita, job, ada).json()["request"]["id"]
    with unit_of_work(app.state.session_factory) as session:
        queue_email(
            session,
            to="calendar@example.org",
            subject="Interview booked",
            body="The invite is attached.",
            kind="interview_invite",
            attachment=Attachment(
                "invite.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
            ),
        )
    with smtp_server() as (port, mailbox):
        env = _env(app, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
        sent, refused = work.deliver_outbox(env)
        assert refused == 0 and sent >= 3
        assert work.deliver_outbox(env) == (0, 0)
        (request_mail,) = [
            m for m in mailbox.to(ada.email.lower()) if "Interview request" in m["Subject"]
        ]
        (invite_mail,) = mailbox.to("calendar@example.org")

    assert request_mail.get_content_type() == "multipart/alternative"
    parts = _parts(request_mail)
    text = _text(parts["text/plain"])
    html = _text(parts["text/html"])
    url = f"{app.state.settings.public_url.rstrip('/')}/requests/{request_id}"
    assert "Data <Platform> Engineer" in text and url in text
    # The HTML part escapes what people typed and links to the request.
    assert "Data &lt;Platform&gt; Engineer" in html and "<Platform>" not in html
    assert f'href="{url}"' in html
    assert "/account/notifications" in text and "/account/notifications" in html

    # An e-mail with an invite: the alternatives and the attachment, all there.
    assert invite_mail.get_content_type() == "multipart/mixed"
    invite_parts = _parts(invite_mail)
    assert {"multipart/alternative", "text/plain", "text/html", "text/calendar"} <= set(
        invite_parts
    )
    assert invite_parts["text/calendar"].get_filename() == "invite.ics"
    assert "BEGIN:VCALENDAR" in _text(invite_parts["text/calendar"])
    with unit_of_work(app.state.session_factory, writes=False) as session:
        notified = session.scalar(sa.select(sa.func.count()).select_from(Notification))
    assert notified is not None and notified >= 2
