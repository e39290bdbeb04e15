from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.ml.matching import MatchProfile, compatible
from talentmatch.ml.retrieval import ProfileIndex, SkillIndex, VectorIndex


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


def _vector(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vector = rng.normal(size=3).astype(np.float32)
    return vector / np.linalg.norm(vector)


def engineer(i: int, **fields: object) -> MatchProfile:
    return MatchProfile(
        id=f"c{i}",
        kind="candidate",
        title="Backend Engineer",
        skills=("python", "django", "postgresql"),
        text_vector=unit(1, 0, 0),
        **fields,  # type: ignore[arg-type]
    )


def test_a_shortlist_holds_only_candidates_who_can_take_the_job() -> None:
    index = ProfileIndex(dimensions=3)
    # Five strong candidates who cannot take the job (onsite in Germany) and one who can.
    index.add([engineer(i, country="US", remote="onsite") for i in range(5)])
    index.add([engineer(9, country="DE", remote="onsite")])
    job = MatchProfile(
        id="job", kind="job", skills=("python", "django"), country="DE", remote="onsite"
    )
    assert index.retrieve(unit(1, 0, 0), job.skills, 2, job) == ["c9"]
    assert index.count_compatible(job) == 1
    # A work permit for Germany makes a US candidate eligible; removing one takes it out.
    index.add([engineer(20, country="US", remote="onsite", work_authorizations=("DE",))])
    assert set(index.retrieve(unit(1, 0, 0), job.skills, 2, job)) == {"c9", "c20"}
    index.remove(["c9"])
    assert index.retrieve(unit(1, 0, 0), job.skills, 5, job) == ["c20"]
    # Without a query, nothing is filtered.
    assert len(index.retrieve(unit(1, 0, 0), job.skills, 10)) == 6


def test_an_edited_item_is_counted_once_under_its_new_constraints() -> None:
    index = ProfileIndex(dimensions=3)
    job = MatchProfile(id="job", kind="job", country="DE", remote="onsite")
    index.add([engineer(1, country="US", remote="onsite")])
    assert index.count_compatible(job) == 0
    index.add([engineer(1, country="DE", remote="onsite")])  # moved to Germany
    index.add([engineer(1, country="DE", remote="hybrid")])  # and edited again
    assert index.count_compatible(job) == 1
    assert index.retrieve(unit(1, 0, 0), (), 5, job) == ["c1"]
    index.add([engineer(1, country="US", remote="remote")])  # remote only, in the US
    assert index.count_compatible(job) == 0


def test_a_job_that_pays_too_little_is_not_shortlisted_for_a_candidate() -> None:
    index = ProfileIndex(dimensions=3)
    posts = [
        MatchProfile(id="low", kind="job", salary_max=60_000, currency="EUR"),
        MatchProfile(id="fair", kind="job", salary_max=100_000, currency="EUR"),
        MatchProfile(id="other", kind="job", salary_max=60_000, currency="USD"),
        MatchProfile(id="dollars", kind="job", salary_max=150_000, currency="USD"),
    ]
    index.add([replace(p, text_vector=unit(1, 0, 0)) for p in posts])
    me = MatchProfile(id="me", kind="candidate", salary_min=90_000, currency="EUR")
    # Salaries in another currency are compared at the ECB reference rate: 60,000 USD is far
    # below 90,000 EUR, 150,000 USD above it.
    assert set(index.retrieve(unit(1, 0, 0), (), 5, me)) == {"fair", "dollars"}


REMOTE = st.sampled_from([None, "remote", "hybrid", "onsite", "any"])
COUNTRY = st.sampled_from(["", "DE", "US", "GB"])
CURRENCY = st.sampled_from([None, "EUR", "USD"])
SALARY = st.one_of(st.none(), st.integers(0, 200_000))

candidates = st.builds(
    MatchProfile,
    id=st.just(""),
    kind=st.just("candidate"),
    country=COUNTRY,
    remote=REMOTE,
    salary_min=SALARY,
    currency=CURRENCY,
    work_authorizations=st.lists(COUNTRY, max_size=2).map(tuple),
)
jobs = st.builds(
    MatchProfile,
    id=st.just(""),
    kind=st.just("job"),
    country=COUNTRY,
    remote=REMOTE,
    salary_min=SALARY,
    salary_max=SALARY,
    currency=CURRENCY,
)


@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(candidates, min_size=1, max_size=12),
    posts=st.lists(jobs, min_size=1, max_size=12),
)
def test_the_index_keeps_exactly_what_the_hard_constraints_allow(
    people: list[MatchProfile], posts: list[MatchProfile]
) -> None:
    """The filter is the hard constraints themselves: it must never hide an eligible item (the
    page would miss a match) nor keep an ineligible one."""
    people = [replace(p, id=f"c{i}", text_vector=_vector(i)) for i, p in enumerate(people)]
    posts = [replace(j, id=f"j{i}", text_vector=_vector(100 + i)) for i, j in enumerate(posts)]
    candidate_side, job_side = ProfileIndex(dimensions=3), ProfileIndex(dimensions=3)
    candidate_side.add(people)
    job_side.add(posts)
    everyone = len(people) + len(posts)
    for job in posts:
        expected = {c.id for c in people if compatible(c, job)}
        found = candidate_side.retrieve(_vector(7), (), everyone, job)
        assert set(found) == expected
        assert candidate_side.count_compatible(job) == len(expected)
    for person in people:
        expected = {j.id for j in posts if compatible(person, j)}
        assert set(job_side.retrieve(_vector(7), (), everyone, person)) == expected
        assert job_side.count_compatible(person) == len(expected)


