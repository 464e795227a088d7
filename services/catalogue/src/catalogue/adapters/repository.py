"""The SQL repository (SQLite and PostgreSQL through SQLAlchemy Core)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from catalogue.adapters import tables as t
from catalogue.adapters._band_set_rows import (
    delete_band_set_rows,
    load_band_sets,
    write_band_set,
)
from catalogue.adapters._profile_rows import delete_profile_rows, load_profiles, write_profile
from catalogue.domain.currency import ExchangeRate
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import BandSet, BandSetStatus
from catalogue.domain.titles import TitleConvention
from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.service_layer.ports import ProfileFilter
from leveling_common.db import insert_with_conflicts

__all__ = ["SqlRepository"]


def _profile_conditions(where: ProfileFilter) -> list[Any]:
    conditions: list[Any] = []
    if where.function_code:
        conditions.append(t.profiles.c.function_code == where.function_code)
    if where.track:
        levels = t.profile_levels
        conditions.append(
            exists().where(
                levels.c.profile_code == t.profiles.c.code, levels.c.track == where.track
            )
        )
    if where.soc_code:
        socs = t.profile_soc_codes
        conditions.append(
            exists().where(
                socs.c.profile_code == t.profiles.c.code, socs.c.code.startswith(where.soc_code)
            )
        )
    if where.query:
        needle = f"%{where.query.lower()}%"
        aliases = t.profile_aliases
        conditions.append(
            or_(
                func.lower(t.profiles.c.code).like(needle),
                func.lower(t.profiles.c.name).like(needle),
                exists().where(
                    aliases.c.profile_code == t.profiles.c.code,
                    func.lower(aliases.c.alias).like(needle),
                ),
            )
        )
    return conditions


class SqlRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_function(self, code: str) -> JobFunction | None:
        row = (await self.session.execute(select(t.job_functions).filter_by(code=code))).first()
        return JobFunction(row.code, row.name, row.description) if row else None

    async def list_functions(self) -> list[JobFunction]:
        rows = await self.session.execute(select(t.job_functions).order_by(t.job_functions.c.code))
        return [JobFunction(r.code, r.name, r.description) for r in rows]

    async def save_function(self, function: JobFunction) -> None:
        values = {"name": function.name, "description": function.description}
        statement = insert_with_conflicts(self.session, t.job_functions)
        await self.session.execute(
            statement.values(code=function.code, **values).on_conflict_do_update(
                index_elements=[t.job_functions.c.code], set_=values
            )
        )

    async def get_profile(self, code: str) -> RoleProfile | None:
        found = await load_profiles(self.session, [code])
        return found[0] if found else None

    async def list_profiles(
        self, *, where: ProfileFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[RoleProfile], int]:
        conditions = _profile_conditions(where or ProfileFilter())
        total = await self.session.scalar(
            select(func.count()).select_from(t.profiles).where(*conditions)
        )
        query = select(t.profiles.c.code).where(*conditions).order_by(t.profiles.c.code)
        codes = list((await self.session.scalars(query.offset(offset).limit(limit))).all())
        return await load_profiles(self.session, codes), int(total or 0)

    async def save_profile(self, profile: RoleProfile) -> None:
        await write_profile(self.session, profile)

    async def delete_profile(self, code: str) -> None:
        await delete_profile_rows(self.session, code)

    async def get_zone(self, code: str) -> Zone | None:
        found = await self._zones(t.zones.c.code == code)
        return found[0] if found else None

    async def list_zones(self) -> list[Zone]:
        return await self._zones()

    async def _zones(self, *conditions: Any) -> list[Zone]:
        rows = (
            await self.session.execute(select(t.zones).where(*conditions).order_by(t.zones.c.code))
        ).all()
        cities: dict[str, list[str]] = defaultdict(list)
        codes = [row.code for row in rows]
        city_rows = await self.session.execute(
            select(t.zone_cities).where(t.zone_cities.c.zone_code.in_(codes))
        )
        for row in city_rows:
            cities[row.zone_code].append(row.city)
        return [
            Zone(
                code=row.code,
                name=row.name,
                country=row.country,
                region=row.region,
                cities=tuple(cities[row.code]),
                remote=row.remote,
                differential=Decimal(row.differential),
            )
            for row in rows
        ]

    async def save_zone(self, zone: Zone) -> None:
        await self.delete_zone(zone.code, keep_default=True)
        await self.session.execute(
            insert(t.zones).values(
                code=zone.code,
                name=zone.name,
                country=zone.country,
                region=zone.region,
                remote=zone.remote,
                differential=str(zone.differential),
            )
        )
        if zone.cities:
            await self.session.execute(
                insert(t.zone_cities), [{"zone_code": zone.code, "city": c} for c in zone.cities]
            )

    async def delete_zone(self, code: str, *, keep_default: bool = False) -> None:
        await self.session.execute(delete(t.zone_cities).filter_by(zone_code=code))
        await self.session.execute(delete(t.zones).filter_by(code=code))
        if not keep_default and await self.get_default_zone() == code:
            await self.set_default_zone(None)

    async def get_default_zone(self) -> str | None:
        return await self.session.scalar(select(t.catalogue_meta.c.default_zone).filter_by(id=1))

    async def set_default_zone(self, code: str | None) -> None:
        await self._ensure_meta()
        await self.session.execute(
            update(t.catalogue_meta).filter_by(id=1).values(default_zone=code)
        )

    async def list_exchange_rates(self) -> list[ExchangeRate]:
        rows = await self.session.execute(
            select(t.exchange_rates).order_by(t.exchange_rates.c.currency)
        )
        return [ExchangeRate(row.currency, Decimal(row.per_usd)) for row in rows]

    async def save_exchange_rate(self, rate: ExchangeRate) -> None:
        await self.delete_exchange_rate(rate.currency)
        values = {"currency": rate.currency, "per_usd": str(rate.per_usd)}
        await self.session.execute(insert(t.exchange_rates).values(**values))

    async def delete_exchange_rate(self, currency: str) -> None:
        await self.session.execute(delete(t.exchange_rates).filter_by(currency=currency))

    async def list_title_conventions(self) -> list[TitleConvention]:
        table = t.title_conventions
        rows = await self.session.execute(select(table).order_by(table.c.track, table.c.phrase_key))
        return [TitleConvention(row.track, row.phrase, row.rank) for row in rows]

    async def replace_title_conventions(self, conventions: Sequence[TitleConvention]) -> None:
        await self.session.execute(delete(t.title_conventions))
        if conventions:
            await self.session.execute(
                insert(t.title_conventions),
                [
                    {"track": c.track, "phrase_key": c.key[1], "phrase": c.phrase, "rank": c.rank}
                    for c in conventions
                ],
            )

    async def list_jurisdictions(self) -> list[Jurisdiction]:
        rows = await self.session.execute(select(t.jurisdictions).order_by(t.jurisdictions.c.code))
        return [Jurisdiction(**row._asdict()) for row in rows]

    async def save_jurisdiction(self, jurisdiction: Jurisdiction) -> None:
        await self.delete_jurisdiction(jurisdiction.code)
        values = {column.name: getattr(jurisdiction, column.name) for column in t.jurisdictions.c}
        await self.session.execute(insert(t.jurisdictions).values(**values))

    async def delete_jurisdiction(self, code: str) -> None:
        await self.session.execute(delete(t.jurisdictions).filter_by(code=code))

    async def get_band_set(self, band_set_id: str) -> BandSet | None:
        found = await self._band_sets(t.band_sets.c.id == band_set_id, with_bands=True)
        return found[0] if found else None

    async def list_band_sets(
        self, *, status: BandSetStatus | None = None, with_bands: bool = True
    ) -> list[BandSet]:
        conditions = [] if status is None else [t.band_sets.c.status == status]
        return await self._band_sets(*conditions, with_bands=with_bands)

    async def _band_sets(self, *conditions: Any, with_bands: bool) -> list[BandSet]:
        return await load_band_sets(self.session, *conditions, with_bands=with_bands)

    async def save_band_set(self, band_set: BandSet) -> None:
        await write_band_set(self.session, band_set)

    async def delete_band_set(self, band_set_id: str) -> None:
        await delete_band_set_rows(self.session, band_set_id)

    async def announced_in_force(self) -> set[str]:
        rows = await self.session.scalars(select(t.band_set_effective_emissions.c.band_set_id))
        return set(rows)

    async def record_announced_in_force(self, band_set_id: str, at: datetime) -> None:
        await self.session.execute(
            insert(t.band_set_effective_emissions).values(band_set_id=band_set_id, emitted_at=at)
        )

    async def announced_jurisdictions(self) -> set[tuple[str, date]]:
        table = t.jurisdiction_effective_emissions
        rows = await self.session.execute(select(table.c.jurisdiction_code, table.c.effective_from))
        return {(code, start) for code, start in rows}

    async def record_announced_jurisdiction(
        self, code: str, effective_from: date, at: datetime
    ) -> None:
        await self.session.execute(
            insert(t.jurisdiction_effective_emissions).values(
                jurisdiction_code=code, effective_from=effective_from, emitted_at=at
            )
        )

    async def record_snapshot(self, version: str, valid_from: datetime, body: bytes) -> None:
        await self.session.execute(
            insert(t.snapshot_history).values(
                catalogue_version=version, valid_from=valid_from, body=body
            )
        )

    async def last_recorded_version(self) -> str | None:
        table = t.snapshot_history
        query = select(table.c.catalogue_version).order_by(table.c.id.desc()).limit(1)
        return await self.session.scalar(query)

    async def snapshot_at(self, at: datetime) -> tuple[str, datetime, bytes] | None:
        table = t.snapshot_history
        query = (
            select(table.c.catalogue_version, table.c.valid_from, table.c.body)
            .where(table.c.valid_from <= at)
            .order_by(table.c.valid_from.desc(), table.c.id.desc())
            .limit(1)
        )
        row = (await self.session.execute(query)).first()
        if row is None:
            return None
        valid_from = row.valid_from
        # SQLite gives back naive datetimes; every instant stored here is UTC.
        if valid_from.tzinfo is None:
            valid_from = valid_from.replace(tzinfo=UTC)
        return row.catalogue_version, valid_from, row.body

    async def revision(self) -> int:
        value = await self.session.scalar(select(t.catalogue_meta.c.revision).filter_by(id=1))
        return int(value or 0)

    async def bump_revision(self) -> int:
        await self._ensure_meta()
        await self.session.execute(
            update(t.catalogue_meta)
            .filter_by(id=1)
            .values(revision=t.catalogue_meta.c.revision + 1)
        )
        return await self.revision()

    async def lock_for_publication(self) -> None:
        # PostgreSQL: a row lock held to commit. SQLite has one writer at a time anyway.
        await self._ensure_meta()
        await self.session.execute(
            select(t.catalogue_meta.c.revision).filter_by(id=1).with_for_update()
        )

    async def _ensure_meta(self) -> None:
        statement = insert_with_conflicts(self.session, t.catalogue_meta)
        await self.session.execute(
            statement.values(id=1, revision=0).on_conflict_do_nothing(
                index_elements=[t.catalogue_meta.c.id]
            )
        )
