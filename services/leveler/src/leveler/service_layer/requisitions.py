"""Content fingerprints of a canonical requisition.

Two hashes answer two questions. `content_hash` — did anything we keep change? It ignores
only the source's own timestamp, so the ATS echoing our write-back (which bumps the job's
`updated_at` and nothing we map) is recognised as no change. `decision_hash` — did anything
the engine reads change? A new hiring manager updates the snapshot without a new decision.
"""

from __future__ import annotations

import hashlib

from leveling_common.events import REQUISITION_CLOSED, RequisitionData

__all__ = [
    "content_hash",
    "decision_hash",
    "document_of",
    "effective_data",
    "fingerprints",
    "is_stale",
    "snapshot_of",
]

_DECISION_FIELDS: set[str] = set(
    {
        "title",
        "department",
        "location",
        "description",
        "min_years_experience",
        "direct_reports",
        "requested_level",
        "posted_range",
    }
)


def document_of(data: RequisitionData) -> str:
    """The stored JSON. Empty (null) fields are left out, so an optional field added to the
    contract later does not change the fingerprint of every requisition stored before it."""
    return data.model_dump_json(exclude_none=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprints(data: RequisitionData) -> tuple[str, str]:
    """(content hash, decision hash). Serialisation follows the model's field order, so
    equal content always gives equal text."""
    content = data.model_dump_json(exclude_none=True, exclude={"source_updated_at"})
    decisive = data.model_dump_json(exclude_none=True, include=_DECISION_FIELDS)
    return _digest(content), _digest(decisive)


def content_hash(data: RequisitionData) -> str:
    return fingerprints(data)[0]


def decision_hash(data: RequisitionData) -> str:
    return fingerprints(data)[1]


def effective_data(event_type: str, data: RequisitionData) -> RequisitionData:
    """A `closed` event closes the requisition whatever status its payload carries."""
    if event_type == REQUISITION_CLOSED and data.status != "closed":
        return data.model_copy(update={"status": "closed"})
    return data


def is_stale(incoming: RequisitionData, stored: RequisitionData) -> bool:
    """An older version of the job arriving late (a vendor retry) must not undo a newer one."""
    if incoming.source_updated_at is None or stored.source_updated_at is None:
        return False
    return incoming.source_updated_at < stored.source_updated_at


def snapshot_of(data: RequisitionData) -> tuple[str, str]:
    return fingerprints(data)
