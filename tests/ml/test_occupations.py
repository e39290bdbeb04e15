import pytest

from talentmatch.ml.occupations import normalize_title
from talentmatch.understanding import Understanding


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Data Scientist", "15-2051.00"),
        ("Sr. Data Scientist", "15-2051.00"),
        ("Data Scientist II", "15-2051.00"),
        ("Staff SWE", "15-1252.00"),
        ("Registered Nurse", "29-1141.00"),
        ("Database Administrator", "15-1242.00"),
    ],
)
def test_titles_map_to_their_occupation(
    understanding: Understanding, title: str, code: str
) -> None:
    results = understanding.titles.normalize(title, top=3)
    assert results[0].code == code
    assert 0 < results[0].score <= 1
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_seniority_and_abbreviations_do_not_change_the_answer() -> None:
    assert normalize_title("Sr. ML Eng II") == normalize_title("Machine Learning Engineer")


def test_related_occupations_exclude_themselves_and_stay_in_the_field(
    understanding: Understanding,
) -> None:
    related = understanding.related.related("15-1252.00", top=10)
    codes = [r.code for r in related]
    assert "15-1252.00" not in codes
    assert "15-1253.00" in codes  # QA analysts and testers
    assert all(c.startswith("15-") for c in codes[:5])


def test_unknown_code_is_a_key_error(understanding: Understanding) -> None:
    with pytest.raises(KeyError):
        understanding.related.related("99-9999.00")
