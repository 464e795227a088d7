"""Catalogue change events on `catalogue.changes.v1` (DESIGN.md section 4)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BANDSET_EFFECTIVE",
    "BANDSET_PUBLISHED",
    "JURISDICTION_EFFECTIVE",
    "PROFILE_CHANGED",
    "BandSetEffectiveData",
    "BandSetPublishedData",
    "JurisdictionEffectiveData",
    "ProfileChangedData",
]

BANDSET_PUBLISHED = "com.leveling.catalogue.bandset.published.v1"
BANDSET_EFFECTIVE = "com.leveling.catalogue.bandset.effective.v1"
PROFILE_CHANGED = "com.leveling.catalogue.profile.changed.v1"
JURISDICTION_EFFECTIVE = "com.leveling.catalogue.jurisdiction.effective.v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class BandSetPublishedData(_Model):
    band_set_id: str
    name: str
    effective_from: datetime
    supersedes: str | None = Field(default=None, description="The band set it replaces, if any.")
    catalogue_version: str
    published_at: datetime


class BandSetEffectiveData(_Model):
    """A band set published ahead of its `effective_from` came into force (emitted once)."""

    band_set_id: str
    name: str
    effective_from: datetime
    supersedes: str | None = Field(default=None, description="The band set it replaces, if any.")
    published_at: datetime
    catalogue_version: str


class ProfileChangedData(_Model):
    profile_code: str
    change: str = Field(pattern=r"^(created|updated|deleted)$")
    catalogue_version: str
    changed_at: datetime


class JurisdictionEffectiveData(_Model):
    """A pay-transparency rule came into force (emitted once per rule and start date):
    open requisitions in its place are checked against it again."""

    jurisdiction_code: str
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    region: str | None = None
    city: str | None = None
    covers_remote: bool = False
    effective_from: date = Field(description="The day it applies from (00:00 UTC)")
    catalogue_version: str
