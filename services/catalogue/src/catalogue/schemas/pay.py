"""Bands, band sets, band look-ups and impact reports as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AwareDatetime, ConfigDict, Field, JsonValue, PlainSerializer

from catalogue.domain.exceptions import InvalidData
from catalogue.domain.pay import Band, BandChange, BandSet, Baseline, Differential, PayFactor
from catalogue.schemas._base import Factor, Model
from catalogue.service_layer.pay import Structure
from leveling_common.events.common import Money

__all__ = [
    "BandChangeOut",
    "BandIn",
    "BandLookupOut",
    "BandSetFull",
    "BandSetIn",
    "BandSetOut",
    "BandSetPatch",
    "BandSetSummary",
    "BaselineIn",
    "ImpactOut",
    "structure",
]

_BAND_EXAMPLE: dict[str, JsonValue] = {
    "function_code": "CLINIC",
    "profile_code": "CLINIC.CLINICALDC3A",
    "level": "M2",
    "zone": "US-NYC",
    "min": 119000,
    "mid": 156500,
    "max": 194000,
    "currency": "USD",
    "interval": "year",
}


class BandIn(Model):
    model_config = ConfigDict(json_schema_extra={"examples": [_BAND_EXAMPLE]})

    function_code: Annotated[str, Field(min_length=1, max_length=64)]
    profile_code: Annotated[str | None, Field(max_length=64)] = Field(
        default=None, description="null = the function baseline band"
    )
    level: Annotated[str, Field(pattern=r"^[MPSE][1-9][0-9]?$")]
    zone: Annotated[str, Field(min_length=1, max_length=32)]
    min: Money
    mid: Money
    max: Money
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")]
    interval: Literal["year", "month", "week", "day", "hour"] = "year"

    def to_domain(self) -> Band:
        return Band(**self.model_dump())

    @classmethod
    def of(cls, band: Band) -> BandIn:
        return cls(
            function_code=band.function_code,
            profile_code=band.profile_code,
            level=band.level,
            zone=band.zone,
            min=band.min,
            mid=band.mid,
            max=band.max,
            currency=band.currency,
            interval=band.interval,
        )


class BaselineIn(Model):
    """Pay for a function (profile_code null) or a profile at one level, before zones."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{k: v for k, v in _BAND_EXAMPLE.items() if k != "zone"}]}
    )

    function_code: Annotated[str, Field(min_length=1, max_length=64)]
    profile_code: Annotated[str | None, Field(max_length=64)] = Field(
        default=None, description="null = the function baseline"
    )
    level: Annotated[str, Field(pattern=r"^[MPSE][1-9][0-9]?$")]
    min: Money
    mid: Money
    max: Money
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")]
    interval: Literal["year", "month", "week", "day", "hour"] = "year"

    def to_domain(self) -> Baseline:
        return Baseline(**self.model_dump())

    @classmethod
    def of(cls, baseline: Baseline) -> BaselineIn:
        return cls(
            function_code=baseline.function_code,
            profile_code=baseline.profile_code,
            level=baseline.level,
            min=baseline.min,
            mid=baseline.mid,
            max=baseline.max,
            currency=baseline.currency,
            interval=baseline.interval,
        )


Percent = Annotated[
    Decimal,
    Field(ge=5, le=2000, max_digits=8, decimal_places=2),
    PlainSerializer(lambda v: float(v), return_type=float, when_used="json"),
]
RoundTo = Annotated[
    Decimal,
    Field(ge=Decimal("0.01"), max_digits=14, decimal_places=2),
    PlainSerializer(lambda v: float(v), return_type=float, when_used="json"),
]
_ZoneCode = Annotated[str, Field(min_length=1, max_length=32)]
_Baselines = Annotated[list[BaselineIn], Field(max_length=20_000)]
_Differentials = Annotated[
    dict[_ZoneCode, Percent],
    Field(
        max_length=2_000,
        description="Zone code -> percent of the baseline (120 = x1.20). On publication, "
        "zones left out take the zone table's differential, frozen from then on.",
        examples=[{"US-NYC": 120, "US-OTHER": 100}],
    ),
]
_PayFactors = Annotated[
    dict[Annotated[str, Field(min_length=1, max_length=64)], Factor],
    Field(
        max_length=20_000,
        description="Profile code -> pay factor applied to the function baseline (0.1 to 10). "
        "A draft follows each profile's current pay_factor for profiles left out; on "
        "publication those are copied in, frozen from then on.",
        examples=[{"CLINIC.CLINICALDC3A": 1.06}],
    ),
]
_ROUND_TO = "Derived amounts are rounded half up to a multiple of this (default 1)"


