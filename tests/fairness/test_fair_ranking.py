"""Fair re-ranking: the pure algorithm's properties (hypothesis) and the option on a job's
candidate list through the API."""

from __future__ import annotations

import itertools
import json
import math
import os
import random
from collections import Counter
from datetime import timedelta
from fractions import Fraction
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from talentmatch.db import unit_of_work
from talentmatch.fairness.ranking.calibration import calibrate
from talentmatch.fairness.ranking.repository import FairRankingRepository
from talentmatch.kit.clock import utcnow
from talentmatch.matching.indexer import MatchIndex
from talentmatch.ml.fair_ranking import (
    RankedList,
    calibrate_lifts,
    fair_order,
    lifted_order,
    lifted_targets,
    list_offset,
    meets_minimums,
    meets_shares,
    pool_shares,
    pooled_impact_ratios,
    rounded_counts,
)
from talentmatch.tasks.inprocess import InProcessTasks
from talentmatch.tasks.work import TaskEnv, recalibrate_fair_ranking
from tests.builders import (
    PASSWORD,
    Actor,
    employer,
    live_candidate,
    log_in,
    open_job,
    operator,
    unique_email,
)
from tests.cli import run as run_cli
from tests.outbox import emailed_token

EXAMPLES = settings(max_examples=150, deadline=None, derandomize=True)

GROUPS = ("female", "male", "non_binary", "unknown")


@st.composite
def ranked_pools(draw: st.DrawFn, max_size: int = 40) -> tuple[list[float], list[str]]:
    """Scores (with ties, since real scores tie) and a group per item."""
    size = draw(st.integers(min_value=0, max_value=max_size))
    scores = draw(
        st.lists(
            st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0])
            | st.floats(min_value=-1, max_value=1, allow_nan=False),
            min_size=size,
            max_size=size,
        )
    )
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=size, max_size=size))
    return scores, groups


@st.composite
def target_shares(draw: st.DrawFn) -> dict[str, Fraction]:
    """Desired shares over some of the groups, adding up to at most 1."""
    weights = draw(st.lists(st.integers(0, 20), min_size=len(GROUPS), max_size=len(GROUPS)))
    spare = draw(st.integers(0, 20))
    total = sum(weights) + spare or 1
    return {g: Fraction(w, total) for g, w in zip(GROUPS, weights, strict=True) if w}


def score_order(scores: list[float]) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


