"""In-memory repository and unit of work: the fast twin of the SQL adapters.

Used by unit tests and checked against the SQL adapters by the shared contract tests, so
it behaves the same way (including rollback).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from catalogue.domain.currency import ExchangeRate
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import BandSet, BandSetStatus
from catalogue.domain.titles import TitleConvention
from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork
from leveling_common.events import OutgoingEvent

__all__ = ["InMemoryRepository", "InMemoryStore", "InMemoryUnitOfWork", "matches"]


@dataclass
class InMemoryStore:
    functions: dict[str, JobFunction] = field(default_factory=dict)
    profiles: dict[str, RoleProfile] = field(default_factory=dict)
    zones: dict[str, Zone] = field(default_factory=dict)
    default_zone: str | None = None
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    exchange_rates: dict[str, ExchangeRate] = field(default_factory=dict)
    title_conventions: tuple[TitleConvention, ...] = ()
    band_sets: dict[str, BandSet] = field(default_factory=dict)
    revision: int = 0
    announced_in_force: dict[str, datetime] = field(default_factory=dict)
    announced_jurisdictions: dict[tuple[str, date], datetime] = field(default_factory=dict)
    snapshots: list[tuple[str, datetime, bytes]] = field(default_factory=list)
    outbox: list[OutgoingEvent] = field(default_factory=list)


def matches(profile: RoleProfile, where: ProfileFilter) -> bool:
    """The filter semantics both adapters implement."""
    if where.function_code and profile.function_code != where.function_code:
        return False
    if where.track and where.track not in profile.tracks:
        return False
    if where.soc_code and not any(s.code.startswith(where.soc_code) for s in profile.soc_codes):
        return False
    if where.query:
        needle = where.query.lower()
        haystack = [profile.code, profile.name, *profile.aliases]
        return any(needle in text.lower() for text in haystack)
    return True


class InMemoryRepository:
    def __init__(self, store: InMemoryStore) -> None:
        self.store = store

    async def get_function(self, code: str) -> JobFunction | None:
        return self.store.functions.get(code)

    async def list_functions(self) -> list[JobFunction]:
        return [self.store.functions[k] for k in sorted(self.store.functions)]

    async def save_function(self, function: JobFunction) -> None:
        self.store.functions[function.code] = function

    async def get_profile(self, code: str) -> RoleProfile | None:
        return self.store.profiles.get(code)

    async def list_profiles(
        self, *, where: ProfileFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[RoleProfile], int]:
        found = [
            self.store.profiles[k]
            for k in sorted(self.store.profiles)
            if matches(self.store.profiles[k], where or ProfileFilter())
        ]
        end = None if limit is None else offset + limit
        return found[offset:end], len(found)

    async def save_profile(self, profile: RoleProfile) -> None:
        self.store.profiles[profile.code] = profile

    async def delete_profile(self, code: str) -> None:
        self.store.profiles.pop(code, None)

    async def get_zone(self, code: str) -> Zone | None:
        return self.store.zones.get(code)

    async def list_zones(self) -> list[Zone]:
        return [self.store.zones[k] for k in sorted(self.store.zones)]

    async def save_zone(self, zone: Zone) -> None:
        self.store.zones[zone.code] = zone

    async def delete_zone(self, code: str) -> None:
        self.store.zones.pop(code, None)

    async def get_default_zone(self) -> str | None:
        return self.store.default_zone

    async def set_default_zone(self, code: str | None) -> None:
        self.store.default_zone = code

    async def list_exchange_rates(self) -> list[ExchangeRate]:
        return [self.store.exchange_rates[k] for k in sorted(self.store.exchange_rates)]

    async def save_exchange_rate(self, rate: ExchangeRate) -> None:
        self.store.exchange_rates[rate.currency] = rate

    async def delete_exchange_rate(self, currency: str) -> None:
        self.store.exchange_rates.pop(currency, None)

    async def list_title_conventions(self) -> list[TitleConvention]:
        return sorted(self.store.title_conventions, key=lambda c: c.key)

    async def replace_title_conventions(self, conventions: Sequence[TitleConvention]) -> None:
        self.store.title_conventions = tuple(conventions)

    async def list_jurisdictions(self) -> list[Jurisdiction]:
        return [self.store.jurisdictions[k] for k in sorted(self.store.jurisdictions)]

    async def save_jurisdiction(self, jurisdiction: Jurisdiction) -> None:
        self.store.jurisdictions[jurisdiction.code] = jurisdiction

    async def delete_jurisdiction(self, code: str) -> None:
        self.store.jurisdictions.pop(code, None)

    async def get_band_set(self, band_set_id: str) -> BandSet | None:
        return self.store.band_sets.get(band_set_id)

    async def list_band_sets(
        self, *, status: BandSetStatus | None = None, with_bands: bool = True
    ) -> list[BandSet]:
        found = [b for b in self.store.band_sets.values() if status is None or b.status == status]
        return sorted(found, key=lambda b: (b.effective_from, b.id))

    async def save_band_set(self, band_set: BandSet) -> None:
        self.store.band_sets[band_set.id] = band_set

    async def delete_band_set(self, band_set_id: str) -> None:
        self.store.band_sets.pop(band_set_id, None)

    async def announced_in_force(self) -> set[str]:
        return set(self.store.announced_in_force)

    async def record_announced_in_force(self, band_set_id: str, at: datetime) -> None:
        if band_set_id in self.store.announced_in_force:
            raise ValueError(f"band set {band_set_id} was already announced")
        self.store.announced_in_force[band_set_id] = at

    async def announced_jurisdictions(self) -> set[tuple[str, date]]:
        return set(self.store.announced_jurisdictions)

    async def record_announced_jurisdiction(
        self, code: str, effective_from: date, at: datetime
    ) -> None:
        if (code, effective_from) in self.store.announced_jurisdictions:
            raise ValueError(f"jurisdiction {code} from {effective_from} was already announced")
        self.store.announced_jurisdictions[code, effective_from] = at

    async def record_snapshot(self, version: str, valid_from: datetime, body: bytes) -> None:
        self.store.snapshots.append((version, valid_from, body))

    async def last_recorded_version(self) -> str | None:
        return self.store.snapshots[-1][0] if self.store.snapshots else None

    async def snapshot_at(self, at: datetime) -> tuple[str, datetime, bytes] | None:
        kept = [s for s in self.store.snapshots if s[1] <= at]
        return max(kept, key=lambda s: s[1]) if kept else None

    async def revision(self) -> int:
        return self.store.revision

    async def lock_for_publication(self) -> None:
        return None

    async def bump_revision(self) -> int:
        self.store.revision += 1
        return self.store.revision


class InMemoryUnitOfWork(UnitOfWork):
    """Works on a copy of the store and swaps it in on commit."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        super().__init__()
        self.store = store or InMemoryStore()
        self._working = InMemoryRepository(self.store)
        self.repo = self._working
        self.commits = 0

    async def _begin(self) -> None:
        self._fresh_copy()

    def _fresh_copy(self) -> None:
        self._working = InMemoryRepository(copy.deepcopy(self.store))
        self.repo = self._working

    async def _commit(self, events: list[OutgoingEvent]) -> None:
        working = self._working.store
        working.outbox = [*self.store.outbox, *events]
        self.store.__dict__.update(working.__dict__)
        self._fresh_copy()
        self.commits += 1

    async def rollback(self) -> None:
        self._fresh_copy()
