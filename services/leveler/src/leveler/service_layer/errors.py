"""Failures the use cases report; the entry points map each to an HTTP answer once.

Exception
├── LevelerError
│   ├── NotFound               the requisition (or its decision) does not exist
│   ├── InvalidOverride        the level is not one of the profile's levels
│   ├── NotReplayable          a decision set by hand, or one whose inputs were not kept
│   └── ConcurrentUpdate       another writer took the same version or delivery first
└── TransientError (leveling_common.kafka)
    └── CatalogueUnavailable   no usable catalogue snapshot: retry later, never decide
"""

from __future__ import annotations

from leveling_common.kafka import TransientError

__all__ = [
    "CatalogueUnavailable",
    "ConcurrentUpdate",
    "InvalidOverride",
    "LevelerError",
    "NotFound",
    "NotReplayable",
]


class LevelerError(Exception):
    """Base of the leveler's own use-case errors."""


class NotFound(LevelerError):
    pass


class InvalidOverride(LevelerError):
    pass


class NotReplayable(LevelerError):
    pass


class ConcurrentUpdate(LevelerError):
    """A unique constraint rejected the write: someone else wrote the same row first."""


class CatalogueUnavailable(TransientError):
    """The catalogue could not be read and no earlier snapshot is usable."""