class TestProperties:
    @EXAMPLES
    @given(ranked_pools(), st.none() | st.integers(0, 50))
    def test_a_permutation_of_the_list(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top)
        assert sorted(order) == list(range(len(scores)))

    @EXAMPLES
    @given(ranked_pools(), st.none() | st.integers(0, 50))
    def test_every_prefix_holds_each_groups_share_of_the_pool(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top)
        assert meets_minimums(order, groups, top=top)
        assert meets_shares(order, groups, top=top)
        # Spelled out for the whole list: between floor(k * n_g / n) and ceil(k * n_g / n)
        # members of g in the first k.
        limit = len(order) if top is None else min(top, len(order))
        sizes = Counter(groups)
        for k in range(1, limit + 1):
            held = Counter(groups[i] for i in order[:k])
            for group, size in sizes.items():
                assert k * size // len(groups) <= held[group] <= -(-k * size // len(groups))

    @EXAMPLES
    @given(ranked_pools(), target_shares(), st.none() | st.integers(0, 50))
    def test_any_feasible_target_shares_are_met(
        self,
        pool: tuple[list[float], list[str]],
        targets: dict[str, Fraction],
        top: int | None,
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, targets=targets, top=top)
        assert sorted(order) == list(range(len(scores)))
        assert meets_minimums(order, groups, targets=targets, top=top)

    @EXAMPLES
    @given(ranked_pools(), st.none() | st.integers(0, 50))
    def test_members_of_a_group_keep_their_order(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top)
        before = score_order(scores)
        for group in set(groups):
            assert [i for i in order if groups[i] == group] == [
                i for i in before if groups[i] == group
            ]

    @EXAMPLES
    @given(ranked_pools(), st.none() | st.integers(0, 50))
    def test_deterministic_and_blind_to_the_groups_names(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top)
        assert fair_order(list(scores), list(groups), top=top) == order
        renamed = {g: f"z{len(GROUPS) - n}" for n, g in enumerate(GROUPS)}
        assert fair_order(scores, [renamed[g] for g in groups], top=top) == order

    @EXAMPLES
    @given(ranked_pools(), st.none() | st.integers(0, 50))
    def test_a_list_that_already_meets_the_shares_is_left_as_it_is(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        scores, groups = pool
        before = score_order(scores)
        order = fair_order(scores, groups, top=top)
        if meets_shares(before, groups, top=top):
            assert order == before
        limit = len(order) if top is None else min(top, len(order))
        # After the places the constraints cover, the rest follows the scores.
        assert order[limit:] == [i for i in before if i not in set(order[:limit])]

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(ranked_pools(max_size=6), st.none() | st.integers(0, 6))
    def test_the_best_list_by_score_that_meets_the_shares(
        self, pool: tuple[list[float], list[str]], top: int | None
    ) -> None:
        """Among every ordering that meets the constraints, the one whose scores, read place
        by place, are highest (checked by trying all orderings of small lists)."""
        scores, groups = pool
        limit = len(scores) if top is None else min(top, len(scores))
        feasible = [
            [scores[i] for i in perm[:limit]]
            for perm in itertools.permutations(range(len(scores)))
            if meets_shares(perm, groups, top=top)
        ]
        order = fair_order(scores, groups, top=top)
        assert [scores[i] for i in order[:limit]] == max(feasible)
        floors = [
            [scores[i] for i in perm[:limit]]
            for perm in itertools.permutations(range(len(scores)))
            if meets_minimums(perm, groups, top=top)
        ]
        order = fair_order(scores, groups, top=top, ceilings=False)
        assert [scores[i] for i in order[:limit]] == max(floors)


class TestExamples:
    def test_of_equal_scores_the_one_a_floor_needs_goes_first(self) -> None:
        # b's 0.25 first; then a and c tie at 0.1, and c's floor needs one c in the first 3:
        # placing c second leaves place 3 to b's other 0.25 (placing a there first would have
        # pushed that 0.25 down to fourth).
        scores = [0.25, 0.0, 0.1, 0.25, 0.1]
        order = fair_order(scores, list("bcabc"))
        assert [scores[i] for i in order] == [0.25, 0.1, 0.25, 0.1, 0.0]
        assert meets_shares(order, list("bcabc"))

    def test_a_group_below_its_share_is_brought_up_at_its_deadlines(self) -> None:
        scores = [10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1]
        groups = ["a"] * 7 + ["b"] * 3
        order = fair_order(scores, groups)
        # b is 30 % of the pool: one in the first 4 (floor 1.2), two in 7, three in 10.
        assert [groups[i] for i in order] == list("aaabaabaab")
        assert pool_shares(groups) == {"a": Fraction(7, 10), "b": Fraction(3, 10)}

    def test_a_group_the_model_favours_cannot_crowd_the_first_places(self) -> None:
        scores = [10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1]
        groups = list("aaaabbbccc")
        # a is 40 % of the pool: at most 1 of the first 2 places (ceil 0.8), 2 of the first 5.
        assert "".join(groups[i] for i in fair_order(scores, groups)) == "abacbacabc"
        # The floors alone let a take both of the first two places and 3 of the first 5.
        floors = fair_order(scores, groups, ceilings=False)
        assert "".join(groups[i] for i in floors) == "aabcabcabc"

    def test_target_shares_no_group_can_fill_fall_back_to_the_floors(self) -> None:
        scores = [5.0, 4, 3, 2, 1]
        groups = list("abbbb")
        # a is wanted at 60 % but has one member: b must take places past its 40 % ceiling.
        order = fair_order(scores, groups, targets={"a": 0.6, "b": 0.4})
        assert order == [0, 1, 2, 3, 4]
        assert meets_minimums(order, groups, targets={"a": 0.6, "b": 0.4})

    def test_only_the_first_places_are_constrained_when_asked(self) -> None:
        scores = [10.0, 9, 8, 7, 6, 5, 4, 3, 2, 1]
        groups = ["a"] * 5 + ["b"] * 5
        order = fair_order(scores, groups, top=4)
        assert order == [0, 5, 1, 6, 2, 3, 4, 7, 8, 9]

    @pytest.mark.parametrize(
        ("scores", "groups", "targets", "message"),
        [
            ([1.0, 2.0], ["a"], None, "one group label per score"),
            ([1.0, float("nan")], ["a", "b"], None, "finite"),
            ([1.0, 2.0], ["a", "b"], {"a": 0.7, "b": 0.6}, "more than 1"),
            ([1.0, 2.0], ["a", "b"], {"a": -0.1}, "between 0 and 1"),
        ],
    )
    def test_bad_input_is_refused_by_name(
        self,
        scores: list[float],
        groups: list[str],
        targets: dict[str, float] | None,
        message: str,
    ) -> None:
        with pytest.raises(ValueError, match=message):
            fair_order(scores, groups, targets=targets)


class TestSystematicRounding:
    """With an offset, each group's share of the first ``cut`` places is rounded up in some
    lists and down in others, so that over many lists it gets its exact share."""

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(ranked_pools(max_size=24), st.integers(1, 24), st.none() | st.integers(0, 30))
    def test_over_many_offsets_each_group_gets_its_exact_share_of_the_cut(
        self, pool: tuple[list[float], list[str]], cut: int, top: int | None
    ) -> None:
        scores, groups = pool
        n = len(groups)
        if n < cut or (top is not None and top < cut):
            return  # the cut lies outside the constrained places
        # n evenly spaced offsets: floor(x + i / n) averages floor(n * x) / n, exactly
        # cut * share when x = cut * (members up to g) / n.
        held: Counter[str] = Counter()
        for i in range(n):
            offset = Fraction(i, n)
            order = fair_order(scores, groups, top=top, offset=offset, cut=cut)
            first = Counter(groups[j] for j in order[:cut])
            assert first == +Counter(rounded_counts(pool_shares(groups), groups, cut, offset))
            for group, size in Counter(groups).items():
                # Each list gives a group its share of the cut rounded down or up.
                due = Fraction(cut * size, n)
                assert first[group] in (math.floor(due), math.ceil(due))
            held.update(first)
        for group, size in Counter(groups).items():
            assert abs(held[group] / n - cut * size / n) < 1e-9

    @EXAMPLES
    @given(
        ranked_pools(),
        st.floats(0, 1, exclude_max=True),
        st.integers(1, 15),
        st.none() | st.integers(0, 50),
    )
    def test_a_permutation_keeping_each_groups_order_and_the_floors_before_the_cut(
        self, pool: tuple[list[float], list[str]], offset: float, cut: int, top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top, offset=offset, cut=cut)
        assert sorted(order) == list(range(len(scores)))
        before = score_order(scores)
        for group in set(groups):
            assert [i for i in order if groups[i] == group] == [
                i for i in before if groups[i] == group
            ]
        limit = len(order) if top is None else min(top, len(order))
        assert meets_minimums(order, groups, top=min(cut - 1, limit))
        assert order[limit:] == [i for i in before if i not in set(order[:limit])]

    @EXAMPLES
    @given(
        ranked_pools(),
        st.floats(0, 1, exclude_max=True),
        st.integers(1, 15),
        st.none() | st.integers(0, 50),
    )
    def test_the_same_offset_gives_the_same_order(
        self, pool: tuple[list[float], list[str]], offset: float, cut: int, top: int | None
    ) -> None:
        scores, groups = pool
        order = fair_order(scores, groups, top=top, offset=offset, cut=cut)
        assert fair_order(list(scores), list(groups), top=top, offset=offset, cut=cut) == order

    @EXAMPLES
    @given(ranked_pools(), st.integers(1, 15), st.none() | st.integers(0, 50))
    def test_without_an_offset_the_order_is_todays(
        self, pool: tuple[list[float], list[str]], cut: int, top: int | None
    ) -> None:
        scores, groups = pool
        today = fair_order(scores, groups, top=top)
        assert fair_order(scores, groups, top=top, offset=None, cut=cut) == today
        assert meets_shares(today, groups, top=top, offset=None, cut=cut)

    @settings(max_examples=100, deadline=None, derandomize=True)
    @given(
        st.lists(st.sampled_from(GROUPS), max_size=6),
        st.sampled_from([0.0, 0.2, 0.5, 0.7, 0.9]),
        st.integers(1, 6),
    )
    def test_the_best_list_by_score_that_meets_the_rounded_counts(
        self, groups: list[str], offset: float, cut: int
    ) -> None:
        # Few distinct scores, so that members of different groups tie.
        scores = [float((len(groups) - i) // 2) for i in range(len(groups))]
        feasible = [
            [scores[i] for i in perm]
            for perm in itertools.permutations(range(len(scores)))
            if meets_shares(perm, groups, offset=offset, cut=cut)
        ]
        order = fair_order(scores, groups, offset=offset, cut=cut)
        if feasible:  # else a relaxed table applies
            assert [scores[i] for i in order] == max(feasible)

    def test_a_group_under_one_in_ten_gets_a_place_in_some_lists_top_ten(self) -> None:
        # c is 5 % of the pool and the model ranks it last: rounded down, it never reaches
        # the first 10; rounded by the list, it gets one place in half of the lists.
        groups = ["a"] * 50 + ["b"] * 30 + ["unknown"] * 15 + ["c"] * 5
        scores = [float(100 - i) for i in range(100)]
        assert "c" not in {groups[i] for i in fair_order(scores, groups, top=200)[:10]}
        with_c = 0
        for job in range(200):
            offset = list_offset(f"job-{job}")
            order = fair_order(scores, groups, top=200, offset=offset, cut=10)
            first = Counter(groups[i] for i in order[:10])
            assert first["a"] == 5 and first["b"] == 3 and first["c"] + first["unknown"] == 2
            with_c += first["c"]
            # The same job reads the same order.
            assert (
                fair_order(scores, groups, top=200, offset=list_offset(f"job-{job}"), cut=10)
                == order
            )
        assert 80 <= with_c <= 120

    def test_a_share_just_under_a_whole_place_is_rounded_up_in_most_lists(self) -> None:
        # b is 3 of 11 (27.3 %): due 2.73 of the first 10, so 3 in 73 % of the offsets and 2
        # in the rest, where rounding down gives it 2 in every list.
        groups = ["a"] * 8 + ["b"] * 3
        scores = [float(11 - i) for i in range(11)]
        assert Counter(groups[i] for i in fair_order(scores, groups)[:10])["b"] == 2
        counts = [
            Counter(
                groups[i] for i in fair_order(scores, groups, offset=Fraction(i, 11), cut=10)[:10]
            )["b"]
            for i in range(11)
        ]
        assert sorted(counts) == [2] * 3 + [3] * 8

    @pytest.mark.parametrize(
        ("offset", "cut", "message"),
        [
            (0.5, None, "needs the cut"),
            (1.0, 10, r"\[0, 1\)"),
            (-0.1, 10, r"\[0, 1\)"),
            (1.5, 20, r"\[0, 1\)"),  # refused even with the cut past the list
        ],
    )
    def test_bad_offsets_are_refused_by_name(
        self, offset: float, cut: int | None, message: str
    ) -> None:
        with pytest.raises(ValueError, match=message):
            fair_order([float(i) for i in range(12)], list("ab") * 6, offset=offset, cut=cut)


# ------------------------------------------------------------------ the option, through the API

STRONG = {
    "titles": ["Senior Backend Engineer"],
    "headline": "Backend engineer: Python, Go and PostgreSQL services",
    "skills": ["Python", "PostgreSQL", "Go", "Kubernetes"],
}
WEAKER = {
    "titles": ["Data Analyst"],
    "headline": "Analyst writing Python reports",
    "skills": ["Python", "Excel"],
}


class TestCalibratedLifts:
    """Lifting only the groups the model leaves under the goal, only as far as needed."""

    CUT, TOP, GOAL = 10, 40, 0.85

    def ratios(self, lists: Any, orders: Any) -> dict[str, float]:
        return pooled_impact_ratios(lists, orders, cut=self.CUT, min_share=0.1)

    def lists(self, favoured: float, count: int = 60, size: int = 30) -> list[RankedList]:
        """Pools of a 60 % / b 40 %; b's scores are lowered by ``favoured`` (0: the model
        treats the groups alike, its lists vary by chance only)."""
        rng = random.Random(7)
        out = []
        for n in range(count):
            groups = ["a" if rng.random() < 0.6 else "b" for _ in range(size)]
            scores = [rng.random() - (favoured if g == "b" else 0.0) for g in groups]
            out.append(RankedList(scores, groups, f"job-{n}"))
        return out

    def lowest(self, lists: list[RankedList], lifts: Any) -> float:
        orders = [lifted_order(r, lifts, cut=self.CUT, top=self.TOP) for r in lists]
        return min(self.ratios(lists, orders).values())

    def test_no_lift_where_the_models_lists_already_meet_the_goal(self) -> None:
        lists = self.lists(favoured=0.0)
        assert self.lowest(lists, {}) >= self.GOAL
        assert calibrate_lifts(lists, self.ratios, goal=self.GOAL, cut=self.CUT, top=self.TOP) == {}
        # ... so the lists are the model's, where holding every group to its full share
        # would have changed most of them.
        changed = sum(
            lifted_order(r, None, cut=self.CUT, top=self.TOP)[: self.CUT]
            != score_order(list(r.scores))[: self.CUT]
            for r in lists
        )
        assert changed > len(lists) // 2

    def test_an_under_selected_group_is_lifted_just_enough(self) -> None:
        lists = self.lists(favoured=0.35)
        assert self.lowest(lists, {}) < 0.5
        lifts = calibrate_lifts(lists, self.ratios, goal=self.GOAL, cut=self.CUT, top=self.TOP)
        assert set(lifts) == {"b"} and 0 < lifts["b"] < 1
        assert self.lowest(lists, lifts) >= self.GOAL
        # A lift one bisection step lower misses the goal: no more than needed.
        assert self.lowest(lists, {"b": lifts["b"] - Fraction(1, 256)}) < self.GOAL
        # Fewer places change hands than under the full shares.
        lifted = sum(
            lifted_order(r, lifts, cut=self.CUT, top=self.TOP)[: self.CUT].count(i) == 0
            for r in lists
            for i in score_order(list(r.scores))[: self.CUT]
        )
        full = sum(
            lifted_order(r, None, cut=self.CUT, top=self.TOP)[: self.CUT].count(i) == 0
            for r in lists
            for i in score_order(list(r.scores))[: self.CUT]
        )
        assert lifted < full

    def test_targets_and_orders_of_given_lifts(self) -> None:
        groups = ["a"] * 6 + ["b"] * 3 + ["c"]
        assert lifted_targets(groups, {"b": Fraction(1, 2), "c": 0, "zzz": 1}) == {
            "b": Fraction(3, 20)
        }
        scores = [1.0 - i / 10 for i in range(10)]
        ranked = RankedList(scores, groups, "job")
        assert lifted_order(ranked, {}, cut=4, top=10) == list(range(10))
        assert lifted_order(ranked, None, cut=4, top=10) == fair_order(
            scores, groups, top=10, offset=list_offset("job"), cut=4
        )
        # b, lifted fully, gets its 3 of 10 places (its share) in the first ten, and one by
        # the fourth (floor(4 * 0.3) = 1).
        order = lifted_order(ranked, {"b": 1}, cut=10, top=10)
        assert [groups[i] for i in order[:4]].count("b") >= 1


def identified(client: TestClient, app: FastAPI, name: str, gender: str, **profile: Any) -> Actor:
    actor = live_candidate(client, app, name=name, **profile)
    answered = actor.put("/api/me/self-identification", json={"consent": True, "gender": gender})
    assert answered.status_code == 200, answered.text
    return actor


@pytest.fixture
def pool(client: TestClient, app: FastAPI) -> dict[str, str]:
    """Four strong candidates who are men and two weaker ones who are women: the model's top
    four is all men. Profile id -> gender."""
    people = [
        identified(client, app, f"Strong {n}", "male", **STRONG, years_experience=8 - n)
        for n in range(4)
    ] + [
        identified(client, app, f"Weaker {n}", "female", **WEAKER, years_experience=3 - n)
        for n in range(2)
    ]
    genders = ["male"] * 4 + ["female"] * 2
    return {p.me["candidate_profile_id"]: g for p, g in zip(people, genders, strict=True)}


def listed(actor: Actor, job: dict[str, Any], limit: int = 6) -> dict[str, Any]:
    response = actor.get(f"/api/jobs/{job['id']}/matches", params={"limit": limit})
    assert response.status_code == 200, response.text
    return dict(response.json())


class TestTheOptionOnAJobsList:
    def test_the_company_option_brings_the_pools_share_into_the_first_places(
        self, client: TestClient, pool: dict[str, str]
    ) -> None:
        rita = employer(client)
        job = open_job(rita)
        before = listed(rita, job)
        order = [m["candidate"]["id"] for m in before["items"]]
        assert [pool[c] for c in order] == ["male"] * 4 + ["female"] * 2
        assert before["representation"] is None

        company = rita.me["company_id"]
        turned = rita.put(f"/api/companies/{company}/fair-ranking", json={"attribute": "gender"})
        assert turned.status_code == 200, turned.text
        assert turned.json()["in_effect"]["set_by"] == "company"

        after = listed(rita, job)
        reranked = [m["candidate"]["id"] for m in after["items"]]
        # Women are a third of the pool: one in the first three places, two in six.
        assert [pool[c] for c in reranked] == ["male", "male", "female", "male", "male", "female"]
        # Within each group the model's order stays, and so do scores and explanations.
        for gender in ("male", "female"):
            assert [c for c in reranked if pool[c] == gender] == [
                c for c in order if pool[c] == gender
            ]
        model = {m["candidate"]["id"]: m for m in before["items"]}
        for m in after["items"]:
            assert m["score"] == model[m["candidate"]["id"]]["score"]
            assert m["explanation"] == model[m["candidate"]["id"]]["explanation"]
        assert after["representation"]["attribute"] == "gender"
        assert "Re-ranked for representation by gender" in after["representation"]["summary"]
        assert "female" not in str(after) and "male" not in str(after)  # no one's answer shown

        # A shorter list is the first places of the same order.
        top3 = listed(rita, job, limit=3)
        assert [m["candidate"]["id"] for m in top3["items"]] == reranked[:3]

        off = rita.put(f"/api/companies/{company}/fair-ranking", json={"attribute": None})
        assert off.json()["in_effect"] is None
        assert [m["candidate"]["id"] for m in listed(rita, job)["items"]] == order

    def test_the_platform_option_applies_to_every_company(
        self, client: TestClient, app: FastAPI, pool: dict[str, str]
    ) -> None:
        rita = employer(client)
        job = open_job(rita)
        op = operator(client, app)
        assert op.get("/api/admin/fair-ranking").json() == {
            "attribute": None,
            "companies_with_their_own": 0,
            "calibrations": [],
        }
        assert op.put("/api/admin/fair-ranking", json={"attribute": "gender"}).status_code == 200
        after = listed(rita, job)
        assert [pool[m["candidate"]["id"]] for m in after["items"]][:3].count("female") == 1
        assert after["representation"]["set_by"] == "platform"
        seen = rita.get(f"/api/companies/{rita.me['company_id']}/fair-ranking").json()
        assert seen["attribute"] is None and seen["platform_attribute"] == "gender"
        assert "the platform's setting" in seen["in_effect"]["summary"]

        # The platform's attribute comes before a company's own.
        rita.put(
            f"/api/companies/{rita.me['company_id']}/fair-ranking", json={"attribute": "age_band"}
        )
        assert listed(rita, job)["representation"]["attribute"] == "gender"
        assert op.get("/api/admin/fair-ranking").json()["companies_with_their_own"] == 1

    def test_who_may_change_it_and_bad_input(self, client: TestClient, app: FastAPI) -> None:
        rita = employer(client)
        company = rita.me["company_id"]
        url = f"/api/companies/{company}/fair-ranking"
        bad = rita.put(url, json={"attribute": "religion"})
        assert bad.status_code == 422
        assert "gender" in bad.text and "Traceback" not in bad.text
        for body in ({}, {"attribute": 5}, []):
            assert rita.put(url, json=body).status_code == 422
        assert rita.get(url).json()["attribute"] is None  # nothing was stored

        # A colleague who is not an admin reads it but cannot change it.
        email = unique_email("colleague")
        invited = rita.post(f"/api/companies/{company}/invitations", json={"email": email})
        assert invited.status_code == 201, invited.text
        token = emailed_token(app.state.session_factory, email, "invitation", "/invitations")
        joined = client.post(
            f"/api/invitations/{token}/accept",
            json={"full_name": "Colin League", "password": PASSWORD},
        )
        assert joined.status_code == 201, joined.text
        member = log_in(client, email)
        assert member.get(url).status_code == 200
        assert member.put(url, json={"attribute": "gender"}).status_code == 403

        other = employer(client, company="Globex")
        assert other.get(url).status_code == 404
        assert other.put(url, json={"attribute": "gender"}).status_code == 404
        assert rita.put("/api/admin/fair-ranking", json={"attribute": "gender"}).status_code == 403


@pytest.fixture
def crowded(client: TestClient, app: FastAPI) -> dict[str, str]:
    """Twelve strong candidates who are men and six weaker ones who are women: a list's first
    ten are all men. Profile id -> gender."""
    people = [
        (
            identified(client, app, f"Strong {n}", "male", **STRONG, years_experience=12 - n / 2),
            "male",
        )
        for n in range(12)
    ] + [
        (
            identified(client, app, f"Weaker {n}", "female", **WEAKER, years_experience=3 - n / 4),
            "female",
        )
        for n in range(6)
    ]
    return {p.me["candidate_profile_id"]: g for p, g in people}


class TestCalibrationOnTheProduct:
    @pytest.mark.usefixtures("sqlite_only")  # eighteen candidates; the next test runs on both
    def test_calibrated_lists_lift_only_the_group_left_under_the_goal(
        self, client: TestClient, app: FastAPI, crowded: dict[str, str], database_url: str
    ) -> None:
        rita = employer(client)
        job = open_job(rita)
        op = operator(client, app)
        model = [m["candidate"]["id"] for m in listed(rita, job, limit=18)["items"]]
        assert [crowded[c] for c in model[:10]] == ["male"] * 10
        assert op.put("/api/admin/fair-ranking", json={"attribute": "gender"}).status_code == 200
        # Uncalibrated: every group held to its full share (women a third: 3 or 4 of 10).
        full = [crowded[m["candidate"]["id"]] for m in listed(rita, job, limit=10)["items"]]
        assert full.count("female") in (3, 4)

        env = {**os.environ, "TALENTMATCH_DATABASE_URL": database_url}
        done = run_cli("audit", "calibrate", "--attribute", "gender", "--json", env=env)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["lists"] == 1 and result["model_version"] is None
        assert set(result["lifts"]) == {"female"} and 0 < result["lifts"]["female"] <= 1
        assert result["lowest_impact_ratio_before"] == 0.0
        assert result["lowest_impact_ratio_after"] >= 0.85

        after = listed(rita, job, limit=18)
        shown = [m["candidate"]["id"] for m in after["items"]]
        # As many women reach the first ten as the goal needs, the fewest w with
        # (w / 6) / ((10 - w) / 12) >= 0.85, i.e. 3; each group keeps the model's order.
        needed = min(w for w in range(10) if (w / 6) / ((10 - w) / 12) >= 0.85)
        assert [crowded[c] for c in shown[:10]].count("female") == needed == 3
        for gender in ("male", "female"):
            assert [c for c in shown if crowded[c] == gender] == [
                c for c in model if crowded[c] == gender
            ]
        summary = after["representation"]["summary"]
        assert "calibration of" in summary and "female" not in summary
        # The operator reads it (API and page); employers do not.
        [seen] = op.get("/api/admin/fair-ranking").json()["calibrations"]
        assert seen["in_use"] and seen["lifts"] == result["lifts"] and seen["lists"] == 1
        page = op.get("/admin/fair-ranking").text
        assert "Calibration" in page and "female" in page
        # Once, in the page's body: not also inside its <title>.
        assert "<title>Fair re-ranking · talentmatch</title>" in page
        assert page.count('id="calibration-h"') == 1
        assert rita.get("/api/admin/fair-ranking").status_code == 403

        bad = run_cli("audit", "calibrate", "--attribute", "religion", env=env)
        assert bad.returncode != 0 and "--attribute" in bad.stderr
        assert "Traceback" not in bad.stderr

    def test_a_stale_calibration_is_measured_again_to_its_own_goal(
        self, client: TestClient, app: FastAPI, pool: dict[str, str], database_url: str
    ) -> None:
        rita = employer(client)
        open_job(rita)
        op = operator(client, app)
        env = TaskEnv(app.state.settings, app.state.session_factory, app.state.understanding)
        factory = app.state.session_factory

        def latest() -> Any:
            with unit_of_work(factory, writes=False) as session:
                return FairRankingRepository(session).latest_calibration("gender")

        # Nothing in use, nothing calibrated: nothing to do.
        assert recalibrate_fair_ranking(env) == []
        assert op.put("/api/admin/fair-ranking", json={"attribute": "gender"}).status_code == 200
        # In use but never calibrated: the goal is the operator's to choose.
        assert recalibrate_fair_ranking(env) == []
        calibrate(factory, app.state.understanding, attribute="gender", goal=0.9, max_lists=3)
        first = latest()
        assert recalibrate_fair_ranking(env) == []  # current: left alone
        assert latest().id == first.id

        # Measured with another model than the one in use: measured again, to the same goal.
        with unit_of_work(factory) as session:
            row = FairRankingRepository(session).latest_calibration("gender")
            assert row is not None
            row.model_version = 999
        assert recalibrate_fair_ranking(env) == ["gender"]
        second = latest()
        assert second.id != first.id
        assert second.model_version is None and second.goal == 0.9 and second.lists == 1
        assert second.max_lists == 3  # the operator's sample size, kept

        # A week old: measured again (here by the command a cron job would run).
        with unit_of_work(factory) as session:
            row = FairRankingRepository(session).latest_calibration("gender")
            assert row is not None
            row.created_at = utcnow() - timedelta(days=8)
        cli_env = {**os.environ, "TALENTMATCH_DATABASE_URL": database_url}
        done = run_cli("audit", "recalibrate", "--json", env=cli_env)
        assert done.returncode == 0, done.stderr
        [again] = json.loads(done.stdout)["recalibrated"]
        assert again["attribute"] == "gender" and again["goal"] == 0.9
        assert again["max_lists"] == 3
        assert latest().id not in (first.id, second.id)
        assert recalibrate_fair_ranking(env) == []

        # In the web process's timer: looked at once an hour, not on every round.
        def make_stale() -> None:
            with unit_of_work(factory) as session:
                row = FairRankingRepository(session).latest_calibration("gender")
                assert row is not None
                row.model_version = 999

        runner = InProcessTasks(env)
        make_stale()
        assert runner.run_periodic()["recalibrate_fair_ranking"] == ["gender"]
        make_stale()
        assert runner.run_periodic()["recalibrate_fair_ranking"] is None
        # Before the app's own index has synced nothing is looked at, and the hour does not
        # start: the first round after the sync recalibrates.
        own = MatchIndex(app.state.understanding, factory)
        settings = app.state.settings.model_copy(update={"match_index_worker": True})
        waiting = InProcessTasks(TaskEnv(settings, factory, app.state.understanding, own))
        assert waiting.run_periodic()["recalibrate_fair_ranking"] is None
        own.sync()
        try:
            assert waiting.run_periodic()["recalibrate_fair_ranking"] == ["gender"]
        finally:
            own.stop()  # its change feed

        # No list re-ranked by it any more: a stale calibration is left as it is.
        assert op.put("/api/admin/fair-ranking", json={"attribute": None}).status_code == 200
        assert recalibrate_fair_ranking(env) == []

    def test_without_a_group_under_the_goal_the_list_is_the_models_and_a_new_model_voids_it(
        self, client: TestClient, app: FastAPI, pool: dict[str, str]
    ) -> None:
        rita = employer(client)
        job = open_job(rita)
        op = operator(client, app)
        model = [m["candidate"]["id"] for m in listed(rita, job)["items"]]
        op.put("/api/admin/fair-ranking", json={"attribute": "gender"})
        # Everyone of the six is in the first ten: nobody is under-selected.
        record = calibrate(app.state.session_factory, app.state.understanding, attribute="gender")
        assert record is not None
        assert record.lifts == {} and record.lists == 1
        after = listed(rita, job)
        assert [m["candidate"]["id"] for m in after["items"]] == model
        assert "found no group" in after["representation"]["summary"]

        # Measured with another model than the one in use: not applied (full shares again).
        with unit_of_work(app.state.session_factory) as session:
            latest = FairRankingRepository(session).latest_calibration("gender")
            assert latest is not None
            latest.model_version = 999
        again = listed(rita, job)
        assert [m["candidate"]["id"] for m in again["items"]] != model
        assert "calibration" not in again["representation"]["summary"]
