"""The candidate's self-identification page, and the operator's bias-audit page and report."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from talentmatch.accounts.dependencies import (
    Candidate,
    CandidateContext,
    CurrentPrincipal,
    Operator,
    Principal,
)
from talentmatch.deps import (
    MatchIndexDep,
    SessionDep,
    UnderstandingDep,
    WriterDep,
    writes_in_own_unit,
)
from talentmatch.fairness import service
from talentmatch.fairness.models import ATTRIBUTES, AgeBand, Disability, Ethnicity, Gender
from talentmatch.fairness.schemas import BiasAudit, SelfIdentificationIn
from talentmatch.ml.fairness_metrics import FOUR_FIFTHS
from talentmatch.web.charts import interval_chart
from talentmatch.web.core import FormDep, FormErrors, attempt, number, redirect, render, text

router = APIRouter(include_in_schema=False)

# The words the form shows for each answer (the stored values are the EEO-1 category keys).
CHOICES: dict[str, list[tuple[str, str]]] = {
    "gender": [
        (Gender.FEMALE, "Female"),
        (Gender.MALE, "Male"),
        (Gender.NON_BINARY, "Non-binary"),
        (Gender.PREFER_NOT_TO_SAY, "Prefer not to say"),
    ],
    "ethnicity": [
        (Ethnicity.HISPANIC_OR_LATINO, "Hispanic or Latino"),
        (Ethnicity.WHITE, "White (not Hispanic or Latino)"),
        (Ethnicity.BLACK_OR_AFRICAN_AMERICAN, "Black or African American"),
        (
            Ethnicity.NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER,
            "Native Hawaiian or Other Pacific Islander",
        ),
        (Ethnicity.ASIAN, "Asian"),
        (Ethnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE, "American Indian or Alaska Native"),
        (Ethnicity.TWO_OR_MORE_RACES, "Two or more races"),
        (Ethnicity.PREFER_NOT_TO_SAY, "Prefer not to say"),
    ],
    "age_band": [
        (AgeBand.UNDER_25, "Under 25"),
        (AgeBand.FROM_25_TO_34, "25 to 34"),
        (AgeBand.FROM_35_TO_44, "35 to 44"),
        (AgeBand.FROM_45_TO_54, "45 to 54"),
        (AgeBand.FROM_55_TO_64, "55 to 64"),
        (AgeBand.FROM_65, "65 or over"),
        (AgeBand.PREFER_NOT_TO_SAY, "Prefer not to say"),
    ],
    "disability": [
        (Disability.YES, "Yes, I have a disability (or had one in the past)"),
        (Disability.NO, "No"),
        (Disability.PREFER_NOT_TO_SAY, "Prefer not to say"),
    ],
}
QUESTIONS = {
    "gender": "Gender",
    "ethnicity": "Race / ethnicity",
    "age_band": "Age",
    "disability": "Disability",
}
assert set(CHOICES) == set(ATTRIBUTES) == set(QUESTIONS)


def _self_id_page(
    request: Request,
    principal: Principal,
    candidate: CandidateContext,
    session: SessionDep,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    answers = service.my_answers(session, candidate.profile)
    current = {
        name: (getattr(answers, name).value if getattr(answers, name) else "")
        for name in ATTRIBUTES
    }
    context = {
        "answers": answers,
        "form": form if form is not None else current,
        "errors": errors or {},
        "choices": CHOICES,
        "questions": QUESTIONS,
    }
    return render(
        request,
        "fairness/self_identification.html",
        context,
        principal=principal,
        status_code=status_code,
    )


@router.get("/me/self-identification", response_class=HTMLResponse)
def self_identification_page(
    request: Request, principal: CurrentPrincipal, candidate: Candidate, session: SessionDep
) -> Response:
    return _self_id_page(request, principal, candidate, session)


@router.post("/me/self-identification", response_class=HTMLResponse)
def save_self_identification(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    data: FormDep,
) -> Response:
    form = {name: text(data, name) for name in ATTRIBUTES}

    def act() -> None:
        values: dict[str, Any] = {name: value or None for name, value in form.items()}
        values["consent"] = text(data, "consent") == "yes"
        if not values["consent"]:
            raise FormErrors(
                {"consent": "tick the box to agree, or leave the page: nothing is kept"}
            )
        try:
            answers = SelfIdentificationIn.model_validate(values)
        except ValueError as exc:
            raise FormErrors({"": "choose one of the answers offered"}) from exc
        service.save_answers(session, candidate.profile, answers)

    _, errors = attempt(session, act)
    if errors:
        return _self_id_page(
            request, principal, candidate, session, form=form, errors=errors, status_code=422
        )
    return redirect("/me/self-identification", "Thank you. Your answers are saved.")


@router.post("/me/self-identification/withdraw", response_class=HTMLResponse)
def withdraw_self_identification(
    principal: CurrentPrincipal, candidate: Candidate, session: SessionDep
) -> Response:
    service.withdraw(session, candidate.profile)
    return redirect(
        "/me/self-identification", "Your consent is withdrawn: your answers are deleted."
    )


# ----------------------------------------------------------------------- operators


def _charts(audit: BiasAudit) -> dict[str, dict[str, Markup]]:
    """Per attribute: a selection-rate and an impact-ratio chart per stage, and exposure."""
    charts: dict[str, dict[str, Markup]] = {}
    for attribute in audit.attributes:
        drawn: dict[str, Markup] = {}
        for stage in attribute.stages:
            small = [g.label or g.group for g in stage.groups if g.small]
            rates = [(g.label or g.group, g.rate, g.rate_low, g.rate_high) for g in stage.groups]
            ratios = [
                (g.label or g.group, g.impact_ratio, g.impact_ratio_low, g.impact_ratio_high)
                for g in stage.groups
                if g.impact_ratio is not None
            ]
            drawn[f"{stage.stage}-rate"] = Markup(  # noqa: S704 - escaped inside
                interval_chart(
                    rates,
                    title=f"{attribute.label}: rate {stage.description}",
                    max_value=1.0,
                    flagged=small,
                    percent=True,
                )
            )
            drawn[f"{stage.stage}-ratio"] = Markup(  # noqa: S704 - escaped inside
                interval_chart(
                    [
                        (label, value, low, high)
                        for label, value, low, high in ratios
                        if value is not None
                    ],
                    title=f"{attribute.label}: impact ratio, {stage.stage}",
                    max_value=max([1.2, *(h or 0 for *_, h in ratios)]),
                    threshold=("four fifths", FOUR_FIFTHS),
                    flagged=small,
                )
            )
        exposure = attribute.exposure
        drawn["exposure"] = Markup(  # noqa: S704 - escaped inside
            interval_chart(
                [
                    (
                        g.label or g.group,
                        g.exposure_share,
                        g.exposure_share_low,
                        g.exposure_share_high,
                    )
                    for g in exposure.groups
                ],
                title=f"{attribute.label}: share of the exposure in the top {exposure.k}",
                max_value=1.0,
                flagged=[g.label or g.group for g in exposure.groups if g.small],
                percent=True,
            )
        )
        charts[attribute.attribute] = drawn
    return charts


def _audit_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    audit = service.latest_audit(session)
    context = {
        "audit": audit,
        "charts": _charts(audit) if audit else {},
        "form": form or {"k": str(service.DEFAULT_K)},
        "errors": errors or {},
        "four_fifths": FOUR_FIFTHS,
    }
    return render(
        request, "fairness/audit.html", context, principal=principal, status_code=status_code
    )


@router.get("/admin/audits/bias", response_class=HTMLResponse)
def audit_page(
    request: Request, principal: CurrentPrincipal, _operator: Operator, session: SessionDep
) -> Response:
    return _audit_page(request, principal, session)


@router.post("/admin/audits/bias", response_class=HTMLResponse)
@writes_in_own_unit
def run_audit(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    writer: WriterDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    data: FormDep,
) -> Response:
    form = {name: text(data, name).strip() for name in ("k", "job_family", "since")}

    def act() -> BiasAudit:
        k = number(data, "k", hint="enter how many of each job's candidates count as shown")
        since: date | None = None
        if form["since"]:
            try:
                since = date.fromisoformat(form["since"])
            except ValueError as exc:
                raise FormErrors({"since": "enter a date as YYYY-MM-DD"}) from exc
        if k is not None and not 1 <= k <= 200:
            raise FormErrors({"k": "enter a number from 1 to 200"})
        return service.audit_bias(
            session,
            understanding,
            k=int(k or service.DEFAULT_K),
            job_family=form["job_family"] or None,
            since=since,
            index=index,
        )

    audit, errors = attempt(session, act)
    if errors or audit is None:
        return _audit_page(request, principal, session, form=form, errors=errors, status_code=422)
    with writer() as write:
        service.store_audit(write, audit)
    return redirect("/admin/audits/bias", "The audit is done.")


@router.get("/admin/audits/bias/report", response_class=HTMLResponse)
def audit_report(
    request: Request, principal: CurrentPrincipal, _operator: Operator, session: SessionDep
) -> Response:
    """The latest audit as a printable page (print it, or save it as PDF from the browser)."""
    audit = service.latest_audit(session)
    context = {
        "audit": audit,
        "charts": _charts(audit) if audit else {},
        "four_fifths": FOUR_FIFTHS,
    }
    return render(request, "fairness/report.html", context, principal=principal)
