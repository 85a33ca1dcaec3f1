"""A budget workbook from outside checked before openpyxl parses it: its size, its zip directory (the same
limits code as a .docx, tighter figures) and, streamed without building a tree, the rows and cells of each
sheet. begroting.xlsx is some tens of kB with a few hundred rows; a workbook far beyond that is refused in
seconds and in bounded memory, with what is wrong, instead of being unpacked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..errors import BudgetError, Problem, os_reason
from ..ooxml.package import Limits, open_archive
from ..ooxml.spreadsheet import WORKBOOK, row_sizes, sheet_names

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
LIMITS = Limits(entries=500, part_bytes=16 * 1024 * 1024, total_bytes=48 * 1024 * 1024, ratio=100, ratio_floor=1024 * 1024)
MAX_ROWS = 10_000  # per sheet
MAX_CELLS = 100_000  # in the whole workbook
KIND = "Excel-werkmap (.xlsx)"
_SMALL = 1024 * 1024  # the parts that name the sheets are read only when at most this size


def _dutch(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def check_workbook(path: Path) -> None:
    """Raise BudgetError (at the file, naming the sheet where one is to blame) unless the workbook is within
    the limits; no sheet is parsed into a tree."""
    def refuse(message: str) -> BudgetError:
        return BudgetError([Problem(path, None, "", message)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"kan niet gelezen worden ({os_reason(exc)})") from None
    if size > MAX_WORKBOOK_BYTES:
        raise refuse(f"werkmap is te groot ({_dutch(size)} bytes; hooguit {_dutch(MAX_WORKBOOK_BYTES)})")
    archive, problem = open_archive(path, LIMITS, KIND)
    if archive is None:
        raise refuse(_with_sheet_names(path, problem))
    with archive:
        if WORKBOOK not in archive.namelist():
            raise refuse(f"geen {KIND}: het onderdeel {WORKBOOK} ontbreekt")
        names = _names(archive)
        cells = 0
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            sheet = _sheet(info.filename, names)
            rows = 0
            try:
                for count in row_sizes(archive, info):
                    rows, cells = rows + 1, cells + count
                    if rows > MAX_ROWS:
                        raise refuse(f"{sheet}: te veel rijen (meer dan {_dutch(MAX_ROWS)}); de begroting heeft er een paar honderd")
                    if cells > MAX_CELLS:
                        raise refuse(f"te veel cellen (meer dan {_dutch(MAX_CELLS)}, de laatste in {sheet}); "
                                     "de begroting heeft er een paar duizend")
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                raise refuse(f"{sheet} is beschadigd (geen leesbare XML)") from None


def _sheet(part: str, names: dict[str, str]) -> str:
    return f"blad '{names[part]}' (onderdeel {part})" if names.get(part) else f"onderdeel {part}"


def _names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, read from the (small) parts that say it."""
    parts = {}
    for info in archive.infolist():
        if info.filename in (WORKBOOK, "xl/_rels/workbook.xml.rels") and info.file_size <= _SMALL:
            try:
                parts[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                return {}
    return sheet_names(parts)


def _with_sheet_names(path: Path, problem: str) -> str:
    """The zip directory's problem with the part named as the sheet it is, when that can be read safely."""
    if "onderdeel xl/worksheets/" not in problem:
        return problem
    try:
        with zipfile.ZipFile(path) as archive:
            names = _names(archive)
    except (zipfile.BadZipFile, OSError, ValueError):
        return problem
    for part in names:
        problem = problem.replace(f"onderdeel {part} ", f"{_sheet(part, names)} ")
    return problem
