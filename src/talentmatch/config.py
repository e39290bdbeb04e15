"""Settings, read from ``TALENTMATCH_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from limits import parse_many
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused outside development


class Settings(BaseSettings):
    """Everything the application can be configured with.

    Nothing reads these at import time: ``create_app(settings)`` and ``create_engine(settings)``
    receive an instance, so a test can point the whole app at a temporary database.
    """

    model_config = SettingsConfigDict(env_prefix="TALENTMATCH_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///./var/talentmatch.db"
    secret_key: str = DEVELOPMENT_SECRET
    auto_migrate: bool = True
    # Load the understanding and matching models in the background at start-up, so that the
    # first upload or match does not wait for them.
    preload_models: bool = True
    # The in-process worker that keeps match vectors and the index fresh (see matching.indexer).
    match_index_worker: bool = True
    match_exhaustive_limit: int = Field(default=2000, ge=0)
    # Where the match index searches vectors. "in-process" (the default, on both databases):
    # 8-bit codes in each process, scanned whole with the hard constraints applied, so the
    # shortlist is exact up to the codes (about 38 MB per 100,000 items a side). "pgvector"
    # (PostgreSQL with the extension): an HNSW index in the database, for marketplaces whose
    # vectors outgrow the processes' memory; its results are filtered by the constraints
    # after the search, so a job whose constraints few candidates meet gets fewer of its nearest
    # ones (at 100,000 a side, half of the nearest compatible hundred on average).
    match_vector_search: Literal["in-process", "pgvector"] = "in-process"
    # How long an SQLite writer waits for the write lock before the request is answered 503
    # ("busy, retry") instead of queueing on.
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)

    # Uploads
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    # All of a DOCX's parts, inflated (its XML alone is capped lower, in candidates.files).
    max_docx_uncompressed_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    # Each upload is read in its own child process under these limits (see kit.isolation).
    document_memory_mb: int = Field(default=512, ge=64)
    document_cpu_seconds: int = Field(default=3, ge=1)
    document_wall_seconds: float = Field(default=4.0, gt=0)
    document_max_pages: int = Field(default=30, gt=0)
    # Text kept from a file (a long CV is about 30,000 characters); parsing more costs seconds
    # of the web process's time (200,000 took 6 s).
    document_max_chars: int = Field(default=50_000, gt=0)
    document_parallel: int = Field(default=0, ge=0)  # readers at once; 0: one per CPU (>= 2)

    # Marketplace rules
    profile_live_days: int = Field(default=60, gt=0)
    request_expiry_days: int = Field(default=14, gt=0)
    # A sent request's candidate is e-mailed once this long before it expires.
    request_reminder_hours: int = Field(default=24, gt=0)
    # Fair re-ranking's calibration (``talentmatch audit calibrate``) is measured again, to the
    # same goal, once it is this old or the ranking model changed (a periodic task).
    fair_ranking_recalibrate_days: int = Field(default=7, gt=0)

    # Background work (see talentmatch.tasks). "in-process": the web app runs the tasks itself
    # (uploads are read before the answer; e-mail delivery, request expiry and reminders on a
    # timer thread), nothing else to start. "worker" (PostgreSQL only): the web app queues
    # them in PostgreSQL (procrastinate) and `talentmatch worker` processes run them.
    task_runner: Literal["in-process", "worker"] = "in-process"
    # The in-process timer (off: nothing runs the periodic tasks) and its interval.
    task_timer: bool = True
    task_interval_seconds: float = Field(default=60.0, gt=0)
    # Workers: heartbeat, and how long without one before a worker's jobs are run again
    # elsewhere (a worker that was killed).
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0)
    worker_stalled_seconds: float = Field(default=30.0, gt=0)

    # Marketplace pay data (/insights/pay): a role x level x country cell of interview-request
    # salaries is published only with this many requests from this many companies, and no one
    # company above this share of its requests, so that no company's offers can be read off it.
    pay_insights_min_requests: int = Field(default=10, ge=3)
    pay_insights_min_companies: int = Field(default=4, ge=2)
    pay_insights_max_company_share: float = Field(default=0.5, gt=0, lt=1)
    pay_insights_currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")

    # Sessions and passwords
    session_days: int = Field(default=14, gt=0)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65536, ge=64)
    password_reset_minutes: int = Field(default=60, gt=0)
    # How long the link that confirms a sign-up's e-mail address works.
    signup_confirm_hours: int = Field(default=48, gt=0)
    api_token_days: int = Field(default=30, gt=0)  # lifetime of tokens from /api/auth/token
    # Unset: on in production (HTTPS), off elsewhere.
    cookie_secure: bool = False

    # Rate limits, in the notation of the ``limits`` library ("10/minute;100/hour"). Counted in
    # this process's memory, or in Redis when a URL is set (shared by every server process).
    redis_url: str = ""
    rate_limit_prefix: str = "talentmatch"  # Redis key prefix, for a Redis shared with others
    rate_limit_login: str = "30/minute;300/hour"  # log-in and token requests, per client address
    rate_limit_signup: str = "20/minute;200/hour"  # per client address
    rate_limit_reset: str = "10/minute;60/hour"  # forgot and reset requests, per address
    rate_limit_reset_email: str = "3/15minutes;10/day"  # reset e-mails, per e-mail address
    rate_limit_signup_email: str = "3/15minutes;10/day"  # sign-up e-mails, per e-mail address
    rate_limit_uploads: str = "10/minute;100/hour"  # resume uploads, per account
    rate_limit_messages: str = "20/minute;300/hour"  # messages sent, per account
    # Progressive lockout: after this many failed log-ins within the window, log-in is refused
    # for the first lockout, doubled on each further one (up to the maximum).
    login_failures_per_account: int = Field(default=5, gt=0)
    login_failures_per_address: int = Field(default=20, gt=0)
    login_failure_window_minutes: int = Field(default=15, gt=0)
    login_lockout_seconds: int = Field(default=60, gt=0)
    login_lockout_max_seconds: int = Field(default=3600, gt=0)

    # E-mail: always written to the outbox; delivered by SMTP when a host is set.
    public_url: str = "http://127.0.0.1:8000"
    mail_from: str = "talentmatch <no-reply@talentmatch.invalid>"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = ""

    # Operations (see docs/deploy.md). Logs: "text" for a terminal, "json" (one object a line,
    # with the request id) for a log collector.
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # GET /metrics (Prometheus): aggregates only, no user data. When a token is set, a scrape
    # must send "Authorization: Bearer <token>"; otherwise keep /metrics off the public proxy.
    metrics_enabled: bool = True
    metrics_token: str = ""
    # How long /api/health/ready and /metrics wait for the database before saying it failed.
    health_timeout_seconds: float = Field(default=2.0, gt=0, le=30)

    @field_validator(
        "rate_limit_login",
        "rate_limit_signup",
        "rate_limit_reset",
        "rate_limit_reset_email",
        "rate_limit_signup_email",
        "rate_limit_uploads",
        "rate_limit_messages",
    )
    @classmethod
    def _parse_rate_limit(cls, value: str) -> str:
        parse_many(value)  # a ValueError names the bad text at start-up
        return value

    @model_validator(mode="after")
    def _secure_cookies_in_production(self) -> Settings:
        if "cookie_secure" not in self.model_fields_set and self.environment == "production":
            self.cookie_secure = True
        return self

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("TALENTMATCH_SECRET_KEY must be set to a private value in production")
        return self

    @model_validator(mode="after")
    def _worker_tasks_need_postgresql(self) -> Settings:
        if self.task_runner == "worker" and self.is_sqlite:
            raise ValueError(
                "TALENTMATCH_TASK_RUNNER=worker needs PostgreSQL; on SQLite the web app runs "
                "background work in-process"
            )
        if self.worker_stalled_seconds <= self.worker_heartbeat_seconds:
            raise ValueError("TALENTMATCH_WORKER_STALLED_SECONDS must exceed the heartbeat")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file for a file-backed SQLite URL, else ``None``."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :]
        return None if path in ("", ":memory:") else Path(path)
