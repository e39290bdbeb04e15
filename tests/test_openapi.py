"""The OpenAPI schema describes what the typed endpoints answer: each 200 response is a model
with its properties, not an empty or free-form object."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

# Endpoints known to answer with a typed model. Not yet every /api path: /api/health/ready
# still documents an empty schema (files, exports and calendar invites are not JSON).
TYPED = [
    ("get", "/api/salary/estimate"),
    ("get", "/api/salary/countries"),
    ("get", "/api/counselling/roles"),
    ("get", "/api/counselling/me"),
    ("get", "/api/preparation/questions"),
    ("get", "/api/preparation/practice/next"),
    ("post", "/api/preparation/practice/{question_id}"),
    ("get", "/api/preparation/progress"),
    ("get", "/api/preparation/mock"),
    ("get", "/api/preparation/mock/requests/{request_id}"),
]


def _model(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The component a response points at, through a list's items."""
    if schema.get("type") == "array":
        schema = schema["items"]
    assert "$ref" in schema, schema
    name = schema["$ref"].rsplit("/", 1)[-1]
    model: dict[str, Any] = spec["components"]["schemas"][name]
    return model


@pytest.mark.parametrize(("method", "path"), TYPED)
def test_typed_endpoints_document_their_answer(app: FastAPI, method: str, path: str) -> None:
    spec = app.openapi()
    response = spec["paths"][path][method]["responses"]["200"]
    model = _model(spec, response["content"]["application/json"]["schema"])
    assert model.get("type") == "object" and model["properties"], (path, model)
    assert model.get("description"), f"{path}: its model has no docstring"


def test_counsel_fields_say_what_they_are(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]
    counsel = schemas["CounselOut"]["properties"]
    assert counsel["gap"]["$ref"].endswith("/GapOut")
    assert counsel["salary"]["$ref"].endswith("/MarketPay")
    assert "description" in counsel["reverse_skill_set"]
    assert "from" in schemas["ReverseMove"]["properties"]
    stage = schemas["RequestPlanOut"]["properties"]["current_stage"]
    assert stage["anyOf"][0]["$ref"].endswith("/HiringStage")
