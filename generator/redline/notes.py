"""Footnotes and endnotes. They pair through their references in the body (collected in the
comparison's note pairs while the body is compared), so renumbered notes are still compared with each
other; a note whose reference is new is inserted, and a note whose reference is deleted comes back
as a deleted note with a fresh id."""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml.names import w
from ..ooxml.relationships import TYPE
from . import blocks, carry, package

from .state import DOCUMENT, Comparison, Story
from .tracking import track_story


def notes_parts(c: Comparison) -> set[str]:
    """Compare the notes of both kinds; the names of the parts changed."""
    changed = set()
    for kind in ("footnote", "endnote"):
        notes = c.notes[kind]
        old_part = next((p for _, p in c.related("old", kind + "s") if p in c.old_parts), None)
        new_part = next((p for _, p in c.related("out", kind + "s") if p in c.new_parts), None)
        if old_part is None and new_part is None:
            continue
        if new_part is None:
            if not notes.copied_refs or old_part is None:
                continue
            new_part = _add_notes_part(c, kind, old_part)
        new_root = c.tree("new", new_part)
        new_notes = {n.get(w("id")): n for n in new_root if n.tag == w(kind)}
        old_notes = {}
        if old_part is not None:
            old_notes = {n.get(w("id")): n for n in c.tree("old", old_part) if n.tag == w(kind)}
        story = Story(old_part or new_part, new_part)
        paired_new = set()
        for oid, nid in notes.pairs.items():
            if oid in old_notes and nid in new_notes and nid not in paired_new:
                paired_new.add(nid)
                blocks.diff_children(c, old_notes[oid], new_notes[nid], story)
        body = c.trees_new[DOCUMENT]
        for ref in body.iter(w(kind + "Reference")):
            nid = ref.get(w("id"))
            if nid in new_notes and nid not in paired_new and not any(ref is r for r in notes.copied_refs):
                paired_new.add(nid)
                track_story(new_notes[nid], rv.INS, c.rev)
        used = {int(i) for i in new_notes if i and i.lstrip("-").isdigit()}
        next_id = max(used | {0}) + 1
        fresh: dict[str, str] = {}
        for ref in notes.copied_refs:
            oid = ref.get(w("id"))
            if oid not in old_notes:
                continue
            if oid not in fresh:
                fresh[oid] = str(next_id)
                next_id += 1
                note = package.adopt(c, copy.deepcopy(old_notes[oid]), story)
                note.set(w("id"), fresh[oid])
                track_story(note, rv.DEL, c.rev)
                new_root.append(note)
            ref.set(w("id"), fresh[oid])
        _order_notes(new_root, kind, c.trees_new[DOCUMENT])
        changed.add(new_part)
    return changed


def _add_notes_part(c: Comparison, kind: str, old_part: str) -> str:
    """NEW has no notes part but deleted notes need one: start from OLD's, with only its separators."""
    root = copy.deepcopy(c.tree("old", old_part))
    for note in list(root):
        if note.get(w("type")) in (None, "normal"):
            root.remove(note)
    c.trees_new[old_part] = root
    target = posixpath.relpath(old_part, posixpath.dirname(DOCUMENT))
    c.rels_of("out", DOCUMENT).find_or_add(TYPE + kind + "s", target, False)
    carry.ensure_content_type(c, old_part)
    return old_part


def _order_notes(root: etree._Element, kind: str, document: etree._Element) -> None:
    """Notes in the order of their references, numbered 1, 2, ... after the separators.

    LibreOffice (7.4) pairs a reference with a note by position rather than by id; Word numbers notes
    itself. Renumbering keeps both right when a deleted note comes back among the new ones.
    """
    refs = list(document.iter(w(kind + "Reference")))
    position: dict[str | None, int] = {}
    for index, ref in enumerate(refs):
        position.setdefault(ref.get(w("id")), index)
    notes = [n for n in root if n.tag == w(kind) and n.get(w("type")) in (None, "normal")]
    ordered = sorted(notes, key=lambda n: position.get(n.get(w("id")), len(position)))
    for note in notes:
        root.remove(note)
    root.extend(ordered)
    special = [int(n.get(w("id"))) for n in root if n.tag == w(kind) and n not in notes
               and (n.get(w("id")) or "").lstrip("-").isdigit()]
    number = max(special + [0]) + 1
    renumber = {}
    for note in ordered:
        renumber[note.get(w("id"))] = str(number)
        note.set(w("id"), str(number))
        number += 1
    for ref in refs:
        if ref.get(w("id")) in renumber:
            ref.set(w("id"), renumber[ref.get(w("id"))])
