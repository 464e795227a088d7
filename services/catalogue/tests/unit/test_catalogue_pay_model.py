"""The illustrative band set is derived from the postings' salary ranges as documented."""

from __future__ import annotations

from decimal import Decimal

from catalogue.domain.pay import Band
from catalogue.domain.pay_model import derive_bands
from catalogue.seed import pay_model, seed_content


def _bands() -> dict[tuple[str | None, str, str], Band]:
    model, _ = pay_model()
    content, _ = seed_content()
    return {
        (b.profile_code, b.level, b.zone): b
        for b in derive_bands(model, profiles=[], zones=content.zones)
    }


def test_the_anchor_level_band_is_the_average_of_the_two_postings():
    model, _ = pay_model()
    assert model.anchor == (Decimal(95000), Decimal(125000), Decimal(155000))
    m2 = _bands()[(None, "M2", "US-OTHER")]
    assert (m2.min, m2.mid, m2.max, m2.currency) == (
        Decimal(95000),
        Decimal(125000),
        Decimal(155000),
        "USD",
    )


def test_levels_step_the_midpoint_by_eighteen_percent_and_keep_the_spread():
    bands = _bands()
    m3 = bands[(None, "M3", "US-OTHER")]
    assert (m3.min, m3.mid, m3.max) == (Decimal(112000), Decimal(147500), Decimal(183000))
    m1 = bands[(None, "M1", "US-OTHER")]
    assert m1.mid == 106000


def test_zones_apply_their_differential_and_currency():
    bands = _bands()
    nyc = bands[(None, "M2", "US-NYC")]
    assert (nyc.min, nyc.mid, nyc.max) == (Decimal(114000), Decimal(150000), Decimal(186000))
    uk = bands[(None, "M2", "GB")]
    assert (uk.min, uk.mid, uk.max, uk.currency) == (
        Decimal(56500),
        Decimal(74000),
        Decimal(92000),
        "GBP",
    )
    assert bands[(None, "M2", "DE")].currency == "EUR"
