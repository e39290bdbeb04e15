"""Alembic environment: the engine comes from the caller (``upgrade_database``) or settings."""

from alembic import context

from talentmatch.config import Settings
from talentmatch.db import Base, create_engine
from talentmatch.tables import import_models

import_models()
target_metadata = Base.metadata
config = context.config

engine = config.attributes.get("engine") or create_engine(Settings())


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave alone what matching.pgvector adds at run time where the server has pgvector, and
    the background-task queue's own tables (procrastinate's schema, applied by 0013)."""
    if reflected and type_ == "table" and (name or "").startswith("procrastinate_"):
        return False
    added_column = type_ == "column" and name == "embedding"
    added_index = type_ == "index" and (name or "").startswith("ix_match_vectors_embedding")
    return not (reflected and (added_column or added_index))


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # A batch migration rebuilds a SQLite table (copy, drop, rename); with foreign keys on,
        # dropping the old table would cascade-delete every row that references it (a company's
        # members, a job's requests). SQLite's own recipe for altering a table: foreign keys
        # off outside the transaction, checked before the commit.
        # (On the driver's connection: through SQLAlchemy the pragma would run inside the
        # transaction it begins, where SQLite ignores it.)
        driver = connection.connection.driver_connection
        enforced = driver.execute("PRAGMA foreign_keys").fetchone()[0]  # type: ignore[union-attr]
        driver.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and enforced:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke references: {broken[:5]}")
        connection.commit()
    finally:
        if sqlite:
            # Back as the connection had it (the app's connections enforce foreign keys),
            # also when a migration failed and the connection returns to the pool.
            connection.rollback()
            driver.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")  # type: ignore[union-attr]
