from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from talentmatch.candidates.schemas import EmployerProfileView, ProfileSearch
from talentmatch.interviews.models import HiringStage
from talentmatch.kit.fields import InputModel

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
NoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class ShortlistCreate(InputModel):
    name: Name


class ShortlistAdd(InputModel):
    profile_id: uuid.UUID


class ShortlistPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime


class ShortlistDetail(ShortlistPublic):
    candidates: list[EmployerProfileView]


class NoteCreate(InputModel):
    body: NoteText


class NotePublic(BaseModel):
    id: uuid.UUID
    body: str
    author: str
    created_at: datetime


class SavedFilters(ProfileSearch):
    """A saved search's filters: an unknown one is refused, not dropped (dropped, it would
    leave a search that matches everyone and alerts on every new candidate)."""

    model_config = ConfigDict(extra="forbid")


class SavedSearchCreate(InputModel):
    name: Name
    filters: SavedFilters
    alerts: bool = True

    @model_validator(mode="after")
    def _some_filter(self) -> SavedSearchCreate:
        if self.filters.is_empty():
            raise ValueError("choose at least one filter to save a search")
        return self


class SavedSearchPublic(BaseModel):
    id: uuid.UUID
    name: str
    filters: ProfileSearch
    alerts: bool
    created_at: datetime


class ScorecardCreate(InputModel):
    stage: HiringStage
    rating: Annotated[int, Field(ge=1, le=4, description="1 strong no … 4 strong yes")]
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""


class ScorecardPublic(BaseModel):
    id: uuid.UUID
    stage: HiringStage
    rating: int
    notes: str
    author: str
    updated_at: datetime
