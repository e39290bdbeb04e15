"""Salary benchmarks for marketplace objects: a request's job, a form's inputs, the
counselling pages. The public data (aijobs.net survey, BLS OEWS) comes from
:class:`talentmatch.ml.salary.SalaryEstimator`; the marketplace's own interview-request
salaries are a third source, shown and blended in only where the pay data page would publish
them (enough requests from enough companies: :func:`publishable`), so no company's offer can be
read off a benchmark.

The job's level drives a request's benchmark (a junior job is benchmarked at entry pay, whoever
the candidate is), in the job's country and, in the US, the job's metro area."""

from __future__ import annotations

import datetime
import math
import statistics
import uuid
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.config import Settings
from talentmatch.counselling.repository import MarketRepository
from talentmatch.counselling.schemas import CountryComparison, country_pay
from talentmatch.insights.schemas import PayThresholds
from talentmatch.jobs.models import Job
from talentmatch.kit.errors import InvalidInput
from talentmatch.ml import money
from talentmatch.ml.fields import country_code
from talentmatch.ml.salary import SalaryEstimate, SalaryEstimator, level_name, title_key
from talentmatch.ml.seniority import SURVEY_LEVEL
from talentmatch.ml.stored import StoredParse

BENCHMARK_CURRENCY = "USD"


def profile_level(profile: CandidateProfile) -> str | None:
    """The survey level (EN/MI/SE/EX) of the seniority the resume parser read, if any."""
    return SURVEY_LEVEL.get(StoredParse.of(profile.parsed).seniority or "")


def job_level(job: Job) -> str | None:
    """The survey level of the job's seniority (as posted, else as its text was read)."""
    seniority = job.seniority.value if job.seniority else StoredParse.of(job.parsed).seniority
    return SURVEY_LEVEL.get(seniority or "")


MARKETPLACE_SOURCE = "talentmatch interview requests (this marketplace)"
# Offers needed before the marketplace weighs as much as the public estimate.
MARKETPLACE_PRIOR = 20
# The pay data page's default thresholds (TALENTMATCH_PAY_INSIGHTS_*): a benchmark never shows
# marketplace offers that page would hide.
DEFAULT_THRESHOLDS = PayThresholds(
    min_requests=Settings.model_fields["pay_insights_min_requests"].default,
    min_companies=Settings.model_fields["pay_insights_min_companies"].default,
    max_company_share=Settings.model_fields["pay_insights_max_company_share"].default,
)


class Offer(NamedTuple):
    usd: int
    company_id: uuid.UUID


@lru_cache(maxsize=4096)
def _key(title: str) -> str:
    return title_key(title)


def in_usd(amount: int, currency: str, on: datetime.date | None) -> float | None:
    """A request's salary in US dollars at the ECB rate of its day; None without a rate."""
    found = money.conversion(float(amount), currency, BENCHMARK_CURRENCY, on)
    return found.converted if found is not None else None


def marketplace_offers(
    session: Session,
    title: str,
    *,
    level: str | None = None,
    country: str | None = None,
    exclude: uuid.UUID | None = None,
) -> list[Offer]:
    """Yearly salaries (in USD, converted at each request's date) that companies offered in
    interview requests for jobs with the same title (seniority words aside), at that survey
    level and in that country when given, with the company that offered each. Withdrawn
    requests do not count, nor amounts in a currency the ECB publishes no rate for."""
    key = _key(title)
    words = sorted(key.split(), key=len, reverse=True)
    # The longest word narrows in SQL; the exact title comparison follows here.
    rows = MarketRepository(session).offers(
        title_word=words[0] if words else None, country=country, exclude=exclude
    )
    offers = []
    for salary, currency, created_at, company_id, job_title, seniority, parsed in rows:
        if _key(job_title) != key:
            continue
        if level is not None:
            found = seniority.value if seniority else StoredParse.of(parsed).seniority
            if SURVEY_LEVEL.get(found or "") != level:
                continue
        usd = in_usd(salary, currency, created_at.date() if created_at else None)
        if usd is not None:
            offers.append(Offer(round(usd), company_id))
    return offers


def publishable(requests: int, companies: Counter[uuid.UUID], rules: PayThresholds) -> bool:
    """Whether a set of offers hides each company's among the others' (k-anonymity): enough
    requests, from enough companies, none sending more than its share."""
    return (
        requests >= rules.min_requests
        and len(companies) >= rules.min_companies
        and max(companies.values()) <= rules.max_company_share * requests
    )


