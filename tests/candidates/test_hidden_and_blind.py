import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import employer, live_candidate, open_job, send_request


class TestHiddenCompanies:
    @pytest.mark.parametrize(
        ("hidden_as", "company", "domain"),
        [
            ("Acme Inc.", "ACME", None),
            ("acme.com", "Acme Corporation", "acme.com"),
            ("ACME", "Acme, Inc.", "acme.io"),
        ],
    )
    def test_a_hidden_company_never_sees_the_profile(
        self, client: TestClient, app: FastAPI, hidden_as: str, company: str, domain: str | None
    ) -> None:
        ada = live_candidate(client, app)
        response = ada.post(
            "/api/candidates/me/hidden-companies", json={"name_or_domain": hidden_as}
        )
        assert response.status_code == 201
        acme = employer(client, company=company, domain=domain)
        other = employer(client, company="Globex")
        profile_id = ada.me["candidate_profile_id"]
        assert acme.get("/api/candidates").json()["total"] == 0
        assert acme.get(f"/api/candidates/{profile_id}").status_code == 404
        assert acme.get("/api/candidates", params={"skill": "python"}).json()["total"] == 0
        assert other.get("/api/candidates").json()["total"] == 1
        job = open_job(acme)
        assert send_request(acme, job, ada).status_code == 404

    def test_unhiding_makes_the_profile_visible_again(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        hidden = ada.post(
            "/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"}
        ).json()
        acme = employer(client, company="Acme")
        assert acme.get("/api/candidates").json()["total"] == 0
        assert ada.delete(f"/api/candidates/me/hidden-companies/{hidden['id']}").status_code == 204
        assert acme.get("/api/candidates").json()["total"] == 1

    def test_the_pool_counts_every_visible_profile_once(
        self, client: TestClient, app: FastAPI
    ) -> None:
        """The pool's total is counted as the live pool less those hiding from the company:
        a profile hiding it under a name and a domain counts once, one that is not live does
        not count at all."""
        acme = employer(client, company="Acme", domain="acme.com")
        visible = [live_candidate(client, app, name=f"Visible {i}") for i in range(2)]
        twice = live_candidate(client, app, name="Hides Twice")
        twice.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
        twice.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "acme.com"})
        paused = live_candidate(client, app, name="Paused Hider")
        paused.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
        assert paused.post("/api/candidates/me/pause").status_code == 200
        page = acme.get("/api/candidates").json()
        assert page["total"] == len(page["items"]) == len(visible)
        assert acme.get("/api/candidates", params={"limit": 1}).json()["total"] == len(visible)

    def test_the_same_company_twice_is_a_conflict(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme Inc."})
        again = ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "acme.com"})
        assert again.status_code == 409

    def test_a_name_of_only_punctuation_is_refused(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        response = ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Inc."})
        assert response.status_code == 422

    def test_the_hidden_list_is_the_candidates_own(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, name="Ada")
        bob = live_candidate(client, app, name="Bob")
        hidden = ada.post(
            "/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"}
        ).json()
        assert bob.get("/api/candidates/me/hidden-companies").json() == []
        assert bob.delete(f"/api/candidates/me/hidden-companies/{hidden['id']}").status_code == 404


class TestBlindReview:
    def test_employers_see_no_identity_before_acceptance(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, name="Ada Lovelace")
        rita = employer(client)
        listing = rita.get("/api/candidates")
        raw = listing.text
        for secret in ("Ada Lovelace", ada.email, "+49 30 1234567", "github.com/ada"):
            assert secret not in raw
        card = listing.json()["items"][0]
        assert card["contact"] is None
        assert card["skills"] == ["Python", "Go", "PostgreSQL", "Kubernetes"]
        # The resume names the candidate: not before acceptance either.
        ada.put(
            "/api/candidates/me/resume",
            files={"file": ("cv.txt", b"Ada Lovelace, Python", "text/plain")},
        )
        assert rita.get(f"/api/candidates/{card['id']}/resume").status_code == 404

    def test_acceptance_reveals_identity_to_that_company_only(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, name="Ada Lovelace")
        ada.put(
            "/api/candidates/me/resume",
            files={"file": ("cv.txt", b"Ada Lovelace, Python", "text/plain")},
        )
        acme = employer(client, company="Acme")
        globex = employer(client, company="Globex")
        request = send_request(acme, open_job(acme), ada).json()["request"]
        ada.post(f"/api/interview-requests/{request['id']}/accept")
        profile_id = ada.me["candidate_profile_id"]
        seen_by_acme = acme.get(f"/api/candidates/{profile_id}").json()
        assert seen_by_acme["contact"]["full_name"] == "Ada Lovelace"
        assert seen_by_acme["contact"]["email"] == ada.email
        assert acme.get(f"/api/candidates/{profile_id}/resume").content == b"Ada Lovelace, Python"
        seen_by_globex = globex.get(f"/api/candidates/{profile_id}")
        assert seen_by_globex.json()["contact"] is None
        assert "Ada Lovelace" not in seen_by_globex.text

    def test_candidates_cannot_browse_other_candidates(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, name="Ada")
        bob = live_candidate(client, app, name="Bob")
        assert bob.get("/api/candidates").status_code == 403
        assert bob.get(f"/api/candidates/{ada.me['candidate_profile_id']}").status_code == 403

    def test_browse_filters(self, client: TestClient, app: FastAPI) -> None:
        live_candidate(client, app, name="Ada", skills=["Python", "C++"], country="DE")
        live_candidate(client, app, name="Bob", skills=["Go"], country="GB")
        rita = employer(client)
        assert rita.get("/api/candidates", params={"skill": "c++"}).json()["total"] == 1
        assert rita.get("/api/candidates", params={"skill": "C"}).json()["total"] == 0
        assert rita.get("/api/candidates", params={"country": "gb"}).json()["total"] == 1
        assert rita.get("/api/candidates", params={"skill": "%"}).json()["total"] == 0