_ITEMS = st.sampled_from([f"i{n}" for n in range(12)])
_SKILLS = st.lists(st.sampled_from(["python", "go", "sql", "rust", "aws"]), max_size=4)
_EDITS = st.lists(
    st.one_of(st.tuples(st.just("add"), _ITEMS, _SKILLS), st.tuples(st.just("remove"), _ITEMS)),
    max_size=60,
)


@settings(max_examples=80, deadline=None)
@given(edits=_EDITS, query=_SKILLS)
def test_the_skill_index_finds_what_its_items_hold_after_any_edits(
    edits: list[tuple], query: list[str]
) -> None:
    """Postings fold their pending additions and removals in lazily: whatever the order of
    edits (an item re-added with other skills, removed twice, rows reused), a search finds
    exactly the items that now hold a wanted skill."""
    index, truth = SkillIndex(), {}
    for edit in edits:
        if edit[0] == "add":
            index.add(edit[1], edit[2])
            truth[edit[1]] = set(edit[2])
        else:
            index.remove([edit[1]])
            truth.pop(edit[1], None)
        # Searching now and then folds some skills mid-way, as a live server does.
        if len(truth) % 3 == 0:
            index.search(["python"], 12)
    found = {item for item, _ in index.search(query, 12)}
    assert found == {item for item, skills in truth.items() if skills & set(query)}


def test_the_skill_index_folds_large_batches_without_losing_items() -> None:
    index = SkillIndex()
    for n in range(2000):  # more than a skill keeps pending before it folds
        index.add(f"i{n}", ["python", "go" if n % 2 else "sql"])
    for n in range(0, 2000, 4):
        index.remove([f"i{n}"])
    assert len(index.search(["python"], 5000)) == 1500
    assert len(index.search(["sql"], 5000)) == 500


def test_vector_search_respects_the_mask_and_scores_nearly_exactly() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = VectorIndex(dimensions=32)
    index.add([f"v{n}" for n in range(300)], vectors)
    index.remove([f"v{n}" for n in range(0, 300, 5)])
    mask = np.arange(index.rows) % 2 == 0  # rows, not ids: the index numbers them
    found = index.search(vectors[3], 50, mask)
    allowed = {f"v{n}" for n in range(300) if n % 5 and mask[index.row_of(f"v{n}") or 0]}
    assert found and {item for item, _ in found} <= allowed
    for item, score in found:
        assert abs(score - float(vectors[int(item[1:])] @ vectors[3])) < 0.02
    exact = sorted(allowed, key=lambda i: -float(vectors[int(i[1:])] @ vectors[3]))[:50]
    assert len({i for i, _ in found} & set(exact)) >= 45
