"""The pairing of note references while the body is compared: two references that stay pair their notes,
a reference copied from OLD brings its note along as deleted (notes.py compares the notes afterwards)."""

from __future__ import annotations

from lxml import etree

from ..ooxml.names import w
from .reading import NOTE_REFS
from .state import Comparison


def pair_reference(c: Comparison, kind: str, old_ref: etree._Element, new_ref: etree._Element) -> None:
    """Two references to a note that stayed in place: their notes are compared with each other."""
    c.notes[kind].pairs.setdefault(old_ref.get(w("id")), new_ref.get(w("id")))


def pair_in_order(c: Comparison, old: etree._Element, new: etree._Element) -> None:
    """The references of two blocks that are the same, paired in order."""
    for tag, kind in NOTE_REFS.items():
        for oref, nref in zip(old.iter(tag), new.iter(tag)):
            c.notes[kind].pairs.setdefault(oref.get(w("id")), nref.get(w("id")))


def copied_reference(c: Comparison, ref: etree._Element) -> None:
    """A reference inside content copied from OLD: its note comes along as a deleted note."""
    c.notes[NOTE_REFS[ref.tag]].copied_refs.append(ref)
