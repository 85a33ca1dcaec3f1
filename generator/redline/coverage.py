"""What a comparison covered, and what in the two documents it did not compare but differs.

The redline compares the text of the stories (body, tables row by row and cell by
cell, footnotes and endnotes, headers and footers) and the formatting of text
(bold, italic, font, character style). It does not compare: images, text boxes,
the properties of content controls, table and cell properties, section layout
and styles; and text that moved is shown as a deletion plus an insertion. Each
of those is checked here by comparing the two documents' XML for it (ids and
revision-save ids left out, as they differ without anything visible changing), so
that a comparison never reports "no changes" while something it did not compare
differs.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping

from lxml import etree

from ..ooxml.names import W_NS, w
from ..ooxml.package import parse_shared
from ..ooxml.tracked import Change, story_parts

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

COVERED = ("Vergeleken: de tekst van de hoofdtekst, van de tabellen (rij voor rij, cel voor cel), van de voetnoten en "
           "van de kop- en voetteksten, en de opmaak van die tekst (vet, cursief, lettertype, tekenopmaakprofiel).")

# (what, how to find it in a story); compared as the sequence of its XML over all stories.
_NOT_COMPARED = (
    ("afbeeldingen", ".//w:drawing | .//w:pict | .//w:object"),
    ("tekstvakken", ".//w:txbxContent"),
    ("inhoudsbesturingselementen (eigenschappen)", ".//w:sdtPr"),
    ("tabel- en celeigenschappen", ".//w:tblPr | .//w:tblGrid | .//w:trPr | .//w:tcPr | .//w:tblPrEx"),
    ("sectie-indeling (pagina, marges, kolommen)", ".//w:sectPr"),
)
_IGNORED_ATTRIBUTES = re.compile(r'\s(?:w:rsid\w*|w14:paraId|w14:textId|wp14:\w+|id|w:id|r:embed|r:id|name)="[^"]*"')
_REVISION_MARKS = frozenset(w(t) for t in ("ins", "del", "trPrChange", "tcPrChange", "tblPrChange", "tblPrExChange",
                                             "sectPrChange", "tblGridChange"))


def _signature(root: etree._Element, xpath: str) -> list[bytes]:
    found = []
    for el in root.xpath(xpath, namespaces={"w": W_NS}):
        el = copy.deepcopy(el)
        # Revisions already in a document are not a difference of its final form.
        for mark in [m for m in el.iter() if m.tag in _REVISION_MARKS and (m.tag.endswith("Change") or m.getparent().tag == w("trPr"))]:
            mark.getparent().remove(mark)
        found.append(_IGNORED_ATTRIBUTES.sub("", etree.tostring(el, encoding="unicode")).encode("utf-8"))
    return found


def not_compared(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[str]:
    """The kinds of content the comparison did not look at that differ between OLD and NEW."""
    roots_old = [parse_shared(old[n], n) for n in story_parts(old)]
    roots_new = [parse_shared(new[n], n) for n in story_parts(new)]
    differ = []
    for what, xpath in _NOT_COMPARED:
        if [s for r in roots_old for s in _signature(r, xpath)] != [s for r in roots_new for s in _signature(r, xpath)]:
            differ.append(what)
    media = lambda parts: {n: d for n, d in parts.items() if n.startswith("word/media/")}  # noqa: E731
    if media(old) != media(new) and "afbeeldingen" not in differ:
        differ.append("afbeeldingen")
    if old.get("word/styles.xml") != new.get("word/styles.xml") or old.get("word/numbering.xml") != new.get("word/numbering.xml"):
        differ.append("opmaakprofielen en nummering")
    return differ


def moved(changes: list[Change]) -> int:
    """How many stretches of text (of some length) were deleted in one place and inserted in another."""
    deleted = {c.was.strip() for c in changes if len(c.was.strip()) >= 12 and not c.wordt}
    inserted = {c.wordt.strip() for c in changes if len(c.wordt.strip()) >= 12 and not c.was}
    return len(deleted & inserted)


def statement(old: Mapping[str, bytes], new: Mapping[str, bytes], changes: list[Change]) -> list[str]:
    """The coverage statement: what was compared, what was not, and of that what differs."""
    differ = not_compared(old, new)
    lines = [COVERED,
             "Niet vergeleken: afbeeldingen, tekstvakken, eigenschappen van inhoudsbesturingselementen, tabel- en "
             "celeigenschappen, sectie-indeling en opmaakprofielen. Verplaatste tekst staat als schrapping plus "
             "invoeging in het document."]
    if differ:
        lines.append("Wel verschillend tussen de twee versies, maar niet als wijziging getoond: " + ", ".join(differ)
                     + ". Controleer deze onderdelen zelf in beide versies.")
    else:
        lines.append("Van wat niet vergeleken is, is niets verschillend tussen de twee versies.")
    count = moved(changes)
    if count:
        lines.append(f"{count} stuk(ken) tekst lijken verplaatst: ze staan als schrapping op de ene en invoeging op "
                     "de andere plek.")
    if not changes:
        lines.append("Geen wijzigingen in de vergeleken tekst." if not differ else
                     "Geen wijzigingen in de vergeleken tekst; wel in wat niet vergeleken is (zie hierboven).")
    return lines
