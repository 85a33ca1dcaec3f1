"""Section properties (w:sectPr) as tracked changes: the old properties recorded (w:sectPrChange), and
references to headers and footers.

CT_SectPr is: header and footer references first, then the section's properties proper
(CT_SectPrBase: page size, margins, columns, titlePg, ...), then w:sectPrChange, which holds the old
properties proper. A header or footer reference is not a property that w:sectPrChange can restore: a
header only the old version had stays referenced, its story tracked as deleted.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from .names import R_NS, w

SECT_PR, SECT_PR_CHANGE = w("sectPr"), w("sectPrChange")
HEADER_REF, FOOTER_REF = w("headerReference"), w("footerReference")
REFERENCES = frozenset((HEADER_REF, FOOTER_REF))
_RSID = re.compile(rb'\sw:rsid\w*="[^"]*"')


def base(sect: etree._Element) -> list[etree._Element]:
    """The section's properties proper: without header/footer references and without a recorded change."""
    return [c for c in sect if isinstance(c.tag, str) and c.tag not in REFERENCES and c.tag != SECT_PR_CHANGE]


def signature(sect: etree._Element) -> bytes:
    return b"".join(_RSID.sub(b"", etree.tostring(c)) for c in base(sect))


def add_sect_pr_change(sect: etree._Element, old: etree._Element, rev) -> etree._Element:
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
