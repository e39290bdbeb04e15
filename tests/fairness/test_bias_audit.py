"""Bias audits: LL144 selection rates and impact ratios, exposure and Skew@k, checked on data
whose answers are known from how it was built; the operator-only API, page, report and CLI."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.ml.fairness_metrics import (
    FOUR_FIFTHS,
    UNKNOWN,
    Flags,
    exposure_audit,
    position_weight,
    selection_audit,
)
from tests.builders import (
    Actor,
    candidate,
    employer,
    live_candidate,
    open_job,
    operator,
    send_request,
)
from tests.cli import run as run_cli

# ------------------------------------------------------------------ the pure figures


def people(groups: dict[str, tuple[int, int]]) -> tuple[list[str], list[bool]]:
    """Labels and outcomes for ``{group: (members, selected)}``."""
    labels: list[str] = []
    selected: list[bool] = []
    for group, (members, chosen) in groups.items():
        labels += [group] * members
        selected += [i < chosen for i in range(members)]
    return labels, selected


class TestSelectionRates:
    GROUPS = {"a": (40, 20), "b": (30, 9), "c": (1, 1), UNKNOWN: (10, 10)}

    def test_rates_ratios_and_the_reference_follow_ll144(self) -> None:
        labels, selected = people(self.GROUPS)
        audit = selection_audit(labels, selected, samples=500)
        rates = {g: chosen / members for g, (members, chosen) in self.GROUPS.items()}
        # "c" (one person, 1 % of the pool) and "unknown" have the highest rates, but a small
        # group and "unknown" are never the group the others are compared with.
        expected_reference = max(("a", "b"), key=rates.__getitem__)
        assert audit.reference_group == expected_reference
        total = sum(m for m, _ in self.GROUPS.values())
        for g in audit.groups:
            members, chosen = self.GROUPS[g.group]
            assert (g.members, g.selected) == (members, chosen)
            assert g.rate == pytest.approx(rates[g.group])
            assert g.pool_share == pytest.approx(members / total)
            assert g.impact_ratio == pytest.approx(rates[g.group] / rates[expected_reference])
            assert g.small is (members < Flags().min_members or members / total < 0.02)
            assert g.below_four_fifths is (g.impact_ratio < FOUR_FIFTHS)
            assert g.rate_interval is not None
            low, high = g.rate_interval
            assert 0 <= low <= g.rate <= high <= 1
        by_group = {g.group: g for g in audit.groups}
        assert by_group["c"].small and not by_group["a"].small
        assert by_group["b"].below_four_fifths
        # The lowest ratio among the groups large enough to compare, "unknown" left out.
        assert audit.lowest_impact_ratio() == pytest.approx(rates["b"] / rates["a"])

    def test_intervals_narrow_with_more_people_and_repeat_for_a_seed(self) -> None:
        few = selection_audit(*people({"a": (20, 10), "b": (20, 5)}), samples=800)
        many = selection_audit(*people({"a": (2000, 1000), "b": (2000, 500)}), samples=800)

        def width(audit: Any, group: str) -> float:
            low, high = next(g for g in audit.groups if g.group == group).rate_interval
            return float(high - low)

        assert width(many, "b") < width(few, "b") / 5
        again = selection_audit(*people({"a": (20, 10), "b": (20, 5)}), samples=800)
        assert again == few

    def test_nobody_selected_has_no_ratio(self) -> None:
        audit = selection_audit(*people({"a": (10, 0), "b": (10, 0)}), samples=100)
        assert [g.impact_ratio for g in audit.groups] == [None, None]
        assert audit.lowest_impact_ratio() is None


class TestExposureAndSkew:
    def test_position_weights_are_the_dcg_discount(self) -> None:
        assert [position_weight(r) for r in (1, 3)] == [1.0, 0.5]
        with pytest.raises(ValueError):
            position_weight(0)

    def test_exposure_and_skew_against_the_pool(self) -> None:
        lists = [["a", "a", "b", "a"], ["b", "a", "a", "c"], ["a", "b"]]
        pool = {"a": 50, "b": 40, "c": 10, "d": 5}
        k = 3
        audit = exposure_audit(lists, pool, k=k, samples=300)
        tops = [ranking[:k] for ranking in lists]
        slots = sum(len(top) for top in tops)
        weight = Counter[str]()
        for top in tops:
            for rank, group in enumerate(top, start=1):
                weight[group] += 1 / math.log2(1 + rank)
        places = Counter(g for top in tops for g in top)
        total_pool = sum(pool.values())
        by_group = {g.group: g for g in audit.groups}
        assert set(by_group) == set(pool)
        for group, members in pool.items():
            g = by_group[group]
            assert g.appearances == places[group]
            assert g.exposure == pytest.approx(weight[group])
            assert g.exposure_share == pytest.approx(weight[group] / sum(weight.values()))
            assert g.exposure_per_member == pytest.approx(weight[group] / (members * len(lists)))
            share = places[group] / slots
            if places[group]:
                assert g.skew == pytest.approx(math.log(share / (members / total_pool)))
            else:  # "c" is 4th in its list and "d" never listed: never in a top 3
                assert g.skew is None and g.appearances == 0
        assert audit.min_skew == min(g.skew for g in audit.groups if g.skew is not None)
        assert by_group["d"].small is False and by_group["c"].small is False


# ------------------------------------------------------------ the audit of a marketplace


@dataclass
class Marketplace:
    olive: Actor
    rita: Actor
    jobs: list[dict[str, Any]]
    profiles: list[str] = field(default_factory=list)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # profile id -> answers
    requested: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    hired: set[str] = field(default_factory=set)


PEOPLE: list[tuple[str, dict[str, str] | None, list[str]]] = [
    # name, answers (None: never answered), skills
    (
        "Ada",
        {"gender": "female", "ethnicity": "white", "age_band": "55_64", "disability": "no"},
        ["Python", "PostgreSQL", "Go"],
    ),
    (
        "Bea",
        {"gender": "female", "ethnicity": "asian", "age_band": "25_34", "disability": "no"},
        ["Python", "PostgreSQL"],
    ),
    (
        "Cy",
        {"gender": "male", "ethnicity": "white", "age_band": "25_34", "disability": "yes"},
        ["Python", "Kubernetes"],
    ),
    ("Dan", {"gender": "male", "ethnicity": "white"}, ["Excel", "Accounting"]),
    ("Eve", {"gender": "prefer_not_to_say", "ethnicity": "asian"}, ["Python", "Go"]),
    ("Fay", None, ["PostgreSQL", "Go"]),
    ("Gil", {"gender": "female", "ethnicity": "black_or_african_american"}, ["Java"]),
]


def build_marketplace(client: TestClient, app: FastAPI) -> Marketplace:
    olive = operator(client, app)
    rita = employer(client)
    actors: dict[str, Actor] = {}
    market = Marketplace(olive=olive, rita=rita, jobs=[])
    for name, answers, skills in PEOPLE:
        actor = live_candidate(client, app, name=f"{name} Tester", skills=skills)
        actors[name] = actor
        market.profiles.append(actor.me["candidate_profile_id"])
        if answers is not None:
            saved = actor.put("/api/me/self-identification", json={"consent": True, **answers})
            assert saved.status_code == 200, saved.text
            market.answers[actor.me["candidate_profile_id"]] = answers
    market.jobs = [
        open_job(rita),
        open_job(rita, title="Data Engineer", required_skills=["Go", "PostgreSQL"]),
    ]
    # Requests: Ada accepts and is hired, Cy accepts, Bea and Eve do not answer.
    for name in ("Ada", "Bea", "Cy", "Eve"):
        sent = send_request(rita, market.jobs[0], actors[name])
        assert sent.status_code == 201, sent.text
        request_id = sent.json()["request"]["id"]
        market.requested.add(actors[name].me["candidate_profile_id"])
        if name in ("Ada", "Cy"):
            assert (
                actors[name].post(f"/api/interview-requests/{request_id}/accept").status_code == 200
            )
            market.accepted.add(actors[name].me["candidate_profile_id"])
        if name == "Ada":
            moved = rita.post(
                f"/api/interview-requests/{request_id}/stage", json={"stage": "hired"}
            )
            assert moved.status_code == 200, moved.text
            market.hired.add(actors[name].me["candidate_profile_id"])
    return market


def group_of(market: Marketplace, profile_id: str, attribute: str) -> str:
    answers = market.answers.get(profile_id, {})
    if attribute == "gender_ethnicity":
        parts = [group_of(market, profile_id, a) for a in ("gender", "ethnicity")]
        return UNKNOWN if UNKNOWN in parts else " / ".join(parts)
    value = answers.get(attribute)
    return UNKNOWN if value in (None, "prefer_not_to_say") else str(value)


def top_k(market: Marketplace, k: int) -> list[list[str]]:
    """What the employer's own matches endpoint shows, per job."""
    lists = []
    for job in market.jobs:
        response = market.rita.get(f"/api/jobs/{job['id']}/matches", params={"limit": k})
        lists.append([item["candidate"]["id"] for item in response.json()["items"]])
    return lists


