"""The bulk export/import document: the whole catalogue in one JSON file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from catalogue.schemas._base import Model
from catalogue.schemas.currencies import ExchangeRateModel
from catalogue.schemas.document_batch import ProfileChangesOut
from catalogue.schemas.pay import BandSetFull
from catalogue.schemas.profiles import FunctionModel, ProfileIn, profile_in
from catalogue.schemas.titles import TitleConventionModel
from catalogue.schemas.zones import JurisdictionModel, ZoneModel
from catalogue.service_layer.exchange import CatalogueContent, ImportSummary

__all__ = ["CatalogueDocument", "ImportSummaryOut"]


class CatalogueDocument(Model):
    format: Literal["leveling.catalogue/v1"] = "leveling.catalogue/v1"
    functions: list[FunctionModel] = Field(default_factory=list)
    profiles: list[ProfileIn] = Field(default_factory=list)
    zones: list[ZoneModel] = Field(default_factory=list)
    default_zone: str | None = None
    jurisdictions: list[JurisdictionModel] = Field(default_factory=list)
    band_sets: list[BandSetFull] = Field(default_factory=list)
    exchange_rates: list[ExchangeRateModel] = Field(default_factory=list)
    title_conventions: list[TitleConventionModel] = Field(default_factory=list)

    def to_domain(self) -> CatalogueContent:
        factors = {p.code: p.pay_factor for p in self.profiles if p.pay_factor is not None}
        return CatalogueContent(
            functions=tuple(f.to_domain() for f in self.functions),
            profiles=tuple(p.to_domain() for p in self.profiles),
            zones=tuple(z.to_domain() for z in self.zones),
            default_zone=self.default_zone,
            jurisdictions=tuple(j.to_domain() for j in self.jurisdictions),
            band_sets=tuple(b.to_domain(factors) for b in self.band_sets),
            exchange_rates=tuple(r.to_domain() for r in self.exchange_rates),
            title_conventions=tuple(c.to_domain() for c in self.title_conventions),
        )

    @classmethod
    def of(cls, content: CatalogueContent) -> CatalogueDocument:
        return cls(
            functions=[FunctionModel.of(f) for f in content.functions],
            profiles=[profile_in(p) for p in content.profiles],
            zones=[ZoneModel.of(z) for z in content.zones],
            default_zone=content.default_zone,
            jurisdictions=[JurisdictionModel.of(j) for j in content.jurisdictions],
            band_sets=[BandSetFull.of(b) for b in content.band_sets],
            exchange_rates=[ExchangeRateModel.of(r) for r in content.exchange_rates],
            title_conventions=[TitleConventionModel.of(c) for c in content.title_conventions],
        )


class ImportSummaryOut(Model):
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    catalogue_version: str | None = Field(description="The new version; null when nothing applied")
    dry_run: bool = False
    applied: bool = Field(default=False, description="Whether the catalogue changed")
    changes: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Codes created or updated, per kind (profiles, zones, band_sets, …)",
    )
    profiles: dict[str, ProfileChangesOut] = Field(
        default_factory=dict, description="Each created or updated profile, in detail"
    )

    @classmethod
    def of(cls, summary: ImportSummary) -> ImportSummaryOut:
        return cls(
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            catalogue_version=summary.catalogue_version,
            dry_run=summary.dry_run,
            applied=summary.applied,
            changes=summary.changes,
            profiles={code: ProfileChangesOut.of(d) for code, d in summary.profiles.items()},
        )
