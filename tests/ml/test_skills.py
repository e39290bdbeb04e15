import pytest

from talentmatch.understanding import Understanding


def names(understanding: Understanding, text: str) -> list[str]:
    return [m.skill.name for m in understanding.skills.extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Services in Go and Python", ["Go", "Python"]),
        ("Let's go to the office", []),
        ("Skills: R, SQL, Spark", ["R", "SQL", "Apache Spark"]),
        ("She led R&D for C-level clients", []),
        ("I excel at teamwork", ["Teamwork"]),
        ("Excel, Tableau and SQL reports", ["Microsoft Excel", "Tableau", "SQL"]),
        ("JavaScript and TypeScript", ["JavaScript", "TypeScript"]),
        ("C, C++ and C# on .NET", ["C", "C++", "C#", ".NET"]),
        ("k8s, GCP and sklearn", ["Kubernetes", "Google Cloud", "scikit-learn"]),
        ("Apache Spark and PySpark", ["Apache Spark", "Apache Spark"]),
    ],
)
def test_skills_are_found_in_context(
    understanding: Understanding, text: str, expected: list[str]
) -> None:
    assert names(understanding, text) == expected


def test_offsets_point_at_the_evidence(understanding: Understanding) -> None:
    text = "Built ML pipelines in Python 3 with Airflow."
    for mention in understanding.skills.extract(text):
        assert text[mention.start : mention.end] == mention.text
    assert [m.text for m in understanding.skills.extract(text)] == ["ML", "Python 3", "Airflow"]


def test_taxonomy_has_the_required_categories_and_demand(understanding: Understanding) -> None:
    taxonomy = understanding.skills.taxonomy
    categories = {s.category for s in taxonomy.skills.values()}
    for required in (
        "statistics",
        "mathematics",
        "machine learning",
        "software engineering",
        "devops",
        "cloud",
        "data engineering",
        "soft skills",
    ):
        assert required in categories
    python = taxonomy.lookup("python3")
    assert python is not None and python.name == "Python"
    assert python.demand > taxonomy.lookup("Perl").demand  # type: ignore[union-attr]


def test_hybrid_spans_are_slices_of_the_text(understanding: Understanding) -> None:
    text = "You have experience designing scalable data pipelines and strong communication skills."
    found = understanding.hybrid_skills.extract(text)
    assert found
    for skill in found:
        assert text[skill.start : skill.end] == skill.text
    assert any(s.id == "communication" for s in found)
