"""Filled sheets → catalogue content: each row built into its domain value, references and
duplicates checked across sheets, a refusal naming its sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from catalogue.domain.currency import ExchangeRate
from catalogue.domain.exceptions import InvalidData
from catalogue.domain.model import (
    JobFunction,
    Level,
    RoleProfile,
    Rubric,
    Skill,
    SocCode,
    Source,
    YearsRange,
)
from catalogue.domain.pay import Band, BandSet, Baseline, Differential, PayFactor
from catalogue.domain.titles import TitleConvention
from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.schemas.sheets import SEPARATOR, SHEETS, Row, SheetCellError
from catalogue.service_layer.exchange import CatalogueContent

__all__ = ["from_sheets"]

_T = TypeVar("_T")


def _cell(row: Row, build: Callable[[Row], _T]) -> _T:
    """Build a domain value from a row; its refusal names the row and, when known, column."""
    try:
        return build(row)
    except SheetCellError:
        raise
    except InvalidData as exc:
        column = exc.field if exc.field in SHEETS[row.sheet] else None
        raise row.fail(column, str(exc)) from exc


def _pair(text: str) -> tuple[str, str]:
    first, _, second = text.partition(SEPARATOR.strip())
    return first.strip(), second.strip()


def _function(row: Row) -> JobFunction:
    return JobFunction(row.text("code"), row.text("name"), row.text("description"))


def _level(row: Row) -> Level:
    return Level(
        code=row.text("level"),
        name=row.text("name"),
        summary=row.text("summary"),
        scope=row.text("scope"),
        autonomy=row.text("autonomy"),
        complexity=row.text("complexity"),
        impact=row.text("impact"),
        decision_rights=row.text("decision_rights"),
        leadership=row.text("leadership"),
        typical_experience=row.text("typical_experience"),
        years=YearsRange(row.optional_float("years_min"), row.optional_float("years_max")),
        rubric=Rubric(
            knowledge=row.text("rubric_knowledge"),
            complexity=row.text("rubric_complexity"),
            collaboration=row.text("rubric_collaboration"),
            degree_years=row.text("rubric_degree_years"),
        ),
        responsibilities=row.lines("responsibilities"),
    )


def _profile(row: Row, levels: tuple[Level, ...]) -> RoleProfile:
    skills = tuple(Skill(*_pair(line)) for line in row.lines("skills"))
    sources = tuple(Source(t, u or None) for t, u in map(_pair, row.lines("sources")))
    return RoleProfile(
        code=row.text("code"),
        name=row.text("name"),
        function_code=row.text("function"),
        description=row.text("description"),
        distinguishing=row.text("distinguishing"),
        aliases=row.lines("aliases"),
        skills=skills,
        soc_codes=tuple(SocCode(*_pair(line)) for line in row.lines("soc_codes")),
        sources=sources,
        differentials=row.lines("differentials"),
        pay_factor=row.optional_decimal("pay_factor"),
        levels=levels,
    )


def _zone(row: Row) -> Zone:
    return Zone(
        code=row.text("code"),
        name=row.text("name"),
        country=row.text("country"),
        region=row.optional("region"),
        cities=row.lines("cities"),
        remote=row.flag("remote"),
        differential=row.optional_decimal("differential") or Decimal(1),
    )


def _jurisdiction(row: Row) -> Jurisdiction:
    start = row.day("effective_from")
    if start is None:
        raise row.fail("effective_from", "a date is required")
    return Jurisdiction(
        code=row.text("code"),
        name=row.text("name"),
        country=row.text("country"),
        effective_from=start,
        region=row.optional("region"),
        city=row.optional("city"),
        covers_remote=row.flag("covers_remote"),
        forbids_open_ended=row.flag("forbids_open_ended"),
        effective_to=row.day("effective_to"),
        note=row.text("note"),
    )


def _rate(row: Row) -> ExchangeRate:
    return ExchangeRate(row.text("currency"), row.decimal("per_usd"))


def _title_convention(row: Row) -> TitleConvention:
    rank = row.optional_decimal("rank")
    if rank is not None and rank != int(rank):
        raise row.fail("rank", f"{rank} is not a whole level rank")
    phrase = " ".join(row.text("phrase").split())
    return TitleConvention(row.text("track"), phrase, None if rank is None else int(rank))


def _band(row: Row) -> Band:
    return Band(
        function_code=row.text("function"),
        profile_code=row.optional("profile"),
        level=row.text("level"),
        zone=row.text("zone"),
        min=row.decimal("min"),
        mid=row.decimal("mid"),
        max=row.decimal("max"),
        currency=row.text("currency"),
        interval=row.text("interval") or "year",
    )


def _baseline(row: Row) -> Baseline:
    return Baseline(
        function_code=row.text("function"),
        profile_code=row.optional("profile"),
        level=row.text("level"),
        min=row.decimal("min"),
        mid=row.decimal("mid"),
        max=row.decimal("max"),
        currency=row.text("currency"),
        interval=row.text("interval") or "year",
    )


def _differential(row: Row) -> Differential:
    try:
        return Differential(row.text("zone"), row.decimal("percent"))
    except SheetCellError:
        raise
    except InvalidData as exc:
        raise row.fail("percent", str(exc)) from exc


def _pay_factor(row: Row) -> PayFactor:
    if not row.text("profile"):
        raise row.fail("profile", "a profile code is required")
    try:
        return PayFactor(row.text("profile"), row.decimal("factor"))
    except SheetCellError:
        raise
    except InvalidData as exc:
        raise row.fail("factor", str(exc)) from exc


@dataclass(frozen=True, slots=True)
class _Contents:
    """What the band-set rows own, by band set id."""

    bands: dict[str, list[Band]]
    baselines: dict[str, list[Baseline]]
    differentials: dict[str, list[Differential]]
    pay_factors: dict[str, list[PayFactor]]

    @classmethod
    def of(cls, sheets: Mapping[str, list[Row]]) -> _Contents:
        return cls(
            bands=_grouped(sheets.get("Bands", []), "band_set", _band),
            baselines=_grouped(sheets.get("Pay baselines", []), "band_set", _baseline),
            differentials=_grouped(sheets.get("Zone differentials", []), "band_set", _differential),
            pay_factors=_grouped(sheets.get("Pay factors", []), "band_set", _pay_factor),
        )


def _band_set(row: Row, contents: _Contents) -> BandSet:
    start = row.instant("effective_from")
    if start is None:
        raise row.fail("effective_from", "a date and time is required")
    key = row.text("id")
    return BandSet(
        id=row.text("id"),
        name=row.text("name"),
        effective_from=start,
        status="published" if row.text("status") == "published" else "draft",
        bands=tuple(contents.bands.get(key, ())),
        created_at=row.instant("created_at"),
        published_at=row.instant("published_at"),
        supersedes=row.optional("supersedes"),
        baselines=tuple(contents.baselines.get(key, ())),
        differentials=tuple(contents.differentials.get(key, ())),
        # An older workbook has no round_to column: whole units, the default.
        round_to=row.optional_decimal("round_to") or Decimal(1),
        pay_factors=tuple(contents.pay_factors.get(key, ())),
    )


def _grouped(rows: Iterable[Row], key: str, build: Callable[[Row], _T]) -> dict[str, list[_T]]:
    groups: dict[str, list[_T]] = {}
    for row in rows:
        groups.setdefault(row.text(key), []).append(_cell(row, build))
    return groups


def _owned(rows: list[Row], owners: Collection[str], key: str, owner_sheet: str) -> None:
    """Every row names an owner listed in `owner_sheet` (checked only when that is filled)."""
    if not owners:
        return
    for row in rows:
        if row.text(key) and row.text(key) not in owners:
            raise row.fail(key, f"no row of sheet {owner_sheet} has code {row.text(key)!r}")


_KEYS = {
    "Functions": ("code",),
    "Profiles": ("code",),
    "Levels": ("profile", "level"),
    "Zones": ("code",),
    "Jurisdictions": ("code",),
    "Band sets": ("id",),
    "Exchange rates": ("currency",),
    "Title conventions": ("track", "phrase"),
    "Bands": ("band_set", "function", "profile", "level", "zone"),
    "Pay baselines": ("band_set", "function", "profile", "level"),
    "Zone differentials": ("band_set", "zone"),
    "Pay factors": ("band_set", "profile"),
}


def _unique(sheets: Mapping[str, list[Row]]) -> None:
    for sheet, columns in _KEYS.items():
        seen: dict[tuple[str, ...], int] = {}
        for row in sheets.get(sheet, []):
            key = tuple(row.text(column) for column in columns)
            if key in seen:
                raise row.fail(columns[-1], f"{' / '.join(key)} is also on row {seen[key]}")
            seen[key] = row.number


def _codes(sheets: Mapping[str, list[Row]], sheet: str, column: str = "code") -> set[str]:
    return {row.text(column) for row in sheets.get(sheet, [])}


def _check_references(sheets: Mapping[str, list[Row]]) -> None:
    _unique(sheets)
    levels, bands = sheets.get("Levels", []), sheets.get("Bands", [])
    _owned(sheets.get("Profiles", []), _codes(sheets, "Functions"), "function", "Functions")
    _owned(levels, _codes(sheets, "Profiles"), "profile", "Profiles")
    _owned(bands, _codes(sheets, "Band sets", "id"), "band_set", "Band sets")
    _owned(bands, _codes(sheets, "Functions"), "function", "Functions")
    _owned(bands, _codes(sheets, "Profiles"), "profile", "Profiles")
    _owned(bands, _codes(sheets, "Zones"), "zone", "Zones")
    baselines = sheets.get("Pay baselines", [])
    differentials = sheets.get("Zone differentials", [])
    factors = sheets.get("Pay factors", [])
    for owned in (baselines, differentials, factors):
        _owned(owned, _codes(sheets, "Band sets", "id"), "band_set", "Band sets")
    _owned(baselines, _codes(sheets, "Functions"), "function", "Functions")
    for owned in (baselines, factors):
        _owned(owned, _codes(sheets, "Profiles"), "profile", "Profiles")
    _owned(differentials, _codes(sheets, "Zones"), "zone", "Zones")


def from_sheets(sheets: Mapping[str, list[Row]]) -> CatalogueContent:
    """The catalogue content the filled sheets describe (SheetCellError on a bad cell)."""
    _check_references(sheets)
    profiles, band_sets = sheets.get("Profiles", []), sheets.get("Band sets", [])
    levels = _grouped(sheets.get("Levels", []), "profile", _level)
    contents = _Contents.of(sheets)
    zones = sheets.get("Zones", [])
    defaults = [row.text("code") for row in zones if row.flag("default")]
    if len(defaults) > 1:
        raise zones[0].fail("default", f"only one zone can be the default, not {defaults}")
    return CatalogueContent(
        functions=tuple(_cell(r, _function) for r in sheets.get("Functions", [])),
        profiles=tuple(
            _cell(r, lambda row: _profile(row, tuple(levels.get(row.text("code"), ()))))
            for r in profiles
        ),
        zones=tuple(_cell(r, _zone) for r in zones),
        default_zone=defaults[0] if defaults else None,
        jurisdictions=tuple(_cell(r, _jurisdiction) for r in sheets.get("Jurisdictions", [])),
        exchange_rates=tuple(_cell(r, _rate) for r in sheets.get("Exchange rates", [])),
        title_conventions=tuple(
            _cell(r, _title_convention) for r in sheets.get("Title conventions", [])
        ),
        band_sets=tuple(_cell(r, lambda row: _band_set(row, contents)) for r in band_sets),
    )
