import uuid

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.candidates.models import CandidateProfile
from talentmatch.db import unit_of_work
from talentmatch.jobs.models import Job
from talentmatch.ml.resume import PARSER_VERSION as RESUME_PARSER
from talentmatch.profiling.service import count_outdated, reparse
from tests.builders import candidate, employer, open_job
from tests.documents import SAMPLE_RESUME


def test_outdated_structures_are_parsed_again_without_touching_fields(
    app: FastAPI, client: TestClient
) -> None:
    ada = candidate(client)
    ada.put(
        "/api/candidates/me/resume",
        files={"file": ("cv.txt", SAMPLE_RESUME.encode(), "text/plain")},
    )
    ada.patch("/api/candidates/me", json={"skills": ["Haskell"]})
    job = open_job(employer(client))
    with unit_of_work(app.state.session_factory) as session:
        assert count_outdated(session) == 0
        session.execute(sa.update(CandidateProfile).values(parsed={"parser_version": "resume-0"}))
        session.execute(sa.update(Job).where(Job.id == uuid.UUID(job["id"])).values(parsed={}))
    with unit_of_work(app.state.session_factory) as session:
        assert count_outdated(session) == 2
        counts = reparse(session, app.state.understanding)
    assert counts == {"resumes": 1, "unreadable_resumes": 0, "jobs": 1}
    profile = ada.get("/api/candidates/me").json()
    assert profile["skills"] == ["Haskell"]
    with unit_of_work(app.state.session_factory) as session:
        stored = session.scalar(sa.select(CandidateProfile.parsed))
        assert stored is not None and stored["parser_version"] == RESUME_PARSER
        assert count_outdated(session) == 0
