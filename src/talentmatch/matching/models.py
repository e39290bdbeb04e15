from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType, enum_column


class ModelStatus(enum.StrEnum):
    TRAINED = "trained"  # evaluated, waiting for promotion
    ACTIVE = "active"  # ranks every match; at most one
    RETIRED = "retired"  # was active once


class RankingModel(RecordMixin, Base):
    """A learned ranking model, versioned, stored as LightGBM's own text format (no pickle)."""

    __tablename__ = "ranking_models"
    __table_args__ = (
        sa.Index(
            "uq_ranking_models_one_active",
            "status",
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        ),
    )

    version: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(sa.String(30), default="lambdarank")
    status: Mapped[ModelStatus] = mapped_column(
        enum_column(ModelStatus), default=ModelStatus.TRAINED, index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    # What it learned from and how it scored against the model active at training time.
    training: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    promoted_at: Mapped[datetime | None]


class MatchVector(RecordMixin, Base):
    """A candidate's or job's stored embeddings (float32 bytes) and normalised skills, written
    by the indexer so that no request embeds a text twice. ``fingerprint`` names the texts the
    vectors were computed from; a different one means they are stale."""

    __tablename__ = "match_vectors"
    __table_args__ = (sa.UniqueConstraint("kind", "item_id", name="uq_match_vectors_kind_item"),)

    kind: Mapped[str] = mapped_column(sa.String(10))  # "candidate" or "job"
    item_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    fingerprint: Mapped[str] = mapped_column(sa.String(40))
    skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    text_vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    title_vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    wish_vector: Mapped[bytes] = mapped_column(sa.LargeBinary)


class KeptProfile(RecordMixin, Base):
    """The identity-blind profile the indexer built for a live candidate or open job
    (``ml.matching.profile_payload``: blind text, skills, titles, wishes; no vectors), and what
    it was built from (``source_stamp``: the row's change stamp and a candidate's resume's). A
    match request whose row still has that stamp reads it instead of building it again. Apart
    from ``match_vectors``: on PostgreSQL each update of a row there re-inserts it into the
    HNSW index."""

    __tablename__ = "match_profiles"
    __table_args__ = (sa.UniqueConstraint("kind", "item_id", name="uq_match_profiles_kind_item"),)

    kind: Mapped[str] = mapped_column(sa.String(10))  # "candidate" or "job"
    item_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    source_stamp: Mapped[str] = mapped_column(sa.String(80))
    profile: Mapped[dict[str, Any]] = mapped_column(JSONType)


# Not in the ORM metadata: the table exists on SQLite only (PostgreSQL notifies instead); the
# change feed (talentmatch.matching.changes) reads it through MatchChangeRepository.
_changes_metadata = sa.MetaData()
match_changes = sa.Table(
    "match_changes",
    _changes_metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("item_id", sa.Uuid, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sqlite_autoincrement=True,
)
