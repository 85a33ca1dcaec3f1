"""A budget workbook from outside checked before openpyxl parses it: its size, its zip directory (the same
limits code as a .docx, tighter figures) and, streamed without building a tree, the rows and cells of each
sheet. begroting.xlsx is some tens of kB with a few hundred rows; a workbook far beyond that is refused in
seconds and in bounded memory, with what is wrong, instead of being unpacked."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from lxml import etree

from ..errors import BudgetError, Problem, os_reason
from ..ooxml.package import Limits, open_archive

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
LIMITS = Limits(entries=500, part_bytes=16 * 1024 * 1024, total_bytes=48 * 1024 * 1024, ratio=100, ratio_floor=1024 * 1024)
MAX_ROWS = 10_000  # per sheet
MAX_CELLS = 100_000  # in the whole workbook
KIND = "Excel-werkmap (.xlsx)"

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class _Bounded:
    """A part's stream that gives at most its declared size (plus one byte, to notice a lying header)."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream, self.left = stream, size + 1

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.stream.read(self.left if n is None or n < 0 else min(n, self.left))
        self.left -= len(data)
        return data


def check_workbook(path: Path) -> None:
    """Raise BudgetError (located at the file, and the part where one is to blame) unless the workbook is
    within the limits; nothing is parsed into a tree."""
    def refuse(message: str) -> BudgetError:
        return BudgetError([Problem(path, None, "", message)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"kan niet gelezen worden ({os_reason(exc)})") from None
    if size > MAX_WORKBOOK_BYTES:
        raise refuse(f"werkmap is te groot ({size:,} bytes; hooguit {MAX_WORKBOOK_BYTES:,})".replace(",", "."))
    archive, problem = open_archive(path, LIMITS, KIND)
    if archive is None:
        raise refuse(problem)
    with archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise refuse(f"geen {KIND}: het onderdeel xl/workbook.xml ontbreekt")
        cells = 0
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                cells = _count(archive, info, cells, refuse)


def _count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cells: int, refuse: Callable[[str], BudgetError]) -> int:
    """`cells` plus the cells of one sheet, streamed row by row; refused beyond the limits."""
    rows = 0
    try:
        with archive.open(info) as stream:
            events = etree.iterparse(_Bounded(stream, info.file_size), events=("end",), tag=f"{_MAIN}row",
                                     resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
            for _, row in events:
                rows += 1
                cells += len(row)
                if rows > MAX_ROWS:
                    raise refuse(f"onderdeel {info.filename}: te veel rijen (meer dan {MAX_ROWS:,}); ".replace(",", ".")
                                 + "de begroting heeft er een paar honderd")
                if cells > MAX_CELLS:
                    raise refuse(f"te veel cellen (meer dan {MAX_CELLS:,}); ".replace(",", ".")
                                 + "de begroting heeft er een paar duizend")
                row.clear()
                parent = row.getparent()
                while parent is not None and row.getprevious() is not None:
                    del parent[0]
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise refuse(f"onderdeel {info.filename} is beschadigd (geen leesbare XML)") from None
    return cells
