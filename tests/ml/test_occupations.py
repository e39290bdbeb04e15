import numpy as np
import pytest

from talentmatch.ml.occupations import (
    CLASSIFIER_SCALE,
    RERANK_COEFFICIENTS,
    RERANK_FEATURES,
    RelatedOccupations,
    TitleNormalizer,
    fit_title_classifier,
    normalize_title,
)
from talentmatch.understanding import Understanding

SOFTWARE_DEVELOPERS = "15-1252.00"
# Computer programmers, software developers, QA analysts and testers, web developers.
SOFTWARE_FAMILY = ("15-1251", "15-1252", "15-1253", "15-1254")


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Data Scientist", "15-2051.00"),
        ("Sr. Data Scientist", "15-2051.00"),
        ("Data Scientist II", "15-2051.00"),
        ("Staff SWE", SOFTWARE_DEVELOPERS),
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


@pytest.mark.parametrize(
    "title",
    [
        "Sr. Backend Dev",
        "Front-end Dev",
        "Java Developer II",
        "Full Stack Developer",
        "Python programmer",
        "iOS Engineer",
    ],
)
def test_developer_titles_however_written_land_among_software_occupations(
    understanding: Understanding, title: str
) -> None:
    assert understanding.titles.normalize(title, top=1)[0].code.startswith(SOFTWARE_FAMILY)


def test_a_title_without_letters_names_no_occupation(understanding: Understanding) -> None:
    assert understanding.titles.normalize("!!!") == []


def test_the_lexical_normaliser_alone_still_answers() -> None:
    lexical = TitleNormalizer(rerank=False).fit()
    assert lexical.normalize("Senior Data Scientist", top=1)[0].code == "15-2051.00"


def test_seniority_and_abbreviations_do_not_change_the_answer() -> None:
    assert normalize_title("Sr. ML Eng II") == normalize_title("Machine Learning Engineer")


def test_related_occupations_exclude_themselves_and_stay_in_the_field(
    understanding: Understanding,
) -> None:
    related = understanding.related.related(SOFTWARE_DEVELOPERS, top=10)
    codes = [r.code for r in related]
    assert SOFTWARE_DEVELOPERS not in codes
    assert all(c.startswith("15-") for c in codes[:5])
    # Programmers, testers and web developers are where a software developer moves most easily.
    assert sum(c.startswith(SOFTWARE_FAMILY) for c in codes) >= 2
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_related_occupations_of_a_nurse_are_in_health_care(understanding: Understanding) -> None:
    codes = [r.code for r in understanding.related.related("29-1141.00", top=5)]
    assert all(c.startswith(("29-", "31-", "11-9111")) for c in codes)


def test_pair_scores_are_symmetric_and_bounded(understanding: Understanding) -> None:
    related = understanding.related
    forward = related.pair_score(SOFTWARE_DEVELOPERS, "15-1254.00")
    assert forward == pytest.approx(related.pair_score("15-1254.00", SOFTWARE_DEVELOPERS))
    assert 0 <= related.pair_score(SOFTWARE_DEVELOPERS, "29-1141.00") < forward <= 1


def test_unknown_code_is_a_key_error(understanding: Understanding) -> None:
    with pytest.raises(KeyError):
        understanding.related.related("99-9999.00")


def test_a_title_asked_again_gets_the_same_answer_and_a_refit_forgets_old_answers() -> None:
    normalizer = TitleNormalizer(rerank=False).fit(
        [("Backend Developer", "15-1252.00"), ("Registered Nurse", "29-1141.00")],
        {"15-1252.00": "Software Developers", "29-1141.00": "Registered Nurses"},
    )
    first = normalizer.normalize_many(["Backend Developer", "Registered Nurse"], top=1)
    again = normalizer.normalize_many(["Registered Nurse", "Backend Developer"], top=1)
    assert [m[0].code for m in first] == ["15-1252.00", "29-1141.00"]
    assert [m[0].code for m in again] == ["29-1141.00", "15-1252.00"]
    # The same titles under other codes: the refitted table answers, not the memory.
    normalizer.fit(
        [("Backend Developer", "15-1251.00"), ("Registered Nurse", "29-1141.00")],
        {"15-1251.00": "Computer Programmers", "29-1141.00": "Registered Nurses"},
    )
    assert normalizer.normalize_many(["Backend Developer"], top=1)[0][0].code == "15-1251.00"


def test_a_serving_fit_keeps_the_scores_but_not_the_tables() -> None:
    kept, served = RelatedOccupations().fit(), RelatedOccupations().fit(keep_tables=False)
    assert np.array_equal(kept.scores_, served.scores_)
    assert served.related("15-1252.00", 3) == kept.related("15-1252.00", 3)
    with pytest.raises(ValueError, match="keep_tables"):
        served.combine({"tasks": 1.0})


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # O*NET alternate titles the shipped table leaves out: no title in the index reads so.
        ("Limnologist", "19-1023.00"),  # Zoologists and Wildlife Biologists
        ("Car Audio Installer", "49-2096.00"),  # Electronic Equipment Installers, Motor Vehicles
    ],
)
def test_the_title_classifier_places_titles_the_table_never_saw(title: str, code: str) -> None:
    with_classifier = TitleNormalizer().fit()
    assert with_classifier.normalize(title, top=1)[0].code == code
    coefficients = list(RERANK_COEFFICIENTS)
    coefficients[RERANK_FEATURES.index("classifier")] = 0.0
    without = TitleNormalizer(coefficients=tuple(coefficients)).fit()
    assert without.normalize(title, top=1)[0].code != code


def test_the_title_classifier_learns_each_occupations_share_of_the_vector_space() -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(3, 8)
    vectors = np.vstack([centres[i] + 0.05 * rng.standard_normal((20, 8)) for i in range(3)])
    labels = [[i] for i in range(3) for _ in range(20)]
    labels[0] = [0, 2]  # listed under two occupations: a share for each
    labels[1] = []  # a title with no known occupation is left out, not a crash
    weights, bias = fit_title_classifier(vectors.astype(np.float32), labels, 3)
    assert weights.shape == (8, 3) and bias.shape == (3,)
    queries = centres + 0.02
    assert list(np.argmax(CLASSIFIER_SCALE * queries @ weights + bias, axis=1)) == [0, 1, 2]
