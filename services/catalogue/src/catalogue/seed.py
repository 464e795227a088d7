"""`catalogue seed`: the bundled sample catalogue, loaded idempotently.

Two role profiles (imported from their documents), a zone table, pay-transparency
jurisdictions and an illustrative band set derived from two real postings, stored as a
pay structure (see services/catalogue/README.md for how each number is derived).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from importlib.resources import files
from typing import Any

from catalogue.domain.currency import ExchangeRate
from catalogue.domain.pay_model import PayModel, derive_structure
from catalogue.schemas.profiles import FunctionModel
from catalogue.schemas.zones import JurisdictionModel, ZoneModel
from catalogue.service_layer import pay, profiles, zones
from catalogue.service_layer.exchange import CatalogueContent, import_catalogue
from catalogue.service_layer.ports import ProfileFilter, UnitOfWork

__all__ = [
    "PROFILE_DOCUMENTS",
    "SeedReport",
    "pay_model",
    "profile_document",
    "seed",
    "seed_content",
]

PROFILE_DOCUMENTS = (
    "profile-clinical-project-management.txt",
    "profile-clinical-trials-administration-management.txt",
)


def _read(name: str) -> str:
    return files("catalogue.seed_data").joinpath(name).read_text(encoding="utf-8")


def _json(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(_read(name))
    return document


def profile_document(name: str) -> str:
    return _read(name)


def seed_content() -> tuple[CatalogueContent, dict[str, Decimal]]:
    """Functions, zones, default zone and jurisdictions; and the profiles' pay factors."""
    data = _json("catalogue.json")
    content = CatalogueContent(
        functions=tuple(FunctionModel.model_validate(f).to_domain() for f in data["functions"]),
        zones=tuple(ZoneModel.model_validate(z).to_domain() for z in data["zones"]),
        default_zone=data["default_zone"],
        jurisdictions=tuple(
            JurisdictionModel.model_validate(j).to_domain() for j in data["jurisdictions"]
        ),
        exchange_rates=tuple(
            ExchangeRate(r["currency"], Decimal(r["per_usd"])) for r in data["exchange_rates"]
        ),
    )
    return content, {code: Decimal(v) for code, v in data["pay_factors"].items()}


def pay_model() -> tuple[PayModel, dict[str, Any]]:
    data = _json("pay_model.json")
    model = PayModel(
        function_code=data["function_code"],
        levels=tuple(data["levels"]),
        anchor_level=data["anchor_level"],
        anchor_ranges=tuple(
            (Decimal(p["min"]), Decimal(p["max"])) for p in data["anchor_postings"]
        ),
        level_step=Decimal(data["level_step"]),
        round_to=Decimal(data["round_to"]),
        interval=data["interval"],
        currency_by_country=data["currency_by_country"],
        usd_to={k: Decimal(v) for k, v in data["usd_to"].items()},
    )
    return model, data["band_set"]


@dataclass
class SeedReport:
    profiles: dict[str, str] = field(default_factory=dict)
    band_set: str = ""
    band_set_status: str = ""
    band_count: int = 0


async def seed(uow: Callable[[], UnitOfWork]) -> SeedReport:
    """Load the sample catalogue; running it again changes nothing."""
    report = SeedReport()
    content, pay_factors = seed_content()
    await import_catalogue(uow(), content=content)
    for name in PROFILE_DOCUMENTS:
        result = await profiles.import_profile_document(uow(), text=profile_document(name))
        report.profiles[result.profile.code] = result.change
    for code, factor in pay_factors.items():
        profile = await profiles.get_profile(uow(), code=code)
        if profile.pay_factor != factor:
            await profiles.replace_profile(uow(), profile=replace(profile, pay_factor=factor))
    await _seed_band_set(uow, report)
    return report


async def _seed_band_set(uow: Callable[[], UnitOfWork], report: SeedReport) -> None:
    model, header = pay_model()
    report.band_set = header["id"]
    existing = {b.id: b for b, _ in await pay.list_band_sets(uow())}
    if header["id"] in existing:
        report.band_set_status = "unchanged"
        report.band_count = len(await pay.effective(uow(), band_set_id=header["id"]))
        return
    page = await profiles.list_profiles(uow(), where=ProfileFilter(), limit=10_000, offset=0)
    zone_list, _ = await zones.list_zones(uow())
    structure = derive_structure(model, profiles=page.items, zones=zone_list)
    await pay.create_draft(
        uow(),
        band_set_id=header["id"],
        name=header["name"],
        effective_from=datetime.fromisoformat(header["effective_from"]),
        bands=structure.overrides,
        structure=pay.Structure(
            baselines=structure.baselines,
            differentials=structure.differentials,
            round_to=structure.round_to,
        ),
    )
    await pay.publish(uow(), band_set_id=header["id"])
    report.band_set_status = "published"
    report.band_count = len(await pay.effective(uow(), band_set_id=header["id"]))
