"""Rows the services write while the demo plays, and the past moment each step stands for.

The services stamp what they write "now" (created and answered times, expiry dates, "live
until" dates). The demo plays each step inside :meth:`Backdating.at`, which notes every row and
time field the step wrote; :meth:`Backdating.backdate`, once every service has run, moves each
of those times back by how long ago its step is meant to have happened (an expiry 14 days after
"now" becomes 14 days after the day the request was sent), and the dates the services wrote
into the step's notices and e-mails with them. New rows get their ids from the demo's seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from talentmatch.db import RecordMixin
from talentmatch.kit.clock import as_utc, utcnow

TEXT_FIELDS = ("detail", "body", "title", "subject", "html_body")
DATE = "%Y-%m-%d"


@dataclass
class _Step:
    moment: datetime
    shift: timedelta  # how far back this step's "now" moves
    new: list[RecordMixin] = field(default_factory=list)


class Backdating:
    """Ids from ``rng`` for every row written between :meth:`start` and :meth:`stop`, and
    the times of the rows written in :meth:`at` steps, moved back by :meth:`backdate`."""

    def __init__(self, session: Session, rng: random.Random) -> None:
        self.session = session
        self.rng = rng
        self.started = utcnow()
        self.step: _Step | None = None
        self.steps: list[_Step] = []
        # (row, time field) -> the step that wrote it last; rows' later steps win.
        self.written: dict[tuple[int, str], tuple[RecordMixin, _Step]] = {}
        self.touched: dict[int, tuple[RecordMixin, _Step]] = {}

    def start(self) -> None:
        self.session.flush()  # rows written before keep their own ids and times
        event.listen(self.session, "before_flush", self._collect)

    def stop(self) -> None:
        self.session.flush()
        event.remove(self.session, "before_flush", self._collect)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        """What the services write in this block happened at ``moment``."""
        self.session.flush()
        self.step = _Step(moment, utcnow() - moment)
        self.steps.append(self.step)
        try:
            yield
            self.session.flush()
        finally:
            self.step = None

    def _collect(self, session: Session, _context: Any, _instances: Any) -> None:
        for row in session.new:
            if not isinstance(row, RecordMixin):
                continue
            if row.id is None:
                row.id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            if self.step is not None:
                self.step.new.append(row)
                self._note(row, self.step, every=True)
        if self.step is not None:
            for row in session.dirty:
                if isinstance(row, RecordMixin) and session.is_modified(row):
                    self._note(row, self.step, every=False)

    def _note(self, row: RecordMixin, step: _Step, *, every: bool) -> None:
        state = sa.inspect(row)
        self.touched[id(row)] = (row, step)
        for name in _time_fields(type(row)):
            if every or state.attrs[name].history.has_changes():
                value = getattr(row, name)
                if isinstance(value, datetime) and as_utc(value) >= self.started:
                    self.written[(id(row), name)] = (row, step)

    def backdate(self) -> None:
        """Move every time the steps wrote to its step's moment (an expiry or a "live until"
        keeps its distance from it), and the dates written into the steps' texts."""
        texts: dict[int, list[tuple[str, str]]] = {}
        for (_, name), (row, step) in self.written.items():
            value = as_utc(getattr(row, name))
            moved = value - step.shift
            setattr(row, name, moved)
            if f"{value:{DATE}}" != f"{moved:{DATE}}":
                texts.setdefault(id(step), []).append((f"{value:{DATE}}", f"{moved:{DATE}}"))
        for step in self.steps:
            for row in step.new:
                row.created_at = step.moment
                for written, meant in texts.get(id(step), []):
                    _replace(row, written, meant)
        for row, step in self.touched.values():
            row.updated_at = step.moment
        self.session.flush()


_TIME_FIELDS: dict[type, tuple[str, ...]] = {}


def _time_fields(model: type) -> tuple[str, ...]:
    """The model's time columns other than its creation and update times."""
    if model not in _TIME_FIELDS:
        mapper: sa.orm.Mapper[Any] = sa.inspect(model)
        _TIME_FIELDS[model] = tuple(
            column.key
            for column in mapper.column_attrs
            if column.key not in ("created_at", "updated_at")
            and isinstance(getattr(column.columns[0].type, "impl", None), sa.DateTime)
        )
    return _TIME_FIELDS[model]


def _replace(row: Any, written: str, meant: str) -> None:
    for name in TEXT_FIELDS:
        value = getattr(row, name, None)
        if isinstance(value, str) and written in value:
            setattr(row, name, value.replace(written, meant))
