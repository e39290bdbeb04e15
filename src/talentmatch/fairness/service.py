"""Voluntary self-identification (the person's own answers) and the bias audit.

The answers are read back in two ways only: by their owner (``my_answers``), and as group
labels for counting (``repository.groups_by_profile``), never one person's answers for
someone else.

The audit follows what happens to each group along the way a candidate goes:
- *shown*: among the first k candidates of at least one open job, ranked by the very function
  behind ``GET /api/jobs/{id}/matches`` (``matching.service.candidates_for_job``, with the
  job's own company as the viewer), so it describes what employers see;
- *requested*: sent an interview request; *accepted*: accepted one; *hired*: reached "hired".
The people audited are the live pool (who employers can find now) and everyone who received
a request in the period. Each stage gets LL144 selection rates and impact ratios per group
(gender, ethnicity and their intersection); the top-k lists get exposure and Skew@k.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.fairness.models import (
    BiasAuditRecord,
    SelfIdentification,
    group_label,
    group_order,
)
from talentmatch.fairness.repository import (
    UNKNOWN,
    AuditRepository,
    BiasAuditRepository,
    JobRow,
    SelfIdentificationRepository,
    groups_by_profile,
)
from talentmatch.fairness.schemas import (
    AttributeAudit,
    BiasAudit,
    ExposureOut,
    GroupExposureOut,
    GroupRate,
    JobFamily,
    SelfIdentificationIn,
    SelfIdentificationOut,
    StageAudit,
)
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import InvalidInput
from talentmatch.matching import service as matching
from talentmatch.matching.indexer import MatchIndex
from talentmatch.matching.models import RankingModel
from talentmatch.matching.training import active_model, ranking_engine, scorer_of
from talentmatch.ml.fairness_metrics import (
    BOOTSTRAP_SAMPLES,
    CONFIDENCE,
    ExposureAudit,
    Flags,
    SelectionAudit,
    exposure_audit,
    selection_audit,
)
from talentmatch.ml.matching import MatchEngine
from talentmatch.ml.stored import StoredParse
from talentmatch.understanding import Understanding

# --------------------------------------------------------------- self-identification


def my_answers(session: Session, profile: CandidateProfile) -> SelfIdentificationOut:
    answers = SelfIdentificationRepository(session).for_profile(profile.id)
    if answers is None:
        return SelfIdentificationOut(consented=False)
    return SelfIdentificationOut(
        consented=True,
        consented_at=answers.consented_at,
        gender=answers.gender,
        ethnicity=answers.ethnicity,
        age_band=answers.age_band,
        disability=answers.disability,
    )


def save_answers(
    session: Session, profile: CandidateProfile, answers: SelfIdentificationIn
) -> SelfIdentificationOut:
    """Store (or replace) the person's answers; only with their consent."""
    if not answers.consent:
        raise InvalidInput(
            "tick the consent box to save your answers (to remove them, withdraw instead)",
            field="consent",
        )
    repo = SelfIdentificationRepository(session)
    row = repo.for_profile(profile.id)
    if row is None:
        row = SelfIdentification(profile_id=profile.id, consented_at=utcnow())
        repo.add(row)
    row.gender = answers.gender
    row.ethnicity = answers.ethnicity
    row.age_band = answers.age_band
    row.disability = answers.disability
    session.flush()
    return my_answers(session, profile)


def withdraw(session: Session, profile: CandidateProfile) -> bool:
    """Withdraw consent: the answers are deleted. Whether there were any."""
    return SelfIdentificationRepository(session).delete_for_profile(profile.id)


# ------------------------------------------------------------------------- bias audit

