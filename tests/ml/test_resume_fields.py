"""The candidate's name and profile links from resume text as real resumes write them."""

from datetime import date

import pytest

from talentmatch.ml.resume import ResumeParser, find_links, identity_of
from talentmatch.understanding import Understanding

FOOTER = "https://www.indeed.com/r/Priya-Nair/0a1b2c3d4e5f6a7b?isid=rex-download&ikw=download-top"


@pytest.fixture(scope="module")
def parser(understanding: Understanding) -> ResumeParser:
    return ResumeParser(understanding.skills, understanding.titles, today=date(2025, 3, 1))


@pytest.mark.parametrize(
    ("head", "name"),
    [
        # Lower case, as some resume sites export the name.
        ("priya nk\nSenior Analyst - Globex\n\nPune, Maharashtra", "Priya NK"),
        # An initial without a full stop.
        ("Meera K\nBengaluru, Karnataka - Email me on Indeed", "Meera K"),
        ("R Venkatesh\nChennai, Tamil Nadu", "R Venkatesh"),
        # Boilerplate, an honorific and a degree around the name.
        ("Curriculum Vitae\nDr. Jane Okafor, PhD\njane@example.org", "Jane Okafor"),
        ("Name: Tomás Ruiz-García\nMadrid, Spain", "Tomás Ruiz-García"),
        ("Resume of Kofi Mensah\nAccra, Ghana", "Kofi Mensah"),
        ("SOFIA MCDONALD\nData Engineer", "Sofia Mcdonald"),
        # A place on the first line is no name.
        ("San Francisco, CA\nJohn Appleby\njohn@example.org", "John Appleby"),
    ],
)
def test_the_name_is_found(parser: ResumeParser, head: str, name: str) -> None:
    text = f"{head}\n\nWORK EXPERIENCE\n\nAnalyst\n\nGlobex -\n\nMay 2019 to Present\n"
    assert parser.parse(text).name == name


def test_a_one_word_name_counts_when_the_profile_address_bears_it_out(
    parser: ResumeParser,
) -> None:
    text = (
        "Ravi\nData analyst\n\nPune, Maharashtra - Email me on Indeed: "
        "indeed.com/r/Ravi-Kumar/0a1b2c3d4e5f6a7b\n\nWORK EXPERIENCE\n"
    )
    assert parser.parse(text).name == "Ravi"
    # Without it, a single capitalised word at the top is no name.
    assert parser.parse("Ravi\nData analyst\n\nWORK EXPERIENCE\n").name is None


def test_profile_addresses_are_kept_as_links_once_without_tracking() -> None:
    text = (
        "Priya Nair\nPune - Email me on Indeed: indeed.com/r/Priya-\nNair/0a1b2c3d4e5f6a7b\n\n"
        "LINKS\nlinkedin.com/in/priya-nair-4821 | github.com/pnair\n\n"
        f"{FOOTER}\n{FOOTER}\n"
    )
    assert find_links(text) == [
        "https://indeed.com/r/Priya-Nair/0a1b2c3d4e5f6a7b",
        "https://linkedin.com/in/priya-nair-4821",
        "https://github.com/pnair",
    ]


def test_an_address_at_a_line_end_does_not_swallow_the_next_line() -> None:
    assert find_links("Portfolio: https://example.org/\nWorked on search") == [
        "https://example.org/"
    ]


def test_a_skill_list_under_an_opening_heading_is_no_name(parser: ResumeParser) -> None:
    """A resume that opens with its skills: the first tool listed stays a skill and stays in
    the text companies read, instead of being taken for the name and blanked."""
    text = "SKILLS\nOracle SQL Loader, Python, Java, Kubernetes\n"
    parsed = parser.parse(text)
    assert parsed.name is None
    assert "Oracle SQL Loader" in parser.blinder.text(text, identity_of(parsed))
    # A name further down a two-column layout's sidebar is still found.
    sidebar = "SKILLS\nPython, Kubernetes\nAda Lovelace\nada@example.org\n\nEXPERIENCE\nEngineer\n"
    assert parser.parse(sidebar).name == "Ada Lovelace"


@pytest.mark.parametrize(
    "opening",
    [
        "Bevel Mill Operator",
        "Plumber Supervisor\nChicago, IL",
        "software application tester\nSKILLS\nSelenium, Jira, SQL",
    ],
)
def test_a_resume_that_opens_with_its_title_keeps_it(parser: ResumeParser, opening: str) -> None:
    """No name line above the title: the title is no name, so it stays in the text that
    matching reads."""
    parsed = parser.parse(opening + "\n")
    assert parsed.name is None
    title = opening.splitlines()[0]
    assert title in parser.blinder.text(opening, identity_of(parsed))


@pytest.mark.parametrize(
    ("head", "name"),
    [
        # Trade surnames after ordinary first names are names.
        ("Emily Baker\nemily@example.org", "Emily Baker"),
        ("Wei Cooper\nSoftware Engineer", "Wei Cooper"),
        # Both words are words of titles, and the address names the person.
        ("Grant Baker\ngrant.baker@example.org", "Grant Baker"),
    ],
)
def test_a_name_shaped_like_a_trade_is_still_a_name(
    parser: ResumeParser, head: str, name: str
) -> None:
    assert parser.parse(f"{head}\n\nEXPERIENCE\nAnalyst, Globex (2019 - 2023)\n").name == name