def structure(
    baselines: list[BaselineIn] | None,
    differentials: dict[str, Decimal] | None,
    round_to: Decimal | None,
    pay_factors: dict[str, Decimal] | None = None,
) -> Structure:
    """Domain values, a refused baseline naming its index (baselines[2].currency)."""
    found: list[Baseline] = []
    for index, item in enumerate(baselines or ()):
        try:
            found.append(item.to_domain())
        except InvalidData as error:
            field = f"baselines[{index}].{error.field or 'min'}"
            raise InvalidData(str(error), field=field) from error
    return Structure(
        baselines=None if baselines is None else tuple(found),
        differentials=None
        if differentials is None
        else tuple(Differential(zone, percent) for zone, percent in differentials.items()),
        round_to=round_to,
        pay_factors=None
        if pay_factors is None
        else tuple(PayFactor(code, factor) for code, factor in pay_factors.items()),
    )


class BandSetIn(Model):
    id: Annotated[str | None, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = None
    name: Annotated[str, Field(min_length=1, max_length=300, examples=["2026 bands"])]
    effective_from: AwareDatetime = Field(examples=["2026-01-01T00:00:00Z"])
    bands: Annotated[list[BandIn], Field(max_length=20_000)] = Field(
        default_factory=list, description="Explicit bands; they win over derived ones"
    )
    baselines: _Baselines = Field(default_factory=list)
    differentials: _Differentials = Field(default_factory=dict)
    round_to: RoundTo | None = Field(default=None, description=_ROUND_TO)
    pay_factors: _PayFactors = Field(default_factory=dict)

    def structure(self) -> Structure:
        return structure(self.baselines, self.differentials, self.round_to, self.pay_factors)


class BandSetPatch(Model):
    name: Annotated[str | None, Field(min_length=1, max_length=300)] = None
    effective_from: AwareDatetime | None = None
    bands: Annotated[list[BandIn] | None, Field(max_length=20_000)] = None
    baselines: _Baselines | None = None
    differentials: _Differentials | None = None
    round_to: RoundTo | None = Field(default=None, description=_ROUND_TO)
    pay_factors: _PayFactors | None = None

    def structure(self) -> Structure:
        return structure(self.baselines, self.differentials, self.round_to, self.pay_factors)


class BandSetSummary(Model):
    id: str
    name: str
    status: Literal["draft", "published"]
    effective_from: datetime
    effective_to: datetime | None = Field(default=None, description="Start of the next set")
    created_at: datetime | None = None
    published_at: datetime | None = None
    supersedes: str | None = None
    band_count: int

    @classmethod
    def of(cls, band_set: BandSet, effective_to: datetime | None) -> BandSetSummary:
        return cls(
            id=band_set.id,
            name=band_set.name,
            status=band_set.status,
            effective_from=band_set.effective_from,
            effective_to=effective_to,
            created_at=band_set.created_at,
            published_at=band_set.published_at,
            supersedes=band_set.supersedes,
            band_count=len(band_set.bands),
        )


class ResolvedBandOut(BandIn):
    derived: bool = Field(description="Derived from the pay structure, not an explicit band")


class BandSetOut(BandSetSummary):
    bands: list[BandIn]
    baselines: list[BaselineIn] = Field(default_factory=list)
    differentials: dict[str, Percent] = Field(default_factory=dict)
    round_to: RoundTo = Field(default=Decimal(1), description=_ROUND_TO)
    pay_factors: _PayFactors = Field(default_factory=dict)
    resolved_bands: list[ResolvedBandOut] = Field(
        default_factory=list,
        description="Every band the set gives: its explicit bands and those its pay structure "
        "derives (a draft as publication would freeze it)",
    )

    @classmethod
    def of_full(
        cls, band_set: BandSet, effective_to: datetime | None, resolved: Sequence[Band] = ()
    ) -> BandSetOut:
        summary = BandSetSummary.of(band_set, effective_to)
        explicit = {band.key for band in band_set.bands}
        return cls(
            **summary.model_dump(),
            bands=[BandIn.of(b) for b in band_set.bands],
            baselines=[BaselineIn.of(b) for b in band_set.baselines],
            differentials={d.zone: d.percent for d in band_set.differentials},
            round_to=band_set.round_to,
            pay_factors=_factors(band_set),
            resolved_bands=[
                ResolvedBandOut(**BandIn.of(b).model_dump(), derived=b.key not in explicit)
                for b in resolved
            ],
        )


class BandSetFull(Model):
    """A band set in a bulk export: everything needed to recreate it as it was."""

    id: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=300)]
    status: Literal["draft", "published"] = "draft"
    effective_from: AwareDatetime
    created_at: AwareDatetime | None = None
    published_at: AwareDatetime | None = None
    supersedes: Annotated[str | None, Field(max_length=64)] = None
    bands: list[BandIn] = Field(default_factory=list)
    baselines: _Baselines = Field(default_factory=list)
    differentials: _Differentials = Field(default_factory=dict)
    round_to: RoundTo = Field(default=Decimal(1), description=_ROUND_TO)
    pay_factors: _PayFactors | None = Field(
        default=None,
        description="Absent (an export from before factors were frozen): see to_domain",
    )

    def to_domain(self, profile_factors: Mapping[str, Decimal] | None = None) -> BandSet:
        """The set; a published one exported before sets held their pay factors priced with
        the profiles' own, so it takes `profile_factors` (the document's) to stay as it was."""
        factors = self.pay_factors
        if factors is None and self.status == "published" and self.baselines:
            factors = dict(profile_factors or {})
        pay = structure(self.baselines, self.differentials, self.round_to, factors)
        return BandSet(
            id=self.id,
            name=self.name,
            status=self.status,
            effective_from=self.effective_from,
            created_at=self.created_at,
            published_at=self.published_at,
            supersedes=self.supersedes,
            bands=tuple(b.to_domain() for b in self.bands),
            baselines=tuple(pay.baselines or ()),
            differentials=tuple(pay.differentials or ()),
            round_to=self.round_to,
            pay_factors=tuple(pay.pay_factors or ()),
        )

    @classmethod
    def of(cls, band_set: BandSet) -> BandSetFull:
        return cls(
            id=band_set.id,
            name=band_set.name,
            status=band_set.status,
            effective_from=band_set.effective_from,
            created_at=band_set.created_at,
            published_at=band_set.published_at,
            supersedes=band_set.supersedes,
            bands=[BandIn.of(b) for b in band_set.bands],
            baselines=[BaselineIn.of(b) for b in band_set.baselines],
            differentials={d.zone: d.percent for d in band_set.differentials},
            round_to=band_set.round_to,
            pay_factors=_factors(band_set),
        )


