"""The job families a profile's document sets it apart from: a posting titled as one of
them goes to review, however much of the profile's vocabulary it shares."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

from leveler.domain.catalogue import Catalogue
from leveler.domain.engine import build_index, decide
from leveler.domain.exclusions import excluded_families, family_named
from leveler.domain.query import ROLE_WORDS
from leveler.domain.requisition import Requisition

AT = datetime(2026, 11, 1, tzinfo=UTC)
CLAUSE = (
    "Distinct from Sales Management (leading teams of sellers), Sales Operations (CRM "
    "administration, territory and quota modelling), Customer Success (post-sale adoption), "
    "individual-contributor Widget Design, and Procurement/Strategic Sourcing."
)


def _names(clause: str, own_titles: tuple[str, ...] = ("Account Executive",)) -> list[str]:
    return [name for name, _ in excluded_families(clause, own_titles, ROLE_WORDS)]


def test_each_family_of_the_clause_is_read_without_its_description() -> None:
    assert _names(CLAUSE) == [
        "Sales Management",
        "Sales Operations",
        "Customer Success",
        "Widget Design",
        "Procurement",
        "Strategic Sourcing",
    ]
    unlike = "Unlike Clinical Monitoring (CRA site visits) or Data Management (EDC) focuses"
    assert _names(unlike) == ["Clinical Monitoring", "Data Management"]
    assert _names("Owns the whole sales cycle.") == []


def test_a_family_the_profiles_own_titles_name_tells_nothing_apart() -> None:
    names = _names(CLAUSE, own_titles=("Account Executive", "Sales Executive"))
    assert "Sales Management" not in names  # "Sales Executive" holds "sales"
    assert "Sales Operations" in names


def test_a_title_names_a_family_when_it_holds_its_words_in_a_run() -> None:
    families = excluded_families(CLAUSE, ("Account Executive", "Sales Executive"), ROLE_WORDS)
    assert family_named(("custom", "success"), "success", families) == "Customer Success"
    assert family_named(("sale", "oper", "analyst"), "analyst", families) == "Sales Operations"
    assert family_named(("sale", "region", "oper"), "oper", families) is None
    assert family_named(("account",), "account", families) is None


def test_a_one_word_family_must_be_the_role_the_title_names() -> None:
    families = excluded_families(CLAUSE, ("Account Executive",), ROLE_WORDS)
    assert family_named(("procur",), "procur", families) == "Procurement"
    assert family_named(("procur", "categori"), "categori", families) is None


def test_a_posting_titled_as_an_excluded_family_goes_to_review(
    small_catalogue: Callable[..., Catalogue],
) -> None:
    base = small_catalogue()
    profile = base.profiles[0].model_copy(
        update={
            "aliases": ("Widget Assembly Manager",),
            "distinguishing": "Distinct from Widget Logistics (shipping finished widgets).",
        }
    )
    index = build_index(dataclasses.replace(base, profiles=(profile,)))
    text = (
        "Manages widget assembly lines, widget quality and plant throughput. Coordinates "
        "widget assembly stage 2 for the plant and manages a team of 6 widget engineers."
    )
    own = decide(Requisition(title="Widget Assembly Manager", description=text), index, at=AT)
    excluded = decide(Requisition(title="Widget Logistics Manager", description=text), index, at=AT)
    assert own.status == "auto_approved"
    assert excluded.status == "needs_review"
    assert "low_confidence" in excluded.flags
    assert excluded.confidence < own.confidence
    profile_signal = next(s for s in excluded.explanation if s.signal == "profile_match")
    assert "sets it apart from Widget Logistics" in profile_signal.evidence
