"""Versioned event contracts: the CloudEvents envelope and one payload model per event type."""

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
from leveling_common.events.common import PayRange, Person
from leveling_common.events.decision import (
    DECISION_MADE,
    Alternative,
    BandRef,
    DecisionData,
    PreviousOutcome,
    ProfileRef,
    Signal,
)
from leveling_common.events.envelope import CloudEvent, OutgoingEvent, RawCloudEvent, utc_now
from leveling_common.events.registry import (
    EVENT_TYPES,
    TOPIC_CATALOGUE,
    TOPIC_DECISIONS,
    TOPIC_REQUISITIONS,
    EventType,
)
from leveling_common.events.requisition import (
    REQUISITION_CLOSED,
    REQUISITION_OPENED,
    REQUISITION_TYPES,
    REQUISITION_UPDATED,
    HiringTeam,
    Location,
    RequisitionData,
    requisition_key,
)

__all__ = [
    "BANDSET_EFFECTIVE",
    "BANDSET_PUBLISHED",
    "DECISION_MADE",
    "EVENT_TYPES",
    "JURISDICTION_EFFECTIVE",
    "PROFILE_CHANGED",
    "REQUISITION_CLOSED",
    "REQUISITION_OPENED",
    "REQUISITION_TYPES",
    "REQUISITION_UPDATED",
    "TOPIC_CATALOGUE",
    "TOPIC_DECISIONS",
    "TOPIC_REQUISITIONS",
    "Alternative",
    "BandRef",
    "BandSetEffectiveData",
    "BandSetPublishedData",
    "CloudEvent",
    "DecisionData",
    "EventType",
    "HiringTeam",
    "JurisdictionEffectiveData",
    "Location",
    "OutgoingEvent",
    "PayRange",
    "Person",
    "PreviousOutcome",
    "ProfileChangedData",
    "ProfileRef",
    "RawCloudEvent",
    "RequisitionData",
    "Signal",
    "requisition_key",
    "utc_now",
]
