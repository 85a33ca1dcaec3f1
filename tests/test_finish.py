"""Post-processing of a rendered document (generator/ooxml/finish.py) on small fragments."""

from __future__ import annotations

import datetime

import pytest
from lxml import etree

from generator.ooxml import finish
from generator.ooxml.names import W_NS, XML_SPACE, w


def paragraph(*texts: tuple[str, bool]) -> etree._Element:
    """A w:p with one run per (text, preserve) pair."""
    p = etree.Element(w("p"), nsmap={"w": W_NS})
    for text, preserve in texts:
        t = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
        t.text = text
        if preserve:
            t.set(XML_SPACE, "preserve")
    return p


@pytest.mark.parametrize("text, needed", [
    ("woningbouw", False),
    ("de komende vijf jaar", False),
    ("€\u00a037.600.000", False),  # a no-break space is a character, not XML whitespace
    (" en zeker", True),
    ("Totaal: ", True),
    ("twee  spaties", True),
    ("kolom\ttab", True),
    ("", False),
])
def test_preserve_exactly_where_whitespace_matters(text, needed):
    for given in (True, False):  # whatever docxtpl or the template left there
        (t,) = finish.canonical_space(paragraph((text, given))).iter(w("t"))
        assert (t.get(XML_SPACE) == "preserve") == needed
        assert t.text == text or (t.text is None and text == "")


def test_the_same_text_gives_the_same_markup_however_it_was_marked():
    marked = finish.canonical_space(paragraph(("Het bedrag is ", True), ("vast", True)))
    plain = finish.canonical_space(paragraph(("Het bedrag is ", False), ("vast", False)))
    assert etree.tostring(marked) == etree.tostring(plain)


def test_unreferenced_normal_footnotes_go_and_separators_stay():
    notes = etree.Element(w("footnotes"), nsmap={"w": W_NS})
    for note_id, kind in (("-1", "separator"), ("0", "continuationSeparator"), ("1", None), ("2", None)):
        note = etree.SubElement(notes, w("footnote"))
        note.set(w("id"), note_id)
        if kind:
            note.set(w("type"), kind)
    finish.drop_unreferenced_footnotes(notes, {"2"})
    assert [n.get(w("id")) for n in notes] == ["-1", "0", "2"]


def test_core_properties_carry_the_data_not_the_clock():
    root = finish.core_properties("Titel", "Onderwerp", datetime.date(2025, 6, 24), "afspraken")
    text = etree.tostring(root).decode()
    assert "2025-06-24T00:00:00Z" in text and "Titel" in text and "Onderwerp" in text