@pytest.mark.usefixtures("sqlite_only")
class TestAuditOfAMarketplace:
    K = 2

    def test_the_figures_are_the_ones_the_construction_gives(
        self, client: TestClient, app: FastAPI
    ) -> None:
        market = build_marketplace(client, app)
        response = market.olive.post("/api/admin/audits/bias", params={"k": self.K})
        assert response.status_code == 201, response.text
        audit = response.json()
        lists = top_k(market, self.K)
        assert audit["people"] == len(PEOPLE)  # every live candidate, answered or not
        assert audit["jobs_ranked"] == len(market.jobs) and audit["k"] == self.K
        assert audit["model"] and audit["generated_at"]
        assert [a["attribute"] for a in audit["attributes"]] == [
            "gender",
            "ethnicity",
            "gender_ethnicity",
            "age_band",
            "disability",
        ]
        # Groups read as people write them, in the answers' order, "unknown" last.
        ages = next(a for a in audit["attributes"] if a["attribute"] == "age_band")
        assert [(g["group"], g["label"]) for g in ages["stages"][0]["groups"]] == [
            ("25_34", "25-34"),
            ("55_64", "55-64"),
            ("unknown", "Unknown"),
        ]
        disability = next(a for a in audit["attributes"] if a["attribute"] == "disability")
        assert [g["label"] for g in disability["stages"][0]["groups"]] == [
            "With a disability",
            "No disability",
            "Unknown",
        ]
        both = next(a for a in audit["attributes"] if a["attribute"] == "gender_ethnicity")
        assert "Female / White" in {g["label"] for g in both["stages"][0]["groups"]}
        reached = {
            "shown": {p for top in lists for p in top},
            "requested": market.requested,
            "accepted": market.accepted,
            "hired": market.hired,
        }
        # The people audited: the live pool, and whoever received a request (Ada, hired, has
        # left the live pool).
        live = live_profile_ids(market)
        ids = market.profiles
        assert set(ids) == set(live) | market.requested and len(live) == len(PEOPLE) - 1
        for attribute in audit["attributes"]:
            name = attribute["attribute"]
            labels = {p: group_of(market, p, name) for p in ids}
            members = Counter(labels.values())
            assert attribute["unknown"] == members[UNKNOWN]
            for stage in attribute["stages"]:
                chosen = Counter(labels[p] for p in reached[stage["stage"]])
                rates = {g: chosen[g] / n for g, n in members.items()}
                got = {g["group"]: g for g in stage["groups"]}
                assert set(got) == set(members), (name, stage["stage"])
                reference = stage["reference_group"]
                assert got[reference]["reference"]
                for group, n in members.items():
                    row = got[group]
                    assert (row["members"], row["selected"]) == (n, chosen[group])
                    assert row["rate"] == pytest.approx(rates[group])
                    if rates[reference] > 0:
                        assert row["impact_ratio"] == pytest.approx(rates[group] / rates[reference])
                    # Every group here has under five people: all flagged, none hidden.
                    assert row["small"] is True
            pool = Counter(labels[p] for p in live)  # Skew@k compares with the live pool
            slots = sum(len(top) for top in lists)
            exposure = {g["group"]: g for g in attribute["exposure"]["groups"]}
            for group in pool:
                shown = [labels[p] for top in lists for p in top].count(group)
                if shown:
                    expected = math.log((shown / slots) / (pool[group] / len(live)))
                    assert exposure[group]["skew"] == pytest.approx(expected)
                else:
                    assert exposure[group]["skew"] is None
        gender = next(a for a in audit["attributes"] if a["attribute"] == "gender")
        hired = {
            g["group"]: g
            for g in next(s for s in gender["stages"] if s["stage"] == "hired")["groups"]
        }
        assert hired["female"]["selected"] == 1 and hired["male"]["selected"] == 0
        # Of the women who accepted, all were hired; of the men who accepted, none.
        assert hired["female"]["rate_of_previous"] == 1.0
        assert hired["male"]["rate_of_previous"] == 0.0

        # Kept: the latest audit is what the operator reads back.
        assert market.olive.get("/api/admin/audits/bias").json() == audit

    def test_filters_and_the_command_line(
        self, client: TestClient, app: FastAPI, database_url: str
    ) -> None:
        market = build_marketplace(client, app)
        future = market.olive.post(
            "/api/admin/audits/bias", params={"k": self.K, "since": "2999-01-01"}
        ).json()
        gender = next(a for a in future["attributes"] if a["attribute"] == "gender")
        requested = next(s for s in gender["stages"] if s["stage"] == "requested")
        assert all(g["selected"] == 0 for g in requested["groups"])
        # A family no job is in is an error that says which families there are, not an
        # audit of nobody.
        nowhere = market.olive.post("/api/admin/audits/bias", params={"job_family": "99-9999"})
        assert nowhere.status_code == 422, nowhere.text
        assert "99-9999" in nowhere.text
        families = future["job_families"]
        assert families and all(f["code"] in nowhere.text for f in families)
        one = market.olive.post(
            "/api/admin/audits/bias", params={"k": self.K, "job_family": families[0]["code"]}
        ).json()
        assert one["jobs_ranked"] == families[0]["open_jobs"]
        # An occupation's title in the singular names it too, and the audit says what it read.
        title = families[0]["title"]
        singular = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in title.split())
        by_title = market.olive.post(
            "/api/admin/audits/bias", params={"k": self.K, "job_family": singular}
        ).json()
        assert by_title["jobs_ranked"] == families[0]["open_jobs"]
        assert any(families[0]["code"] in note for note in by_title["notes"])
        bad = market.olive.post("/api/admin/audits/bias", params={"since": "yesterday"})
        assert bad.status_code == 422

        api = market.olive.post("/api/admin/audits/bias", params={"k": self.K}).json()
        env = {**os.environ, "TALENTMATCH_DATABASE_URL": database_url}
        done = run_cli("audit", "bias", "--k", str(self.K), "--json", "--no-save", env=env)
        assert done.returncode == 0, done.stderr
        cli = json.loads(done.stdout)
        for key in ("generated_at",):
            cli.pop(key), api.pop(key)
        assert cli == api
        unknown = run_cli("audit", "bias", "--job-family", "99-9999", "--no-save", env=env)
        assert unknown.returncode == 1 and "99-9999" in unknown.stderr

    def test_only_operators_see_audits(self, client: TestClient, app: FastAPI) -> None:
        others = [employer(client), candidate(client)]
        for other in others:
            assert other.get("/api/admin/audits/bias").status_code == 403
            assert other.post("/api/admin/audits/bias").status_code == 403
            for page in ("/admin/audits/bias", "/admin/audits/bias/report"):
                assert client.get(page, headers=other.headers).status_code == 403
        assert client.get("/api/admin/audits/bias").status_code == 401

    def test_the_page_and_the_printable_report_show_charts(
        self, client: TestClient, app: FastAPI
    ) -> None:
        market = build_marketplace(client, app)
        empty = client.get("/admin/audits/bias", headers=market.olive.headers)
        assert empty.status_code == 200 and "No audit has been run yet" in empty.text
        assert market.olive.get("/api/admin/audits/bias").status_code == 404
        audit = market.olive.post("/api/admin/audits/bias", params={"k": self.K}).json()
        page = client.get("/admin/audits/bias", headers=market.olive.headers).text
        assert page.count("<svg") >= 3 * (2 * 4 + 1)  # 3 attributes x (2 per stage + exposure)
        assert "four fifths" in page and "Female / White" in page
        report = client.get("/admin/audits/bias/report", headers=market.olive.headers).text
        assert audit["generated_at"][:10] in report and audit["model"] in report
        assert "<svg" in report


def live_profile_ids(market: Marketplace) -> list[str]:
    """Every live profile, as the operator's candidate search lists them."""
    found = market.rita.get("/api/candidates", params={"limit": 100}).json()
    return sorted(item["id"] for item in found["items"])


def test_one_person_is_a_group_of_one() -> None:
    audit = selection_audit(["female"], [True], samples=50)
    assert audit.reference_group == "female"
    assert audit.groups[0].rate == 1.0 and audit.groups[0].small
