"""The candidate's career page: gap report with a chart, reverse skill set, roadmap with
progress, specialisms, salary benchmark with its distribution, and the interview loop."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts.dependencies import Candidate, CurrentPrincipal
from talentmatch.candidates.models import CandidateProfile
from talentmatch.counselling import service
from talentmatch.counselling.salary import country_comparison, market_estimate
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.ml import fields, money
from talentmatch.ml.careers import ROLE_MODELS
from talentmatch.ml.salary import LEVEL_NAMES, MIN_BASIS_ROWS, level_code, level_name
from talentmatch.web.core import FormDep, act_and_go_back, render, text

router = APIRouter(include_in_schema=False)


@router.get("/me/career", response_class=HTMLResponse)
def career_page(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    counsel = service.counsel(
        session, understanding, candidate.profile, role if role in ROLE_MODELS else None
    )
    largest = max((a.need for a in counsel.gap.areas), default=1.0) or 1.0
    context = {
        "counsel": counsel,
        "roles": list(ROLE_MODELS.values()),
        "axes": [a.area for a in counsel.gap.areas],
        "need": [a.need / largest for a in counsel.gap.areas],
        "have": [a.score * a.need / largest for a in counsel.gap.areas],
        "has_skills": bool(candidate.profile.skills),
        **salary_distribution(counsel, candidate.profile),
    }
    return render(request, "counselling/career.html", context, principal=principal)


def salary_distribution(counsel: service.Counsel, profile: CandidateProfile) -> dict[str, Any]:
    """Rows (label, p25, p50, p75) for the pay chart: each level, then the other sources'
    own figures; the candidate's minimum as a mark (converted to USD at the latest ECB rate)."""
    rows: list[tuple[str, float, float, float]] = [
        (LEVEL_NAMES[level].capitalize(), e["p25"], e["p50"], e["p75"])
        for level, e in counsel.salary_by_level
    ]
    for source in counsel.salary["sources"]:
        if {"p25", "p50", "p75"} <= source.keys():
            label = source.get("occupation") or source["name"]
            if source.get("rows"):
                label = f"{label} (n={source['rows']})"
            rows.append((label, source["p25"], source["p50"], source["p75"]))
    marks = []
    if profile.min_salary:  # the chart is in USD: a minimum in another currency is converted
        found = money.conversion(profile.min_salary, profile.salary_currency, "USD")
        if found is not None:
            converted = "" if found.same_currency else f" (≈, from {found.currency})"
            label = f"Your minimum base{converted}"
            marks.append((label, found.converted))
    return {"salary_rows": rows, "salary_marks": marks}


@router.post("/me/career/steps")
def mark_step(candidate: Candidate, session: SessionDep, data: FormDep) -> RedirectResponse:
    role_id, skill_id = text(data, "role"), text(data, "skill")
    done = text(data, "done") == "yes"
    return act_and_go_back(
        session,
        lambda: service.mark_step(session, candidate.profile, role_id, skill_id, done=done),
        back=f"/me/career?role={quote(role_id)}#roadmap",
        done="Roadmap updated.",
    )


@router.get("/salary", response_class=HTMLResponse)
def salary_page(
    request: Request,
    principal: CurrentPrincipal,
    understanding: UnderstandingDep,
    session: SessionDep,
    title: Annotated[str, Query(max_length=200)] = "",
    level: Annotated[str, Query(max_length=20)] = "",
    country: Annotated[str, Query(max_length=60)] = "",
    place: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """Market pay for a role, level and place, and the same role and level by country."""
    form = {
        "title": title.strip(),
        "level": level.strip(),
        "country": country.strip(),
        "place": place.strip(),
    }
    errors: dict[str, str] = {}
    try:
        code = level_code(form["level"])
        form["level"] = level_name(code) or ""
    except ValueError as error:
        errors["level"], code = str(error), None
    country_code_ = ""
    if form["country"]:
        country_code_ = fields.country_code(form["country"])
        if not country_code_:
            errors["country"] = (
                f"{form['country']!r} is not a country we know; try a name or DE, US"
            )
    context: dict[str, Any] = {
        "form": form,
        "errors": errors,
        "levels": LEVEL_NAMES,
        "min_rows": MIN_BASIS_ROWS,
    }
    if form["title"] and not errors:
        market = market_estimate(
            session,
            understanding.salaries,
            form["title"],
            level=code,
            country=country_code_ or None,
            place=form["place"] or None,
        )
        comparison = country_comparison(
            understanding.salaries, form["title"], level=code, reference=country_code_ or None
        )
        reference = next(c for c in comparison.countries if c.country == comparison.reference)
        context.update(
            market={**market, "title": form["title"]},
            comparison=comparison,
            country_rows=[
                (f"{c.country_name} (n={c.n})", c.p25, c.p50, c.p75) for c in comparison.countries
            ],
            country_marks=[(f"{reference.country_name} median", float(reference.p50))],
        )
    return render(request, "counselling/salary.html", context, principal=principal)
