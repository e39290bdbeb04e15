"""The job-post parser: where the job is and what it pays, with the currency."""

import pytest

from talentmatch.ml.jobs import JobPostParser
from talentmatch.understanding import Understanding


@pytest.fixture(scope="module")
def parser(understanding: Understanding) -> JobPostParser:
    return understanding.jobs


def test_place_and_salary_of_a_european_post(parser: JobPostParser) -> None:
    job = parser.parse(
        "Senior Backend Engineer",
        "About us\nWe build payment rails.\nLocation: London, UK (hybrid, 2 days a week)\n"
        "Requirements:\n- Python, PostgreSQL\nSalary: £70,000 - £85,000 per annum.",
    )
    assert (job.location, job.city, job.country) == ("London, UK", "London", "GB")
    assert job.salary is not None
    assert (job.salary.minimum, job.salary.maximum, job.salary.currency) == (
        70_000,
        85_000,
        "GBP",
    )
    stored = job.as_dict()
    assert (stored["city"], stored["country"], stored["currency"]) == ("London", "GB", "GBP")


def test_a_city_without_its_country(parser: JobPostParser) -> None:
    job = parser.parse("Data Engineer", "The team is based in Munich. 90.000 € - 110.000 €")
    assert (job.city, job.country) == ("Munich", "DE")
    assert job.salary is not None
    assert (job.salary.minimum, job.salary.maximum, job.salary.currency) == (
        90_000,
        110_000,
        "EUR",
    )


def test_a_dollar_in_toronto_is_canadian(parser: JobPostParser) -> None:
    job = parser.parse("ML Engineer", "Hybrid in Toronto, Canada. $120k-$150k plus bonus.")
    assert (job.city, job.country) == ("Toronto", "CA")
    assert job.salary is not None and job.salary.currency == "CAD"


def test_a_skill_named_like_a_town_is_no_place(parser: JobPostParser) -> None:
    # Spring is also a town in Texas.
    job = parser.parse("Java Developer", "Five years of experience in Spring Boot and Kafka.")
    assert (job.location, job.city, job.country) == (None, None, None)
    assert "Spring" in [s.name for s in job.required_skills]
