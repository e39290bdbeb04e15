"""Companies' views of candidate profiles, recorded off the request path.

Opening a profile is a GET: its unit of work only reads (on SQLite it must not take the write
lock). So, like ``accounts.token_use``, a view is handed to one background thread that records
it in a unit of work of its own, at most once per company, profile and hour.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.db import unit_of_work
from talentmatch.kit.background import BackgroundWriter
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.privacy.repository import ProfileViewRepository

log = logging.getLogger(__name__)

ViewKey = tuple[uuid.UUID, uuid.UUID, datetime]


def hour_of(moment: datetime) -> datetime:
    return as_utc(moment).replace(minute=0, second=0, microsecond=0)


class ProfileViewRecorder:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self._lock = threading.Lock()
        self._writer = BackgroundWriter("profile-views")
        # Views recorded (or on their way) this hour: the next ones need no database write.
        self._hour: datetime | None = None
        self._seen: set[ViewKey] = set()

    def viewed(
        self, company_id: uuid.UUID, profile_id: uuid.UUID, now: datetime | None = None
    ) -> None:
        """Note that the company opened the profile; returns at once."""
        now = as_utc(now or utcnow())
        hour = hour_of(now)
        key = (company_id, profile_id, hour)
        with self._lock:
            if hour != self._hour:  # keeps the memory to one hour's views
                self._hour, self._seen = hour, set()
            if key in self._seen:
                return
            self._seen.add(key)
        self._writer.submit(self._record, key, now)

    def _record(self, key: ViewKey, now: datetime) -> None:
        company_id, profile_id, hour = key
        try:
            with unit_of_work(self.session_factory) as session:
                ProfileViewRepository(session).add_once(company_id, profile_id, hour, now)
        except sa.exc.SQLAlchemyError:  # busy, or the profile was just erased
            log.warning("could not record a profile view", exc_info=True)
            with self._lock:
                self._seen.discard(key)  # the next view tries again

    def flush(self) -> None:
        """Wait until every view noted so far is recorded (tests, shutdown)."""
        self._writer.flush()

    def close(self) -> None:
        """Record what is pending and stop the thread (the app's shutdown)."""
        self._writer.close()
