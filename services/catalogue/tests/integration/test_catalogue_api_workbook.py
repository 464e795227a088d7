"""The catalogue as a workbook over the API, on SQLite and PostgreSQL: a 200-profile
architecture on both tracks with a 6-zone pay structure imported in one request, exported,
re-imported without a change or an event; bad workbooks refused with the place named and
nothing applied. A second, draft band set is a pay structure (baselines, differentials,
pay factors and one explicit override) and round-trips the same way."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from catalogue.adapters import tables
from catalogue.adapters.workbook import write_xlsx
from catalogue.schemas.sheet_export import to_sheets
from catalogue.schemas.sheets import SHEETS
from catalogue.synthetic import architecture

pytestmark = pytest.mark.integration
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(raw: bytes, name: str = "catalogue.xlsx"):
    return {"file": (name, raw, XLSX)}


async def _outbox_rows(catalogue) -> int:
    async with catalogue.sessions() as session:
        return int(
            (await session.execute(select(func.count()).select_from(tables.outbox))).scalar_one()
        )


async def test_a_company_architecture_round_trips_through_one_workbook(client, catalogue):
    workbook = write_xlsx(to_sheets(architecture()), SHEETS)
    imported = await client.post("/v1/import/workbook", files=_upload(workbook))
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == {
        "functions": 10,
        "profiles": 200,
        "zones": 6,
        "band_sets": 2,
    }
    events = await _outbox_rows(catalogue)

    exported = await client.get("/v1/export/workbook")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == XLSX
    again = await client.post("/v1/import/workbook", files=_upload(exported.content))
    assert again.status_code == 200, again.text
    summary = again.json()
    assert (summary["created"], summary["updated"], summary["catalogue_version"]) == ({}, {}, None)
    assert summary["unchanged"]["profiles"] == 200
    assert summary["unchanged"]["band_sets"] == 2
    draft = (await client.get("/v1/band-sets/bs-2027")).json()
    assert (len(draft["baselines"]), len(draft["differentials"]), draft["round_to"]) == (
        100,
        4,
        500,
    )
    assert draft["pay_factors"] == {
        "FN0.ROLE000": 1.0625,
        "FN1.ROLE001": 1.1625,
        "FN2.ROLE002": 1.2625,
    }
    assert await _outbox_rows(catalogue) == events  # nothing changed, nothing announced

    as_csv = await client.get("/v1/export/workbook", params={"fmt": "csv"})
    assert as_csv.headers["content-type"] == "application/zip"
    from_csv = await client.post(
        "/v1/import/workbook",
        files={"file": ("catalogue.csv.zip", as_csv.content, "application/zip")},
    )
    assert from_csv.json()["catalogue_version"] is None


async def test_the_template_is_every_sheet_with_its_columns(client):
    response = await client.get("/v1/templates/workbook")
    assert response.status_code == 200
    assert 'filename="catalogue-template.xlsx"' in response.headers["content-disposition"]


async def test_a_bad_cell_is_a_422_naming_the_place_and_nothing_is_applied(client):
    content = architecture(profiles=4)
    sheets = to_sheets(content)
    sheets["Bands"][7][SHEETS["Bands"].index("currency")] = "DOLLARS"
    response = await client.post("/v1/import/workbook", files=_upload(write_xlsx(sheets, SHEETS)))
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (problem["sheet"], problem["row"], problem["column"]) == ("Bands", 9, "currency")
    assert "not an ISO 4217 code" in problem["detail"]
    assert (await client.get("/v1/profiles")).json()["total"] == 0


async def test_an_upload_past_the_limit_is_refused_before_it_is_read(client):
    response = await client.post(
        "/v1/import/workbook", files=_upload(b"\0" * (50 * 1024 * 1024), "huge.xlsx")
    )
    assert response.status_code == 413
    assert (await client.get("/v1/profiles")).json()["total"] == 0


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("Zone differentials", "percent", "3", "between 5 and 2000"),
        ("Zone differentials", "zone", "MARS", "no row of sheet Zones"),
        ("Pay baselines", "mid", "1", "min <= mid <= max"),
        ("Pay baselines", "currency", "DOLLARS", "not an ISO 4217 code"),
        ("Pay factors", "factor", "11", "between 0.1 and 10"),
        ("Pay factors", "factor", "many", "not a number"),
        ("Pay factors", "profile", "FN9.NOPE", "no row of sheet Profiles"),
    ],
)
async def test_a_bad_pay_structure_cell_is_a_422_naming_the_place(
    client, sheet, column, value, message
):
    sheets = to_sheets(architecture(profiles=4))
    sheets[sheet][2][SHEETS[sheet].index(column)] = value
    response = await client.post("/v1/import/workbook", files=_upload(write_xlsx(sheets, SHEETS)))
    assert response.status_code == 422, response.text
    problem = response.json()
    assert (problem["sheet"], problem["row"], problem["column"]) == (sheet, 4, column)
    assert message in problem["detail"]
    assert (await client.get("/v1/profiles")).json()["total"] == 0


async def test_a_dry_run_says_what_would_change_and_applies_nothing(client, catalogue):
    content = architecture(profiles=4)
    first = await client.post(
        "/v1/import/workbook", files=_upload(write_xlsx(to_sheets(content), SHEETS))
    )
    assert first.json()["applied"] is True
    events, version = await _outbox_rows(catalogue), first.json()["catalogue_version"]
    sheets = to_sheets(content)
    columns = SHEETS["Profiles"]
    (row,) = [r for r in sheets["Profiles"] if r[columns.index("code")] == "FN0.ROLE000"]
    row[columns.index("aliases")] = "Role 0 Specialist\nRole 0 Principal"
    sheets["Zones"].append(["US-AUS", "Austin", "US", "TX", "austin", "no", "1.05", "no"])
    edited = write_xlsx(sheets, SHEETS)

    preview = await client.post(
        "/v1/import/workbook", params={"dry_run": "true"}, files=_upload(edited)
    )
    assert preview.status_code == 200, preview.text
    said = preview.json()
    assert (said["dry_run"], said["applied"], said["catalogue_version"]) == (True, False, None)
    assert said["changes"] == {"profiles": ["FN0.ROLE000"], "zones": ["US-AUS"]}
    profile = said["profiles"]["FN0.ROLE000"]
    assert (profile["aliases_added"], profile["aliases_removed"]) == (
        ["Role 0 Principal"],
        ["Role 0 Lead"],
    )
    assert (await client.get("/v1/zones/US-AUS")).status_code == 404
    assert await _outbox_rows(catalogue) == events

    applied = (await client.post("/v1/import/workbook", files=_upload(edited))).json()
    assert applied["applied"] is True
    assert applied["catalogue_version"] != version
    assert applied["changes"] == said["changes"]
    assert (await client.get("/v1/zones/US-AUS")).status_code == 200
