"""What content kept from OLD refers to, brought along into the redline's package.

Deleted blocks and notes, deleted runs and the old properties a revision records (w:pPrChange,
w:rPrChange) are OLD's: the styles they name, the lists they are numbered in and the parts their
relationships point at must exist in the output, or reject-all loses the headings' format and the
lists, and a reader finds dangling references.

- Parts: a part of OLD is copied with the parts its own relationships point at (a picture, a chart,
  a SmartArt diagram's data, layout, colours, style and drawing parts, their images), renamed where
  NEW has a different part of that name; a diagram's data part refers to its drawing through the
  relationships of the story that holds the diagram (dsp:dataModelExt/@relId), mapped here as well.
- Styles: a style id means the same style in both versions; one only OLD has is copied, with the
  styles it is based on.
- Numbering: numbers mean something only inside a package. A list of OLD is NEW's list of the same
  number where the two look the same, else another list of NEW that looks the same, else a copy with
  fresh numbers; the references in OLD's content are renumbered accordingly.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..ooxml import definitions as d
from ..ooxml.names import w
from ..ooxml.package import parse_shared, parse_xml, serialize
from ..ooxml.relationships import CONTENT_TYPES, TYPE, add_content_type, rels_name, resolve_target
from .reading import P
from .state import DOCUMENT, Comparison, Story

_DIAGRAM_EXT = "relId"
_STORY_NAMES = ("header", "footer", "footnotes", "endnotes")  # dsp:dataModelExt/@relId, a relationship of the story that holds the diagram


def ensure_content_type(c: Comparison, part: str, like: str | None = None) -> None:
    """A content type for a part copied from OLD: the extension's default, else OLD's override."""
    if c.content_types is None:
        c.content_types = parse_xml(c.out[CONTENT_TYPES], CONTENT_TYPES)
    add_content_type(c.content_types, parse_xml(c.old_parts[CONTENT_TYPES], CONTENT_TYPES), part, like)


def mark_from_old(c: Comparison, element: etree._Element) -> None:
    """Remember the paragraphs of content copied out of OLD (their list numbers are OLD's)."""
    c.from_old.update(element.iter(P))


def carry_part(c: Comparison, old_part: str, fresh: bool = False) -> str | None:
    """The output's name for a part of OLD: NEW's part of that name where it is the same (bytes and
    relationships), else a copy under a new name, with the parts it refers to carried in turn."""
    key = (old_part, fresh)
    if key in c.carried:
        return c.carried[key]
    data = c.old_parts.get(old_part)
    if data is None:
        return None
    old_rels = c.old_parts.get(rels_name(old_part))
    if not fresh and c.out.get(old_part) == data and c.out.get(rels_name(old_part)) == old_rels:
        c.carried[key] = old_part
        return old_part
    folder, name = posixpath.split(old_part)
    stem, dot, extension = name.rpartition(".")

    def candidate(n: int) -> str:  # a story keeps its kind at the front of its name (header2-redline1.xml)
        if name.startswith(_STORY_NAMES) and dot:
            return posixpath.join(folder, f"{stem}-redline{n}.{extension}")
        return posixpath.join(folder, f"redline{n}-{name}")

    n = 1
    while candidate(n) in c.out:
        n += 1
    part = candidate(n)
    c.out[part] = data
    c.carried[key] = part
    ensure_content_type(c, part, like=old_part)
    if old_rels:
        rels = parse_xml(old_rels, rels_name(old_part))
        for rel in rels:
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            carried = carry_part(c, resolve_target(old_part, rel.get("Target")))
            if carried is not None:
                rel.set("Target", posixpath.relpath(carried, folder))
        c.out[rels_name(part)] = serialize(rels)
    return part


def carry_relationship(c: Comparison, story: Story, rel: etree._Element) -> str | None:
    """The id, in the output story's relationships, of a copy of one internal relationship of OLD's story."""
    rel_type = rel.get("Type", "")
    diagram = rel_type.endswith("/diagramData")
    part = carry_part(c, resolve_target(story.old_part, rel.get("Target", "")), fresh=diagram)
    if part is None:
        return None
    if diagram:
        _diagram_drawing(c, story, part)
    target = posixpath.relpath(part, posixpath.dirname(story.new_part))
    return c.rels_of("out", story.new_part).find_or_add(rel_type, target, False)


def _diagram_drawing(c: Comparison, story: Story, data_part: str) -> None:
    root = parse_xml(c.out[data_part], data_part)
    for ext in root.iter():
        rid = ext.get(_DIAGRAM_EXT) if isinstance(ext.tag, str) else None
        if not rid:
            continue
        rel = c.rels_of("old", story.old_part).get(rid)
        mapped = carry_relationship(c, story, rel) if rel is not None else None
        if mapped is not None:
            ext.set(_DIAGRAM_EXT, mapped)
    c.out[data_part] = serialize(root)


# --- styles and numbering ----------------------------------------------------------------------------

def _definitions_part(c: Comparison, side: str, kind: str) -> str | None:
    parts = c.old_parts if side == "old" else c.out
    return next((p for _rid, p in c.related(side, kind) if p in parts), None)


def _from_old(c: Comparison, node: etree._Element) -> bool:
    return any(a.tag == w("pPrChange") or (a.tag == P and a in c.from_old) for a in node.iterancestors())


def carry_definitions(c: Comparison, changed: set[str]) -> None:
    """Styles and lists that OLD's content in the changed stories refers to, added to the output."""
    roots = [c.trees_new[part] for part in sorted(changed)]
    old_numbers = [n for root in roots for n in root.iter(d.NUM_ID) if n.get(w("val"), "0") != "0" and _from_old(c, n)]
    old_styles_part, new_styles_part = _definitions_part(c, "old", "styles"), _definitions_part(c, "out", "styles")
    if old_styles_part is not None and new_styles_part is not None:
        wanted = set().union(*(d.style_references(root) for root in roots)) if roots else set()
        missing = wanted - set(d.styles_by_id(parse_shared(c.out[new_styles_part], new_styles_part)))
        if missing:
            new_styles = parse_xml(c.out[new_styles_part], new_styles_part)  # changed below: a tree of its own
            added = d.copy_styles(new_styles, parse_shared(c.old_parts[old_styles_part], old_styles_part), missing)
            if added:
                old_numbers += [n for style in added for n in style.iter(d.NUM_ID) if n.get(w("val"), "0") != "0"]
                if old_numbers:
                    _carry_numbering(c, old_numbers)  # renumbers the copied styles' lists as well
                    old_numbers = []
                c.out[new_styles_part] = serialize(new_styles)
                _styles_with_effects(c, {s.get(w("styleId")) for s in added})
    if old_numbers:
        _carry_numbering(c, old_numbers)


def _styles_with_effects(c: Comparison, wanted: set[str]) -> None:
    """Word 2010's copy of the styles (stylesWithEffects.xml), where NEW has one, gets the same styles."""
    part = _definitions_part(c, "out", "stylesWithEffects")
    if part is None:
        return
    target = parse_xml(c.out[part], part)
    for kind in ("stylesWithEffects", "styles"):  # OLD's own copy first, else the definitions carried
        source = _definitions_part(c, "old", kind)
        if source is not None and d.copy_styles(target, parse_shared(c.old_parts[source], source), wanted):
            c.out[part] = serialize(target)


def _carry_numbering(c: Comparison, references: list[etree._Element]) -> None:
    old_part = _definitions_part(c, "old", "numbering")
    if old_part is None:
        return
    old_root = parse_xml(c.old_parts[old_part], old_part)
    old_nums, old_abstracts = d.numbering_definitions(old_root)
    new_part = _definitions_part(c, "out", "numbering")
    if new_part is None:
        new_part = old_part if old_part not in c.out else "word/redline-numbering.xml"
        new_root = etree.Element(old_root.tag, nsmap=old_root.nsmap)
        target = posixpath.relpath(new_part, posixpath.dirname(DOCUMENT))
        c.rels_of("out", DOCUMENT).find_or_add(TYPE + "numbering", target, False)
        ensure_content_type(c, new_part, like=old_part)
    else:
        new_root = parse_xml(c.out[new_part], new_part)
    mapping: dict[str, str] = {}
    count = len(new_root)
    for ref in references:
        old_id = ref.get(w("val"))
        if old_id not in mapping and old_id in old_nums:
            mapping[old_id] = _list_in_new(new_root, old_nums[old_id], old_abstracts, old_id)
        if old_id in mapping and mapping[old_id] != old_id:
            ref.set(w("val"), mapping[old_id])
    if len(new_root) != count or new_part not in c.out:
        c.out[new_part] = serialize(new_root)


def _list_in_new(new_root: etree._Element, num: etree._Element, old_abstracts: dict, old_id: str) -> str:
    signature = d.numbering_signature(num, old_abstracts)
    new_nums, new_abstracts = d.numbering_definitions(new_root)
    if old_id in new_nums and d.numbering_signature(new_nums[old_id], new_abstracts) == signature:
        return old_id
    for new_id, candidate in new_nums.items():
        if d.numbering_signature(candidate, new_abstracts) == signature:
            return new_id
    ref = num.find(d.ABSTRACT_NUM_ID)
    return d.add_numbering(new_root, num, old_abstracts.get(ref.get(w("val")) if ref is not None else None))
