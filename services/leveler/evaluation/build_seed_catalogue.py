"""Regenerate seed_catalogue.json: the two seed role profiles as a CatalogueSnapshot.

    uv run --all-packages python services/leveler/evaluation/build_seed_catalogue.py \
        [--seeds /work/shared/seeds] [--out services/leveler/evaluation/seed_catalogue.json]

What is transcribed from the profile documents (shared/seeds/profile-*.txt), unchanged:
name, code (the document code without its level suffix), description, the distinguishing
clause of the description, skills with descriptions, O*NET/SOC codes, the levels of the
"Level guidelines" table (rank = table order) with their rubric cells, the responsibilities
(bullets in blocks of five per level, lowest level first: 25 bullets and five rubric rows
for Clinical Project Management, 20 bullets and four rubric rows — M1..M4 — for Clinical
Trials Administration - Management), and typical years parsed from the rubric's
"Typical Degree & Years" column ("5-7+ years" → 5..7; M1's cell states no years, so none).
Each document ends with the level box of the level it was printed for (M1 in one, M2 in
the other); those boxes describe the management track, so each is applied to that level of
both profiles. Title aliases: the documents record none.

What is illustrative (not in the documents), documented here so it can be challenged:
- Zones: New York City, Boston, Raleigh, San Francisco, US other states, US remote, United
  Kingdom, Germany, with the differentials in ZONES (US other states = 1.00; GBP and EUR
  zones fold in an illustrative currency conversion).
- One published band set, effective 2026-01-01. Anchor: both postings
  (shared/seeds/posting-*.txt) are manager roles with 5-10+ years, leveled M3; their posted
  ranges are $95,000-$160,000 and $95,000-$150,000, so the function baseline M3 band in
  "US other states" is min 95,000, max 155,000 (the mean of the two maxima), mid 125,000.
  Each level step multiplies the mid by LEVEL_STEP; min and max keep the anchor's spread
  (0.76 x mid and 1.24 x mid). Profile bands multiply the baseline by the profile's pay
  differential ("Material PAY … differential vs the function baseline" in both documents):
  PROFILE_DIFFERENTIAL. Zone bands multiply by the zone differential. Amounts are rounded
  to the nearest 500.
- Pay-transparency jurisdictions (shared/ATS.md): Colorado 2021-01-01, New York City
  2022-11-01 (no open-ended ranges, remote jobs covered), California and Washington
  2023-01-01, New York State 2023-09-17, and EU member states under Directive 2023/970 from
  its transposition date, 2026-06-07 (Germany, France, the Netherlands, Ireland).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from leveling_common.snapshot import CatalogueSnapshot

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = Path("/work/shared/seeds")
PROFILE_FILES = (
    "profile-clinical-project-management.txt",
    "profile-clinical-trials-administration-management.txt",
)
BULLETS_PER_LEVEL = 5
GENERATED_AT = datetime(2026, 1, 1, tzinfo=UTC)

ZONES: tuple[dict[str, Any], ...] = (
    {"code": "US-NYC", "name": "New York City", "country": "US", "region": "NY",
     "cities": ["new york", "new york city", "nyc", "manhattan", "brooklyn", "queens",
                "bronx", "staten island"], "differential": 1.20, "currency": "USD"},
    {"code": "US-BOS", "name": "Boston", "country": "US", "region": "MA",
     "cities": ["boston", "cambridge", "somerville", "waltham"], "differential": 1.12,
     "currency": "USD"},
    {"code": "US-RDU", "name": "Raleigh", "country": "US", "region": "NC",
     "cities": ["raleigh", "durham", "research triangle park", "chapel hill", "cary"],
     "differential": 0.97, "currency": "USD"},
    {"code": "US-SFO", "name": "San Francisco", "country": "US", "region": "CA",
     "cities": ["san francisco", "south san francisco", "oakland", "san mateo",
                "redwood city"], "differential": 1.25, "currency": "USD"},
    {"code": "US-OTHER", "name": "US other states", "country": "US", "region": None,
     "cities": [], "differential": 1.00, "currency": "USD"},
    {"code": "US-REMOTE", "name": "US remote", "country": "US", "region": None, "cities": [],
     "remote": True, "differential": 0.95, "currency": "USD"},
    {"code": "GB", "name": "United Kingdom", "country": "GB", "region": None, "cities": [],
     "differential": 0.62, "currency": "GBP"},
    {"code": "DE", "name": "Germany", "country": "DE", "region": None, "cities": [],
     "differential": 0.70, "currency": "EUR"},
)  # fmt: skip

ANCHOR_RANK = 3
ANCHOR_MID = Decimal(125_000)
SPREAD_MIN = Decimal("0.76")
SPREAD_MAX = Decimal("1.24")
LEVEL_STEP = Decimal("1.18")
PROFILE_DIFFERENTIAL = {
    "CLINIC.CLINICALDC3A": Decimal("1.06"),
    "CLINIC.CLINICAL90BC": Decimal("1.03"),
}
BAND_SET_ID = "bs-2026-01-illustrative"

JURISDICTIONS: tuple[dict[str, Any], ...] = (
    {"code": "US-CO", "name": "Colorado", "country": "US", "region": "CO", "city": None,
     "covers_remote": True, "forbids_open_ended": False, "effective_from": "2021-01-01"},
    {"code": "US-NYC", "name": "New York City", "country": "US", "region": "NY",
     "city": "new york", "covers_remote": True, "forbids_open_ended": True,
     "effective_from": "2022-11-01"},
    {"code": "US-CA", "name": "California", "country": "US", "region": "CA", "city": None,
     "covers_remote": True, "forbids_open_ended": False, "effective_from": "2023-01-01"},
    {"code": "US-WA", "name": "Washington", "country": "US", "region": "WA", "city": None,
     "covers_remote": True, "forbids_open_ended": False, "effective_from": "2023-01-01"},
    {"code": "US-NY", "name": "New York State", "country": "US", "region": "NY", "city": None,
     "covers_remote": True, "forbids_open_ended": False, "effective_from": "2023-09-17"},
    {"code": "EU-DE", "name": "Germany (EU Directive 2023/970)", "country": "DE",
     "region": None, "city": None, "covers_remote": False, "forbids_open_ended": False,
     "effective_from": "2026-06-07"},
    {"code": "EU-FR", "name": "France (EU Directive 2023/970)", "country": "FR",
     "region": None, "city": None, "covers_remote": False, "forbids_open_ended": False,
     "effective_from": "2026-06-07"},
    {"code": "EU-NL", "name": "Netherlands (EU Directive 2023/970)", "country": "NL",
     "region": None, "city": None, "covers_remote": False, "forbids_open_ended": False,
     "effective_from": "2026-06-07"},
    {"code": "EU-IE", "name": "Ireland (EU Directive 2023/970)", "country": "IE",
     "region": None, "city": None, "covers_remote": False, "forbids_open_ended": False,
     "effective_from": "2026-06-07"},
)  # fmt: skip

_YEARS_RE = re.compile(r"(\d+)\s*[-\u2013]\s*(\d+)\+?\s*years")
_LEVEL_BOX_KEYS = {
    "Scope": "scope",
    "Autonomy": "autonomy",
    "Complexity": "complexity",
    "Impact": "impact",
    "Decision rights": "decision_rights",
    "Leadership": "leadership",
}


def _section(lines: list[str], start: str, end: str) -> list[str]:
    first = lines.index(start) + 1
    return lines[first : lines.index(end, first)]


def _bullets(lines: list[str]) -> list[str]:
    return [line[2:].strip() for line in lines if line.startswith("- ")]


def _rubric_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in _section(lines, "Level guidelines", "Skills"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"M\d", cells[0]):
            rows.append(cells)
    return rows


def _years(cell: str) -> tuple[float | None, float | None]:
    match = _YEARS_RE.search(cell)
    if match is None:
        return None, None
    return float(match.group(1)), float(match.group(2))


def _level_box(lines: list[str]) -> tuple[str, str, dict[str, str]]:
    """The level box at the end of a document: its level code, name and fields."""
    header = next(line for line in lines if line.startswith("Level — "))
    _, code, name = (part.strip() for part in header.split("—", 2))
    items = _bullets(lines[lines.index(header) :])
    fields = {
        _LEVEL_BOX_KEYS[key]: value
        for key, value in zip(items[::2], items[1::2], strict=False)
        if key in _LEVEL_BOX_KEYS
    }
    return code, name, fields


def _distinguishing(description: str) -> str:
    match = re.search(r"(distinct from .*?\))\.", description) or re.search(
        r"(Unlike .*? focuses)", description
    )
    return match.group(1) if match else ""


def _parse_profile(text: str) -> dict[str, Any]:
    lines = [line.rstrip() for line in text.splitlines()]
    name = lines[0].rsplit("—", 1)[0].strip()
    function_code, profile_part, _ = lines[1].split(".")
    rows = _rubric_rows(lines)
    bullets = _bullets(_section(lines, "Responsibilities by level", "Level guidelines"))
    if len(bullets) != BULLETS_PER_LEVEL * len(rows):
        raise ValueError(f"{name}: {len(bullets)} bullets for {len(rows)} rubric rows")
    skill_items = _bullets(_section(lines, "Skills", "Provenance"))
    soc = re.findall(r"^- code=([\d.-]+)source=", text, flags=re.MULTILINE)
    levels = []
    for rank, row in enumerate(rows, start=1):
        years_min, years_max = _years(row[4])
        block = bullets[(rank - 1) * BULLETS_PER_LEVEL : rank * BULLETS_PER_LEVEL]
        levels.append(
            {
                "code": row[0],
                "track": row[0][0],
                "rank": rank,
                "years_min": years_min,
                "years_max": years_max,
                "rubric": dict(
                    zip(
                        ("knowledge", "complexity", "collaboration", "degree_years"),
                        row[1:],
                        strict=True,
                    )
                ),
                "responsibilities": block,
            }
        )
    return {
        "code": f"{function_code}.{profile_part}",
        "name": name,
        "function_code": function_code,
        "description": lines[2],
        "distinguishing": _distinguishing(lines[2]),
        "aliases": [],
        "skills": [
            {"name": n, "description": d}
            for n, d in zip(skill_items[::2], skill_items[1::2], strict=True)
        ],
        "soc_codes": soc,
        "levels": levels,
    }


def _apply_level_boxes(profiles: list[dict[str, Any]], texts: list[str]) -> None:
    for text in texts:
        code, name, fields = _level_box([line.rstrip() for line in text.splitlines()])
        for profile in profiles:
            for level in profile["levels"]:
                if level["code"] == code:
                    level.update(name=name, **fields)


def _round(amount: Decimal) -> Decimal:
    return (amount / 500).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 500


def _band(profile_code: str | None, level: str, rank: int, zone: dict[str, Any]) -> dict[str, Any]:
    factor = PROFILE_DIFFERENTIAL.get(profile_code or "", Decimal(1))
    factor *= Decimal(str(zone["differential"]))
    mid = ANCHOR_MID * LEVEL_STEP ** (rank - ANCHOR_RANK) * factor
    return {
        "profile_code": profile_code,
        "function_code": "CLINIC",
        "level": level,
        "zone": zone["code"],
        "min": str(_round(mid * SPREAD_MIN)),
        "mid": str(_round(mid)),
        "max": str(_round(mid * SPREAD_MAX)),
        "currency": zone["currency"],
        "interval": "year",
    }


def _bands(profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ladder = max((p["levels"] for p in profiles), key=len)
    owners: list[tuple[str | None, list[dict[str, Any]]]] = [(None, ladder)]
    owners += [(p["code"], p["levels"]) for p in profiles]
    return [
        _band(owner, level["code"], level["rank"], zone)
        for owner, levels in owners
        for level in levels
        for zone in ZONES
    ]


def build(seeds: Path) -> dict[str, Any]:
    texts = [(seeds / name).read_text(encoding="utf-8") for name in PROFILE_FILES]
    profiles = [_parse_profile(text) for text in texts]
    _apply_level_boxes(profiles, texts)
    body: dict[str, Any] = {
        "generated_at": GENERATED_AT.isoformat(),
        "profiles": profiles,
        "zones": [{k: v for k, v in zone.items() if k != "currency"} for zone in ZONES],
        "band_sets": [
            {
                "id": BAND_SET_ID,
                "name": "Illustrative bands derived from the seed postings",
                "effective_from": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
                "effective_to": None,
                "bands": _bands(profiles),
            }
        ],
        "jurisdictions": [
            {**j, "effective_from": date.fromisoformat(j["effective_from"]).isoformat()}
            for j in JURISDICTIONS
        ],
        "default_zone": "US-OTHER",
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:12]
    body["catalogue_version"] = f"seed-{digest}"
    return CatalogueSnapshot.model_validate(body).model_dump(mode="json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--out", type=Path, default=HERE / "seed_catalogue.json")
    args = parser.parse_args(argv)
    snapshot = build(args.seeds)
    args.out.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n", "utf-8")
    sys.stdout.write(f"wrote {args.out} ({snapshot['catalogue_version']})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
