"""Request-scoped dependencies shared by every domain's endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.kit.security import PasswordHasher
from talentmatch.matching.indexer import MatchIndex
from talentmatch.understanding import Understanding


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_hasher(request: Request) -> PasswordHasher:
    hasher: PasswordHasher = request.app.state.hasher
    return hasher


def get_understanding(request: Request) -> Understanding:
    understanding: Understanding = request.app.state.understanding
    return understanding


def get_match_index(request: Request) -> MatchIndex:
    index: MatchIndex = request.app.state.match_index
    return index


# Methods that only read: their unit of work does not queue for SQLite's write lock.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: the only place that commits or rolls back."""
    writes = request.method not in READ_METHODS
    with unit_of_work(request.app.state.session_factory, writes=writes) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
UnderstandingDep = Annotated[Understanding, Depends(get_understanding)]
MatchIndexDep = Annotated[MatchIndex, Depends(get_match_index)]
# scope="function": commit before the response is sent, so a 2xx always means "written".
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
