import uuid

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.jobs.models import Job
from talentmatch.ml.jobs import PARSER_VERSION
from tests.builders import candidate, employer, open_job


class TestPosting:
    def test_a_posted_job_keeps_every_field(self, client: TestClient) -> None:
        rita = employer(client, company="Acme")
        job = open_job(rita)
        fetched = rita.get(f"/api/jobs/{job['id']}").json()
        assert fetched["company_name"] == "Acme"
        assert fetched["required_skills"] == ["Python", "PostgreSQL"]
        assert (fetched["salary_min"], fetched["salary_max"], fetched["currency"]) == (
            85000,
            110000,
            "EUR",
        )
        assert fetched["remote_policy"] == "hybrid"

    def test_an_inverted_salary_band_is_refused(self, client: TestClient) -> None:
        rita = employer(client)
        response = rita.post(
            "/api/jobs", json={"title": "Engineer", "salary_min": 200000, "salary_max": 100000}
        )
        assert response.status_code == 422

    def test_an_edit_cannot_invert_the_band_either(self, client: TestClient) -> None:
        rita = employer(client)
        job = open_job(rita)
        response = rita.patch(f"/api/jobs/{job['id']}", json={"salary_min": 500000})
        assert response.status_code == 422
        assert response.json()["field"] == "salary_min"

    @pytest.mark.parametrize("role", ["candidate", "operator"])
    def test_only_employers_post(self, client: TestClient, app: FastAPI, role: str) -> None:
        from tests.builders import operator

        actor = candidate(client) if role == "candidate" else operator(client, app)
        assert actor.post("/api/jobs", json={"title": "Engineer"}).status_code == 403


class TestVisibility:
    def test_drafts_are_seen_by_their_company_only(self, client: TestClient) -> None:
        acme = employer(client, company="Acme")
        globex = employer(client, company="Globex")
        ada = candidate(client)
        draft = open_job(acme, status="draft")
        assert acme.get(f"/api/jobs/{draft['id']}").status_code == 200
        assert globex.get(f"/api/jobs/{draft['id']}").status_code == 404
        assert ada.get(f"/api/jobs/{draft['id']}").status_code == 404
        listed = globex.get(
            "/api/jobs", params={"company_id": acme.me["company_id"], "status": "draft"}
        )
        assert listed.json()["total"] == 0
        own = acme.get(
            "/api/jobs", params={"company_id": acme.me["company_id"], "status": ["draft", "open"]}
        )
        assert own.json()["total"] == 1

    def test_open_jobs_are_listed_for_everyone(self, client: TestClient) -> None:
        acme = employer(client, company="Acme")
        open_job(acme, title="Data Engineer")
        open_job(acme, title="ML Engineer", status="draft")
        titles = [j["title"] for j in candidate(client).get("/api/jobs").json()["items"]]
        assert titles == ["Data Engineer"]

    def test_another_company_cannot_edit(self, client: TestClient) -> None:
        acme = employer(client, company="Acme")
        globex = employer(client, company="Globex")
        job = open_job(acme)
        assert globex.patch(f"/api/jobs/{job['id']}", json={"title": "Hijacked"}).status_code == 404
        assert acme.get(f"/api/jobs/{job['id']}").json()["title"] == job["title"]


class TestClosing:
    def test_a_closed_job_stays_closed(self, client: TestClient) -> None:
        acme = employer(client)
        job = open_job(acme)
        closed = acme.patch(f"/api/jobs/{job['id']}", json={"status": "closed"}).json()
        assert closed["status"] == "closed"
        assert closed["closed_at"] is not None
        assert acme.patch(f"/api/jobs/{job['id']}", json={"status": "open"}).status_code == 422


