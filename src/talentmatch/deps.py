"""Request-scoped dependencies shared by every domain's endpoints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.kit.security import PasswordHasher
from talentmatch.matching.indexer import MatchIndex
from talentmatch.tasks.runner import TaskRunner
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


def get_tasks(request: Request) -> TaskRunner:
    tasks: TaskRunner = request.app.state.tasks
    return tasks


# Methods that only read: their unit of work does not queue for SQLite's write lock.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES_OWN = "_talentmatch_writes_in_own_unit"

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])


def writes_in_own_unit(endpoint: Endpoint) -> Endpoint:
    """Mark an endpoint that does slow work (reading an upload) before it writes: its request
    session only reads, and it writes through :data:`WriterDep` when the slow part is done,
    so SQLite's one write lock is not held while a file is parsed."""
    setattr(endpoint, _WRITES_OWN, True)
    return endpoint


def _writes(request: Request) -> bool:
    if request.method in READ_METHODS:
        return False
    route = request.scope.get("route")
    return not getattr(getattr(route, "endpoint", None), _WRITES_OWN, False)


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: the only place that commits or rolls back (endpoints
    marked :func:`writes_in_own_unit` commit their write through :data:`WriterDep`)."""
    writes = _writes(request)
    with unit_of_work(request.app.state.session_factory, writes=writes) as session:
        yield session


Writer = Callable[[], AbstractContextManager[Session]]


def get_writer(request: Request) -> Writer:
    """Opens a unit of work that writes, committed when its block ends."""
    return partial(unit_of_work, request.app.state.session_factory)


SettingsDep = Annotated[Settings, Depends(get_settings)]
WriterDep = Annotated[Writer, Depends(get_writer)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
UnderstandingDep = Annotated[Understanding, Depends(get_understanding)]
MatchIndexDep = Annotated[MatchIndex, Depends(get_match_index)]
TasksDep = Annotated[TaskRunner, Depends(get_tasks)]
# scope="function": commit before the response is sent, so a 2xx always means "written".
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
