import pytest

from talentmatch.kit.company_names import (
    company_key,
    domain_key,
    keys_for_company,
    matching_keys,
    name_key,
)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Acme Inc.", "acme"),
        ("ACME", "acme"),
        ("acme.com", "acme"),
        ("https://www.acme.co.uk/careers", "acme"),
        ("Société Générale S.A.", company_key("societe generale")),
        ("SOCIETE GENERALE", company_key("Société Générale")),
        ("Procter & Gamble Co", "procterandgamble"),
    ],
)
def test_spellings_reduce_to_one_key(typed: str, key: str) -> None:
    assert company_key(typed) == key


@pytest.mark.parametrize("look_alike", ["GIobex", "Gl0b3x", "Glоbex", "G|obex", "Glbx"])
def test_look_alike_spellings_name_the_hidden_company(look_alike: str) -> None:
    assert matching_keys({name_key(look_alike)}, [name_key("Globex"), name_key("Acme")]) == {
        name_key("Globex")
    }


def test_a_name_is_no_domain() -> None:
    assert domain_key("Acme Inc.") is None
    assert name_key("The Acme Group, LLC") == "acme"


@pytest.mark.parametrize(
    ("hidden", "company", "domain", "matches"),
    [
        ("Acme Inc.", "ACME", None, True),
        ("acme.com", "Acme Corporation", "acme.com", True),
        ("Gogle", "Google", None, True),  # a typo
        ("Globex", "Globex Systems Ltd", None, True),  # the short name of the company
        ("Meta", "Metal Works", None, False),  # short names only match exactly
        ("Initech", "Initrode", None, False),
        ("ibm", "IBM Research", None, False),
    ],
)
def test_fuzzy_matching(hidden: str, company: str, domain: str | None, matches: bool) -> None:
    found = matching_keys(keys_for_company(company, domain), [company_key(hidden)])
    assert bool(found) is matches
