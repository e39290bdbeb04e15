import pytest

from talentmatch.understanding import Understanding


def test_levels_order_pay(understanding: Understanding) -> None:
    estimator = understanding.salaries
    p50 = {
        lv: estimator.estimate("Data Scientist", level=lv, country="US").p50
        for lv in ("EN", "MI", "SE", "EX")
    }
    assert p50["EN"] < p50["MI"] < p50["SE"]


def test_countries_differ_and_quartiles_are_ordered(understanding: Understanding) -> None:
    us = understanding.salaries.estimate("Machine Learning Engineer", level="SE", country="US")
    india = understanding.salaries.estimate("Machine Learning Engineer", level="SE", country="IN")
    assert india.p50 < us.p50
    assert us.p25 < us.p50 < us.p75
    assert us.currency == "USD" and us.n > 0


def test_a_cell_absent_from_the_data_gets_a_model_estimate(understanding: Understanding) -> None:
    estimate = understanding.salaries.estimate("Underwater Basket Weaver", level="MI", country="NZ")
    # No such title anywhere: the figure rests on the region's rows at that level, never n = 0.
    assert estimate.basis["scope"] == "level and region, all titles"
    assert estimate.n == estimate.basis["n"] > 0
    assert estimate.p50 > 10_000
    assert "model" in estimate.sources[0]["method"]


def test_us_estimates_show_bls_oews_beside_the_survey(understanding: Understanding) -> None:
    estimate = understanding.salaries.estimate("Software Engineer", level="MI", country="US")
    names = [s["name"] for s in estimate.sources]
    assert any("OEWS" in n for n in names)
    oews = next(s for s in estimate.sources if "OEWS" in s["name"])
    assert oews["occupation"] == "Software Developers"


def test_abbreviated_titles_match_survey_titles(understanding: Understanding) -> None:
    assert (
        understanding.salaries.estimate("Sr. ML Eng", level="SE").title_matched
        == "machine learning engineer"
    )


def test_a_wrong_level_is_refused(understanding: Understanding) -> None:
    with pytest.raises(ValueError, match="level"):
        understanding.salaries.estimate("Data Scientist", level="XX")
