"""One comparison from start to end: the body, then the headers and footers, then the notes (whose
pairs the body pass has collected), revision ids in reading order, the parts written back."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping

from ..errors import CompareError
from ..ooxml import revisions as rv
from ..ooxml.names import w
from ..ooxml.package import parse_xml
from ..results import Message, Result, unique
from . import blocks, carry, findings, headers, notes, package, sections
from .reading import BODY
from .state import DOCUMENT, Comparison, Story

NOT_A_DOCUMENT = "word/document.xml: geen w:body; dit is geen Word-document"
UNTRACKED = "niet bijgehouden"  # what differs between OLD and NEW but is not shown as a tracked change
_STORY_NAMES = ("header", "footer", "footnotes", "endnotes")
_REVISION_TAGS = tuple(w(t) for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange", "sectPrChange",
                                      "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "tblPrExChange"))
_TRACKED = re.compile(rb"<(?:\w+:)?(?:ins|del|moveFrom|moveTo|\w+Change)[\s/>]")


def compare(old: Mapping[str, bytes], new: Mapping[str, bytes], rev: rv.Revisions) -> Result[dict[str, bytes]]:
    """The parts of NEW with every difference from OLD as tracked changes made with `rev`, and the
    messages: fallbacks taken on the way, and what differs but could not be tracked."""
    if _same_stories(old, new):
        if parse_xml(new[DOCUMENT], DOCUMENT).find(BODY) is None:  # still refuse what is not a document
            raise CompareError(NOT_A_DOCUMENT)
        return Result(dict(new), _untracked(findings.changed_objects(old, new)))
    c = Comparison(old, new, rev)
    old_doc, new_doc = c.tree("old", DOCUMENT), c.tree("new", DOCUMENT)
    old_body, new_body = old_doc.find(BODY), new_doc.find(BODY)
    if old_body is None or new_body is None:
        raise CompareError(NOT_A_DOCUMENT)
    c.next_docpr = package.first_free_drawing_id(new_doc)
    blocks.diff_children(c, old_body, new_body, Story(DOCUMENT, DOCUMENT))
    changed = {DOCUMENT}
    changed |= headers.headers_and_footers(c)
    added, untracked = sections.sections(c)
    changed |= added
    changed |= notes.notes_parts(c)
    carry.carry_definitions(c, changed)
    _number_revisions(c, [DOCUMENT] + sorted(changed - {DOCUMENT}))
    return Result(package.write_out(c, changed), unique(c.messages) + _untracked(untracked + findings.findings(c)))


def _untracked(texts: list[str]) -> tuple[Message, ...]:
    return tuple(Message(UNTRACKED, text) for text in texts)


def _is_story(name: str) -> bool:
    return name.startswith("word/") and name.endswith(".xml") and posixpath.basename(name).startswith(_STORY_NAMES)


def _same_stories(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> bool:
    """Byte-identical stories without tracked changes: the redline is NEW as it is."""
    stories = [n for n in new if n == DOCUMENT or _is_story(n)]
    stories += [n for n in old if n not in new and _is_story(n)]
    return all(old.get(n) == new.get(n) and not _TRACKED.search(new[n]) for n in stories) and DOCUMENT in new


def _number_revisions(c: Comparison, parts: list[str]) -> None:
    """Revision ids in reading order across the parts: unique, and the same for the same input."""
    number = c.first_id
    for part in parts:
        for element in c.trees_new[part].iter(*_REVISION_TAGS):
            if element.get(w("id")) is not None:
                element.set(w("id"), str(number))
                number += 1
