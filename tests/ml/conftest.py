from __future__ import annotations

import pytest

from talentmatch.understanding import Understanding


@pytest.fixture(scope="session")
def understanding() -> Understanding:
    """The packaged models, loaded once for the whole test session."""
    return Understanding()
