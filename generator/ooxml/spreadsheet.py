"""A workbook's parts read without building them: the rows of a sheet streamed one by one, and which sheet
name each worksheet part has. For checking a workbook from outside before openpyxl parses it."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO

from lxml import etree

from ..errors import CompareError
from .package import parse_xml, serialize

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


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


def row_sizes(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[int]:
    """The number of cells of each row of a worksheet part, in order; each row is dropped once counted, so
    memory stays that of one row. Broken XML raises etree.XMLSyntaxError (or the zip's own errors)."""
    with archive.open(info) as stream:
        events = etree.iterparse(_Bounded(stream, info.file_size), events=("end",), tag=f"{MAIN}row",
                                 resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        for _, row in events:
            yield len(row)
            row.clear()
            parent = row.getparent()
            while parent is not None and row.getprevious() is not None:
                del parent[0]


def sheet_names(parts: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part → the sheet's name, from xl/workbook.xml and its relationships (given as bytes);
    {} when they cannot be read (the name is then not known, nothing more)."""
    try:
        workbook = parse_xml(parts[WORKBOOK], WORKBOOK)
        rels = parse_xml(parts[_WORKBOOK_RELS], _WORKBOOK_RELS)
    except (KeyError, CompareError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}Relationship")}
    names = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        names[part] = sheet.get("name", "")
    return names


Number = int | float


def cached_number(value: Number) -> str:
    """A cell's value as <v> holds it: whole numbers without a decimal point, others in the shortest text
    that reads back as the same double (the same every run)."""
    return str(value) if isinstance(value, int) else repr(float(value))


def store_formula_results(parts: dict[str, bytes], results: dict[str, dict[str, Number]]) -> None:
    """Give every formula cell of the named sheets its result as the cached value <v>, which openpyxl does not
    write: a preview, openpyxl's data_only or pandas then read the figure instead of nothing. `results` is
    sheet name → cell → number; a formula cell without a result is a mistake of the caller."""
    for part, name in sheet_names(parts).items():
        cells = results.get(name)
        if cells is None:
            continue
        root = parse_xml(parts[part], part)
        for cell in root.iter(f"{MAIN}c"):
            if cell.find(f"{MAIN}f") is None:
                continue
            address = cell.get("r", "")
            if address not in cells:
                raise AssertionError(f"{name}!{address}: a formula without its computed result")
            _set_cached_value(cell, cached_number(cells[address]))
        parts[part] = serialize(root)


def _set_cached_value(cell: etree._Element, text: str) -> None:
    for old in cell.findall(f"{MAIN}v"):
        cell.remove(old)
    cell.attrib.pop("t", None)  # a number: no type attribute (t="str" would make it text)
    value = etree.SubElement(cell, f"{MAIN}v")
    value.text = text
