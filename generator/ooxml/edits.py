"""A returned copy's own edits read back: tracked insertions and deletions and comments, each with the
hidden bookmarks (ooxml/marks.py) it stands inside, so the edit can be traced to what the engine put there;
and the paragraphs a reader merged, split or deleted whole (`joints`). Edits made without tracking them are
found by comparing with the stored version (ooxml/untracked.py), as the same records."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from .names import w
from .package import parse_xml
from .text import paragraph_text

COMMENTS = "word/comments.xml"
_STORY = re.compile(r"^word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$")


def stories(parts: Mapping[str, bytes]) -> list[str]:
    """The parts a reader reads and edits: the main text first, then notes, headers and footers by name."""
    return sorted((name for name in parts if _STORY.match(name)), key=lambda name: (name != "word/document.xml", name))


@dataclass(frozen=True)
class Edit:
    """One tracked change: `inside` the bookmarks around it, innermost last; `paragraph` the paragraph's
    number in its part (from 1) and `said` its text as the returned copy shows it with all changes."""

    kind: Literal["ingevoegd", "verwijderd"]
    text: str
    author: str
    part: str
    paragraph: int
    said: str
    inside: tuple[str, ...]
    in_table: bool
    group: int = 0  # edits with no unchanged text between them share a group (one stroke of the reader)
    tracked: bool = True  # False: found by comparing with the stored version (made without tracking changes)


@dataclass(frozen=True)
class Joint:
    """A paragraph's own end changed: "samengevoegd" (its mark deleted: merged with the next paragraph),
    "gesplitst" (a mark inserted: split in two) or "verwijderd" (the paragraph deleted whole, mark and text).
    `holds` the bookmarks in the paragraphs concerned (for a split: those it cuts through)."""

    kind: Literal["samengevoegd", "gesplitst", "verwijderd"]
    part: str
    paragraph: int
    text: str  # what the paragraph said (for a merge: both paragraphs, " ¶ " between them)
    holds: tuple[str, ...]
    tracked: bool = True


@dataclass(frozen=True)
class Note:
    """A reader's comment: its author and text, and the text it is anchored to with the bookmarks there."""

    author: str
    text: str
    anchored: str
    part: str
    paragraph: int
    inside: tuple[str, ...]


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t"), w("delText")))


def read(parts: dict[str, bytes], own_authors: frozenset[str]) -> tuple[list[Edit], list[Note]]:
    """Every tracked change and comment by someone else than `own_authors`, in document order."""
    notes_text: dict[str, tuple[str, str]] = {}
    if COMMENTS in parts:
        for c in parse_xml(parts[COMMENTS], COMMENTS).iter(w("comment")):
            notes_text[c.get(w("id")) or ""] = (c.get(w("author")) or "", _text(c).strip())
    edits: list[Edit] = []
    notes: list[Note] = []
    for part in stories(parts):
        root = parse_xml(parts[part], part)
        names: dict[str, str] = {}
        open_marks: list[str] = []
        anchors: dict[str, list[str]] = {}
        group = 0
        for number, paragraph in enumerate(root.iter(w("p")), 1):
            said = paragraph_text(paragraph)
            if paragraph.getparent() is not None and paragraph.getparent().tag == w("tc"):
                group += 1  # a table cell's edits are their own stroke, even with no unchanged text in between
            for element in paragraph.iter(w("bookmarkStart"), w("bookmarkEnd"), w("ins"), w("del"), w("t"),
                                          w("commentRangeStart"), w("commentRangeEnd")):
                tag, key = element.tag, element.get(w("id")) or ""
                if tag == w("bookmarkStart"):
                    names[key] = element.get(w("name")) or ""
                    open_marks.append(key)
                elif tag == w("bookmarkEnd") and key in open_marks:
                    open_marks.remove(key)
                elif tag in (w("ins"), w("del")) and (element.get(w("author")) or "") not in own_authors \
                        and element.getparent().tag != w("rPr"):  # a paragraph's mark: see `joints`
                    kind: Literal["ingevoegd", "verwijderd"] = "ingevoegd" if tag == w("ins") else "verwijderd"
                    in_table = any(a.tag == w("tbl") for a in element.iterancestors())
                    edits.append(Edit(kind, _text(element), element.get(w("author")) or "", part, number, said,
                                      tuple(names[k] for k in open_marks), in_table, group))
                elif tag == w("t"):
                    if element.text and not _changed(element):
                        group += 1
                    for words in anchors.values():
                        words.append(element.text or "")
                elif tag == w("commentRangeStart"):
                    anchors[key] = [" ".join(names[k] for k in open_marks)]
                elif tag == w("commentRangeEnd") and key in anchors:
                    marks, *words = anchors.pop(key)
                    author, text = notes_text.get(key, ("", ""))
                    if author not in own_authors:  # the engine's own notes in a redline it wrote
                        notes.append(Note(author, text, "".join(words), part, number, tuple(marks.split())))
    return edits, notes


