"""Zones and pay-transparency jurisdictions as JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field

from catalogue.domain.zones import Jurisdiction, Zone
from catalogue.schemas._base import Factor, Model

__all__ = ["JurisdictionModel", "ZoneList", "ZoneModel"]

Code = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{0,31}$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]


class ZoneModel(Model):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "US-NYC",
                    "name": "New York City metro",
                    "country": "US",
                    "region": "NY",
                    "cities": ["brooklyn", "new york"],
                    "remote": False,
                    "differential": 1.2,
                }
            ]
        }
    )

    code: Code
    name: Annotated[str, Field(min_length=1, max_length=200)]
    country: Country
    region: Annotated[str | None, Field(max_length=64)] = None
    cities: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=500)] = Field(
        default_factory=list
    )
    remote: bool = False
    differential: Factor = Field(
        default=Decimal(1), description="Market level vs the national baseline"
    )

    def to_domain(self) -> Zone:
        return Zone(
            code=self.code,
            name=self.name,
            country=self.country,
            region=self.region,
            cities=tuple(self.cities),
            remote=self.remote,
            differential=self.differential,
        )

    @classmethod
    def of(cls, zone: Zone) -> ZoneModel:
        return cls(
            code=zone.code,
            name=zone.name,
            country=zone.country,
            region=zone.region,
            cities=list(zone.cities),
            remote=zone.remote,
            differential=zone.differential,
        )


class ZoneList(Model):
    default_zone: str | None
    items: list[ZoneModel]


class JurisdictionModel(Model):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "code": "US-NYC",
                    "name": "New York City",
                    "country": "US",
                    "region": "NY",
                    "city": "new york",
                    "covers_remote": True,
                    "forbids_open_ended": True,
                    "effective_from": "2022-11-01",
                }
            ]
        }
    )

    code: Code
    name: Annotated[str, Field(min_length=1, max_length=200)]
    country: Country
    region: Annotated[str | None, Field(max_length=64)] = None
    city: Annotated[str | None, Field(max_length=200)] = None
    covers_remote: bool = False
    forbids_open_ended: bool = False
    effective_from: date
    effective_to: date | None = None
    note: Annotated[str, Field(max_length=2000)] = ""

    def to_domain(self) -> Jurisdiction:
        return Jurisdiction(**self.model_dump())

    @classmethod
    def of(cls, rule: Jurisdiction) -> JurisdictionModel:
        return cls(
            code=rule.code,
            name=rule.name,
            country=rule.country,
            region=rule.region,
            city=rule.city,
            covers_remote=rule.covers_remote,
            forbids_open_ended=rule.forbids_open_ended,
            effective_from=rule.effective_from,
            effective_to=rule.effective_to,
            note=rule.note,
        )
