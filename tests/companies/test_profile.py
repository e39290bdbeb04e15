"""The company profile candidates read before answering a request: admins edit it; everyone
signed in reads it, without anything about the company's members or hiring."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.builders import PASSWORD, Actor, candidate, employer, log_in, open_job, unique_email
from tests.companies.test_members import invite

PROFILE = {
    "description": "We build analytics for logistics.",
    "location": "Berlin, Germany",
    "size_band": "51-200",
    "locations": ["Berlin, Germany", "Warsaw, Poland"],
    "stack": ["Python", "PostgreSQL", "React"],
    "benefits": ["30 days of paid leave", "Health, dental and vision insurance"],
}


def colleague(client: TestClient, admin: Actor) -> Actor:
    email = unique_email("colleague")
    token = invite(admin, email)
    body = {"full_name": "Colin League", "password": PASSWORD}
    assert client.post(f"/api/invitations/{token}/accept", json=body).status_code == 201
    return log_in(client, email)


def edit(admin: Actor, **changes: Any) -> Any:
    return admin.patch(f"/api/companies/{admin.me['company_id']}", json=changes)


class TestProfileApi:
    def test_a_candidate_reads_what_the_admin_wrote(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics", domain="acme.example")
        assert edit(acme, **PROFILE).status_code == 200
        ada = candidate(client)
        profile = ada.get(f"/api/companies/{acme.me['company_id']}/profile").json()
        assert profile == {
            "id": acme.me["company_id"],
            "name": "Acme Analytics",
            "domain": "acme.example",
            **PROFILE,
        }

    def test_a_new_company_has_an_empty_profile(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics")
        profile = candidate(client).get(f"/api/companies/{acme.me['company_id']}/profile").json()
        assert (profile["size_band"], profile["locations"], profile["stack"]) == (None, [], [])
        assert profile["benefits"] == []

    def test_only_an_admin_edits_the_profile(self, client: TestClient) -> None:
        acme = employer(client)
        member = colleague(client, acme)
        response = member.patch(
            f"/api/companies/{acme.me['company_id']}", json={"stack": ["COBOL"]}
        )
        assert response.status_code == 403
        other = employer(client, company="Globex")
        company = f"/api/companies/{acme.me['company_id']}"
        assert other.patch(company, json={"stack": ["COBOL"]}).status_code == 404
        assert candidate(client).patch(company, json={"stack": ["COBOL"]}).status_code == 403
        assert acme.get(f"{company}/profile").json()["stack"] == []

    def test_the_size_is_one_of_the_bands(self, client: TestClient) -> None:
        acme = employer(client)
        response = edit(acme, size_band="about 60")
        assert response.status_code == 422
        assert edit(acme, size_band="51-200").json()["size_band"] == "51-200"
        assert edit(acme, size_band=None).json()["size_band"] is None

    def test_an_unknown_company_is_404(self, client: TestClient) -> None:
        ada = candidate(client)
        missing = "00000000-0000-0000-0000-000000000000"
        assert ada.get(f"/api/companies/{missing}/profile").status_code == 404
        assert ada.get(f"/companies/{missing}").status_code == 404

    def test_signed_out_visitors_read_nothing(self, client: TestClient) -> None:
        acme = employer(client)
        company_id = acme.me["company_id"]
        assert client.get(f"/api/companies/{company_id}/profile").status_code == 401
        page = client.get(f"/companies/{company_id}", follow_redirects=False)
        assert page.status_code in (303, 401)


class TestProfilePages:
    def test_the_admin_saves_the_form_and_candidates_read_the_page(
        self, client: TestClient
    ) -> None:
        acme = employer(client, company="Acme Analytics", domain="acme.example")
        form = {
            "name": "Acme Analytics",
            "domain": "acme.example",
            "location": "Berlin, Germany",
            "size_band": "51-200",
            "description": "We build analytics for logistics.",
            "locations": "Berlin, Germany\nWarsaw, Poland\n",
            "stack": "Python, PostgreSQL, React",
            "benefits": "30 days of paid leave\nHealth, dental and vision insurance",
        }
        saved = acme.post("/company", data=form, follow_redirects=False)
        assert saved.status_code == 303, saved.text
        stored = acme.get(f"/api/companies/{acme.me['company_id']}/profile").json()
        assert stored["locations"] == ["Berlin, Germany", "Warsaw, Poland"]  # one per line
        assert stored["benefits"] == PROFILE["benefits"]
        assert stored["stack"] == ["Python", "PostgreSQL", "React"]
        job = open_job(acme, title="Data Engineer")
        draft = open_job(acme, title="Secret Draft Role", status="draft")

        page = candidate(client).get(f"/companies/{acme.me['company_id']}")
        assert page.status_code == 200
        for shown in (
            "We build analytics for logistics.",
            "51-200 people",
            "Warsaw, Poland",
            "React",
            "Health, dental and vision insurance",
            f'href="/jobs/{job["id"]}"',
        ):
            assert shown in page.text
        assert draft["title"] not in page.text
        assert "Edit the profile" not in page.text
        assert "Rita Recruiter" not in page.text and acme.email not in page.text
        assert "Edit the profile" in acme.get(f"/companies/{acme.me['company_id']}").text

    def test_a_bad_size_shows_beside_the_field(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics")
        form = {"name": "Acme Analytics", "size_band": "huge"}
        page = acme.post("/company", data=form)
        assert page.status_code == 422
        assert 'id="size_band-error"' in page.text

    def test_a_member_sees_the_profile_but_no_form(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics")
        edit(acme, stack=["Elixir"])
        member = colleague(client, acme)
        page = member.get(f"/companies/{acme.me['company_id']}").text
        assert "Elixir" in page
        assert "only a company admin can edit it" in page
        assert "Edit the profile" not in page
        assert 'name="stack"' not in member.get("/company").text
