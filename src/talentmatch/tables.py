"""Every domain's tables on ``Base.metadata``: what migrations, backups and the app need before
they read the whole schema. Kept out of db.py, which every models module imports."""

from __future__ import annotations

from talentmatch.accounts import models as _accounts
from talentmatch.candidates import models as _candidates
from talentmatch.companies import models as _companies
from talentmatch.counselling import models as _counselling
from talentmatch.fairness import models as _fairness
from talentmatch.fairness.ranking import models as _fair_ranking
from talentmatch.imports import models as _imports
from talentmatch.interviews import models as _interviews
from talentmatch.jobs import models as _jobs
from talentmatch.matching import models as _matching
from talentmatch.notifications import models as _notifications
from talentmatch.preparation import models as _preparation
from talentmatch.privacy import models as _privacy
from talentmatch.recruiting import models as _recruiting

DOMAIN_MODELS = (
    _accounts,
    _candidates,
    _companies,
    _counselling,
    _fairness,
    _fair_ranking,
    _imports,
    _interviews,
    _jobs,
    _matching,
    _notifications,
    _preparation,
    _privacy,
    _recruiting,
)


def import_models() -> None:
    """Nothing left to do once this module is imported: kept so callers say why they import it."""
