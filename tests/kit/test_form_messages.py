"""Forms speak to people: what pydantic refuses is shown as a sentence, from one mapping
(``web.core.human_message``), never as its raw text ("String should have at least ...")."""

from __future__ import annotations

import pytest

from talentmatch.accounts.schemas import SignupRequest
from talentmatch.jobs.schemas import JobCreate
from talentmatch.web.core import FormErrors, validate


def errors_for(model: type, values: dict[str, object]) -> dict[str, str]:
    with pytest.raises(FormErrors) as raised:
        validate(model, values)
    return raised.value.errors


def test_a_short_password_and_a_missing_name_read_as_sentences() -> None:
    errors = errors_for(
        SignupRequest, {"email": "ada@example.org", "password": "short", "role": "candidate"}
    )
    assert errors["password"] == "Enter at least 10 characters."
    assert errors["full_name"] == "This is required."


def test_a_choice_outside_the_list_and_a_word_for_a_number() -> None:
    errors = errors_for(
        JobCreate, {"title": "Data Engineer", "remote_policy": "sometimes", "salary_min": "lots"}
    )
    assert errors["remote_policy"] == "Choose one of the options."
    assert errors["salary_min"] == "Enter a whole number."


def test_the_products_own_rules_are_shown_as_written_as_a_sentence() -> None:
    errors = errors_for(
        JobCreate, {"title": "Data Engineer", "salary_min": 120_000, "salary_max": 90_000}
    )
    assert errors[""] == "The lowest salary of the band is above its highest."


def test_no_message_is_pydantics_raw_text() -> None:
    errors = errors_for(
        JobCreate,
        {"title": "", "description": 5, "salary_min": -1, "remote_policy": 3, "currency": "XYZ"},
    )
    for message in errors.values():
        assert "should" not in message.lower() and "input" not in message.lower(), message
