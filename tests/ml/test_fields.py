"""Salaries with their currency and places with their city and country, as posts write them."""

import pytest

from talentmatch.ml.fields import find_place, find_salary, read_place


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [
        ("€95,000 – €130,000", 95_000, 130_000, "EUR"),
        ("EUR 90,000 - 125,000", 90_000, 125_000, "EUR"),
        ("£70k", 70_000, 70_000, "GBP"),
        ("$120k-$150k", 120_000, 150_000, "USD"),
        ("90.000 € - 110.000 €", 90_000, 110_000, "EUR"),
        ("CHF 120'000", 120_000, 120_000, "CHF"),
        ("CHF 120’000 – 140’000", 120_000, 140_000, "CHF"),
        ("95 000 – 110 000 EUR", 95_000, 110_000, "EUR"),
        ("50-60k EUR", 50_000, 60_000, "EUR"),
        ("US$120k", 120_000, 120_000, "USD"),
        ("C$ 90,000 - 110,000", 90_000, 110_000, "CAD"),
        ("₹12-18 LPA", 1_200_000, 1_800_000, "INR"),
        ("7 500 zł per month", 90_000, 90_000, "PLN"),
        ("between $100k and $120k", 100_000, 120_000, "USD"),
    ],
)
def test_salaries_are_read_with_their_currency(
    text: str, low: int, high: int, currency: str
) -> None:
    salary = find_salary(f"What we offer: {text}, plus equity.")
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.currency) == (low, high, currency)


def currency(text: str, country: str = "") -> str | None:
    salary = find_salary(text, country=country)
    return salary.currency if salary else None


def test_a_bare_dollar_is_the_local_dollar_where_the_post_says_so() -> None:
    assert currency("Pay: $120k - $140k", country="CA") == "CAD"
    assert currency("Pay: $120k - $140k") == "USD"
    # A written code beats the sign.
    assert currency("$140,000-$180,000 AUD", country="US") == "AUD"


def test_the_salary_beats_other_money_in_the_post() -> None:
    salary = find_salary("We raised $20M last year and have 12 - 15 engineers. Salary: €90k-€110k.")
    assert salary is not None
    assert (salary.minimum, salary.maximum, salary.currency) == (90_000, 110_000, "EUR")


@pytest.mark.parametrize(
    "text",
    [
        "From 2019 - 2021 we grew the team",
        "AutoCAD 2020 and CAD 2019 drawings",
        "Backed by $20M from our Series B",
        "Teams of 12 - 15 people",
    ],
)
def test_years_counts_and_funding_are_no_salary(text: str) -> None:
    assert find_salary(text) is None


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("We are hiring in Amsterdam.", "Amsterdam", "NL"),
        ("Berlin, Germany", "Berlin", "DE"),
        ("Location: London, UK", "London", "GB"),
        ("The team is based in Munich and ships weekly.", "Munich", "DE"),
        ("You will join our Zurich office.", "Zürich", "CH"),
        ("Location: Hybrid - Lisbon", "Lisbon", "PT"),
        ("Office: Bangalore", "Bengaluru", "IN"),
        ("Hyderabad, Telangana", "Hyderabad", "IN"),
        ("Austin, TX", "Austin", "US"),
        # Two letters that are a US state and a country: the city decides.
        ("Toronto, CA", "Toronto", "CA"),
        ("San Jose, CA", "San Jose", "US"),
        ("Our team is based in the Netherlands.", "", "NL"),
    ],
)
def test_the_place_of_work_is_read_as_city_and_country(text: str, city: str, country: str) -> None:
    place = read_place(f"About the role\n{text}\nPython and SQL.")
    assert place is not None
    assert (place.city, place.country) == (city, country)


@pytest.mark.parametrize(
    "text",
    [
        "5 years of experience in Mobile development",
        "A background in IT and Go",
        "Fluent in Julia and Python",
        "Remote within the EU",
        "Salary in EUR",
    ],
)
def test_words_after_in_are_not_taken_for_places(text: str) -> None:
    assert read_place(text) is None


def test_a_name_the_caller_knows_as_something_else_is_no_place() -> None:
    text = "Experience in Spring Boot and Java"
    assert read_place(text, not_a_place=lambda name: name.startswith("Spring")) is None


def test_a_job_title_before_the_city_is_not_part_of_it() -> None:
    place = find_place("Senior Engineer London, UK")
    assert place is not None
    assert (place.text, place.city, place.country) == ("London, UK", "London", "GB")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Oak Street, Toronto, Canada", ("Toronto", "CA")),
        ("13 Oak Street, Boston, MA 02115", ("Boston", "US")),
        ("Jane Doe, Senior Engineer, Berlin, Germany", ("Berlin", "DE")),
    ],
)
def test_a_street_before_the_city_does_not_hide_it(text: str, expected: tuple[str, str]) -> None:
    place = find_place(text)
    assert place is not None and (place.city, place.country) == expected


def test_where_the_person_was_born_is_not_where_they_live() -> None:
    from talentmatch.ml.resume import ResumeParser

    parse = ResumeParser().parse
    born = parse("Ada Byron\nada@example.org\nBorn in Istanbul, Turkey\n\nSKILLS\nPython\n")
    assert born.location is None
    both = parse("Ada Byron\nBorn in Lagos, Nigeria | Place of birth: Accra, Ghana\nLondon, UK\n")
    assert both.location == "London, UK"
