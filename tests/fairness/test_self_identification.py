"""Voluntary self-identification: given with consent, seen by its owner only, never read by the
matching, removed on withdrawal and with the account, and part of the person's export."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import (
    PASSWORD,
    Actor,
    candidate,
    employer,
    live_candidate,
    open_job,
    operator,
    send_request,
)
from tests.privacy.helpers import count

URL = "/api/me/self-identification"
# Answers that appear nowhere else in the product: if one shows up in a response, it leaked.
ANSWERS = {
    "consent": True,
    "gender": "non_binary",
    "ethnicity": "native_hawaiian_or_pacific_islander",
    "age_band": "55_64",
    "disability": "yes",
}
TELLTALES = ("non_binary", "native_hawaiian", "55_64", "self_identification", "ethnicity")


def answer(actor: Actor, **overrides: Any) -> Any:
    response = actor.put(URL, json={**ANSWERS, **overrides})
    assert response.status_code == 200, response.text
    return response.json()


class TestOwnAnswers:
    def test_nothing_until_given_then_changed_then_withdrawn(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        assert ada.get(URL).json()["consented"] is False
        saved = answer(ada)
        assert saved["consented"] is True and saved["consented_at"]
        assert {k: saved[k] for k in ANSWERS if k != "consent"} == {
            k: v for k, v in ANSWERS.items() if k != "consent"
        }
        changed = answer(ada, ethnicity=None, gender="prefer_not_to_say")
        assert changed["ethnicity"] is None and changed["gender"] == "prefer_not_to_say"
        assert ada.get(URL).json() == changed
        assert count(app, "self_identifications") == 1

        assert ada.delete(URL).status_code == 204
        assert ada.get(URL).json()["consented"] is False
        assert count(app, "self_identifications") == 0

    def test_no_consent_no_answers_kept(self, client: TestClient, app: FastAPI) -> None:
        ada = candidate(client)
        refused = ada.put(URL, json={**ANSWERS, "consent": False})
        assert refused.status_code == 422
        assert refused.json()["field"] == "consent"
        assert "consent" in refused.json()["detail"]
        assert count(app, "self_identifications") == 0

    def test_an_answer_outside_the_categories_is_refused(self, client: TestClient) -> None:
        ada = candidate(client)
        refused = ada.put(URL, json={**ANSWERS, "ethnicity": "martian"})
        assert refused.status_code == 422
        assert "ethnicity" in refused.text
        assert ada.get(URL).json()["consented"] is False

    def test_only_candidates_have_answers(self, client: TestClient, app: FastAPI) -> None:
        for other in (employer(client), operator(client, app)):
            assert other.get(URL).status_code == 403
            assert other.put(URL, json=ANSWERS).status_code == 403
        assert client.get(URL).status_code == 401


class TestNobodyElseSeesThem:
    def test_employers_and_operators_never_read_them(
        self, client: TestClient, app: FastAPI
    ) -> None:
        grace = live_candidate(client, app, name="Grace Hopper")
        answer(grace)
        profile_id = grace.me["candidate_profile_id"]
        rita = employer(client)
        job = open_job(rita)
        request = send_request(rita, job, grace).json()["request"]
        grace.post(f"/api/interview-requests/{request['id']}/accept")
        olive = operator(client, app)
        seen = [
            rita.get(f"/api/jobs/{job['id']}/matches"),
            rita.get(f"/api/candidates/{profile_id}"),  # contact details revealed by now
            rita.get("/api/candidates"),
            rita.get(f"/api/interview-requests/{request['id']}"),
            olive.get(f"/api/review/profiles/{profile_id}"),
            olive.get("/api/review/profiles"),
            client.get(f"/candidates/{profile_id}", headers=rita.headers),
        ]
        for response in seen:
            assert response.status_code in (200, 404), response.text
            for telltale in TELLTALES:
                assert telltale not in response.text.lower(), (response.url, telltale)
        # No operation of the API reads one person's answers except the person's own.
        spec = client.get("/openapi.json").json()
        assert [p for p in spec["paths"] if "self-identification" in p] == [URL]
        assert "native_hawaiian" in json.dumps(spec)  # the categories are documented for the person

    def test_the_matching_does_not_read_them(self, client: TestClient, app: FastAPI) -> None:
        grace = live_candidate(client, app, name="Grace Hopper")
        live_candidate(client, app, name="Alan Turing", skills=["Python", "Go"])
        rita = employer(client)
        job = open_job(rita)

        def scores() -> list[tuple[str, float]]:
            items = rita.get(f"/api/jobs/{job['id']}/matches").json()["items"]
            return [(i["candidate"]["id"], i["score"]) for i in items]

        before = scores()
        answer(grace)
        assert scores() == before
        answer(grace, gender="female", ethnicity="white", age_band="under_25", disability="no")
        assert scores() == before


class TestDataRights:
    def test_the_export_has_them(self, client: TestClient) -> None:
        ada = candidate(client)
        answer(ada)
        exported = ada.get("/api/me/export").json()["self_identification"]
        assert exported["ethnicity"] == ANSWERS["ethnicity"]
        assert exported["age_band"] == ANSWERS["age_band"]
        assert exported["consented_at"]
        ada.delete(URL)
        assert ada.get("/api/me/export").json()["self_identification"] is None

    def test_deleting_the_account_deletes_them(self, client: TestClient, app: FastAPI) -> None:
        grace = live_candidate(client, app, name="Grace Hopper")
        answer(grace)
        rita = employer(client)
        # A request keeps an anonymous placeholder profile: the answers still go.
        send_request(rita, open_job(rita), grace)
        answer(candidate(client))  # someone else's stay
        assert count(app, "self_identifications") == 2
        erased = grace.request("DELETE", "/api/me", json={"password": PASSWORD})
        assert erased.status_code == 204, erased.text
        assert count(app, "self_identifications") == 1
        assert count(app, "candidate_profiles", id=uuid.UUID(grace.me["candidate_profile_id"])) == 1