def _mark_change(paragraph: etree._Element, own_authors: frozenset[str]) -> str:
    """"ins" or "del" when the paragraph's mark (w:pPr/w:rPr/w:ins|del) is a tracked change by another author."""
    for change in paragraph.findall(f"{w('pPr')}/{w('rPr')}/*"):
        if change.tag in (w("ins"), w("del")) and (change.get(w("author")) or "") not in own_authors:
            return "ins" if change.tag == w("ins") else "del"
    return ""


def joints(parts: dict[str, bytes], own_authors: frozenset[str]) -> list[Joint]:
    """Every paragraph whose mark another author deleted or inserted with track changes, in document order."""
    found: list[Joint] = []
    for part in stories(parts):
        names: dict[str, str] = {}
        open_marks: list[str] = []
        per_paragraph: list[tuple[etree._Element, tuple[str, ...], tuple[str, ...]]] = []  # with its and open marks
        for paragraph in parse_xml(parts[part], part).iter(w("p")):
            inside = [names[k] for k in open_marks]
            for element in paragraph.iter(w("bookmarkStart"), w("bookmarkEnd")):
                key = element.get(w("id")) or ""
                if element.tag == w("bookmarkStart"):
                    names[key] = element.get(w("name")) or ""
                    open_marks.append(key)
                    inside.append(names[key])
                elif key in open_marks:
                    open_marks.remove(key)
            per_paragraph.append((paragraph, tuple(inside), tuple(names[k] for k in open_marks)))
        for number, (paragraph, holds, still_open) in enumerate(per_paragraph, 1):
            change = _mark_change(paragraph, own_authors)
            if change == "ins":
                found.append(Joint("gesplitst", part, number, paragraph_text(paragraph), still_open))
            elif change == "del" and not paragraph_text(paragraph).strip() and paragraph_text(paragraph, True).strip():
                found.append(Joint("verwijderd", part, number, paragraph_text(paragraph, True), holds))
            elif change == "del":
                following = per_paragraph[number][0] if number < len(per_paragraph) else None
                text = paragraph_text(paragraph, True) + (" ¶ " + paragraph_text(following) if following is not None else "")
                found.append(Joint("samengevoegd", part, number, text,
                                   holds + (per_paragraph[number][1] if following is not None else ())))
    return found


def _changed(element: etree._Element) -> bool:
    return any(a.tag in (w("ins"), w("del")) for a in element.iterancestors())


def ranges(parts: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    """Per bookmark its text as the engine wrote it (every change rejected) and with every change accepted."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for part in stories(parts):
        names: dict[str, str] = {}
        open_marks: list[str] = []
        for element in parse_xml(parts[part], part).iter(w("bookmarkStart"), w("bookmarkEnd"), w("t"), w("delText")):
            key = element.get(w("id")) or ""
            if element.tag == w("bookmarkStart"):
                names[key] = element.get(w("name")) or ""
                open_marks.append(key)
                before[names[key]], after[names[key]] = [], []
            elif element.tag == w("bookmarkEnd"):
                if key in open_marks:
                    open_marks.remove(key)
            else:
                inserted = any(a.tag == w("ins") for a in element.iterancestors())
                for key in open_marks:
                    if element.tag == w("t") and not inserted or element.tag == w("delText"):
                        before[names[key]].append(element.text or "")
                    if element.tag == w("t"):
                        after[names[key]].append(element.text or "")
    return {name: ("".join(before[name]), "".join(after[name])) for name in before}
