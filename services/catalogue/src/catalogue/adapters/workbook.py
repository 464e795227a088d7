"""Workbooks in and out: XLSX (openpyxl) or a zip of CSV files, one file per sheet.

Cells are written as text, so amounts, ISO dates and codes such as "007" come back exactly
as they went out; cells an analyst types as numbers, dates or booleans are read back as the
text they stand for.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from catalogue.domain.exceptions import InvalidData, TooLarge
from catalogue.schemas.sheets import Row, SheetCellError

__all__ = ["ABOUT_SHEET", "read_workbook", "write_csv_zip", "write_xlsx"]

ABOUT_SHEET = "About"
# What a workbook may unpack to: generous for a 2,000-profile architecture, far below what
# a zip bomb would expand to.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_CELL_LIMIT = 32_767  # Excel's limit on the characters of one cell
# Sheet name → its columns, in order.
Layout = Mapping[str, Sequence[str]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _rows(sheet: str, table: Iterable[Sequence[Any]], columns: Sequence[str]) -> list[Row]:
    lines = iter(table)
    header = [_text(cell).strip() for cell in next(lines, ())]
    for position, name in enumerate(header, start=1):
        if name and name not in columns:
            raise SheetCellError(
                sheet, 1, name, f"unknown column (column {position}); expected {list(columns)}"
            )
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = {name: _text(value) for name, value in zip(header, line, strict=False) if name}
        if any(value.strip() for value in cells.values()):
            rows.append(Row(sheet, number, cells))
    return rows


def _sheets(tables: Mapping[str, Iterable[Sequence[Any]]], layout: Layout) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for name, table in tables.items():
        if name == ABOUT_SHEET:
            continue
        if name not in layout:
            raise SheetCellError(name, 1, None, f"unknown sheet; sheets are {list(layout)}")
        found[name] = _rows(name, table, layout[name])
    return found


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise TooLarge(f"the workbook unpacks to more than {MAX_UNPACKED_BYTES} bytes")


def read_workbook(raw: bytes, layout: Layout) -> dict[str, list[Row]]:
    """The filled rows of an XLSX workbook or a zip of `<sheet>.csv` files."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise InvalidData("not an XLSX workbook nor a zip of CSV files", field="file") from None
    with archive:
        _check_unpacked_size(archive)
        if "[Content_Types].xml" in archive.namelist():
            return _read_xlsx(raw, layout)
        return _read_csv_zip(archive, layout)


def _read_xlsx(raw: bytes, layout: Layout) -> dict[str, list[Row]]:
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidData(f"the XLSX workbook cannot be read: {exc}", field="file") from exc
    try:
        return _sheets({ws.title: ws.iter_rows(values_only=True) for ws in book.worksheets}, layout)
    finally:
        book.close()


def _read_csv_zip(archive: zipfile.ZipFile, layout: Layout) -> dict[str, list[Row]]:
    tables: dict[str, list[list[str]]] = {}
    for name in archive.namelist():
        if name.endswith("/"):
            continue
        if not name.lower().endswith(".csv"):
            raise InvalidData(f"{name}: a CSV zip holds only <sheet>.csv files", field="file")
        try:
            text = archive.read(name).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidData(f"{name}: not UTF-8 text", field="file") from None
        tables[name.rsplit("/", 1)[-1][:-4]] = list(csv.reader(io.StringIO(text)))
    return _sheets(tables, layout)


def write_xlsx(
    sheets: Mapping[str, list[list[str]]],
    layout: Layout,
    *,
    about: Sequence[str] = (),
) -> bytes:
    """One worksheet per sheet, a bold header row, text cells; an About sheet when given."""
    book = Workbook()
    for default_sheet in list(book.worksheets):
        book.remove(default_sheet)
    if about:
        notes = book.create_sheet(ABOUT_SHEET)
        for line in about:
            notes.append([line])
        notes.column_dimensions["A"].width = 110
    for name, columns in layout.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheets.get(name, []):
            sheet.append([value[:_CELL_LIMIT] for value in row])
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            sheet.column_dimensions[cell.column_letter].width = 24
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv_zip(sheets: Mapping[str, list[list[str]]], layout: Layout) -> bytes:
    """A zip of `<sheet>.csv` files (UTF-8 with a byte-order mark, which Excel expects)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in layout.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            writer.writerows(sheets.get(name, []))
            archive.writestr(f"{name}.csv", "\ufeff" + text.getvalue())
    return out.getvalue()
