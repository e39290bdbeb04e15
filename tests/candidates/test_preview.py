"""The candidate's preview: their profile exactly as a company reads it before they accept
its request (the same view and the same card as the company's pages)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import candidate, complete_profile, employer, live_candidate, open_job

HEADLINE = "Ada Lovelace, backend engineer; mail ada@lovelace.example"


def card(html: str) -> str:
    """The candidate card's text without the rank the company's list puts before it."""
    found = re.search(r'<li class="card candidate-card">(.*?)</details>\s*<details>', html, re.S)
    assert found, html
    return re.sub(r"#\d+ · ", "", re.sub(r"\s+", " ", found.group(1))).strip()


class TestPreview:
    def test_the_preview_is_what_a_company_reads(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, headline=HEADLINE, summary="Reach me on +49 30 1234567.")
        acme = employer(client, company="Acme Analytics")
        preview = ada.get("/api/candidates/me/preview").json()
        seen = acme.get(f"/api/candidates/{ada.me['candidate_profile_id']}").json()
        assert preview == seen
        assert preview["contact"] is None
        assert "Lovelace" not in preview["headline"]
        assert "ada@lovelace.example" not in preview["headline"]
        assert "1234567" not in preview["summary"]

    def test_edits_waiting_for_review_are_not_in_the_preview(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, headline="Backend engineer")
        complete_profile(ada, headline="Staff engineer, distributed systems")
        preview = ada.get("/api/candidates/me/preview").json()
        assert preview["headline"] == "Backend engineer"
        page = ada.get("/me/preview").text
        assert "Your latest edits wait for review" in page
        assert "Staff engineer, distributed systems" not in page

    def test_the_page_shows_the_card_without_contact_details(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, headline=HEADLINE)
        page = ada.get("/me/preview")
        assert page.status_code == 200
        main = page.text.split("<main", 1)[1]
        for hidden in ("Lovelace", "+49 30 1234567", "github.com/ada", "ada@lovelace.example"):
            assert hidden not in main
        for shown in ("Senior Backend Engineer", "Kubernetes", "wants hybrid", "Machine Learning"):
            assert shown in main
        assert "not live" not in main

    def test_a_profile_not_yet_live_says_no_company_sees_it(self, client: TestClient) -> None:
        ada = candidate(client)
        complete_profile(ada)
        assert "Your profile is not live" in ada.get("/me/preview").text

    def test_only_candidates_have_a_preview(self, client: TestClient) -> None:
        acme = employer(client)
        assert acme.get("/api/candidates/me/preview").status_code == 403
        assert acme.get("/me/preview").status_code == 403

    def test_the_card_is_the_one_in_the_company_s_list(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, headline=HEADLINE)
        acme = employer(client, company="Acme Analytics")
        job = open_job(acme)
        listed = acme.get(f"/jobs/{job['id']}/candidates")
        assert listed.status_code == 200
        assert card(ada.get("/me/preview").text) == card(listed.text)
