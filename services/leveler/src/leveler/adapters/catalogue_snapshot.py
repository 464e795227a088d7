"""Map the catalogue's snapshot into the engine's domain values."""

from __future__ import annotations

from leveler.domain.catalogue import (
    Band,
    BandSet,
    Catalogue,
    Jurisdiction,
    Level,
    Profile,
    Rubric,
    Skill,
    TitleConvention,
    Zone,
)
from leveling_common.snapshot import (
    BandSetSnapshot,
    CatalogueSnapshot,
    JurisdictionSnapshot,
    LevelSnapshot,
    ProfileSnapshot,
    TitleConventionSnapshot,
    ZoneSnapshot,
)

__all__ = ["band_set_to_domain", "to_domain"]


def _level(level: LevelSnapshot) -> Level:
    return Level(
        code=level.code,
        track=level.track,
        rank=level.rank,
        name=level.name,
        scope=level.scope,
        autonomy=level.autonomy,
        complexity=level.complexity,
        impact=level.impact,
        decision_rights=level.decision_rights,
        leadership=level.leadership,
        years_min=level.years_min,
        years_max=level.years_max,
        rubric=Rubric(
            knowledge=level.rubric.knowledge,
            complexity=level.rubric.complexity,
            collaboration=level.rubric.collaboration,
            degree_years=level.rubric.degree_years,
        ),
        responsibilities=tuple(level.responsibilities),
    )


def _profile(profile: ProfileSnapshot) -> Profile:
    return Profile(
        code=profile.code,
        name=profile.name,
        function_code=profile.function_code,
        function_name=profile.function_name,
        description=profile.description,
        distinguishing=profile.distinguishing,
        aliases=tuple(profile.aliases),
        skills=tuple(Skill(skill.name, skill.description) for skill in profile.skills),
        levels=tuple(_level(level) for level in profile.levels),
    )


def _zone(zone: ZoneSnapshot) -> Zone:
    return Zone(
        code=zone.code,
        name=zone.name,
        country=zone.country,
        region=zone.region,
        cities=tuple(zone.cities),
        remote=zone.remote,
        differential=zone.differential,
    )


def band_set_to_domain(band_set: BandSetSnapshot) -> BandSet:
    return BandSet(
        id=band_set.id,
        name=band_set.name,
        effective_from=band_set.effective_from,
        effective_to=band_set.effective_to,
        bands=tuple(
            Band(
                profile_code=band.profile_code,
                function_code=band.function_code,
                level=band.level,
                zone=band.zone,
                min=band.min,
                mid=band.mid,
                max=band.max,
                currency=band.currency,
                interval=band.interval,
            )
            for band in band_set.bands
        ),
    )


def _jurisdiction(rule: JurisdictionSnapshot) -> Jurisdiction:
    return Jurisdiction(
        code=rule.code,
        name=rule.name,
        country=rule.country,
        region=rule.region,
        city=rule.city,
        covers_remote=rule.covers_remote,
        forbids_open_ended=rule.forbids_open_ended,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
    )


def _title_convention(convention: TitleConventionSnapshot) -> TitleConvention:
    return TitleConvention(track=convention.track, phrase=convention.phrase, rank=convention.rank)


def to_domain(snapshot: CatalogueSnapshot) -> Catalogue:
    """The engine's catalogue for a snapshot served at GET /v1/snapshot."""
    return Catalogue(
        version=snapshot.catalogue_version,
        profiles=tuple(_profile(profile) for profile in snapshot.profiles),
        zones=tuple(_zone(zone) for zone in snapshot.zones),
        band_sets=tuple(band_set_to_domain(band_set) for band_set in snapshot.band_sets),
        jurisdictions=tuple(_jurisdiction(rule) for rule in snapshot.jurisdictions),
        default_zone=snapshot.default_zone,
        exchange_rates=dict(snapshot.exchange_rates),
        title_conventions=tuple(_title_convention(c) for c in snapshot.title_conventions),
    )
