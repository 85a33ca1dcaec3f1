"""Headers and footers: paired through the section properties that refer to them (section, kind,
type), compared as stories of their own; one that only NEW has is inserted as a whole."""

from __future__ import annotations

from ..ooxml import revisions as rv
from ..ooxml.names import R_NS, w
from ..ooxml.relationships import resolve_target
from . import blocks
from .state import DOCUMENT, Comparison, Story
from .tracking import track_story

_REFERENCES = (w("headerReference"), w("footerReference"))


def _section_parts(c: Comparison, side: str) -> dict[tuple, str]:
    root = c.tree(side, DOCUMENT)
    rels = c.rels_of("old" if side == "old" else "out", DOCUMENT)
    found: dict[tuple, str] = {}
    for index, sect in enumerate(root.iter(w("sectPr"))):
        for ref in sect:
            if ref.tag in _REFERENCES:
                rel = rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None:
                    found.setdefault((index, ref.tag, ref.get(w("type"), "default")),
                                     resolve_target(DOCUMENT, rel.get("Target", "")))
    return found


def headers_and_footers(c: Comparison) -> set[str]:
    """Compare the headers and footers; the names of the parts changed."""
    old_refs, new_refs = _section_parts(c, "old"), _section_parts(c, "new")
    pairs: dict[str, str | None] = {}
    used_old = set()
    for key, part in new_refs.items():
        if part in pairs or part not in c.new_parts:
            continue
        old = old_refs.get(key)
        if old in c.old_parts and old not in used_old:
            pairs[part] = old
            used_old.add(old)
        else:
            pairs[part] = None
    for part in pairs:
        if pairs[part] is None and part in c.old_parts and part not in used_old and part in old_refs.values():
            pairs[part] = part
            used_old.add(part)
    changed = set()
    for part, old in pairs.items():
        new_root = c.tree("new", part)
        if old is None:
            track_story(new_root, rv.INS, c.rev)
        else:
            old_root = c.tree("old", old)
            if c.keys.story(old_root) == c.keys.story(new_root):
                continue
            blocks.diff_children(c, old_root, new_root, Story(old, part))
        changed.add(part)
    return changed
