from dataclasses import replace

import numpy as np

from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.retrieval import MatchSearch, SkillIndex, VectorIndex
from talentmatch.understanding import Understanding


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_vector_index_adds_replaces_and_removes() -> None:
    index = VectorIndex(dimensions=3)
    index.add(["a", "b", "c"], np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)]))
    assert [i for i, _ in index.search(unit(1, 0.1, 0), 2)] == ["a", "c"]
    index.remove(["a"])
    assert [i for i, _ in index.search(unit(1, 0.1, 0), 2)] == ["c", "b"]
    index.add(["b"], np.stack([unit(1, 0, 0)]))  # replaced, not duplicated
    assert len(index) == 2
    assert index.search(unit(1, 0, 0), 1)[0][0] == "b"


def test_skill_index_prefers_rare_shared_skills() -> None:
    index = SkillIndex()
    index.add("web", ["python", "javascript"])
    index.add("ml", ["python", "pytorch"])
    index.add("ops", ["python", "kubernetes"])
    assert index.search(["python", "pytorch"], 1)[0][0] == "ml"
    index.remove(["ml"])
    assert "ml" not in {i for i, _ in index.search(["pytorch"], 5)}


def test_new_jobs_are_found_at_once_and_removed_ones_never(understanding: Understanding) -> None:
    search = MatchSearch(understanding.matcher, per_source=5)
    filler = [
        MatchProfile(
            id=f"nurse{i}",
            kind="job",
            title="Registered Nurse",
            text="Care for patients on a ward.",
        )
        for i in range(20)
    ]
    search.add(filler)
    candidate = MatchProfile(
        id="ada",
        kind="candidate",
        title="Data Engineer",
        text="Data engineer: Spark, Airflow, dbt pipelines.",
        skills=("spark", "airflow", "dbt"),
    )
    job = MatchProfile(
        id="de",
        kind="job",
        title="Data Engineer",
        text="Build Spark and Airflow pipelines.",
        skills=("spark", "airflow"),
    )
    search.add([job])
    assert search.search_jobs(candidate, top=1)[0].job_id == "de"
    # An extra filter narrows the hard constraints, never replaces them.
    abroad = replace(job, id="abroad", country="US", remote="onsite")
    search.add([abroad])
    in_germany = replace(candidate, country="DE")
    found = {
        m.job_id for m in search.search_jobs(in_germany, top=5, allowed=lambda j: j.id != "de")
    }
    assert "de" not in found and "abroad" not in found
    assert "abroad" in {m.job_id for m in search.search_jobs(replace(in_germany, country="US"))}
    search.remove(["de"])
    assert "de" not in {m.job_id for m in search.search_jobs(candidate, top=5)}


def test_candidates_for_a_job_respect_the_hard_constraints(understanding: Understanding) -> None:
    search = MatchSearch(understanding.matcher, per_source=2)

    def engineer(i: int, **fields: object) -> MatchProfile:
        return MatchProfile(
            id=f"c{i}",
            kind="candidate",
            title="Backend Engineer",
            text="Backend engineer: Python, Django, PostgreSQL services.",
            skills=("python", "django", "postgresql"),
            **fields,  # type: ignore[arg-type]
        )

    # Five strong candidates who cannot take the job (onsite in Germany) and one who can.
    blocked = [engineer(i, country="US", remote="onsite") for i in range(5)]
    search.add([*blocked, engineer(9, country="DE", remote="onsite")])
    job = MatchProfile(
        id="job",
        kind="job",
        title="Backend Engineer",
        text="Python and Django backend services.",
        skills=("python", "django"),
        country="DE",
        remote="onsite",
    )
    found = search.search_candidates(job, top=3)
    assert [m.candidate_id for m in found] == ["c9"]
    assert found[0].explanation["skills_met"]
    visa = [engineer(20, country="US", remote="onsite", work_authorizations=("DE",))]
    search.add(visa)
    assert {m.candidate_id for m in search.search_candidates(job, top=3)} == {"c9", "c20"}
