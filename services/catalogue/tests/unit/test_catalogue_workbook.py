"""The catalogue as a workbook: export → XLSX or CSV zip → import is the same catalogue, and a
cell the catalogue cannot take is named by sheet, row and column."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from catalogue.adapters.workbook import read_workbook, write_csv_zip, write_xlsx
from catalogue.domain.exceptions import InvalidData, TooLarge
from catalogue.domain.titles import TitleConvention
from catalogue.schemas.sheet_export import to_sheets
from catalogue.schemas.sheet_import import from_sheets
from catalogue.schemas.sheets import SHEETS, SheetCellError
from catalogue.seed import seed
from catalogue.service_layer.exchange import CatalogueContent, export_catalogue


@pytest.fixture
async def seeded(uow_factory) -> CatalogueContent:
    await seed(uow_factory)
    async with uow_factory() as uow:
        await uow.repo.replace_title_conventions(
            [TitleConvention("M", "Group Manager", 4), TitleConvention("P", "Lead", None)]
        )
        await uow.commit()
    return await export_catalogue(uow_factory())


def _xlsx_round_trip(content: CatalogueContent) -> CatalogueContent:
    raw = write_xlsx(to_sheets(content), SHEETS, about=("notes",))
    return from_sheets(read_workbook(raw, SHEETS))


async def test_an_exported_catalogue_reads_back_the_same_from_xlsx(seeded) -> None:
    assert seeded.profiles
    assert seeded.title_conventions
    assert seeded.band_sets[0].bands
    assert _xlsx_round_trip(seeded) == seeded


async def test_an_exported_catalogue_reads_back_the_same_from_a_csv_zip(seeded) -> None:
    raw = write_csv_zip(to_sheets(seeded), SHEETS)
    assert from_sheets(read_workbook(raw, SHEETS)) == seeded


def test_the_template_has_every_sheet_and_column_and_imports_as_nothing() -> None:
    raw = write_xlsx({}, SHEETS, about=("Fill one row per item.",))
    book = load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["About", *SHEETS]
    for name, columns in SHEETS.items():
        assert [cell.value for cell in book[name][1]] == list(columns)
    assert from_sheets(read_workbook(raw, SHEETS)) == CatalogueContent()


def _edited(content: CatalogueContent, sheet: str, row: int, column: str, value: object) -> bytes:
    """The content as XLSX with one cell (row as the spreadsheet numbers it) changed."""
    book = load_workbook(io.BytesIO(write_xlsx(to_sheets(content), SHEETS)))
    book[sheet].cell(row=row, column=SHEETS[sheet].index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("sheet", "column", "value", "message"),
    [
        ("Bands", "min", -5, "amounts must be positive"),
        ("Bands", "max", 1, "expected min <= mid <= max"),
        ("Bands", "currency", "ABC", "not an ISO 4217 code"),
        ("Bands", "zone", "US-NOWHERE", "no row of sheet Zones has code 'US-NOWHERE'"),
        ("Bands", "mid", "lots", "'lots' is not a number"),
        ("Levels", "level", "Q9", "Q9"),
        ("Zones", "remote", "maybe", "'maybe' is not yes or no"),
        ("Profiles", "function", "NOPE", "no row of sheet Functions has code 'NOPE'"),
        ("Title conventions", "rank", 4.5, "4.5 is not a whole level rank"),
        ("Title conventions", "rank", 13, "rank 13 must be 1 to 12"),
        ("Title conventions", "track", "Q", "track 'Q' must be one of M, P, S, E"),
    ],
)
async def test_a_bad_cell_is_named_by_sheet_row_and_column(
    seeded, sheet, column, value, message
) -> None:
    raw = _edited(seeded, sheet, 2, column, value)
    with pytest.raises(SheetCellError, match=message) as caught:
        from_sheets(read_workbook(raw, SHEETS))
    assert (caught.value.sheet, caught.value.row) == (sheet, 2)
    assert caught.value.column in (column, "mid", "min", None)


async def test_a_duplicate_code_names_the_second_row(seeded) -> None:
    first = seeded.profiles[0].code
    raw = _edited(seeded, "Profiles", 3, "code", first)
    with pytest.raises(SheetCellError, match=r"Profiles, row 3, column code: .* also on row 2"):
        from_sheets(read_workbook(raw, SHEETS))


def test_an_unknown_column_or_sheet_is_refused_by_name() -> None:
    book = Workbook()
    book.active.title = "Zones"
    book.active.append(["code", "name", "colour"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SheetCellError, match=r"Zones, row 1, column colour: unknown column"):
        read_workbook(out.getvalue(), SHEETS)
    book.active.title = "Salaries"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(SheetCellError, match=r"Salaries, row 1: unknown sheet"):
        read_workbook(out.getvalue(), SHEETS)


def test_what_is_not_a_workbook_is_refused() -> None:
    with pytest.raises(InvalidData, match="not an XLSX workbook nor a zip of CSV files"):
        read_workbook(b"code,name\nCLINIC,Clinical\n", SHEETS)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notes.txt", "hello")
    with pytest.raises(InvalidData, match=r"holds only <sheet>\.csv files"):
        read_workbook(archive.getvalue(), SHEETS)


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(monkeypatch) -> None:
    monkeypatch.setattr("catalogue.adapters.workbook.MAX_UNPACKED_BYTES", 10_000)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("Zones.csv", "code\n" + "x" * 20_000)
    with pytest.raises(TooLarge):
        read_workbook(archive.getvalue(), SHEETS)
