"""The catalogue as sheets a comp analyst fills in: one sheet per kind of thing, one row per
item, one column per field; lists (aliases, cities, responsibilities) one item per line.

`to_sheets` (sheet_export) and `from_sheets` (sheet_import) are exact inverses for anything
the catalogue holds, so an export imports back to the same catalogue. A refused cell names
its sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from catalogue.domain.exceptions import InvalidData

__all__ = ["SEPARATOR", "SHEETS", "Row", "SheetCellError"]

SHEETS: dict[str, tuple[str, ...]] = {
    "Functions": ("code", "name", "description"),
    "Profiles": (
        "code", "name", "function", "description", "distinguishing", "aliases", "skills",
        "soc_codes", "sources", "differentials", "pay_factor",
    ),
    "Levels": (
        "profile", "level", "name", "summary", "scope", "autonomy", "complexity", "impact",
        "decision_rights", "leadership", "typical_experience", "years_min", "years_max",
        "rubric_knowledge", "rubric_complexity", "rubric_collaboration", "rubric_degree_years",
        "responsibilities",
    ),
    "Zones": ("code", "name", "country", "region", "cities", "remote", "differential", "default"),
    "Jurisdictions": (
        "code", "name", "country", "region", "city", "covers_remote", "forbids_open_ended",
        "effective_from", "effective_to", "note",
    ),
    "Band sets": (
        "id", "name", "effective_from", "status", "created_at", "published_at", "supersedes",
        "round_to",
    ),
    "Exchange rates": ("currency", "per_usd"),
    "Title conventions": ("track", "phrase", "rank"),
    "Bands": (
        "band_set", "function", "profile", "level", "zone", "min", "mid", "max", "currency",
        "interval",
    ),
    "Pay baselines": (
        "band_set", "function", "profile", "level", "min", "mid", "max", "currency", "interval",
    ),
    "Zone differentials": ("band_set", "zone", "percent"),
    "Pay factors": ("band_set", "profile", "factor"),
}  # fmt: skip
SEPARATOR = " | "  # between a skill's name and description, a source's title and URL


class SheetCellError(InvalidData):
    """A cell (or a row, when `column` is None) the catalogue cannot take."""

    def __init__(self, sheet: str, row: int, column: str | None, message: str) -> None:
        where = f"{sheet}, row {row}" + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}", field=column)
        self.sheet, self.row, self.column = sheet, row, column


@dataclass(frozen=True, slots=True)
class Row:
    """One filled row: its number as the spreadsheet shows it, and its cells as text."""

    sheet: str
    number: int
    cells: Mapping[str, str]

    def text(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def optional(self, column: str) -> str | None:
        return self.text(column) or None

    def lines(self, column: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.text(column).splitlines() if line.strip())

    def fail(self, column: str | None, message: str) -> SheetCellError:
        return SheetCellError(self.sheet, self.number, column, message)

    def optional_decimal(self, column: str) -> Decimal | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:
            raise self.fail(column, f"{raw!r} is not a number") from None

    def decimal(self, column: str) -> Decimal:
        value = self.optional_decimal(column)
        if value is None:
            raise self.fail(column, "a number is required")
        return value

    def optional_float(self, column: str) -> float | None:
        value = self.optional_decimal(column)
        return None if value is None else float(value)

    def flag(self, column: str) -> bool:
        raw = self.text(column).lower()
        if raw not in {"", "yes", "no", "true", "false", "1", "0"}:
            raise self.fail(column, f"{raw!r} is not yes or no")
        return raw in {"yes", "true", "1"}

    def instant(self, column: str) -> datetime | None:
        raw = self.text(column)
        try:
            return datetime.fromisoformat(raw) if raw else None
        except ValueError:
            raise self.fail(column, f"{raw!r} is not an ISO 8601 date and time") from None

    def day(self, column: str) -> date | None:
        raw = self.text(column)
        try:
            return date.fromisoformat(raw[:10]) if raw else None
        except ValueError:
            raise self.fail(column, f"{raw!r} is not a date (YYYY-MM-DD)") from None
