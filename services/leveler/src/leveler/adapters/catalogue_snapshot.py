"""The engine's catalogue for a snapshot: the snapshot's values, assembled as one version."""

from __future__ import annotations

from leveler.domain.catalogue import Catalogue
from leveling_common.snapshot import CatalogueSnapshot

__all__ = ["to_domain"]


def to_domain(snapshot: CatalogueSnapshot) -> Catalogue:
    """The engine's catalogue for a snapshot served at GET /v1/snapshot."""
    return Catalogue(
        version=snapshot.catalogue_version,
        profiles=snapshot.profiles,
        zones=snapshot.zones,
        band_sets=snapshot.band_sets,
        jurisdictions=snapshot.jurisdictions,
        default_zone=snapshot.default_zone,
        exchange_rates=dict(snapshot.exchange_rates),
        title_conventions=snapshot.title_conventions,
    )
