"""The labelled set: one JSON object per line, the requisition in the event's shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from leveler.domain.requisition import Requisition
from leveler.service_layer.engine_input import requisition_from_event
from leveling_common.events import RequisitionData

__all__ = ["Example", "as_sent_by_ats", "load_examples"]


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    kind: str
    expected_profile: str | None
    expected_level: str | None
    why: str
    requisition: Requisition
    # The posting's real track ("P" individual contributor, "M" people manager), when known;
    # for a wrong-track posting, the track the catalogue has no profile for.
    expected_track: str | None = None
    # The function the posting belongs to or neighbours, for figures per function.
    function: str | None = None

    @property
    def in_catalogue(self) -> bool:
        return self.expected_profile is not None


def _requisition(example_id: str, fields: dict[str, Any]) -> Requisition:
    # Going through the event model checks every example against the public contract.
    data = RequisitionData.model_validate(
        {
            **fields,
            "requisition_key": f"evaluation:{example_id}",
            "source_system": "evaluation",
            "external_id": example_id,
        }
    )
    return requisition_from_event(data)


def _track_of(level: str | None) -> str | None:
    return level[0] if level else None


def _function_of(profile: str | None) -> str | None:
    return profile.partition(".")[0] if profile else None


def load_examples(path: Path) -> list[Example]:
    """Examples of one split, in file order."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        expected = row["expected"]
        examples.append(
            Example(
                id=row["id"],
                kind=row["kind"],
                expected_profile=expected["profile"],
                expected_level=expected["level"],
                why=row.get("why", ""),
                requisition=_requisition(row["id"], row["requisition"]),
                expected_track=expected.get("track") or _track_of(expected["level"]),
                function=row.get("function") or _function_of(expected["profile"]),
            )
        )
    return examples


def as_sent_by_ats(examples: Sequence[Example]) -> list[Example]:
    """The examples as an ATS webhook delivers them: Greenhouse, Ashby and Lever send the
    title, description, location and pay range but no direct reports or years of
    experience fields, so the engine reads those from the text alone."""
    return [
        replace(
            example,
            requisition=replace(
                example.requisition, direct_reports=None, min_years_experience=None
            ),
        )
        for example in examples
    ]
