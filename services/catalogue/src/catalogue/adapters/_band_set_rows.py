"""Reading and writing band sets across their tables: the set, its explicit bands, and its
pay structure (baselines, zone differentials and profiles' pay factors)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalogue.adapters import tables as t
from catalogue.domain.pay import Band, BandSet, Baseline, Differential, PayFactor

__all__ = ["delete_band_set_rows", "load_band_sets", "write_band_set"]

# Amounts are stored in minor units (cents): exact on every backend without Decimal quirks.
_CENTS = Decimal(100)
_AMOUNTS = ("min", "mid", "max")


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every stored instant is UTC.
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _minor(item: Band | Baseline) -> dict[str, int]:
    return {f"{a}_minor": int(getattr(item, a) * _CENTS) for a in _AMOUNTS}


def _major(row: Any) -> dict[str, Decimal]:
    return {a: Decimal(getattr(row, f"{a}_minor")) / _CENTS for a in _AMOUNTS}


def _band_row(band_set_id: str, position: int, band: Band) -> dict[str, Any]:
    return {
        "band_set_id": band_set_id,
        "position": position,
        "function_code": band.function_code,
        "profile_code": band.profile_code,
        "level": band.level,
        "zone": band.zone,
        **_minor(band),
        "currency": band.currency,
        "interval": band.interval,
    }


def _baseline_row(band_set_id: str, position: int, baseline: Baseline) -> dict[str, Any]:
    return {
        "band_set_id": band_set_id,
        "position": position,
        "function_code": baseline.function_code,
        "profile_code": baseline.profile_code,
        "level": baseline.level,
        **_minor(baseline),
        "currency": baseline.currency,
        "interval": baseline.interval,
    }


def _band(row: Any) -> Band:
    return Band(
        function_code=row.function_code,
        profile_code=row.profile_code,
        level=row.level,
        zone=row.zone,
        **_major(row),
        currency=row.currency,
        interval=row.interval,
    )


def _baseline(row: Any) -> Baseline:
    return Baseline(
        function_code=row.function_code,
        profile_code=row.profile_code,
        level=row.level,
        **_major(row),
        currency=row.currency,
        interval=row.interval,
    )


async def _children(session: AsyncSession, ids: Sequence[str]) -> dict[str, dict[str, list[Any]]]:
    """Bands, baselines, differentials and pay factors of the given sets, by set id."""
    found: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    queries = {
        "bands": select(t.bands).where(t.bands.c.band_set_id.in_(ids)).order_by(t.bands.c.position),
        "baselines": select(t.band_set_baselines)
        .where(t.band_set_baselines.c.band_set_id.in_(ids))
        .order_by(t.band_set_baselines.c.position),
        "differentials": select(t.band_set_differentials).where(
            t.band_set_differentials.c.band_set_id.in_(ids)
        ),
        "pay_factors": select(t.band_set_pay_factors).where(
            t.band_set_pay_factors.c.band_set_id.in_(ids)
        ),
    }
    readers = {
        "bands": _band,
        "baselines": _baseline,
        "differentials": _differential,
        "pay_factors": _pay_factor,
    }
    for kind, query in queries.items():
        for row in await session.execute(query):
            found[row.band_set_id][kind].append(readers[kind](row))
    return found


def _differential(row: Any) -> Differential:
    return Differential(zone=row.zone, percent=Decimal(row.percent))


def _pay_factor(row: Any) -> PayFactor:
    return PayFactor(profile_code=row.profile_code, factor=Decimal(row.factor))


async def load_band_sets(
    session: AsyncSession, *conditions: Any, with_bands: bool
) -> list[BandSet]:
    """The matching sets by start, with their contents when `with_bands`."""
    query = select(t.band_sets).where(*conditions)
    rows = (await session.execute(query)).all()
    children = await _children(session, [r.id for r in rows]) if with_bands and rows else {}
    sets = []
    for row in sorted(rows, key=lambda r: (_utc(r.effective_from), r.id)):
        parts = children.get(row.id, {})
        sets.append(
            BandSet(
                id=row.id,
                name=row.name,
                effective_from=_utc(row.effective_from) or row.effective_from,
                status=row.status,
                bands=tuple(parts.get("bands", ())),
                created_at=_utc(row.created_at),
                published_at=_utc(row.published_at),
                supersedes=row.supersedes,
                baselines=tuple(parts.get("baselines", ())),
                differentials=tuple(parts.get("differentials", ())),
                round_to=Decimal(row.round_to_minor) / _CENTS,
                pay_factors=tuple(parts.get("pay_factors", ())),
            )
        )
    return sets


async def delete_band_set_rows(session: AsyncSession, band_set_id: str) -> None:
    children = (t.bands, t.band_set_baselines, t.band_set_differentials, t.band_set_pay_factors)
    for table in children:
        await session.execute(delete(table).filter_by(band_set_id=band_set_id))
    await session.execute(delete(t.band_sets).filter_by(id=band_set_id))


async def write_band_set(session: AsyncSession, band_set: BandSet) -> None:
    """Replace the stored set with `band_set`, contents included."""
    await delete_band_set_rows(session, band_set.id)
    await session.execute(
        insert(t.band_sets).values(
            id=band_set.id,
            name=band_set.name,
            status=band_set.status,
            effective_from=band_set.effective_from.astimezone(UTC),
            created_at=band_set.created_at,
            published_at=band_set.published_at,
            supersedes=band_set.supersedes,
            round_to_minor=int(band_set.round_to * _CENTS),
        )
    )
    rows = {
        t.bands: [_band_row(band_set.id, i, b) for i, b in enumerate(band_set.bands)],
        t.band_set_baselines: [
            _baseline_row(band_set.id, i, b) for i, b in enumerate(band_set.baselines)
        ],
        t.band_set_differentials: [
            {"band_set_id": band_set.id, "zone": d.zone, "percent": str(d.percent)}
            for d in band_set.differentials
        ],
        t.band_set_pay_factors: [
            {"band_set_id": band_set.id, "profile_code": f.profile_code, "factor": str(f.factor)}
            for f in band_set.pay_factors
        ],
    }
    for table, values in rows.items():
        if values:
            await session.execute(insert(table), values)
