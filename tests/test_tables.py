"""Tables for screen readers (generator/ooxml/tables.py) on small fragments."""

from __future__ import annotations

from lxml import etree

from generator.ooxml import tables
from generator.ooxml.elements import TBLPR_ORDER
from generator.ooxml.names import W_NS, w


def table(rows: list[list[str]], borders: str | None = "single", caption: str | None = None,
          header: bool = False) -> etree._Element:
    tbl = etree.Element(w("tbl"), nsmap={"w": W_NS})
    pr = etree.SubElement(tbl, w("tblPr"))
    etree.SubElement(pr, w("tblW")).set(w("w"), "0")
    if borders is not None:
        edges = etree.SubElement(pr, w("tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            etree.SubElement(edges, w(side)).set(w("val"), borders)
    etree.SubElement(pr, w("tblLook")).set(w("val"), "04A0")
    if caption is not None:
        etree.SubElement(pr, w("tblCaption")).set(w("val"), caption)
    for index, texts in enumerate(rows):
        tr = etree.SubElement(tbl, w("tr"))
        if header and index == 0:
            etree.SubElement(etree.SubElement(tr, w("trPr")), w("tblHeader"))
        for text in texts:
            p = etree.SubElement(etree.SubElement(tr, w("tc")), w("p"))
            etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = text
    return tbl


def value(tbl: etree._Element, tag: str) -> str | None:
    node = tbl.find(f"{w('tblPr')}/{w(tag)}")
    return None if node is None else node.get(w("val"))


def is_header(row: etree._Element) -> bool:
    return row.find(f"{w('trPr')}/{w('tblHeader')}") is not None


def in_schema_order(pr: etree._Element) -> bool:
    ranks = [TBLPR_ORDER.index(etree.QName(c).localname) for c in pr]
    return ranks == sorted(ranks)


def test_a_data_table_gets_caption_description_and_a_repeated_header_row():
    tbl = table([["Maatregel", "Excl. btw", "Incl. btw"], ["Plein", "€ 1", "€ 2"], ["Totaal", "€ 1", "€ 2"]])
    tables.accessible_tables(tbl)
    assert value(tbl, "tblCaption") == "Maatregel"
    assert value(tbl, "tblDescription") == "Tabel van 3 rijen en 3 kolommen; kopregel: Maatregel; Excl. btw; Incl. btw."
    rows = tbl.findall(w("tr"))
    assert is_header(rows[0]) and not any(is_header(r) for r in rows[1:])
    assert in_schema_order(tbl.find(w("tblPr")))  # tblCaption and tblDescription after tblLook


def test_a_caption_the_drafter_typed_is_kept_and_makes_it_a_data_table():
    tbl = table([["Ondertekening", ""], ["a", "b"]], borders="nil", caption="Door de drafter")
    tables.accessible_tables(tbl)
    assert value(tbl, "tblCaption") == "Door de drafter"
    assert is_header(tbl.find(w("tr")))


def test_a_table_without_any_border_is_a_layout_table():
    tbl = table([["De minister,", "De wethouder,"], ["Naam", "Naam"]], borders="nil", header=True)
    tables.accessible_tables(tbl)
    assert value(tbl, "tblCaption") is None and value(tbl, "tblDescription") is None
    assert not any(is_header(r) for r in tbl.findall(w("tr")))
    look = tbl.find(f"{w('tblPr')}/{w('tblLook')}")
    assert look.get(w("firstRow")) == "0" and look.get(w("firstColumn")) == "0"
    assert tables.layout_flags(tbl) == [True]


def test_one_visible_border_makes_it_a_data_table():
    tbl = table([["Kop"], ["rij"]], borders="nil")
    tbl.find(f"{w('tblPr')}/{w('tblBorders')}/{w('bottom')}").set(w("val"), "single")
    assert not tables.is_layout_table(tbl)
    styled = table([["Kop"], ["rij"]], borders=None)  # a table style decides its borders: treated as data
    etree.SubElement(styled.find(w("tblPr")), w("tblStyle")).set(w("val"), "TableGrid")
    assert not tables.is_layout_table(styled)


def test_no_borders_and_no_style_is_a_layout_table():
    # LibreOffice leaves out "nil" borders when it saves the template: the signature table stays a layout table.
    assert tables.is_layout_table(table([["Kop"], ["rij"]], borders=None))


def test_columns_count_merged_cells_by_their_span():
    tbl = table([["Rijksbijdrage"], ["a", "b"]])
    first = tbl.find(f"{w('tr')}/{w('tc')}")
    span = etree.SubElement(etree.SubElement(first, w("tcPr")), w("gridSpan"))
    first.insert(0, first[-1])
    span.set(w("val"), "2")
    assert tables.description_for(tbl) == "Tabel van 2 rijen en 2 kolommen; kopregel: Rijksbijdrage."


def test_marking_twice_changes_nothing():
    tbl = table([["A", "B"], ["1", "2"]])
    once = etree.tostring(tables.accessible_tables(tbl))
    assert etree.tostring(tables.accessible_tables(tbl)) == once
