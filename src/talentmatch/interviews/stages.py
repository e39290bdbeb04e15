"""The hiring stages' one vocabulary: their order, their labels, which ones close a hire, and
the history-event kind that records a move to a stage (written by every mover, read by the
funnel and the request page)."""

from __future__ import annotations

from talentmatch.interviews.models import HiringStage

# The interview loop in order; "not selected" ends it at any point and stands apart.
LOOP: tuple[HiringStage, ...] = (
    HiringStage.SCREENING,
    HiringStage.TECHNICAL,
    HiringStage.ONSITE,
    HiringStage.OFFER,
    HiringStage.HIRED,
)
# A request at one of these is done: no more moves, times or offers.
CLOSED: tuple[HiringStage, ...] = (HiringStage.HIRED, HiringStage.NOT_SELECTED)

_LABELS = {
    HiringStage.SCREENING: "Screening",
    HiringStage.TECHNICAL: "Technical",
    HiringStage.ONSITE: "On-site",
    HiringStage.OFFER: "Offer",
    HiringStage.HIRED: "Hired",
    HiringStage.NOT_SELECTED: "Not selected",
}

_EVENT_PREFIX = "stage:"


def label(stage: HiringStage) -> str:
    """The stage as a heading (the board's columns)."""
    return _LABELS[stage]


def words(stage: HiringStage) -> str:
    """The stage inside a sentence ("moved to not selected"), as the pages' label filter
    writes its value."""
    return stage.value.replace("_", " ")


def stage_event_kind(stage: HiringStage) -> str:
    """The kind of the history event that records a move to ``stage``."""
    return f"{_EVENT_PREFIX}{stage.value}"


def stage_of_event(kind: str) -> HiringStage | None:
    """The stage a history event moved its request to; None for any other event (accepting
    is its own event, though it enters screening)."""
    if not kind.startswith(_EVENT_PREFIX):
        return None
    try:
        return HiringStage(kind.removeprefix(_EVENT_PREFIX))
    except ValueError:
        return None
