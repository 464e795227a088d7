"""The engine's view of a requisition event: what the leveling use cases hand to `decide`."""

from __future__ import annotations

from leveler.domain.requisition import Location, PayRange, Requisition
from leveling_common.events import RequisitionData

__all__ = ["requisition_from_event"]


def requisition_from_event(data: RequisitionData) -> Requisition:
    """The engine's view of a requisition event's data."""
    posted = data.posted_range
    return Requisition(
        title=data.title,
        description=data.description,
        department=data.department,
        location=Location(
            name=data.location.name,
            city=data.location.city,
            region=data.location.region,
            country=data.location.country,
            remote=data.location.remote,
        ),
        min_years_experience=data.min_years_experience,
        direct_reports=data.direct_reports,
        requested_level=data.requested_level,
        posted_range=(
            PayRange(
                min=posted.min, max=posted.max, currency=posted.currency, interval=posted.interval
            )
            if posted is not None
            else None
        ),
    )
