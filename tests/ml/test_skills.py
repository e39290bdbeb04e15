import pytest

from talentmatch.ml.skills import SkillRelations
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


@pytest.fixture(scope="module")
def relations() -> SkillRelations:
    return SkillRelations.load()


def test_every_skill_has_an_area_or_a_reason_for_none(
    understanding: Understanding, relations: SkillRelations
) -> None:
    taxonomy = understanding.skills.taxonomy
    placed = 0
    for skill in taxonomy.skills.values():
        area = relations.area(skill.id)
        if area is None:
            assert relations.why_no_area(skill.id), f"{skill.id} has no area and no reason"
        else:
            assert area in relations.areas, (skill.id, area)
            placed += 1
    assert placed >= 0.9 * len(taxonomy.skills)
    # Soft skills are left out on purpose: no role model area weighs them.
    soft = [s.id for s in taxonomy.skills.values() if s.category == "soft skills"]
    assert soft and all(relations.area(s) is None for s in soft)


@pytest.mark.parametrize("name", ["Go", "Java", "Rust", "C#", "TypeScript", "Python"])
def test_programming_languages_are_software_engineering(
    understanding: Understanding, relations: SkillRelations, name: str
) -> None:
    skill = understanding.skills.taxonomy.lookup(name)
    assert skill is not None
    assert relations.area(skill.id) == "software engineering"


@pytest.mark.parametrize(
    ("skill", "implied"),
    [
        ("fastapi", {"python", "rest"}),
        ("pytorch", {"deep-learning", "machine-learning"}),
        ("kubernetes", {"docker"}),
        ("postgresql", {"sql"}),
        ("go", {"algorithms", "testing"}),  # ESCO: programming includes algorithms, testing
    ],
)
def test_implications_hold(relations: SkillRelations, skill: str, implied: set[str]) -> None:
    implies = relations.implies(skill)
    assert implied <= set(implies)
    assert all(0 < credit <= 1 for credit in implies.values())


def test_relations_name_known_skills_and_neighbours_share_an_area(
    understanding: Understanding, relations: SkillRelations
) -> None:
    known = set(understanding.skills.taxonomy.skills)
    for skill_id in known:
        assert set(relations.implies(skill_id)) <= known
        assert skill_id not in relations.implies(skill_id)
        for other in relations.near(skill_id):
            assert other in known and other != skill_id
            assert relations.area(other) == relations.area(skill_id), (skill_id, other)
    assert "mysql" in relations.near("postgresql")
    assert "tensorflow" in relations.near("pytorch")


def test_matching_gives_partial_credit_from_the_same_table(
    relations: SkillRelations, understanding: Understanding
) -> None:
    share, details = understanding.matcher.features.coverage(["fastapi"], ["python", "cobol"])
    assert 0 < share < 1
    (partly,) = details["partly"]
    assert partly["skill"] == "python" and partly["via"] == "fastapi"
    assert partly["credit"] == round(relations.credit("python", ["fastapi"])[0], 2)
    assert details["missing"] == ["cobol"]


def test_evidence_from_several_skills_adds_up(relations: SkillRelations) -> None:
    one, via_one = relations.credit("algorithms", ["python"])
    three, via_three = relations.credit("algorithms", ["python", "go", "java"])
    assert 0 < one < three < 1
    assert via_one == ("python",) and set(via_three) == {"python", "go", "java"}
    assert relations.credit("python", ["python"]) == (1.0, ())
    assert relations.credit("python", ["communication"]) == (0.0, ())
