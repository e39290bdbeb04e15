"""Settings, read from ``TALENTMATCH_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
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

    # Uploads
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_docx_uncompressed_bytes: int = Field(default=100 * 1024 * 1024, gt=0)
    # Each upload is read in its own child process under these limits (see kit.isolation).
    document_memory_mb: int = Field(default=512, ge=64)
    document_cpu_seconds: int = Field(default=3, ge=1)
    document_wall_seconds: float = Field(default=4.0, gt=0)
    document_max_pages: int = Field(default=30, gt=0)
    document_max_chars: int = Field(default=200_000, gt=0)
    document_parallel: int = Field(default=0, ge=0)  # readers at once; 0: one per CPU (>= 2)

    # Marketplace rules
    profile_live_days: int = Field(default=60, gt=0)
    request_expiry_days: int = Field(default=14, gt=0)

    # Sessions and passwords
    session_days: int = Field(default=14, gt=0)
    cookie_secure: bool = False
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65536, ge=64)
    password_reset_minutes: int = Field(default=60, gt=0)

    # E-mail: always written to the outbox; delivered by SMTP when a host is set.
    public_url: str = "http://127.0.0.1:8000"
    mail_from: str = "talentmatch <no-reply@talentmatch.invalid>"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = ""

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("TALENTMATCH_SECRET_KEY must be set to a private value in production")
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
