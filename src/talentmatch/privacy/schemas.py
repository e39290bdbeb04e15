from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from talentmatch.kit.fields import InputModel


class ErasureRequest(InputModel):
    password: Annotated[
        str, Field(min_length=1, max_length=200, description="The account's current password")
    ]


class ProfileViewPublic(BaseModel):
    company_id: uuid.UUID
    company_name: str
    viewed_at: datetime
