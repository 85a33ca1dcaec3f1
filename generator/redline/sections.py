"""Sections: their properties compared, and the headers and footers only OLD has kept.

Sections pair by their position (the n-th w:sectPr of OLD with the n-th of NEW), as their headers and
footers do (headers.py). Where a pair's properties differ (page size, margins, columns, a different
first page, ...), NEW's keep OLD's recorded in w:sectPrChange. A header or footer that OLD's section
has and NEW's does not (by kind and type) comes along as a story of its own, tracked as deleted, and
NEW's section refers to it: reject-all gives OLD's header back, accept-all leaves it empty. Sections
that only OLD has (a section break deleted with its paragraph) are reported, not tracked.
"""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml import sections as sp
from ..ooxml.names import R_NS, w
from ..ooxml.relationships import TYPE, resolve_target
from . import carry, package
from .state import DOCUMENT, Comparison, Story
from .tracking import track_story


def _sections(root: etree._Element) -> list[etree._Element]:
    return [s for s in root.iter(sp.SECT_PR) if s.getparent().tag != sp.SECT_PR_CHANGE]


def sections(c: Comparison) -> tuple[set[str], list[str]]:
    """Compare the sections; the parts added or changed, and what could not be tracked."""
    old_sects, new_sects = _sections(c.tree("old", DOCUMENT)), _sections(c.trees_new[DOCUMENT])
    changed: set[str] = set()
    findings: list[str] = []
    if len(old_sects) > len(new_sects):
        findings.append(f"{len(old_sects) - len(new_sects)} sectie(s) van OLD ontbreken in NEW; hun sectie-einde is "
                        "niet als wijziging bijgehouden (pagina-instelling en kop- en voetteksten van die secties)")
    old_rels = c.rels_of("old", DOCUMENT)
    for old, new in zip(old_sects, new_sects):
        if sp.signature(old) != sp.signature(new):
            sp.add_sect_pr_change(new, old, c.rev)
        have = {(ref.tag, ref.get(w("type"), "default")) for ref in new if ref.tag in sp.REFERENCES}
        for ref in [r for r in old if r.tag in sp.REFERENCES]:
            key = (ref.tag, ref.get(w("type"), "default"))
            rel = old_rels.get(ref.get(f"{{{R_NS}}}id", ""))
            if key in have or rel is None:
                continue
            part = _deleted_story(c, resolve_target(DOCUMENT, rel.get("Target", "")))
            if part is None:
                continue
            kind = "header" if ref.tag == sp.HEADER_REF else "footer"
            target = posixpath.relpath(part, posixpath.dirname(DOCUMENT))
            rid = c.rels_of("out", DOCUMENT).find_or_add(TYPE + kind, target, False)
            sp.add_reference(new, ref.tag, key[1], rid)
            have.add(key)
            changed.add(part)
    return changed, findings


def _deleted_story(c: Comparison, old_part: str) -> str | None:
    """A copy of OLD's header or footer under a name of its own, its content tracked as deleted."""
    part = carry.carry_part(c, old_part, fresh=True)
    if part is None or part in c.trees_new:
        return part
    root = package.adopt(c, copy.deepcopy(c.tree("old", old_part)), Story(old_part, part))
    track_story(root, rv.DEL, c.rev)
    c.trees_new[part] = root
    return part
