"""Shared by the privacy tests: making a person's data, and looking for traces of it."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import FastAPI

from talentmatch.db import Base
from talentmatch.tables import import_models
from tests.builders import Actor

TEXT_TYPES = (sa.String, sa.Text, sa.JSON)


def traces(app: FastAPI, *needles: str) -> list[str]:
    """``table.column: needle`` for every column of every table that holds one of ``needles``
    (case-insensitive)."""
    import_models()
    found = []
    with app.state.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, TEXT_TYPES):
                    continue
                as_text = sa.func.lower(sa.cast(column, sa.Text))
                for needle in needles:
                    hits = conn.scalar(
                        sa.select(sa.func.count())
                        .select_from(table)
                        .where(as_text.contains(needle.lower(), autoescape=True))
                    )
                    if hits:
                        found.append(f"{table.name}.{column.name}: {needle}")
    return found


def count(app: FastAPI, table: str, **where: object) -> int:
    import_models()
    model = Base.metadata.tables[table]
    with app.state.engine.connect() as conn:
        query = sa.select(sa.func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(model.c[name] == value)
        return int(conn.scalar(query) or 0)


def upload_resume(actor: Actor, *, name: str, content: bytes) -> None:
    response = actor.put("/api/candidates/me/resume", files={"file": (name, content, "text/plain")})
    assert response.status_code == 200, response.text


def some_practice(actor: Actor) -> str:
    """One practice answer and one roadmap step marked done; returns the question's id."""
    question = actor.get("/api/preparation/questions").json()["questions"][0]["id"]
    answered = actor.post(f"/api/preparation/practice/{question}", json={"rating": "hard"})
    assert answered.status_code == 200, answered.text
    marked = actor.put("/api/counselling/me/roadmap/ml-engineer/statistics", json={"done": True})
    assert marked.status_code == 204, marked.text
    return str(question)
