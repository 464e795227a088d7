"""The ports the use cases depend on: a repository and a unit of work."""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol, Self

from catalogue.domain.currency import ExchangeRate
from catalogue.domain.model import JobFunction, RoleProfile
from catalogue.domain.pay import BandSet, BandSetStatus
from catalogue.domain.titles import TitleConvention
from catalogue.domain.zones import Jurisdiction, Zone
from leveling_common.events import CloudEvent, OutgoingEvent

__all__ = ["CatalogueRepository", "ProfileFilter", "UnitOfWork"]


@dataclass(frozen=True, slots=True)
class ProfileFilter:
    function_code: str | None = None
    track: str | None = None
    query: str | None = None
    soc_code: str | None = None


class CatalogueRepository(Protocol):
    async def get_function(self, code: str) -> JobFunction | None: ...
    async def list_functions(self) -> list[JobFunction]: ...
    async def save_function(self, function: JobFunction) -> None: ...

    async def get_profile(self, code: str) -> RoleProfile | None: ...
    async def list_profiles(
        self, *, where: ProfileFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[RoleProfile], int]: ...
    async def save_profile(self, profile: RoleProfile) -> None: ...
    async def delete_profile(self, code: str) -> None: ...

    async def get_zone(self, code: str) -> Zone | None: ...
    async def list_zones(self) -> list[Zone]: ...
    async def save_zone(self, zone: Zone) -> None: ...
    async def delete_zone(self, code: str) -> None: ...
    async def get_default_zone(self) -> str | None: ...
    async def set_default_zone(self, code: str | None) -> None: ...

    async def list_jurisdictions(self) -> list[Jurisdiction]: ...
    async def save_jurisdiction(self, jurisdiction: Jurisdiction) -> None: ...
    async def delete_jurisdiction(self, code: str) -> None: ...

    async def list_exchange_rates(self) -> list[ExchangeRate]: ...
    async def save_exchange_rate(self, rate: ExchangeRate) -> None: ...
    async def delete_exchange_rate(self, currency: str) -> None: ...

    async def list_title_conventions(self) -> list[TitleConvention]: ...
    async def replace_title_conventions(self, conventions: Sequence[TitleConvention]) -> None: ...

    async def get_band_set(self, band_set_id: str) -> BandSet | None: ...
    async def list_band_sets(
        self, *, status: BandSetStatus | None = None, with_bands: bool = True
    ) -> list[BandSet]: ...
    async def save_band_set(self, band_set: BandSet) -> None: ...
    async def delete_band_set(self, band_set_id: str) -> None: ...

    async def announced_in_force(self) -> set[str]:
        """Ids of the band sets whose coming into force was already announced."""
        ...

    async def record_announced_in_force(self, band_set_id: str, at: datetime) -> None: ...

    async def announced_jurisdictions(self) -> set[tuple[str, date]]:
        """(code, effective_from) of the rules whose coming into force was announced."""
        ...

    async def record_announced_jurisdiction(
        self, code: str, effective_from: date, at: datetime
    ) -> None: ...

    async def record_snapshot(self, version: str, valid_from: datetime, body: bytes) -> None:
        """Keep a catalogue version (its snapshot JSON, compressed) from `valid_from` on."""
        ...

    async def last_recorded_version(self) -> str | None: ...

    async def snapshot_at(self, at: datetime) -> tuple[str, datetime, bytes] | None:
        """(version, valid_from, body) of the version in effect at `at`, if one was kept."""
        ...

    async def revision(self) -> int: ...
    async def bump_revision(self) -> int: ...
    async def lock_for_publication(self) -> None:
        """Serialise publications: the checks and the write see the same history."""
        ...


class UnitOfWork(abc.ABC):
    """`async with uow:` opens a transaction; it rolls back unless `commit()` is awaited."""

    repo: CatalogueRepository

    def __init__(self) -> None:
        self.pending: list[OutgoingEvent] = []

    async def __aenter__(self) -> Self:
        self.pending = []
        await self._begin()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.rollback()

    def emit(self, *, topic: str, key: str, event: CloudEvent[Any]) -> None:
        """Queue an event; it is written to the outbox in the same transaction at commit."""
        self.pending.append(OutgoingEvent(topic, key, event))

    async def commit(self) -> None:
        events, self.pending = self.pending, []
        await self._commit(events)

    @abc.abstractmethod
    async def _begin(self) -> None: ...

    @abc.abstractmethod
    async def _commit(self, events: list[OutgoingEvent]) -> None: ...

    @abc.abstractmethod
    async def rollback(self) -> None: ...
