"""Alembic environment: the engine comes from the caller (``upgrade_database``) or settings."""

from alembic import context

from talentmatch.config import Settings
from talentmatch.db import Base, create_engine, import_models

import_models()
target_metadata = Base.metadata
config = context.config

engine = config.attributes.get("engine") or create_engine(Settings())

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
