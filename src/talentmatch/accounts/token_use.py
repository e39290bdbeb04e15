"""API tokens' last use, recorded off the request path.

A request with a token only reads, most of the time; recording its use inside the request's
transaction would make every such read a writer (on SQLite: the one write lock, held for the
whole request). So the use is recorded by one background thread, in a unit of work of its
own, at most once per :data:`TOKEN_USE_RESOLUTION` for each token.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.accounts.repository import UserRepository
from talentmatch.db import unit_of_work
from talentmatch.kit.background import BackgroundWriter
from talentmatch.kit.clock import as_utc

log = logging.getLogger(__name__)

# Shown to the nearest minute, so recorded no more often.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


class TokenUseRecorder:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self._pending: set[uuid.UUID] = set()
        self._lock = threading.Lock()
        self._writer = BackgroundWriter("token-use")

    def used(self, token_id: uuid.UUID, last_recorded: datetime | None, now: datetime) -> None:
        """Note that the token was used at ``now``; returns at once."""
        if last_recorded is not None and as_utc(last_recorded) >= now - TOKEN_USE_RESOLUTION:
            return
        with self._lock:
            if token_id in self._pending:
                return
            self._pending.add(token_id)
        self._writer.submit(self._record, token_id, now)

    def _record(self, token_id: uuid.UUID, now: datetime) -> None:
        try:
            with unit_of_work(self.session_factory) as session:
                UserRepository(session).record_token_use(token_id, now, every=TOKEN_USE_RESOLUTION)
        except sa.exc.SQLAlchemyError:  # busy or gone: a later request records it
            log.warning("could not record an API token's use", exc_info=True)
        finally:
            with self._lock:
                self._pending.discard(token_id)

    def flush(self) -> None:
        """Wait until every use noted so far is recorded (tests, shutdown)."""
        self._writer.flush()

    def close(self) -> None:
        """Record what is pending and stop the thread (the app's shutdown)."""
        self._writer.close()
