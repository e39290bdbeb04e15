"""``talentmatch model``: ranking models learned from the marketplace's feedback."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from talentmatch.cli.common import migrated_session_factory as _migrated_session_factory
from talentmatch.cli.common import stderr as console
from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.kit.errors import TalentmatchError

if TYPE_CHECKING:
    from talentmatch.fairness.gates import ModelFairnessGate
    from talentmatch.understanding import Understanding

model_app = typer.Typer(
    help="Ranking models learned from the marketplace's feedback.", no_args_is_help=True
)
ModelJson = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _model_dict(model: Any) -> dict[str, Any]:
    return {
        "version": model.version,
        "kind": model.kind,
        "status": model.status.value,
        "created_at": model.created_at.isoformat(),
        "promoted_at": model.promoted_at.isoformat() if model.promoted_at else None,
        "training": model.training,
        "evaluation": model.evaluation,
    }


def _print_model(model: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(model) + "\n")
        return
    evaluation = model["evaluation"]
    table = Table(title=f"model version {model['version']} ({model['status']})")
    table.add_column("held-out jobs")
    for column in ("ndcg@10", "mrr", "recall@10"):
        table.add_column(column, justify="right")
    table.add_row(
        f"v{model['version']} ({evaluation['held_out_jobs']})",
        *(f"{evaluation['metrics'][m]:.4f}" for m in ("ndcg@10", "mrr", "recall@10")),
    )
    baseline = evaluation["baseline"]
    table.add_row(
        baseline["name"],
        *(f"{baseline['metrics'][m]:.4f}" for m in ("ndcg@10", "mrr", "recall@10")),
    )
    Console().print(table)
    verdict = "passes" if evaluation["passes_gate"] else "fails"
    console.print(f"{verdict} the gate: NDCG@10 not below the model that ranks today")
    fairness = evaluation.get("fairness")
    if fairness:
        mine = fairness["model"]
        ratios = ", ".join(
            f"{attribute} {ratio:.2f}" if ratio is not None else f"{attribute} -"
            for attribute, ratio in mine["lowest_impact_ratio"].items()
        )
        console.print(
            f"fairness: counterfactual invariance {mine['invariance_rate']:.1%} "
            f"({mine['counterfactual_pairs']} pairs); lowest impact ratio of being shown in "
            f"the top {mine['k']}: {ratios}"
        )
        if "passes_gate" in fairness:
            verdict = "passes" if fairness["passes_gate"] else "fails"
            console.print(
                f"{verdict} the fairness gate: "
                + (
                    "; ".join(fairness["regressions"])
                    or "not less fair than the model that ranks today"
                )
            )
    if evaluation.get("forced"):
        console.print("promoted with --force over: " + "; ".join(evaluation["forced"]["overrode"]))


def _model_command(
    measure: Callable[[Session, Understanding], Any],
    write: Callable[[Session, Understanding, Any], Any],
    as_json: bool,
) -> None:
    """``measure`` in a unit of work that only reads (scoring held-out jobs and auditing
    fairness take minutes, which must not hold SQLite's write lock against a running server),
    then ``write`` with what it returned, in a short unit that writes."""
    from talentmatch.understanding import Understanding

    factory = _migrated_session_factory(Settings())
    understanding = Understanding()
    try:
        with console.status(
            "reading the marketplace's feedback, scoring held-out jobs and auditing fairness"
        ):
            with unit_of_work(factory, writes=False) as session:
                measured = measure(session, understanding)
            with unit_of_work(factory) as session:
                result = _model_dict(write(session, understanding, measured))
    except TalentmatchError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    _print_model(result, as_json)


def _measured_gate(
    session: Session, understanding: Understanding, version: int
) -> ModelFairnessGate:
    """A fairness gate holding the figures of ``version``, of what ranks today and of the last
    model promoted without --force where today's was forced."""
    from talentmatch.fairness.gates import ModelFairnessGate
    from talentmatch.matching import training

    gate = ModelFairnessGate(session, understanding)
    gate.figures(training.get_model(session, version))
    active = training.active_model(session)
    gate.figures(active)
    bar = training.fairness_bar(session, active)
    if bar is not None:
        gate.figures(bar)
    return gate


def _bound(gate: ModelFairnessGate, session: Session) -> ModelFairnessGate:
    gate.session = session  # anything not measured yet is measured in the writing unit
    return gate


@model_app.command("train")
def model_train(as_json: ModelJson = False) -> None:
    """Learn a LambdaRank model from interview requests (sent, accepted, declined, hired) on
    three quarters of the jobs and evaluate it on the rest beside the model ranking today, with
    its fairness figures (counterfactual invariance, audited impact ratios)."""
    from talentmatch.fairness.gates import ModelFairnessGate
    from talentmatch.matching import training

    _model_command(
        lambda s, u: training.fit(s, u, fairness=ModelFairnessGate(s, u)),
        lambda s, _u, model: training.save(s, model),
        as_json,
    )


@model_app.command("evaluate")
def model_evaluate(version: int, as_json: ModelJson = False) -> None:
    """Score a version again on today's held-out jobs, and its fairness beside today's."""
    from talentmatch.matching import training

    _model_command(
        lambda s, u: _measured_gate(s, u, version),
        lambda s, u, gate: training.evaluate(s, u, version, fairness=_bound(gate, s)),
        as_json,
    )


@model_app.command("promote")
def model_promote(
    version: int,
    force: Annotated[
        bool,
        typer.Option(
            help="promote even if it scores below today's or is less fair (the model card "
            "records what was overridden)"
        ),
    ] = False,
    as_json: ModelJson = False,
) -> None:
    """Make a version rank every match, if it does not regress against the model that ranks
    today: NDCG@10 on held-out jobs, counterfactual invariance, audited impact ratios."""
    from talentmatch.matching import training

    _model_command(
        lambda s, u: _measured_gate(s, u, version),
        lambda s, u, gate: training.promote(s, u, version, force=force, fairness=_bound(gate, s)),
        as_json,
    )
    console.print(f"version {version} now ranks every match")


@model_app.command("retire")
def model_retire() -> None:
    """Stop using the promoted model: matches go back to the transparent default scorer."""
    from talentmatch.matching import training

    factory = _migrated_session_factory(Settings())
    with unit_of_work(factory) as session:
        retired = training.retire_active(session)
    console.print(f"version {retired.version} retired" if retired else "no model was active")


@model_app.command("list")
def model_list(as_json: ModelJson = False) -> None:
    """Every version, newest first, with its held-out scores."""
    from talentmatch.matching import training

    factory = _migrated_session_factory(Settings())
    with unit_of_work(factory) as session:
        models = [_model_dict(m) for m in training.list_models(session)]
    if as_json:
        sys.stdout.write(json.dumps(models) + "\n")
        return
    table = Table(
        title="ranking models (none active: the transparent default scorer ranks)"
        if not any(m["status"] == "active" for m in models)
        else "ranking models"
    )
    for column in ("version", "status", "trained", "jobs", "ndcg@10", "baseline ndcg@10"):
        table.add_column(column)
    for m in models:
        evaluation = m["evaluation"]
        baseline = evaluation["baseline"]
        table.add_row(
            str(m["version"]),
            m["status"],
            m["created_at"][:16],
            str(m["training"].get("jobs", "")),
            f"{evaluation['metrics']['ndcg@10']:.4f}",
            f"{baseline['metrics']['ndcg@10']:.4f} ({baseline['name']})",
        )
    Console().print(table)
