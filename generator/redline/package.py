"""The package around the stories: content copied from OLD made to work in NEW (its relationships
mapped, the parts it points at copied, ids that would clash renewed), content types for added parts,
and the output parts written back."""

from __future__ import annotations

from lxml import etree

from ..ooxml.names import R_NS, W14_NS, w
from ..ooxml.package import parse_xml, serialize
from ..ooxml.relationships import CONTENT_TYPES, rels_name
from . import carry, note_refs
from .reading import NOTE_REFS, PPR, SECT_PR, TR, P
from .state import Comparison, Story

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

# Markup that is dropped from content copied out of OLD: its ids or targets belong to OLD.
_DROP_IN_COPIES = frozenset(w(t) for t in (
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "commentReference",
    "permStart", "permEnd", "proofErr",
))


def first_free_drawing_id(document: etree._Element) -> int:
    return 1 + max([int(x) for x in document.xpath("//wp:docPr/@id", namespaces={"wp": WP_NS}) if x.isdigit()] or [0])


def adopt(c: Comparison, element: etree._Element, story: Story) -> etree._Element:
    """Make OLD content fit in NEW: its relationships mapped, ids that would clash removed or renewed."""
    doomed = [node for node in element.iter(*_DROP_IN_COPIES, SECT_PR) if node is not element
              and (node.tag != SECT_PR or node.getparent().tag == PPR)]
    for node in doomed:
        node.getparent().remove(node)
    carry.mark_from_old(c, element)
    for node in element.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        for name in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
            mapped = _map_relationship(c, story, node.get(name))
            if mapped is None:
                del node.attrib[name]
            else:
                node.set(name, mapped)
        if tag in (P, TR):
            node.attrib.pop(f"{{{W14_NS}}}paraId", None)
            node.attrib.pop(f"{{{W14_NS}}}textId", None)
        elif tag == f"{{{WP_NS}}}docPr":
            node.set("id", str(c.next_docpr or 1))
            c.next_docpr = (c.next_docpr or 1) + 1
        elif tag in NOTE_REFS:
            note_refs.copied_reference(c, node)
    return element


def _map_relationship(c: Comparison, story: Story, rid: str) -> str | None:
    rel = c.rels_of("old", story.old_part).get(rid)
    if rel is None:
        return None
    if rel.get("TargetMode") == "External":
        return c.rels_of("out", story.new_part).find_or_add(rel.get("Type", ""), rel.get("Target", ""), True)
    return carry.carry_relationship(c, story, rel)


def write_out(c: Comparison, changed: set[str]) -> dict[str, bytes]:
    """The output parts: the changed stories, the relationships and content types that were extended."""
    for part in changed:
        c.out[part] = serialize(c.trees_new[part])
    for (side, part), rels in c.rels.items():
        if side == "out" and rels.dirty:
            c.out[rels_name(part)] = serialize(rels.root)
    if c.content_types is not None:
        c.out[CONTENT_TYPES] = serialize(c.content_types)
    return c.out
