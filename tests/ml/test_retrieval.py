import numpy as np

from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.retrieval import JobSearch, SkillIndex, VectorIndex
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
    search = JobSearch(understanding.matcher, per_source=5)
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
    assert search.search(candidate, top=1)[0].job_id == "de"
    search.remove(["de"])
    assert "de" not in {m.job_id for m in search.search(candidate, top=5)}
