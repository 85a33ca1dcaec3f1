"""How the engine's workbooks (overzicht.xlsx, begroting.xlsx) look when a controller opens or prints them.

The same in Excel and LibreOffice, whatever the machine's locale: number formats tagged with the Dutch
locale ([$-413]: "€ 7.500.000", "13,6%", "2 december 2026 23:13"), fonts named (a font without a name is
whatever the reading program defaults to), header rows as high as their wrapped text (LibreOffice gives
a row without a height one line, and a second line then prints over the first data row), A4 landscape
with every column on the width of a page and the header rows on every page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# The euro sign as a literal: with [$€-413] LibreOffice keeps the machine's separators (€ 7,500,000).
EURO_FORMAT = '[$-413]"€ "#,##0'
COUNT_FORMAT = "[$-413]#,##0"
PERCENT_FORMAT = "[$-413]0.0%"
MOMENT_FORMAT = "[$-413]d mmmm yyyy hh:mm"
DATE_FORMAT = "[$-413]d mmmm yyyy"

FONT_NAME = "Calibri"  # Excel's own; LibreOffice shows it as Carlito (the same widths) where that is installed
FONT_SIZE = 11
LINE_HEIGHT = 15.0  # points per line of 11 pt text
DEFAULT_WIDTH = 8.43  # a column without a width, in characters
BOLD_FIT = 0.85  # bold headings are wider than the digits a column's width counts: wrap them a little early


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """The one way the engine writes a value into a cell: a text is a string cell whatever it begins with.

    openpyxl makes a str starting with "=" a formula (and "#N/A" an error); a measure named
    '=HYPERLINK(…)' would become a link in the controllers' Excel. Formulas go through `formula`.
    """
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append(sheet: Worksheet, values: Sequence[Any]) -> None:
    """A row below the last, every text in it a string cell (as `put`)."""
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row, column).data_type = "s"


def formula(sheet: Worksheet, row: int, column: int, expression: str) -> Cell:
    """A formula the engine means to write (the only cells that may hold one)."""
    if not expression.startswith("="):
        raise ValueError(f"geen formule: {expression!r}")
    cell = sheet.cell(row, column, expression)
    cell.data_type = "f"
    return cell


def font(bold: bool = False, italic: bool = False, size: float = FONT_SIZE, color: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide (words kept whole)."""
    usable = max(1, int(width * BOLD_FIT) - 1)
    total = 0
    for paragraph in str(text).split("\n"):
        line, count = 0, 1
        for word in paragraph.split():
            if line and line + 1 + len(word) > usable:
                count, line = count + 1, len(word)
            else:
                line = line + 1 + len(word) if line else len(word)
            count += max(0, math.ceil(len(word) / usable) - 1)
        total += count
    return total


def fit_row_height(sheet: Worksheet, row: int, size: float = FONT_SIZE) -> None:
    """The row as high as the most wrapped of its cells (a row height LibreOffice and Excel both keep)."""
    needed = 1
    for cell in sheet[row]:
        if cell.value is None:
            continue
        width = sheet.column_dimensions[cell.column_letter].width or DEFAULT_WIDTH
        wrapped = cell.alignment is not None and cell.alignment.wrap_text
        needed = max(needed, lines_needed(str(cell.value), width) if wrapped else 1)
    sheet.row_dimensions[row].height = needed * LINE_HEIGHT * size / FONT_SIZE


def header_row(sheet: Worksheet, row: int, headers: Iterable[str], first_column: int = 1) -> None:
    """Bold, wrapped column headings in `row`, the row as high as they need (set the widths first)."""
    for index, text in enumerate(headers, first_column):
        cell = put(sheet, row, index, text)
        cell.font = font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_height(sheet, row)


def wrap_long_text(sheet: Worksheet, first_row: int) -> None:
    """A text longer than its column is wide wraps, and its row grows to show it (not cut off by the next cell)."""
    for row in sheet.iter_rows(min_row=first_row):
        long = [c for c in row if isinstance(c.value, str) and c.data_type == "s"
                and len(c.value) > (sheet.column_dimensions[c.column_letter].width or DEFAULT_WIDTH) * BOLD_FIT - 1]
        for cell in long:
            cell.alignment = Alignment(horizontal=cell.alignment.horizontal, wrap_text=True, vertical="top")
        if long:
            fit_row_height(sheet, row[0].row)


def widths(sheet: Worksheet, minimum: float = 10, maximum: float = 60) -> None:
    """Every column at least as wide as its longest value (headings wrap, so they do not count)."""
    longest: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            wrapped = cell.alignment is not None and cell.alignment.wrap_text
            if cell.value is None or wrapped:
                continue
            shown = len(str(cell.value)) + (4 if isinstance(cell.value, (int, float)) else 0)  # € and separators
            longest[cell.column] = max(longest.get(cell.column, 0), shown)
    for column, length in longest.items():
        letter = get_column_letter(column)
        current = sheet.column_dimensions[letter].width or 0
        sheet.column_dimensions[letter].width = max(current, min(maximum, max(minimum, length + 2)))


def printed(sheet: Worksheet, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, landscape, every column on the width of a page; `title_rows` ("1:2") on every page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    if title_rows:
        sheet.print_title_rows = title_rows


def named_fonts(sheet: Worksheet) -> None:
    """Every cell's font named (the workbook default is Calibri; a cell font made without a name has none)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.has_style and cell.font is not None and cell.font.name is None:
                current = cell.font
                cell.font = Font(name=FONT_NAME, size=current.sz or FONT_SIZE, bold=current.b, italic=current.i,
                                 color=current.color)
