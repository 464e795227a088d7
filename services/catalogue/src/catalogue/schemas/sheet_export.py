"""Catalogue content → sheets of text cells, in `SHEETS` column order."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from catalogue.domain.model import RoleProfile
from catalogue.schemas.sheets import SEPARATOR, SHEETS
from catalogue.service_layer.exchange import CatalogueContent

__all__ = ["to_sheets"]


def _lines(items: Iterable[str]) -> str:
    return "\n".join(items)


def _pairs(pairs: Iterable[tuple[str, str | None]]) -> str:
    return _lines(f"{first}{SEPARATOR}{second}" if second else first for first, second in pairs)


def _number(value: Decimal | float | None) -> str:
    return "" if value is None else format(Decimal(str(value)).normalize(), "f")


def _stamp(value: datetime | date | None) -> str:
    return "" if value is None else value.isoformat()


def _profile_rows(profile: RoleProfile) -> tuple[list[str], list[list[str]]]:
    row = [
        profile.code,
        profile.name,
        profile.function_code,
        profile.description,
        profile.distinguishing,
        _lines(profile.aliases),
        _pairs((s.name, s.description) for s in profile.skills),
        _pairs((c.code, c.source) for c in profile.soc_codes),
        _pairs((s.title, s.url) for s in profile.sources),
        _lines(profile.differentials),
        _number(profile.pay_factor),
    ]
    levels = [
        [
            profile.code,
            lv.code,
            lv.name,
            lv.summary,
            lv.scope,
            lv.autonomy,
            lv.complexity,
            lv.impact,
            lv.decision_rights,
            lv.leadership,
            lv.typical_experience,
            _number(lv.years.low),
            _number(lv.years.high),
            lv.rubric.knowledge,
            lv.rubric.complexity,
            lv.rubric.collaboration,
            lv.rubric.degree_years,
            _lines(lv.responsibilities),
        ]
        for lv in profile.levels
    ]
    return row, levels


def to_sheets(content: CatalogueContent) -> dict[str, list[list[str]]]:
    """Every item as a row of text cells, sheet by sheet, in `SHEETS` column order."""
    sheets: dict[str, list[list[str]]] = {name: [] for name in SHEETS}
    sheets["Functions"] = [[f.code, f.name, f.description] for f in content.functions]
    for profile in content.profiles:
        row, levels = _profile_rows(profile)
        sheets["Profiles"].append(row)
        sheets["Levels"].extend(levels)
    sheets["Zones"] = [
        [
            z.code,
            z.name,
            z.country,
            z.region or "",
            _lines(z.cities),
            "yes" if z.remote else "no",
            _number(z.differential),
            "yes" if z.code == content.default_zone else "no",
        ]
        for z in content.zones
    ]
    sheets["Jurisdictions"] = [
        [
            j.code,
            j.name,
            j.country,
            j.region or "",
            j.city or "",
            "yes" if j.covers_remote else "no",
            "yes" if j.forbids_open_ended else "no",
            _stamp(j.effective_from),
            _stamp(j.effective_to),
            j.note,
        ]
        for j in content.jurisdictions
    ]
    sheets["Exchange rates"] = [[r.currency, _number(r.per_usd)] for r in content.exchange_rates]
    sheets["Title conventions"] = [
        [c.track, c.phrase, _number(c.rank)] for c in content.title_conventions
    ]
    for band_set in content.band_sets:
        sheets["Band sets"].append(
            [
                band_set.id,
                band_set.name,
                _stamp(band_set.effective_from),
                band_set.status,
                _stamp(band_set.created_at),
                _stamp(band_set.published_at),
                band_set.supersedes or "",
                _number(band_set.round_to),
            ]
        )
        sheets["Bands"].extend(
            [band_set.id, b.function_code, b.profile_code or "", b.level, b.zone,
             _number(b.min), _number(b.mid), _number(b.max), b.currency, b.interval]
            for b in band_set.bands
        )  # fmt: skip
        sheets["Pay baselines"].extend(
            [band_set.id, b.function_code, b.profile_code or "", b.level,
             _number(b.min), _number(b.mid), _number(b.max), b.currency, b.interval]
            for b in band_set.baselines
        )  # fmt: skip
        sheets["Zone differentials"].extend(
            [band_set.id, d.zone, _number(d.percent)] for d in band_set.differentials
        )
        sheets["Pay factors"].extend(
            [band_set.id, f.profile_code, _number(f.factor)] for f in band_set.pay_factors
        )
    return sheets
