"""Tables for screen readers: a data table gets a caption, a description and a repeated header row;
a layout table (the signature block) is marked as one, so that nothing announces it as data.

Which is which is read from the table itself, so that it holds for whatever table a drafter adds in
Word: a table with a caption (Word: Alternatieve tekst → Titel) or with any visible border is a data
table; a table whose borders are all switched off (w:tblBorders all nil/none) and that has no caption
is a layout table. A caption or description the drafter typed is kept; only missing ones are made,
from the header row, so they always match the text the table shows."""

from __future__ import annotations

from lxml import etree

from .elements import TBLPR_ORDER, TRPR_ORDER, element, insert_ordered
from .names import w

_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV", "start", "end")
_NO_BORDER = {"nil", "none"}


def _text(node: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in node.iter(w("t"))).split())


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.findall(w("tr"))


def _cells(row: etree._Element) -> list[etree._Element]:
    return row.findall(w("tc"))


def _table_properties(table: etree._Element) -> etree._Element:
    pr = table.find(w("tblPr"))
    if pr is None:
        pr = element("tblPr")
        table.insert(0, pr)
    return pr


def is_layout_table(table: etree._Element) -> bool:
    pr = table.find(w("tblPr"))
    if pr is None or pr.find(w("tblCaption")) is not None:
        return False
    borders = pr.find(w("tblBorders"))
    if borders is None:
        # No borders of its own and no style to give it any (LibreOffice leaves out the "nil" borders on a save):
        # as much a layout table as one whose borders are all written out as none.
        return pr.find(w("tblStyle")) is None
    sides = [b for b in borders if etree.QName(b).localname in _SIDES]
    return bool(sides) and all(b.get(w("val")) in _NO_BORDER for b in sides)


def caption_for(table: etree._Element) -> str:
    """The header row's first cell: what the table is about, in the words the table itself uses."""
    rows = _rows(table)
    for cell in _cells(rows[0]) if rows else []:
        text = _text(cell)
        if text:
            return text
    return "Tabel"


def _span(cell: etree._Element) -> int:
    span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
    return int(span.get(w("val"), "1")) if span is not None else 1


def description_for(table: etree._Element) -> str:
    """What a screen reader says before the table: its size and its column headings."""
    rows = _rows(table)
    headings = [_text(c) for c in _cells(rows[0])] if rows else []
    columns = max((sum(_span(c) for c in _cells(r)) for r in rows), default=0)
    size = f"Tabel van {len(rows)} {'rij' if len(rows) == 1 else 'rijen'} en {columns} {'kolom' if columns == 1 else 'kolommen'}"
    named = [h for h in headings if h]
    return f"{size}; kopregel: {'; '.join(named)}." if named else f"{size}."


def _set_value(pr: etree._Element, tag: str, value: str) -> None:
    existing = pr.find(w(tag))
    if existing is None or not existing.get(w("val"), "").strip():
        insert_ordered(pr, element(tag, {"val": value}), TBLPR_ORDER)


def _header_row(row: etree._Element, on: bool) -> None:
    trpr = row.find(w("trPr"))
    header = trpr.find(w("tblHeader")) if trpr is not None else None
    if on and header is None:
        if trpr is None:
            trpr = element("trPr")
            after = row.find(w("tblPrEx"))
            row.insert(0 if after is None else row.index(after) + 1, trpr)
        insert_ordered(trpr, element("tblHeader"), TRPR_ORDER)
    elif not on and header is not None:
        trpr.remove(header)


def mark_data_table(table: etree._Element) -> None:
    rows = _rows(table)
    if not rows:
        return
    pr = _table_properties(table)
    _set_value(pr, "tblCaption", caption_for(table))
    _set_value(pr, "tblDescription", description_for(table))
    _header_row(rows[0], True)


def mark_layout_table(table: etree._Element) -> None:
    """No header row, no header column, no caption: Word's and screen readers' sign of a layout table."""
    pr = _table_properties(table)
    insert_ordered(pr, element("tblLook", {"val": "0000", "firstRow": "0", "lastRow": "0", "firstColumn": "0",
                                           "lastColumn": "0", "noHBand": "1", "noVBand": "1"}), TBLPR_ORDER)
    for row in _rows(table):
        _header_row(row, False)


def accessible_tables(root: etree._Element) -> etree._Element:
    """Mark every table of a story (document, header, footer) as a data table or a layout table."""
    for table in list(root.iter(w("tbl"))):
        if is_layout_table(table):
            mark_layout_table(table)
        else:
            mark_data_table(table)
    return root


def layout_flags(root: etree._Element) -> list[bool]:
    """For each table of a story in document order: is it a layout table? (For the PDF's tags.)"""
    return [is_layout_table(t) for t in root.iter(w("tbl"))]
