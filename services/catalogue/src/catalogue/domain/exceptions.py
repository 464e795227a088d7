"""Domain exceptions. They carry no HTTP codes; the API maps each family once.

CatalogueError
├── NotFound             a referenced profile, level, zone, band set, ... does not exist
├── AlreadyExists        a create would overwrite an existing item
├── Conflict             the request is valid but the current state forbids it
│                        (editing a published band set, publishing out of order)
├── TooLarge             an upload, or what it unpacks to, exceeds its limit
└── InvalidData          a value breaks an invariant (min > mid, unknown currency, ...)
    ├── DocumentFormatError  a profile document is not in the expected format
    └── BatchDocumentError   one document of a batch is refused: which file, where, why
"""

from __future__ import annotations

__all__ = [
    "AlreadyExists",
    "BatchDocumentError",
    "CatalogueError",
    "Conflict",
    "DocumentFormatError",
    "InvalidData",
    "NotFound",
    "TooLarge",
]


class CatalogueError(Exception):
    """Base of every error the catalogue domain raises on purpose."""


class NotFound(CatalogueError):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} does not exist")
        self.kind = kind
        self.key = key


class AlreadyExists(CatalogueError):
    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} {key!r} already exists")
        self.kind = kind
        self.key = key


class Conflict(CatalogueError):
    pass


class TooLarge(CatalogueError):
    pass


class InvalidData(CatalogueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DocumentFormatError(InvalidData):
    """Where parsing of a profile document stopped and what was expected there."""

    def __init__(self, *, expected: str, line: int, found: str) -> None:
        shown = found if len(found) <= 120 else found[:117] + "..."
        super().__init__(f"line {line}: expected {expected}; found {shown!r}")
        self.expected = expected
        self.line = line
        self.found = shown


class BatchDocumentError(InvalidData):
    """A document of a batch import that cannot be imported, named by its file."""

    def __init__(self, file: str, cause: InvalidData) -> None:
        super().__init__(f"{file}: {cause}", field=cause.field or "files")
        self.file = file
        self.line = cause.line if isinstance(cause, DocumentFormatError) else None
        self.expected = cause.expected if isinstance(cause, DocumentFormatError) else None
        self.found = cause.found if isinstance(cause, DocumentFormatError) else None
