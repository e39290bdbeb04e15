"""Hiding follows a company's identity, not its current spelling: renames, look-alike names and
new companies named like a hidden one; renames of companies known to candidates go to review."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import Actor, employer, live_candidate, open_job, operator, send_request


def hide(candidate: Actor, name: str) -> None:
    response = candidate.post("/api/candidates/me/hidden-companies", json={"name_or_domain": name})
    assert response.status_code == 201, response.text


def sees(company: Actor, candidate: Actor) -> bool:
    """Whether the company can find or open the candidate anywhere; asserts it is consistent."""
    profile_id = candidate.me["candidate_profile_id"]
    listed = any(c["id"] == profile_id for c in company.get("/api/candidates").json()["items"])
    opened = company.get(f"/api/candidates/{profile_id}").status_code == 200
    job = open_job(company)
    matches = company.get(f"/api/jobs/{job['id']}/matches").json()["items"]
    matched = any(m["candidate"]["id"] == profile_id for m in matches)
    assert listed == opened == matched, (listed, opened, matched)
    return listed


def rename(company: Actor, **changes: object) -> dict[str, object]:
    response = company.patch(f"/api/companies/{company.me['company_id']}", json=changes)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_hidden_company_that_renames_itself_still_cannot_see_the_candidate(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    hide(ada, "Globex")
    globex = employer(client, company="Globex", domain="globex.com")
    assert not sees(globex, ada)
    assert rename(globex, name="Gl0bex Systems", domain=None)["name"] == "Gl0bex Systems"
    assert not sees(globex, ada)
    assert rename(globex, name="Initech")["name"] == "Initech"  # nothing like it any more
    assert not sees(globex, ada)
    job = open_job(globex)
    assert send_request(globex, job, ada).status_code == 404


@pytest.mark.parametrize("name", ["Gl0bex", "Glоbex", "Glbx", "GLOBEX Systems GmbH"])
def test_a_new_company_named_like_a_hidden_one_is_treated_as_hidden(
    client: TestClient, app: FastAPI, name: str
) -> None:
    ada = live_candidate(client, app)
    hide(ada, "Globex")
    assert not sees(employer(client, company=name), ada)
    assert sees(employer(client, company="Initech"), ada)


def test_a_rename_of_a_company_that_has_sent_requests_waits_for_an_operator(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    bob = live_candidate(client, app, name="Bob Builder")
    acme = employer(client, company="Acme")
    job = open_job(acme)
    assert send_request(acme, job, ada).status_code == 201
    company = rename(acme, name="Umbrella", description="We make umbrellas.")
    assert company["name"] == "Acme" and company["description"] == "We make umbrellas."
    assert company["pending_identity"] == {"name": "Umbrella"}
    # While it waits, the new name already hides: Bob hid "Umbrella".
    hide(bob, "Umbrella")
    assert not sees(acme, bob)
    olive = operator(client, app)
    waiting = olive.get("/api/admin/companies/identity-changes").json()
    assert [c["name"] for c in waiting] == ["Acme"]
    approved = olive.post(f"/api/admin/companies/{acme.me['company_id']}/identity-change/approve")
    assert approved.status_code == 200 and approved.json()["name"] == "Umbrella"
    assert approved.json()["pending_identity"] is None
    assert olive.get("/api/admin/companies/identity-changes").json() == []
    assert acme.get("/api/admin/companies/identity-changes").status_code == 403


def test_an_operator_can_rule_out_a_resemblance_but_not_a_companys_own_name(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    hide(ada, "Globex")
    glbx = employer(client, company="Glbx")
    assert not sees(glbx, ada)
    olive = operator(client, app)
    path = f"/api/admin/companies/{glbx.me['company_id']}/hidden-resemblances"
    found = olive.get(path).json()
    assert found == [{"key": "globex", "candidates": 1, "exact": False, "ruled_out": False}]
    own = olive.post(f"{path}/rule-out", json={"key": "glbx"})
    assert own.status_code == 409
    assert olive.post(f"{path}/rule-out", json={"key": "globex"}).status_code == 204
    assert olive.get(path).json()[0]["ruled_out"] is True
    assert sees(glbx, ada)
    assert glbx.post(f"{path}/rule-out", json={"key": "globex"}).status_code == 403