def with_marketplace(
    estimate: dict[str, Any], offers: list[Offer], rules: PayThresholds = DEFAULT_THRESHOLDS
) -> dict[str, Any]:
    """The estimate with the marketplace's offers as a source, only where they pass the same
    k-anonymity rule as the pay data page (``rules``); the quartiles then move toward theirs
    (in log space, weighted by how many there are). Below it, nothing about them is shown: a
    source of one or two companies' offers would publish what each offered."""
    companies = Counter(offer.company_id for offer in offers)
    if not offers or not publishable(len(offers), companies, rules):
        return estimate
    result = {**estimate, "sources": [*estimate.get("sources", [])]}
    amounts = [offer.usd for offer in offers]
    quartiles = statistics.quantiles(amounts, n=4, method="inclusive")
    weight = len(amounts) / (len(amounts) + MARKETPLACE_PRIOR)
    for name, value in zip(("p25", "p50", "p75"), quartiles, strict=True):
        blended = weight * math.log(value) + (1 - weight) * math.log(estimate[name])
        result[name] = int(round(math.exp(blended) / 100.0) * 100)
    result["n"] = estimate.get("n", 0) + len(amounts)
    result["sources"].append(
        {
            "name": MARKETPLACE_SOURCE,
            "rows": len(amounts),
            # Rounded to a thousand, as on the pay data page.
            "p25": round(quartiles[0], -3),
            "p50": round(quartiles[1], -3),
            "p75": round(quartiles[2], -3),
            "method": f"blended in with weight {weight:.2f} "
            f"({len(companies)} companies; shown only past the pay data page's thresholds)",
        }
    )
    return result


def market_estimate(
    session: Session | None,
    estimator: SalaryEstimator,
    title: str,
    *,
    level: str | None = None,
    country: str | None = None,
    place: str | None = None,
    exclude: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Public data for ``(title, level, country)`` (``place``: a US city's metro area), plus
    the marketplace's offers when a session is given. ``level`` is a word or a survey code;
    the answer names it in words."""
    found = estimator.estimate(title, level=level, country=country, place=place)
    estimate = found.as_dict()
    if session is None:
        return estimate
    offers = marketplace_offers(
        session, title, level=found.level, country=found.country, exclude=exclude
    )
    return with_marketplace(estimate, offers)


def benchmark_for(
    estimator: SalaryEstimator,
    job: Job,
    profile: CandidateProfile,
    session: Session | None = None,
    exclude: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The market's yearly pay (USD, with its sources and the cell it rests on) beside an
    offer: the job's title at the job's level, in the job's country (else the candidate's) and
    the job's US metro area; the offer itself (``exclude``) does not count toward its own
    benchmark. A job with no level is benchmarked over all levels, not at the candidate's."""
    country = job.country or profile.country or None
    estimate = market_estimate(
        session,
        estimator,
        job.title,
        level=job_level(job),
        country=country,
        place=job.location or None,
        exclude=exclude,
    )
    return {**estimate, "title": job.title}


def benchmarks(
    estimator: SalaryEstimator, session: Session
) -> Callable[[Job, CandidateProfile, uuid.UUID], dict[str, Any]]:
    """The market's pay beside each request's offer (:func:`benchmark_for`, the request itself
    left out), as interviews' views of requests take it (``interviews.service.Benchmark``)."""
    return lambda job, profile, request_id: benchmark_for(
        estimator, job, profile, session, exclude=request_id
    )


def country_comparison(
    estimator: SalaryEstimator, title: str, *, level: str | None, reference: str | None
) -> CountryComparison:
    """The same title and level in every country with enough survey rows at that level (and
    the reference country, default the US), each with its difference from the reference."""
    rows: list[SalaryEstimate] = estimator.by_country(title, level=level)
    chosen = (reference or "").strip().upper() or "US"
    if country_code(chosen) != chosen:
        raise InvalidInput(f"{chosen} is not an ISO 3166 country code", field="reference")
    base = next((e for e in rows if e.country == chosen), None)
    if base is None:
        base = estimator.estimate(title, level=level, country=chosen)
        rows = sorted([*rows, base], key=lambda e: -e.p50)
    return CountryComparison(
        title=title,
        level=level_name(base.level),
        currency=base.currency,
        reference=chosen,
        countries=[country_pay(e, base, estimator.region_of(e.country or "")) for e in rows],
    )
