"""Ranking invariants a recruiter relies on, over generated candidates and jobs."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from talentmatch.ml.matching import MatchProfile
from talentmatch.understanding import Understanding

SKILLS = (
    "python", "go", "java", "rust", "typescript", "react", "postgresql", "kubernetes", "docker",
    "aws", "terraform", "pytorch", "machine-learning", "sql", "spark", "kafka", "airflow",
    "graphql", "django", "fastapi",
)  # fmt: skip
TEXTS = (
    "Backend engineer building Python and Go services on PostgreSQL.",
    "Platform engineer: Kubernetes, Terraform and AWS, on call for the fleet.",
    "Data engineer moving events through Kafka and Spark into the warehouse.",
    "Frontend engineer writing TypeScript and React for a design system.",
    "Machine learning engineer training PyTorch models and serving them.",
)
TITLES = ("Backend Engineer", "DevOps Engineer", "Data Engineer", "Frontend Engineer", "")
LEVELS = (None, "junior", "mid", "senior", "lead")
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

skill_sets = st.lists(st.sampled_from(SKILLS), min_size=0, max_size=8, unique=True)


@st.composite
def jobs(draw: st.DrawFn) -> MatchProfile:
    required = draw(st.lists(st.sampled_from(SKILLS), min_size=3, max_size=6, unique=True))
    return MatchProfile(
        id="job",
        kind="job",
        title=draw(st.sampled_from(TITLES[:-1])),
        text=draw(st.sampled_from(TEXTS)),
        skills=tuple(required),
        nice_skills=tuple(draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))),
        seniority=draw(st.sampled_from(LEVELS)),
        remote="remote",
    )


@st.composite
def candidates(draw: st.DrawFn, name: str) -> MatchProfile:
    return MatchProfile(
        id=name,
        kind="candidate",
        title=draw(st.sampled_from(TITLES)),
        text=draw(st.sampled_from(TEXTS)),
        skills=tuple(draw(skill_sets)),
        seniority=draw(st.sampled_from(LEVELS)),
        remote="any",
        target_roles=tuple(draw(st.lists(st.sampled_from(TITLES[:-1]), max_size=2, unique=True))),
    )


@EXAMPLES
@given(job=jobs(), candidate=candidates("a"), extra=st.data())
def test_meeting_more_required_skills_never_ranks_lower(
    understanding: Understanding, job: MatchProfile, candidate: MatchProfile, extra: st.DataObject
) -> None:
    unmet = [s for s in job.skills if s not in candidate.skills]
    assume(unmet)
    added = extra.draw(st.sampled_from(unmet))
    better = replace(candidate, id="b", skills=(*candidate.skills, added))
    ranked = understanding.matcher.rank_candidates(job, [candidate, better], top=2)
    scores = {m.candidate_id: m.score for m in ranked}
    assert scores["b"] >= scores["a"], ranked[0].features


def _met(candidate: MatchProfile, job: MatchProfile) -> float:
    return len(set(candidate.skills) & set(job.skills)) / len(job.skills)


@EXAMPLES
@given(job=jobs(), weak=candidates("weak"), strong=candidates("strong"))
def test_a_candidate_missing_most_required_skills_outranks_one_meeting_most_only_with_a_reason(
    understanding: Understanding, job: MatchProfile, weak: MatchProfile, strong: MatchProfile
) -> None:
    strong = replace(strong, skills=tuple(dict.fromkeys((*job.skills[:-1], *strong.skills))))
    weak = replace(weak, skills=tuple(s for s in weak.skills if s not in job.skills[1:]))
    assume(_met(weak, job) < 0.5 < _met(strong, job))
    ranked = understanding.matcher.rank_candidates(job, [weak, strong], top=2)
    if ranked[0].candidate_id != "weak":
        return
    first, second = ranked
    explanation = first.explanation
    # The shown reasons for name something the weak candidate has more of than the strong one.
    ahead = {
        reason["feature"]
        for reason in explanation["reasons"]
        if reason["contribution"] > 0
        and first.features[reason["feature"]] > second.features[reason["feature"]]
    }
    assert ahead, (explanation["reasons"], first.features, second.features)


@EXAMPLES
@given(
    roles=st.lists(st.sampled_from(TITLES[:-1]), min_size=1, max_size=3, unique=True),
    level=st.sampled_from(("Senior ", "Lead ", "Staff ", "Junior ", "")),
    other=st.sampled_from(("Senior ", "Lead ", "Principal ", "")),
    data=st.data(),
)
def test_the_wish_list_reason_names_the_wished_role_that_matched(
    understanding: Understanding, roles: list[str], level: str, other: str, data: st.DataObject
) -> None:
    wished = data.draw(st.sampled_from(roles))
    candidate = MatchProfile(id="c", kind="candidate", target_roles=tuple(level + r for r in roles))
    job = MatchProfile(id="j", kind="job", title=other + wished, text=other + wished)
    (match,) = understanding.matcher.rank_jobs(candidate, [job], top=1)
    assert match.explanation["wish_list"] == f"matches the wish to work as {level}{wished}"


def test_when_the_weaker_candidate_on_skills_comes_first_a_reason_says_why(
    understanding: Understanding,
) -> None:
    """A case the property above reaches for certain: a resume that reads like the post, with
    no skills recognised, against a frontend engineer meeting two of three required skills."""
    job = MatchProfile(
        id="job", kind="job", title="Backend Engineer", text=TEXTS[0],
        skills=("python", "go", "java"), remote="remote",
    )  # fmt: skip
    weak = MatchProfile(
        id="weak", kind="candidate", title="Backend Engineer", text=TEXTS[0], remote="any"
    )
    strong = MatchProfile(
        id="strong", kind="candidate", title="Frontend Engineer", text=TEXTS[3],
        skills=("python", "go"), remote="any",
    )  # fmt: skip
    first, second = understanding.matcher.rank_candidates(job, [weak, strong], top=2)
    assert first.candidate_id == "weak"
    ahead = [
        r["feature"]
        for r in first.explanation["reasons"]
        if r["contribution"] > 0 and first.features[r["feature"]] > second.features[r["feature"]]
    ]
    assert ahead