def _factors(band_set: BandSet) -> dict[str, Decimal]:
    return {f.profile_code: f.factor for f in band_set.pay_factors}


class BandLookupOut(BandIn):
    band_set_id: str
    band_set_name: str
    effective_from: datetime
    effective_to: datetime | None
    source: Literal["profile", "baseline"] = Field(
        description="The profile's own band, or its function's baseline band"
    )
    derived: bool = Field(
        default=False,
        description="Derived from the set's pay structure rather than an explicit band",
    )


class Amounts(Model):
    min: Money
    mid: Money
    max: Money
    currency: str
    interval: str


class BandChangeOut(Model):
    function_code: str
    profile_code: str | None
    level: str
    zone: str
    change: Literal["added", "removed", "changed"]
    before: Amounts | None
    after: Amounts | None
    delta_min: Decimal | None = None
    delta_mid: Decimal | None = None
    delta_max: Decimal | None = None
    percent_mid: Decimal | None = Field(default=None, description="Change of the midpoint, %")

    @classmethod
    def of(cls, change: BandChange) -> BandChangeOut:
        function_code, profile_code, level, zone = change.key
        return cls(
            function_code=function_code,
            profile_code=profile_code,
            level=level,
            zone=zone,
            change=change.change,
            before=_amounts(change.before),
            after=_amounts(change.after),
            delta_min=change.delta("min"),
            delta_mid=change.delta("mid"),
            delta_max=change.delta("max"),
            percent_mid=change.percent("mid"),
        )


def _amounts(band: Band | None) -> Amounts | None:
    if band is None:
        return None
    return Amounts(
        min=band.min, mid=band.mid, max=band.max, currency=band.currency, interval=band.interval
    )


class ImpactOut(Model):
    band_set_id: str
    compared_with: str | None = Field(description="The set in force when the draft would start")
    changes: list[BandChangeOut]
    unchanged: int
