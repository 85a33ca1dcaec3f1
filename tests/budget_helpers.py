"""Shared by the budget tests: export a data folder, find a figure's cell, snapshot the files."""

from __future__ import annotations

import difflib
from pathlib import Path

import openpyxl

from generator.budget.export import export_file
from generator.budget.figures import SECTIONS


def export(data: Path, tmp: Path) -> Path:
    return tmp / export_file(data, tmp / "begroting.xlsx").name


def row_of(sheet, slug: str, nr: int | None = None) -> int:
    """The row of a key, found by reading the sheet as a user would (column A gebied, column B nr)."""
    for row in range(3, sheet.max_row + 1):
        if sheet.cell(row, 1).value == slug and (nr is None or sheet.cell(row, 2).value == nr):
            return row
    raise AssertionError(f"{sheet.title}: no row for {slug} {nr}")


def cell_of(book, sheet_name: str, slug: str, nr: int | None, header: str) -> str:
    sheet = book[sheet_name]
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(2, c).value == header)
    return sheet.cell(row_of(sheet, slug, nr), column).coordinate


def snapshot(data: Path) -> dict[str, bytes]:
    """Every file under the data folder (temporaries included), to prove that nothing was written."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def changed_lines(before: dict[str, bytes], data: Path) -> list[tuple[str, str, str]]:
    """(file, old line, new line) of every line that differs; files must keep their number of lines."""
    after = snapshot(data)
    assert set(after) == set(before), "files were added or removed"
    found = []
    for name in before:
        old, new = before[name].decode().split("\n"), after[name].decode().split("\n")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag != "equal":
                assert i2 - i1 == j2 - j1, f"{name}: lines added or removed"
                found += [(name, a, b) for a, b in zip(old[i1:i2], new[j1:j2])]
    return found


def edit(path: Path, changes: list[tuple[str, str, object]], out: Path) -> Path:
    """openpyxl as the editor: set (sheet, cell, value) and save to `out`."""
    book = openpyxl.load_workbook(path)
    for sheet, cell, value in changes:
        book[sheet][cell].value = value
    book.save(out)
    return out


SHEETS = [s.sheet for s in SECTIONS]
