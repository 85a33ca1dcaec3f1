"""The state of one comparison, as one object handed to every stage.

What the stages share, and nothing else: the two packages and the output
parts, the parsed trees, the revision ids, the cached keys of blocks, the
footnote and endnote pairs found while the body is compared (the notes stage
reads them afterwards), the relationships and content types being extended,
and the next free drawing id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml.resolve import accept_all
from ..ooxml.fields import adopt_field_results, move_page_breaks_to_next_paragraph
from ..ooxml.package import parse_xml
from ..ooxml.relationships import Rels, rels_name, resolve_target
from ..results import Message
from .formats import Formats
from .reading import Keys

DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class Story:
    """The parts a story comes from in OLD and goes to in NEW (for relationships of copied content)."""

    old_part: str
    new_part: str


@dataclass
class Notes:
    kind: str  # "footnote" / "endnote"
    pairs: dict[str, str] = field(default_factory=dict)  # OLD note id → NEW note id, through their references
    copied_refs: list[etree._Element] = field(default_factory=list)  # references inside content copied from OLD


class Comparison:
    def __init__(self, old: Mapping[str, bytes], new: Mapping[str, bytes], rev: rv.Revisions):
        self.old_parts = old
        self.new_parts = new
        self.out: dict[str, bytes] = dict(new)
        self.rev = rev
        self.first_id = rev.next_id
        self.trees_old: dict[str, etree._Element] = {}
        self.trees_new: dict[str, etree._Element] = {}
        self.formats = Formats(old, new)
        self.keys = Keys()
        self.messages: list[Message] = []  # fallbacks taken (a very large change paired coarsely)
        self.notes = {"footnote": Notes("footnote"), "endnote": Notes("endnote")}
        self.rels: dict[tuple[str, str], Rels] = {}  # ("old"|"out", part) → rels
        self.content_types: etree._Element | None = None
        self.next_docpr: int | None = None
        self.carried: dict[tuple[str, bool], str | None] = {}  # (OLD part, fresh copy) → its name in the output
        self.from_old: set[etree._Element] = set()  # paragraphs copied out of OLD (carry.py)

    def tree(self, side: str, part: str) -> etree._Element:
        """A part of OLD ("old") or NEW ("new") parsed, with the tracked changes it already has accepted."""
        trees, parts = (self.trees_old, self.old_parts) if side == "old" else (self.trees_new, self.new_parts)
        if part not in trees:
            root = parse_xml(parts[part], part)
            accept_all(root)  # tracked changes already present: compare the final texts
            # One form for a page break between paragraphs (editors write it either way; it looks the same).
            trees[part] = move_page_breaks_to_next_paragraph(root)
            if side == "old":
                self.formats.add_old_tree(root)
                if part in self.new_parts:  # fields by their code: OLD shows NEW's cached results
                    adopt_field_results(root, self.tree("new", part))
        return trees[part]

    def rels_of(self, side: str, part: str) -> Rels:
        """The relationships of a part of OLD ("old") or of the output ("out")."""
        key = (side, part)
        if key not in self.rels:
            name = rels_name(part)
            parts = self.old_parts if side == "old" else self.out
            self.rels[key] = Rels(parts.get(name), name)
        return self.rels[key]

    def related(self, side: str, suffix: str) -> list[tuple[str, str]]:
        """(rId, part) of the main document's relationships of one type."""
        rels = self.rels_of(side, DOCUMENT)
        found = []
        for rid, rel in rels.by_id.items():
            if rel.get("Type", "").endswith("/" + suffix) and rel.get("TargetMode") != "External":
                found.append((rid, resolve_target(DOCUMENT, rel.get("Target", ""))))
        return found