class TestParsing:
    DESCRIPTION = (
        "Requirements:\n- 5+ years of experience with Python and Spark\n- SQL\n"
        "Nice to have:\n- dbt\nHybrid in Berlin, Germany. EUR 80k - 95k a year."
    )

    def test_what_the_employer_left_out_is_read_from_the_text(self, client: TestClient) -> None:
        rita = employer(client)
        job = rita.post(
            "/api/jobs", json={"title": "Senior Data Engineer", "description": self.DESCRIPTION}
        ).json()
        assert job["required_skills"] == ["Python", "Apache Spark", "SQL"]
        assert job["nice_to_have_skills"] == ["dbt"]
        assert (job["salary_min"], job["salary_max"], job["currency"]) == (80000, 95000, "EUR")
        assert (job["seniority"], job["remote_policy"], job["country"]) == (
            "senior",
            "hybrid",
            "DE",
        )
        assert job["parsed"]["parser_version"] == PARSER_VERSION

    def test_what_the_employer_gave_wins_and_corrections_stick(self, client: TestClient) -> None:
        rita = employer(client)
        job = rita.post(
            "/api/jobs",
            json={
                "title": "Senior Data Engineer",
                "description": self.DESCRIPTION,
                "required_skills": ["Scala"],
            },
        ).json()
        assert job["required_skills"] == ["Scala"]
        fixed = rita.patch(
            f"/api/jobs/{job['id']}",
            json={"nice_to_have_skills": ["Airflow"], "description": self.DESCRIPTION + " Kafka."},
        ).json()
        assert fixed["nice_to_have_skills"] == ["Airflow"]
        assert fixed["required_skills"] == ["Scala"]


class TestReadFromTheDescription:
    """The panel on the employer's job page shows what was read, for correction."""

    def panel(self, page: str) -> str:
        start = page.index("Read from the description")
        return page[start : page.index("</dl>", start)]

    def test_place_and_salary_with_currency_are_shown(self, client: TestClient) -> None:
        rita = employer(client)
        job = rita.post(
            "/api/jobs",
            json={
                "title": "Backend Engineer",
                "description": "The team is based in Munich.\nSalary: 90.000 € - 110.000 €",
            },
        ).json()
        assert (job["location"], job["country"], job["currency"]) == ("Munich", "DE", "EUR")
        assert job["parsed"]["city"] == "Munich"
        panel = self.panel(rita.get(f"/jobs/{job['id']}").text)
        assert "Munich, Germany (DE)" in panel
        assert "90,000 – 110,000 EUR a year" in panel

    def test_a_monthly_salary_says_how_it_was_stated(self, client: TestClient) -> None:
        rita = employer(client)
        job = rita.post(
            "/api/jobs",
            json={
                "title": "Engineer",
                "description": "Location: Zurich\nCHF 9,000 - 11,000 per month",
            },
        ).json()
        panel = self.panel(rita.get(f"/jobs/{job['id']}").text)
        assert "Zürich, Switzerland (CH)" in panel
        assert "108,000 – 132,000 CHF a year (stated per month)" in panel

    def test_nothing_read_says_so(self, client: TestClient) -> None:
        rita = employer(client)
        job = rita.post("/api/jobs", json={"title": "Engineer", "description": "Python."}).json()
        panel = self.panel(rita.get(f"/jobs/{job['id']}").text)
        assert panel.count("not stated") >= 2

    def test_a_structure_stored_before_cities_is_shown_escaped(
        self, client: TestClient, app: FastAPI
    ) -> None:
        rita = employer(client)
        job = open_job(rita)
        older = {"title": "Engineer", "location": "<b>Old</b> Town, Germany", "country": "DE"}
        older |= {"salary_min": 80000, "salary_max": 95000, "currency": "EUR"}
        older |= {"parser_version": "job-1"}
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(Job).where(Job.id == uuid.UUID(job["id"])).values(parsed=older)
            )
        page = rita.get(f"/jobs/{job['id']}")
        assert page.status_code == 200
        panel = self.panel(page.text)
        assert "&lt;b&gt;Old&lt;/b&gt; Town, Germany (DE)" in panel
        assert "<b>Old</b>" not in panel
        assert "80,000 – 95,000 EUR a year" in panel
