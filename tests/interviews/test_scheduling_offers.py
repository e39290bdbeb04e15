"""Scheduling and offers through the API: the employer proposes times in their zone, the
candidate picks one and both get an iCalendar invite; an offer with an expiry is accepted
(the candidate is hired) or declined."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar

from talentmatch.db import unit_of_work
from talentmatch.interviews.models import Offer
from talentmatch.kit.clock import utcnow
from talentmatch.tasks import work
from talentmatch.tasks.work import TaskEnv
from tests.builders import (
    PASSWORD,
    Actor,
    employer,
    live_candidate,
    open_job,
    operator,
    send_request,
)
from tests.outbox import last_email
from tests.tasks.smtp import smtp_server

BERLIN = ZoneInfo("Europe/Berlin")


def accepted_request(client: TestClient, app: FastAPI) -> tuple[Actor, Actor, str]:
    ada = live_candidate(client, app, name="Ada Lovelace")
    rita = employer(client, company="Acme", name="Rita Recruiter")
    request = send_request(rita, open_job(rita), ada).json()["request"]
    assert ada.post(f"/api/interview-requests/{request['id']}/accept").status_code == 200
    return ada, rita, str(request["id"])


def local(days: int, hour: int) -> datetime:
    """A wall-clock time ``days`` from now at ``hour`` (no zone: the proposal gives it)."""
    day = (utcnow() + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour)


def propose(rita: Actor, request_id: str, *starts: datetime, minutes: int = 60) -> Any:
    body = {
        "timezone": "Europe/Berlin",
        "slots": [{"start": s.isoformat(), "minutes": minutes} for s in starts],
    }
    return rita.post(f"/api/interview-requests/{request_id}/slots", json=body)


def offer_body(**overrides: Any) -> dict[str, Any]:
    today = utcnow().date()
    return {
        "base": 120000,
        "currency": "EUR",
        "bonus_percent": 10,
        "equity_per_year": 20000,
        "equity_vesting": "4 years, 1-year cliff",
        "start_date": (today + timedelta(days=60)).isoformat(),
        "expires_at": (utcnow() + timedelta(days=7)).isoformat(),
        **overrides,
    }


class TestScheduling:
    def test_propose_pick_and_both_sides_get_the_invite(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada, rita, request_id = accepted_request(client, app)
        first, second = local(10, 10), local(11, 15)
        proposed = propose(rita, request_id, first, second, minutes=45)
        assert proposed.status_code == 201, proposed.text
        slots = proposed.json()
        # Stored in UTC: 10:00 in Berlin is 09:00 or 08:00 UTC, depending on the season.
        expected_start = first.replace(tzinfo=BERLIN).astimezone(UTC)
        assert datetime.fromisoformat(slots[0]["starts_at"]) == expected_start
        assert [s["status"] for s in slots] == ["proposed", "proposed"]
        assert slots[0]["timezone"] == "Europe/Berlin"
        times_mail = last_email(app.state.session_factory, ada.email, "interview_times")
        assert "Pick a time" in times_mail.subject

        picked = ada.post(f"/api/interview-requests/{request_id}/slots/{slots[0]['id']}/pick")
        assert picked.status_code == 200, picked.text
        assert picked.json()["status"] == "picked"
        # Picking one time closes the others.
        listed = ada.get(f"/api/interview-requests/{request_id}/slots").json()
        assert [s["status"] for s in listed] == ["picked", "closed"]
        closed = ada.post(f"/api/interview-requests/{request_id}/slots/{slots[1]['id']}/pick")
        assert closed.status_code == 409
        assert "no longer offered" in closed.json()["detail"]

        for person in (ada, rita):
            mail = last_email(app.state.session_factory, person.email, "interview_invite")
            assert mail.attachment_type == "text/calendar"
            assert mail.attachment_name == "interview.ics"
            event = Calendar.from_ical(mail.attachment).walk("VEVENT")[0]
            assert event.decoded("dtstart") == expected_start
            assert event.decoded("dtend") == expected_start + timedelta(minutes=45)
            assert str(event["summary"]) == "Interview (screening): Senior Backend Engineer at Acme"
            attendees = {str(a).lower() for a in event.get("attendee")}
            assert attendees == {f"mailto:{ada.email}", f"mailto:{rita.email}"}
            assert str(event["organizer"]).lower() == f"mailto:{rita.email}"

        # The same invite downloads from the request, for either side only.
        url = f"/api/interview-requests/{request_id}/slots/{slots[0]['id']}/invite.ics"
        download = rita.get(url)
        assert download.status_code == 200
        assert download.headers["content-type"].startswith("text/calendar")
        downloaded = Calendar.from_ical(download.text).walk("VEVENT")[0]
        assert downloaded.decoded("dtstart") == expected_start
        outsider = employer(client, company="Globex")
        assert outsider.get(url).status_code == 404
        assert ada.get(url.replace(slots[0]["id"], slots[1]["id"])).status_code == 404

    def test_the_mail_server_receives_the_invite_as_an_attachment(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada, rita, request_id = accepted_request(client, app)
        slot = propose(rita, request_id, local(5, 9)).json()[0]
        ada.post(f"/api/interview-requests/{request_id}/slots/{slot['id']}/pick")
        with smtp_server() as (port, mailbox):
            settings = app.state.settings.model_copy(
                update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
            )
            env = TaskEnv(settings, app.state.session_factory, app.state.understanding)
            work.deliver_outbox(env)
            received = [
                m for m in mailbox.to(ada.email.lower()) if "Interview booked" in m["Subject"]
            ]
        parts = [p for p in received[0].walk() if p.get_content_type() == "text/calendar"]
        assert [p.get_filename() for p in parts] == ["interview.ics"]
        event = Calendar.from_ical(parts[0].get_payload(decode=True)).walk("VEVENT")[0]
        assert event.decoded("dtstart") == local(5, 9).replace(tzinfo=BERLIN).astimezone(UTC)

    def test_past_and_overlapping_times_are_refused_with_the_reason(
        self, client: TestClient, app: FastAPI
    ) -> None:
        _, rita, request_id = accepted_request(client, app)
        past = propose(rita, request_id, local(-2, 10))
        assert past.status_code == 422
        assert "is in the past" in past.json()["detail"]
        overlapping = propose(rita, request_id, local(3, 10), local(3, 10) + timedelta(minutes=30))
        assert overlapping.status_code == 422
        assert "overlap" in overlapping.json()["detail"]
        far = propose(rita, request_id, datetime(9999, 12, 31, 23, 30))
        assert "more than a year ahead" in far.json()["detail"]
        assert "is in the past" in propose(rita, request_id, datetime(1, 1, 1)).json()["detail"]
        unknown = rita.post(
            f"/api/interview-requests/{request_id}/slots",
            json={"timezone": "Mars/Olympus", "slots": [{"start": local(3, 10).isoformat()}]},
        )
        assert unknown.status_code == 422
        assert "not a time zone" in unknown.json()["detail"]
        # The server's own zone and the database's placeholder name no place.
        for name in ("localtime", "Factory"):
            not_a_place = rita.post(
                f"/api/interview-requests/{request_id}/slots",
                json={"timezone": name, "slots": [{"start": local(3, 10).isoformat()}]},
            )
            assert not_a_place.status_code == 422, name
        assert rita.get(f"/api/interview-requests/{request_id}/slots").json() == []

    def test_proposing_again_replaces_unpicked_times_but_keeps_a_booking(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada, rita, request_id = accepted_request(client, app)
        first = propose(rita, request_id, local(4, 10), local(4, 14)).json()
        ada.post(f"/api/interview-requests/{request_id}/slots/{first[0]['id']}/pick")
        # A new time over the booked interview is refused; others replace the open ones.
        clash = propose(rita, request_id, local(4, 10) + timedelta(minutes=30))
        assert clash.status_code == 422
        assert "already booked" in clash.json()["detail"]
        second = propose(rita, request_id, local(6, 10)).json()
        statuses = {
            s["id"]: s["status"]
            for s in rita.get(f"/api/interview-requests/{request_id}/slots").json()
        }
        assert statuses == {
            first[0]["id"]: "picked",
            first[1]["id"]: "closed",
            second[0]["id"]: "proposed",
        }

    def test_only_the_two_sides_schedule(self, client: TestClient, app: FastAPI) -> None:
        ada, rita, request_id = accepted_request(client, app)
        assert propose(ada, request_id, local(3, 10)).status_code == 403
        outsider = employer(client, company="Globex")
        assert propose(outsider, request_id, local(3, 10)).status_code == 404
        slot = propose(rita, request_id, local(3, 10)).json()[0]
        pick = f"/api/interview-requests/{request_id}/slots/{slot['id']}/pick"
        assert rita.post(pick).status_code == 403
        other = live_candidate(client, app, name="Bob")
        assert other.post(pick).status_code == 404

    def test_times_need_an_accepted_request(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        refused = propose(rita, request["id"], local(3, 10))
        assert refused.status_code == 409


class TestOffers:
    def test_offer_accepted_hires_the_candidate(self, client: TestClient, app: FastAPI) -> None:
        ada, rita, request_id = accepted_request(client, app)
        made = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body())
        assert made.status_code == 201, made.text
        offer = made.json()
        assert offer["status"] == "open"
        assert offer["compensation"]["total"] == 120000 + 12000 + 20000
        assert "152,000 EUR a year in total" in offer["compensation"]["summary"]
        request = ada.get(f"/api/interview-requests/{request_id}").json()
        assert request["stage"] == "offer"
        assert "Job offer" in last_email(app.state.session_factory, ada.email, "offer").subject
        # One live offer at a time.
        again = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body())
        assert again.status_code == 409
        assert (
            rita.post(
                f"/api/interview-requests/{request_id}/offers/{offer['id']}/accept"
            ).status_code
            == 403
        )

        accepted = ada.post(f"/api/interview-requests/{request_id}/offers/{offer['id']}/accept")
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["status"] == "accepted"
        request = rita.get(f"/api/interview-requests/{request_id}").json()
        assert request["stage"] == "hired"
        assert [e["kind"] for e in request["history"]][-4:] == [
            "stage:offer",
            "offer_made",
            "offer_accepted",
            "stage:hired",
        ]
        assert ada.get("/api/candidates/me").json()["status"] == "hired"
        told = last_email(app.state.session_factory, rita.email, "offer_answered")
        assert told.subject == "Offer accepted: Senior Backend Engineer"

    def test_declined_offer_is_recorded_and_a_new_one_may_follow(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada, rita, request_id = accepted_request(client, app)
        offer = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body()).json()
        declined = ada.post(
            f"/api/interview-requests/{request_id}/offers/{offer['id']}/decline",
            json={"reason": "I took another offer."},
        )
        assert declined.json()["status"] == "declined"
        assert declined.json()["decline_reason"] == "I took another offer."
        told = last_email(app.state.session_factory, rita.email, "offer_answered")
        assert "I took another offer." in told.body
        second = rita.post(
            f"/api/interview-requests/{request_id}/offers", json=offer_body(base=130000)
        )
        assert second.status_code == 201
        listed = ada.get(f"/api/interview-requests/{request_id}/offers").json()
        assert [(o["compensation"]["base"], o["status"]) for o in listed] == [
            (130000, "open"),
            (120000, "declined"),
        ]
        assert ada.get(f"/api/interview-requests/{request_id}").json()["stage"] == "offer"

    def test_an_expired_offer_cannot_be_accepted(self, client: TestClient, app: FastAPI) -> None:
        ada, rita, request_id = accepted_request(client, app)
        offer = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body()).json()
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(Offer)
                .where(Offer.id == uuid.UUID(offer["id"]))
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
        refused = ada.post(f"/api/interview-requests/{request_id}/offers/{offer['id']}/accept")
        assert refused.status_code == 409
        assert "expired" in refused.json()["detail"]
        assert (
            ada.get(f"/api/interview-requests/{request_id}/offers").json()[0]["status"] == "expired"
        )
        assert ada.get("/api/candidates/me").json()["status"] != "hired"
        # An expired offer no longer blocks a new one.
        assert (
            rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body()).status_code
            == 201
        )

    def test_the_periodic_expiry_task_expires_offers(
        self, client: TestClient, app: FastAPI
    ) -> None:
        _, rita, request_id = accepted_request(client, app)
        offer = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body()).json()
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(Offer)
                .where(Offer.id == uuid.UUID(offer["id"]))
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
        env = TaskEnv(app.state.settings, app.state.session_factory, app.state.understanding)
        assert work.expire_requests(env) == 1
        assert work.expire_requests(env) == 0
        history = rita.get(f"/api/interview-requests/{request_id}").json()["history"]
        assert history[-1]["kind"] == "offer_expired"

    def test_amounts_and_dates_are_validated(self, client: TestClient, app: FastAPI) -> None:
        _, rita, request_id = accepted_request(client, app)
        url = f"/api/interview-requests/{request_id}/offers"
        assert rita.post(url, json=offer_body(base=0)).status_code == 422
        bad_currency = rita.post(url, json=offer_body(currency="XYZ"))
        assert bad_currency.status_code == 422
        assert "ISO 4217" in str(bad_currency.json())
        past = rita.post(
            url, json=offer_body(expires_at=(utcnow() - timedelta(hours=1)).isoformat())
        )
        assert past.status_code == 422
        assert "expire in the future" in past.json()["detail"]
        late = offer_body(
            start_date=(utcnow() + timedelta(days=3)).date().isoformat(),
            expires_at=(utcnow() + timedelta(days=10)).isoformat(),
        )
        assert "before the start date" in rita.post(url, json=late).json()["detail"]
        far = rita.post(url, json=offer_body(expires_at="9999-12-31T23:59:59+05:00"))
        assert far.status_code == 422
        assert "within a year" in far.json()["detail"]
        assert rita.get(url).json() == []

    def test_a_withdrawn_offer_cannot_be_accepted(self, client: TestClient, app: FastAPI) -> None:
        ada, rita, request_id = accepted_request(client, app)
        offer = rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body()).json()
        outsider = employer(client, company="Globex")
        base = f"/api/interview-requests/{request_id}/offers/{offer['id']}"
        assert outsider.post(f"{base}/withdraw").status_code == 404
        assert outsider.get(f"/api/interview-requests/{request_id}/offers").status_code == 404
        assert rita.post(f"{base}/withdraw").json()["status"] == "withdrawn"
        refused = ada.post(f"{base}/accept")
        assert refused.status_code == 409
        assert "withdrawn" in refused.json()["detail"]


def test_erasing_the_candidate_takes_their_name_out_of_the_employers_invite(
    client: TestClient, app: FastAPI
) -> None:
    ada, rita, request_id = accepted_request(client, app)
    slots = propose(rita, request_id, local(10, 10)).json()
    ada.post(f"/api/interview-requests/{request_id}/slots/{slots[0]['id']}/pick")

    def attendees() -> set[str]:
        invite = last_email(app.state.session_factory, rita.email, "interview_invite")
        if not invite.attachment:
            return set()
        event = Calendar.from_ical(invite.attachment).walk("VEVENT")[0]
        return {str(a).lower() for a in event.get("attendee")}

    assert f"mailto:{ada.email}" in attendees()
    erased = ada.request("DELETE", "/api/me", json={"password": PASSWORD})
    assert erased.status_code in (200, 204), erased.text
    assert f"mailto:{ada.email}" not in attendees()
    invite = last_email(app.state.session_factory, rita.email, "interview_invite")
    assert "Lovelace" not in invite.attachment + invite.body + invite.subject


def test_an_expiry_sent_with_an_offset_is_kept_as_the_same_moment(
    client: TestClient, app: FastAPI
) -> None:
    ada, rita, request_id = accepted_request(client, app)
    berlin_evening = (utcnow() + timedelta(days=7)).astimezone(BERLIN).replace(microsecond=0)
    made = rita.post(
        f"/api/interview-requests/{request_id}/offers",
        json=offer_body(expires_at=berlin_evening.isoformat()),
    )
    assert made.status_code == 201, made.text
    shown = datetime.fromisoformat(made.json()["expires_at"])
    stored = ada.get(f"/api/interview-requests/{request_id}/offers").json()[0]["expires_at"]
    assert shown == berlin_evening
    assert datetime.fromisoformat(stored) == berlin_evening


def test_the_candidate_is_told_which_company_asks_books_and_offers(
    client: TestClient, app: FastAPI
) -> None:
    ada, rita, request_id = accepted_request(client, app)
    factory = app.state.session_factory
    assert "Acme" in last_email(factory, ada.email, "interview_request").subject
    slots = propose(rita, request_id, local(10, 10)).json()
    assert "Acme" in last_email(factory, ada.email, "interview_times").subject
    ada.post(f"/api/interview-requests/{request_id}/slots/{slots[0]['id']}/pick")
    booked = last_email(factory, ada.email, "interview_invite")
    assert "Acme" in booked.subject
    rita.post(f"/api/interview-requests/{request_id}/offers", json=offer_body())
    assert "Acme" in last_email(factory, ada.email, "offer").subject


def test_every_time_the_api_gives_says_its_zone(client: TestClient, app: FastAPI) -> None:
    # SQLite keeps no zone; the API must not hand out times a client would read as local.
    ada, rita, request_id = accepted_request(client, app)
    propose(rita, request_id, local(10, 10))
    listed = ada.get(f"/api/interview-requests/{request_id}/slots").json()
    request = ada.get(f"/api/interview-requests/{request_id}").json()
    for moment in (listed[0]["starts_at"], listed[0]["ends_at"], request["expires_at"]):
        assert datetime.fromisoformat(moment).utcoffset() == timedelta(0), moment


def test_the_operator_reads_an_invite_attached_to_an_e_mail(
    client: TestClient, app: FastAPI
) -> None:
    ada, rita, request_id = accepted_request(client, app)
    slots = propose(rita, request_id, local(10, 10)).json()
    ada.post(f"/api/interview-requests/{request_id}/slots/{slots[0]['id']}/pick")
    mail = last_email(app.state.session_factory, rita.email, "interview_invite")
    olive = operator(client, app)
    page = olive.client.get(f"/admin/outbox/{mail.id}", headers=olive.headers)
    assert page.status_code == 200
    assert "interview.ics" in page.text and "BEGIN:VCALENDAR" in page.text