DEFAULT_K = 10
STAGES: tuple[tuple[str, str], ...] = (
    ("shown", "among the first k of at least one open job's matches"),
    ("requested", "received an interview request"),
    ("accepted", "accepted an interview request"),
    ("hired", "was hired through a request"),
)
# Conditional rates: the stage each one follows (requests do not need a top-k place).
PREVIOUS = {"accepted": "requested", "hired": "accepted"}
INTERSECTION = "gender_ethnicity"
# LL144's categories (sex, race/ethnicity and the two crossed) first, then the other questions
# the self-identification asks.
AUDITED: tuple[tuple[str, str], ...] = (
    ("gender", "Gender"),
    ("ethnicity", "Race/ethnicity"),
    (INTERSECTION, "Gender × race/ethnicity"),
    ("age_band", "Age band"),
    ("disability", "Disability"),
)

Progress = Callable[[int, int], object]


def job_family_of(parsed: dict[str, object]) -> tuple[str, str] | None:
    """A job's family: its O*NET-SOC occupation (code, title) as the job parser read it."""
    occupation = StoredParse.of(parsed).occupation
    return (occupation.code, occupation.title) if occupation else None


def _in_family(job: JobRow, family: str | None) -> bool:
    if family is None:
        return True
    found = job_family_of(job.parsed)
    if found is None:
        return False
    code, title = found
    wanted = family.strip().lower()
    return code.lower().startswith(wanted) or _singular(title) == _singular(wanted)


def _singular(title: str) -> str:
    """A title with each word's plural "s" dropped: "Software Developer" names the occupation
    "Software Developers"."""
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in title.lower().split())


def check_job_family(session: Session, job_family: str | None) -> None:
    """Raise :class:`InvalidInput` if ``job_family`` names no job (before a long audit)."""
    if job_family is not None:
        _jobs_of_family(AuditRepository(session).jobs(), job_family)


def _jobs_of_family(jobs: Sequence[JobRow], job_family: str | None) -> list[JobRow]:
    """The jobs of ``job_family`` (all without one); an unknown family is an error that lists
    the families there are, not an audit of nobody."""
    found = [job for job in jobs if _in_family(job, job_family)]
    if job_family is not None and not found:
        known = ", ".join(f"{f.code} ({f.title})" for f in _families(jobs)[:10])
        raise InvalidInput(
            f"no job is in the family '{job_family}'; give an O*NET-SOC code or its start "
            "(e.g. 15-12) or an occupation's title"
            + (f". Families with open jobs: {known}" if known else ""),
            field="job_family",
        )
    return found


