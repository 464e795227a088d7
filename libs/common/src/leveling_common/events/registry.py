"""Which payload model each CloudEvents type carries, and on which topic it travels."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from leveling_common.events.catalogue import (
    BANDSET_EFFECTIVE,
    BANDSET_PUBLISHED,
    JURISDICTION_EFFECTIVE,
    PROFILE_CHANGED,
    BandSetEffectiveData,
    BandSetPublishedData,
    JurisdictionEffectiveData,
    ProfileChangedData,
)
from leveling_common.events.decision import DECISION_MADE, DecisionData
from leveling_common.events.requisition import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_UPDATED,
    RequisitionData,
)

__all__ = ["EVENT_TYPES", "TOPIC_CATALOGUE", "TOPIC_DECISIONS", "TOPIC_REQUISITIONS", "EventType"]

TOPIC_REQUISITIONS = "requisitions.v1"
TOPIC_DECISIONS = "leveling.decisions.v1"
TOPIC_CATALOGUE = "catalogue.changes.v1"


@dataclass(frozen=True)
class EventType:
    name: str
    topic: str
    payload: type[BaseModel]
    summary: str


EVENT_TYPES: dict[str, EventType] = {
    e.name: e
    for e in (
        EventType(REQUISITION_OPENED, TOPIC_REQUISITIONS, RequisitionData, "A job was opened."),
        EventType(REQUISITION_UPDATED, TOPIC_REQUISITIONS, RequisitionData, "A job changed."),
        EventType(REQUISITION_CLOSED, TOPIC_REQUISITIONS, RequisitionData, "A job was closed."),
        EventType(DECISION_MADE, TOPIC_DECISIONS, DecisionData, "A leveling decision was made."),
        EventType(
            BANDSET_PUBLISHED, TOPIC_CATALOGUE, BandSetPublishedData, "A band set was published."
        ),
        EventType(
            BANDSET_EFFECTIVE,
            TOPIC_CATALOGUE,
            BandSetEffectiveData,
            "A band set published ahead of time came into force.",
        ),
        EventType(PROFILE_CHANGED, TOPIC_CATALOGUE, ProfileChangedData, "A role profile changed."),
        EventType(
            JURISDICTION_EFFECTIVE,
            TOPIC_CATALOGUE,
            JurisdictionEffectiveData,
            "A pay-transparency rule came into force.",
        ),
    )
}
