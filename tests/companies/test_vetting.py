"""Company vetting: a new company posts jobs at once but sends interview requests only once an
operator approves it; a rejected one is told why; the operators' queue shows what the company
said about itself and flags members whose address is not at the company's domain."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.companies.vetting import PENDING_MESSAGE
from tests.builders import (
    PASSWORD,
    Actor,
    approve_company,
    candidate,
    employer,
    live_candidate,
    log_in,
    open_job,
    operator,
    send_request,
)
from tests.outbox import emailed_token, last_email


def _profile(company: Actor, **changes: object) -> None:
    response = company.patch(f"/api/companies/{company.me['company_id']}", json=changes)
    assert response.status_code == 200, response.text


def test_a_new_company_posts_jobs_but_sends_requests_only_once_approved(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    acme = employer(client, company="Acme Analytics", domain="acme.io", approved=False)
    _profile(acme, description="Analytics for retailers", size_band="11-50")
    job = open_job(acme)  # posting needs no approval
    vetting = acme.get(f"/api/companies/{acme.me['company_id']}/vetting").json()
    assert vetting["status"] == "pending"

    # The dashboard says so before the first send.
    dashboard = acme.client.get("/employer", headers=acme.headers)
    assert "An operator is reviewing your company" in dashboard.text
    refused = send_request(acme, job, ada)
    assert refused.status_code == 409
    assert refused.json()["detail"] == PENDING_MESSAGE
    assert ada.get("/api/interview-requests").json()["items"] == []

    approve_company(client, acme.me["company_id"])
    dashboard = acme.client.get("/employer", headers=acme.headers)
    assert "An operator is reviewing your company" not in dashboard.text
    sent = send_request(acme, job, ada)
    assert sent.status_code == 201, sent.text
    mail = last_email(app.state.session_factory, acme.email, "company_vetting")
    assert "approved" in mail.subject and "can now send interview requests" in mail.body
    vetting = acme.get(f"/api/companies/{acme.me['company_id']}/vetting").json()
    assert vetting["status"] == "approved" and vetting["decided_by"] == "Olive Operator"


def test_a_rejected_company_is_told_why_and_cannot_send(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app)
    shady = employer(client, company="Google", domain="google.com", approved=False)
    job = open_job(shady)
    olive = operator(client, app)
    company_id = shady.me["company_id"]
    reason = "You signed up from a personal address, not one at google.com."
    response = olive.post(
        f"/api/admin/companies/{company_id}/vetting/reject", json={"reason": reason}
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "rejected"

    refused = send_request(shady, job, ada)
    assert refused.status_code == 409
    assert reason in refused.json()["detail"]  # the sender is the company's admin
    assert shady.get(f"/api/companies/{company_id}/vetting").json()["reason"] == reason
    mail = last_email(app.state.session_factory, shady.email, "company_vetting")
    assert "was not approved" in mail.subject and reason in mail.body
    page = shady.get("/company")
    assert reason in page.text

    # The operator may change their mind once the company has shown who it is.
    assert olive.post(f"/api/admin/companies/{company_id}/vetting/approve").status_code == 200
    assert send_request(shady, job, ada).status_code == 201


def test_a_reason_is_needed_to_reject_and_a_decision_is_not_taken_twice(
    client: TestClient, app: FastAPI
) -> None:
    acme = employer(client, approved=False)
    olive = operator(client, app)
    base = f"/api/admin/companies/{acme.me['company_id']}/vetting"
    assert olive.post(f"{base}/reject", json={"reason": ""}).status_code == 422
    assert olive.post(f"{base}/approve").status_code == 200
    again = olive.post(f"{base}/approve")
    assert again.status_code == 409 and "already approved" in again.json()["detail"]


def test_only_operators_vet_companies(client: TestClient, app: FastAPI) -> None:
    acme = employer(client, approved=False)
    other = employer(client, company="Initech")
    ada = candidate(client)
    base = f"/api/admin/companies/{acme.me['company_id']}/vetting"
    for actor in (acme, other, ada):
        assert actor.get("/api/admin/companies/vetting").status_code == 403
        assert actor.get(base).status_code == 403
        assert actor.post(f"{base}/approve").status_code == 403
        assert actor.get("/admin/vetting").status_code == 403
    assert client.get("/api/admin/companies/vetting").status_code == 401
    # A company's standing is its own members' business.
    assert other.get(f"/api/companies/{acme.me['company_id']}/vetting").status_code == 404


def test_the_queue_shows_what_the_company_said_and_flags_foreign_addresses(
    client: TestClient, app: FastAPI
) -> None:
    olive = operator(client, app)
    approved = employer(client, company="Approved Ltd")
    acme = employer(client, company="Acme Analytics", domain="acme.io", approved=False)
    _profile(
        acme,
        description="Forecasting for grocers",
        size_band="51-200",
        locations=["Berlin, Germany"],
        stack=["Python", "dbt"],
        benefits=["30 days of holiday"],
    )
    open_job(acme, title="Data Engineer")

    queue = olive.get("/api/admin/companies/vetting").json()
    assert [c["company"]["name"] for c in queue["items"]] == ["Acme Analytics"]
    case = queue["items"][0]
    assert case["company"]["domain"] == "acme.io"
    assert case["company"]["description"] == "Forecasting for grocers"
    assert case["company"]["size_band"] == "51-200"
    assert case["company"]["stack"] == ["Python", "dbt"]
    assert case["company"]["benefits"] == ["30 days of holiday"]
    assert [j["title"] for j in case["jobs"]] == ["Data Engineer"]
    # The builder's addresses are at example.org: not the company's domain.
    assert [m["matches_company"] for m in case["members"]] == [False]
    assert case["flags"] == ["members' e-mail domain example.org is not acme.io"]

    decided = olive.get("/api/admin/companies/vetting", params={"status": "approved"}).json()
    assert approved.me["company_id"] in {c["company"]["id"] for c in decided["items"]}

    page = olive.get("/admin/vetting")
    assert page.status_code == 200
    assert "Acme Analytics" in page.text and "example.org is not acme.io" in page.text
    detail = olive.get(f"/admin/vetting/{acme.me['company_id']}")
    assert "Forecasting for grocers" in detail.text and "Data Engineer" in detail.text


def test_a_colleague_who_is_not_an_admin_is_not_shown_the_reason(
    client: TestClient, app: FastAPI
) -> None:
    acme = employer(client, approved=False)
    olive = operator(client, app)
    company_id = acme.me["company_id"]
    olive.post(
        f"/api/admin/companies/{company_id}/vetting/reject", json={"reason": "Not a real firm."}
    )
    invited = acme.post(
        f"/api/companies/{company_id}/invitations", json={"email": "bob@example.org"}
    )
    assert invited.status_code == 201, invited.text
    token = emailed_token(
        app.state.session_factory, "bob@example.org", "invitation", "/invitations"
    )
    accepted = client.post(
        f"/api/invitations/{token}/accept", json={"full_name": "Bob Member", "password": PASSWORD}
    )
    assert accepted.status_code == 201, accepted.text
    bob = log_in(client, "bob@example.org")
    seen = bob.get(f"/api/companies/{company_id}/vetting").json()
    assert seen["status"] == "rejected" and seen["reason"] == ""
    job = open_job(bob)
    ada = live_candidate(client, app)
    refused = send_request(bob, job, ada)
    assert refused.status_code == 409
    assert "Not a real firm" not in refused.json()["detail"]
    assert "admins see why" in refused.json()["detail"]


def test_rejecting_an_approved_company_withdraws_its_unanswered_requests(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    acme = employer(client, company="Acme Analytics", domain="acme.io")  # approved
    sent = send_request(acme, open_job(acme), ada).json()["request"]
    olive = operator(client, app)
    company_id = acme.me["company_id"]
    rejected = olive.post(
        f"/api/admin/companies/{company_id}/vetting/reject",
        json={"reason": "The domain belongs to another business."},
    )
    assert rejected.status_code == 200, rejected.text
    mine = ada.get(f"/api/interview-requests/{sent['id']}").json()
    assert mine["status"] == "withdrawn"
    # Nothing left to accept: the candidate's contact details stay with them.
    assert ada.post(f"/api/interview-requests/{sent['id']}/accept").status_code == 409