def _families(jobs: Sequence[JobRow]) -> list[JobFamily]:
    counts: Counter[tuple[str, str]] = Counter()
    for job in jobs:
        found = job_family_of(job.parsed)
        if job.is_open and found is not None:
            counts[found] += 1
    return [
        JobFamily(code=code, title=title, open_jobs=n)
        for (code, title), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def audit_engine(
    session: Session, understanding: Understanding, model: RankingModel | None
) -> MatchEngine:
    """The engine the audit ranks with: ``model``'s, or else the one the match pages use."""
    if model is None:
        return ranking_engine(session, understanding)
    label = f"{scorer_of(model).name} version {model.version}"
    return MatchEngine(understanding.matcher.features, scorer_of(model), label=label)


def _labels(session: Session, people: Sequence[uuid.UUID]) -> dict[str, dict[uuid.UUID, str]]:
    labels = {
        attribute: groups_by_profile(session, people, attribute)
        for attribute, _ in AUDITED
        if attribute != INTERSECTION
    }
    gender, ethnicity = labels["gender"], labels["ethnicity"]
    labels[INTERSECTION] = {
        p: UNKNOWN if UNKNOWN in (gender[p], ethnicity[p]) else f"{gender[p]} / {ethnicity[p]}"
        for p in people
    }
    return labels


def _stage_out(
    attribute: str,
    stage: str,
    description: str,
    audit: SelectionAudit,
    previous: SelectionAudit | None,
) -> StageAudit:
    before = {g.group: g.selected for g in previous.groups} if previous else {}
    groups = []
    for g in sorted(audit.groups, key=lambda g: group_order(g.group)):
        rate_low, rate_high = g.rate_interval or (None, None)
        ratio_low, ratio_high = g.impact_ratio_interval or (None, None)
        groups.append(
            GroupRate(
                group=g.group,
                label=group_label(attribute, g.group),
                members=g.members,
                selected=g.selected,
                pool_share=g.pool_share,
                rate=g.rate,
                rate_low=rate_low,
                rate_high=rate_high,
                impact_ratio=g.impact_ratio,
                impact_ratio_low=ratio_low,
                impact_ratio_high=ratio_high,
                rate_of_previous=(g.selected / before[g.group] if before.get(g.group) else None)
                if previous
                else None,
                small=g.small,
                reference=g.reference,
                below_four_fifths=g.below_four_fifths,
            )
        )
    return StageAudit(
        stage=stage,
        description=description,
        reference_group=audit.reference_group,
        lowest_impact_ratio=audit.lowest_impact_ratio(),
        groups=groups,
    )


def _exposure_out(attribute: str, audit: ExposureAudit) -> ExposureOut:
    groups = []
    for g in sorted(audit.groups, key=lambda g: group_order(g.group)):
        share_low, share_high = g.exposure_share_interval or (None, None)
        skew_low, skew_high = g.skew_interval or (None, None)
        groups.append(
            GroupExposureOut(
                group=g.group,
                label=group_label(attribute, g.group),
                pool_share=g.pool_share,
                appearances=g.appearances,
                top_share=g.top_share,
                exposure=g.exposure,
                exposure_share=g.exposure_share,
                exposure_share_low=share_low,
                exposure_share_high=share_high,
                exposure_per_member=g.exposure_per_member,
                skew=g.skew,
                skew_low=skew_low,
                skew_high=skew_high,
                small=g.small,
            )
        )
    return ExposureOut(
        k=audit.k,
        lists=audit.lists,
        min_skew=audit.min_skew,
        max_skew=audit.max_skew,
        groups=groups,
    )


def audit_bias(
    session: Session,
    understanding: Understanding,
    *,
    k: int = DEFAULT_K,
    job_family: str | None = None,
    since: date | None = None,
    model: RankingModel | None = None,
    index: MatchIndex | None = None,
    flags: Flags = Flags(),
    samples: int = BOOTSTRAP_SAMPLES,
    seed: int = 0,
    progress: Progress | None = None,
) -> BiasAudit:
    """Audit the matching (ranked with ``model``, default the active one) and the requests,
    acceptances and hires since ``since``, for jobs of ``job_family`` (an O*NET-SOC code or
    its prefix, e.g. "15-12", or an occupation title; default every job).

    Only reads. The ranking stage ranks every open job of the family, as its company would
    see it; ``progress(done, total)`` is called after each.
    """
    if k < 1:
        raise InvalidInput("k must be at least 1", field="k")
    now = utcnow()
    repo = AuditRepository(session)
    all_jobs = repo.jobs()
    jobs = _jobs_of_family(all_jobs, job_family)
    open_jobs = [job for job in jobs if job.is_open]
    engine = audit_engine(session, understanding, model)

    rankings: list[list[uuid.UUID]] = []
    for done, job in enumerate(open_jobs, start=1):
        items, _, _ = matching.candidates_for_job(
            session,
            understanding,
            company_id=job.company_id,
            job_id=job.id,
            limit=k,
            index=index,
            engine=engine,
        )
        rankings.append([item.candidate.id for item in items])
        if progress is not None:
            progress(done, len(open_jobs))

    since_at = datetime.combine(since, time.min, tzinfo=UTC) if since else None
    outcomes = repo.request_outcomes(
        None if job_family is None else [job.id for job in jobs], since_at
    )
    live = repo.live_profile_ids(now)
    shown = {p for ranking in rankings for p in ranking}
    reached = {
        "shown": shown,
        "requested": {o.profile_id for o in outcomes},
        "accepted": {o.profile_id for o in outcomes if o.accepted},
        "hired": {o.profile_id for o in outcomes if o.hired},
    }
    people = sorted(set(live) | reached["requested"] | shown)
    labels = _labels(session, people)

    attributes = []
    for offset, (attribute, title) in enumerate(AUDITED):
        of = labels[attribute]
        person_labels = [of[p] for p in people]
        audits: dict[str, SelectionAudit] = {}
        for stage, _ in STAGES:
            audits[stage] = selection_audit(
                person_labels,
                [p in reached[stage] for p in people],
                flags=flags,
                samples=samples,
                seed=seed + offset,
            )
        exposure = exposure_audit(
            [[of[p] for p in ranking] for ranking in rankings],
            Counter(of[p] for p in live),
            k=k,
            flags=flags,
            samples=samples,
            seed=seed + offset,
        )
        attributes.append(
            AttributeAudit(
                attribute=attribute,
                label=title,
                unknown=person_labels.count(UNKNOWN),
                stages=[
                    _stage_out(
                        attribute,
                        stage,
                        description.replace("k", str(k), 1) if stage == "shown" else description,
                        audits[stage],
                        audits[PREVIOUS[stage]] if stage in PREVIOUS else None,
                    )
                    for stage, description in STAGES
                ],
                exposure=_exposure_out(attribute, exposure),
            )
        )

    ranked_by = model if model is not None else active_model(session)
    notes = _notes(flags, k, len(open_jobs), job_family, labels, people, _families(jobs))
    return BiasAudit(
        generated_at=now,
        model=engine.label,
        model_version=ranked_by.version if ranked_by is not None else None,
        k=k,
        job_family=job_family,
        since=since,
        jobs_ranked=len(open_jobs),
        people=len(people),
        min_share=flags.min_share,
        min_members=flags.min_members,
        confidence=CONFIDENCE,
        bootstrap_samples=samples,
        attributes=attributes,
        job_families=_families(all_jobs),
        notes=notes,
    )


def _notes(
    flags: Flags,
    k: int,
    jobs_ranked: int,
    job_family: str | None,
    labels: dict[str, dict[uuid.UUID, str]],
    people: Sequence[uuid.UUID],
    families: Sequence[JobFamily] = (),
) -> list[str]:
    notes = [
        f"'Shown' means among the first {k} candidates of at least one of the {jobs_ranked} "
        "open jobs audited, ranked as the employer's matches page ranks them.",
        f"Groups under {flags.min_share:.0%} of the people audited or with fewer than "
        f"{flags.min_members} members are flagged 'small' and never the reference group; "
        "they are still reported.",
        "'unknown' counts people who gave no answer, chose 'prefer not to say' or withdrew; "
        "it is reported as a group of its own and is never the reference group.",
    ]
    if job_family is not None and jobs_ranked == 0:
        notes.append(f"No open job is in the family '{job_family}'.")
    if job_family is not None and families:
        named = ", ".join(f"{f.code} {f.title}" for f in families)
        notes.append(f"The family '{job_family}' is: {named}.")
    for attribute in ("gender", "ethnicity", "age_band", "disability"):
        unknown = sum(1 for p in people if labels[attribute][p] == UNKNOWN)
        if people:
            notes.append(
                f"{unknown} of {len(people)} people ({unknown / len(people):.0%}) have no "
                f"{attribute} on record."
            )
    return notes


def store_audit(session: Session, audit: BiasAudit) -> BiasAuditRecord:
    """Keep ``audit`` (aggregates only) for the operator page and for later comparison."""
    record = BiasAuditRecord(
        model=audit.model,
        model_version=audit.model_version,
        job_family=audit.job_family,
        since=audit.since,
        k=audit.k,
        report=audit.model_dump(mode="json"),
        created_at=audit.generated_at,
    )
    BiasAuditRepository(session).add(record)
    return record


def latest_audit(session: Session) -> BiasAudit | None:
    record = BiasAuditRepository(session).latest()
    return None if record is None else BiasAudit.model_validate(record.report)
