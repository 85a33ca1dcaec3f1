"""Section properties (w:sectPr) as tracked changes: the old properties recorded (w:sectPrChange), and
references to headers and footers.

CT_SectPr is: header and footer references first, then the section's properties proper
(CT_SectPrBase: page size, margins, columns, titlePg, ...), then w:sectPrChange, which holds the old
properties proper. A header or footer reference is not a property that w:sectPrChange can restore: a
header only the old version had stays referenced, its story tracked as deleted.
"""

from __future__ import annotations

import copy

from lxml import etree

from .names import R_NS, w
from .revisions import Revisions

SECT_PR, SECT_PR_CHANGE = w("sectPr"), w("sectPrChange")
HEADER_REF, FOOTER_REF = w("headerReference"), w("footerReference")
REFERENCES = frozenset((HEADER_REF, FOOTER_REF))


def base(sect: etree._Element) -> list[etree._Element]:
    """The section's properties proper: without header/footer references and without a recorded change."""
    return [c for c in sect if isinstance(c.tag, str) and c.tag not in REFERENCES and c.tag != SECT_PR_CHANGE]


# What an absent attribute means (ECMA-376 Part 1, §17.6), so that a property written out with its default
# value (as LibreOffice saves them) is the same as one left out.
_DEFAULTS: dict[str, dict[str, str]] = {
    "type": {"val": "nextPage"}, "pgSz": {"orient": "portrait"}, "pgMar": {"gutter": "0"},
    "pgNumType": {"fmt": "decimal"}, "formProt": {"val": "true"}, "textDirection": {"val": "lrTb"},
    "vAlign": {"val": "top"}, "titlePg": {"val": "true"}, "bidi": {"val": "true"}, "rtlGutter": {"val": "true"},
    "noEndnote": {"val": "true"}, "cols": {"num": "1", "space": "720", "equalWidth": "true", "sep": "false"},
    "docGrid": {"type": "default"}, "numFmt": {"val": "decimal"}, "pos": {}, "numStart": {"val": "1"},
    "numRestart": {"val": "continuous"},
}
# Elements that say nothing when they hold only their defaults (an empty w:titlePg means on: not these).
_ABSENT_IS_DEFAULT = {"type": {"val": "nextPage"}, "pgNumType": {"fmt": "decimal"}, "formProt": {"val": "false"},
                      "textDirection": {"val": "lrTb"}, "vAlign": {"val": "top"}, "titlePg": {"val": "false"},
                      "bidi": {"val": "false"}, "rtlGutter": {"val": "false"}, "noEndnote": {"val": "false"},
                      "cols": {"num": "1", "equalWidth": "true", "sep": "false"}, "docGrid": {"type": "default"},
                      "footnotePr": {}, "endnotePr": {}}
_ON_OFF = {("val", n) for n in ("formProt", "titlePg", "bidi", "rtlGutter", "noEndnote")} | {("equalWidth", "cols"), ("sep", "cols")}
_BOOLEAN = {"true": "true", "1": "true", "on": "true", "false": "false", "0": "false", "off": "false"}


def _effect(element: etree._Element, refs: set[str]) -> tuple | None:
    """One property as it renders: defaults filled in, what has no effect left out; None if it says nothing."""
    name = etree.QName(element).localname
    attrs = _normal(name, {**_DEFAULTS.get(name, {}), **{etree.QName(k).localname: v for k, v in element.attrib.items()
                                                         if not etree.QName(k).localname.startswith("rsid")}}, refs)
    children = tuple(filter(None, (_effect(c, refs) for c in element if isinstance(c.tag, str))))
    if name in _NOTE_DEFAULTS:
        attrs, children = {}, tuple(c for c in children if c not in _NOTE_DEFAULTS[name])
    if not children and name in _ABSENT_IS_DEFAULT and attrs == _normal(name, {**_DEFAULTS.get(name, {}), **_ABSENT_IS_DEFAULT[name]}, refs):
        return None
    return (name, tuple(sorted(attrs.items())), children)


def _normal(name: str, attrs: dict[str, str], refs: set[str]) -> dict[str, str]:
    attrs = {k: _BOOLEAN.get(v.lower(), v) if (k, name) in _ON_OFF else v for k, v in attrs.items()}
    if name == "cols" and attrs.get("num") == "1":
        attrs.pop("space", None)  # one column: no space between columns
    if name == "docGrid" and attrs.get("type") == "default":
        attrs = {"type": "default"}  # no grid: its pitch has no effect
    if name == "pgMar":  # the distance of a header or footer the section does not have
        for kind in ("header", "footer"):
            if kind not in refs:
                attrs.pop(kind, None)
    return attrs


_NOTE_DEFAULTS = {
    "footnotePr": {("numFmt", (("val", "decimal"),), ()), ("pos", (("val", "pageBottom"),), ()),
                   ("numStart", (("val", "1"),), ()), ("numRestart", (("val", "continuous"),), ())},
    "endnotePr": {("numFmt", (("val", "lowerRoman"),), ()), ("pos", (("val", "docEnd"),), ()),
                  ("numStart", (("val", "1"),), ()), ("numRestart", (("val", "continuous"),), ())},
}


def signature(sect: etree._Element) -> tuple:
    """The section's properties by their rendered effect: the same for a section LibreOffice re-saved (every
    default written out, the distance of an absent footer set to 0) as for the one it read."""
    refs = {"header" if c.tag == HEADER_REF else "footer" for c in _references_in_force(sect)}
    return tuple(sorted(filter(None, (_effect(c, refs) for c in base(sect))), key=repr))


def _references_in_force(sect: etree._Element) -> list[etree._Element]:
    """The header and footer references of this section and of the sections before it (which it inherits)."""
    found = []
    for other in sect.getroottree().getroot().iter(SECT_PR):
        if other.getparent() is not None and other.getparent().tag == SECT_PR_CHANGE:
            continue
        found += [c for c in other if c.tag in REFERENCES]
        if other is sect:
            break
    return found


def add_sect_pr_change(sect: etree._Element, old: etree._Element, rev: Revisions) -> etree._Element:
    """Record the section's former properties, so that rejecting restores them (its last child)."""
    for previous in sect.findall(SECT_PR_CHANGE):
        sect.remove(previous)
    change = rev.element(SECT_PR_CHANGE)
    held = etree.SubElement(change, SECT_PR)
    for child in base(old):
        clone = copy.deepcopy(child)
        clone.tail = None
        held.append(clone)
    sect.append(change)
    return change


def add_reference(sect: etree._Element, tag: str, kind: str, rid: str) -> etree._Element:
    """A header or footer reference of `kind` (default, first, even), after the references it has."""
    ref = etree.Element(tag)
    ref.set(w("type"), kind)
    ref.set(f"{{{R_NS}}}id", rid)
    refs = [c for c in sect if c.tag in REFERENCES]
    if refs:
        refs[-1].addnext(ref)
    else:
        sect.insert(0, ref)
    return ref
