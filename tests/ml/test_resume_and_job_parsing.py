from datetime import date

import pytest

from talentmatch.ml.fields import find_salary, merged_months, parse_date
from talentmatch.ml.resume import ResumeParser, seniority_level
from talentmatch.understanding import Understanding
from tests.documents import SAMPLE_RESUME


@pytest.fixture(scope="module")
def parser(understanding: Understanding) -> ResumeParser:
    return ResumeParser(understanding.skills, understanding.titles, today=date(2025, 3, 1))


def test_resume_fields(parser: ResumeParser) -> None:
    parsed = parser.parse(SAMPLE_RESUME)
    assert parsed.name == "Ada Lovelace"
    assert parsed.email == "ada.lovelace@example.org"
    assert parsed.phone == "+44 20 7946 0958"
    assert (parsed.location, parsed.country) == ("London, UK", "GB")
    assert parsed.titles == ["Senior Backend Engineer", "Software Engineer"]
    assert parsed.companies == ["Analytical Engines Ltd", "Babbage & Co"]
    assert parsed.education[0].as_dict() == {
        "degree": "MSc Computer Science",
        "institution": "University of Edinburgh",
    }
    assert parsed.years_experience == 9.1  # Jan 2016 to Mar 2025: 109 months, no gap
    assert parsed.seniority == "senior"
    skills = {s.skill.name for s in parsed.skills}
    assert {
        "Python",
        "Go",
        "Kubernetes",
        "PostgreSQL",
        "Java",
        "Apache Kafka",
        "AWS",
        "Communication",
    } <= skills
    assert parsed.occupation is not None and parsed.occupation.code.startswith("15-")


def test_title_on_the_line_above_the_dates(parser: ResumeParser) -> None:
    text = "EXPERIENCE\nData Analyst\nInitech, London, UK    06/2016 - 12/2017\n- SQL"
    entry = parser.parse(text).experience[0]
    assert (entry.title, entry.company) == ("Data Analyst", "Initech")


def test_overlapping_jobs_count_once() -> None:
    jan19, jan21, jan20, jan22 = (
        date(2019, 1, 1),
        date(2021, 1, 1),
        date(2020, 1, 1),
        date(2022, 1, 1),
    )
    assert merged_months([(jan19, jan21), (jan20, jan22)]) == 36


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 2019", date(2019, 3, 1)),
        ("03/2019", date(2019, 3, 1)),
        ("2019-03", date(2019, 3, 1)),
        ("2019", date(2019, 1, 1)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=date(2025, 1, 1)) == expected


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("Salary: $120k - $150k", 120_000, 150_000, "USD"),
        ("80.000 - 95.000 EUR per year", 80_000, 95_000, "EUR"),
        ("£60,000 to £70,000 per annum", 60_000, 70_000, "GBP"),
        ("$60 - $80 per hour", 124_800, 166_400, "USD"),
        ("CHF 9,000 - 11,000 per month", 108_000, 132_000, "CHF"),
    ],
)
def test_salaries_are_read_as_yearly(text: str, low: int, high: int, currency: str) -> None:
    salary = find_salary(text)
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.currency) == (low, high, currency)


def test_a_year_range_is_no_salary() -> None:
    assert find_salary("From 2019 - 2021 we grew") is None


@pytest.mark.parametrize(
    ("title", "years", "level"),
    [
        ("Staff Engineer", 12, "staff"),
        ("Junior Developer", 1, "junior"),
        ("Engineer", 6, "senior"),
        ("Engineer", 3, "mid"),
        ("VP Engineering", 15, "executive"),
        ("Data Science Intern", 0, "intern"),
    ],
)
def test_seniority(title: str, years: float, level: str) -> None:
    assert seniority_level(title, years) == level


def test_job_post(understanding: Understanding) -> None:
    job = understanding.read_job(
        "Senior Data Engineer",
        "About us\nWe move freight.\nRequirements:\n"
        "- 5+ years of experience with Python and Spark\n"
        "- SQL\nNice to have:\n- dbt, Kafka\nHybrid in Berlin, Germany. EUR 80k - 95k a year.",
    )
    assert [s.name for s in job.required_skills] == ["Python", "Apache Spark", "SQL"]
    assert [s.name for s in job.nice_to_have_skills] == ["dbt", "Apache Kafka"]
    assert job.years_required == 5
    assert job.seniority == "senior"
    assert job.remote_policy == "hybrid"
    assert (job.country, job.salary.currency if job.salary else None) == ("DE", "EUR")
