"""The tracked changes of a redline, read back as a reviewer sees them: one change per stretch.

A change is a run of adjacent tracked elements in one paragraph (`w:ins`, `w:del`,
runs whose formatting changed), or one whole tracked table row. For each: the
story part it is in, where it is as a reader would say it (the heading above it,
the table row, the footnote, the header), the text that goes and the text that
comes, and the first and last element of the stretch, to anchor a comment on.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from .names import w
from .package import parse_xml
from .text import paragraph_text

INS, DEL, R, P, TR, TC, TBL = w("ins"), w("del"), w("r"), w("p"), w("tr"), w("tc"), w("tbl")
RPR_CHANGE, DEL_TEXT, T = w("rPrChange"), w("delText"), w("t")
DOCUMENT = "word/document.xml"
COMMENTABLE = (DOCUMENT,)  # and the notes; Word has no comments in headers and footers
# Between two tracked elements these do not end a stretch: they carry no text.
_TRANSPARENT = {w(t) for t in ("bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd",
                               "permStart", "permEnd")}
_HEADING = re.compile(r"^(Heading|Kop)\d|^Title$")


@dataclass
class Change:
    part: str
    where: str
    was: str
    wordt: str
    kind: str  # "tekst" | "opmaak" | "rij"
    first: etree._Element
    last: etree._Element
    author: str
    date: str


def story_parts(parts: Mapping[str, bytes]) -> list[str]:
    """The body first, then headers and footers, then the notes, as a reader goes through them."""
    names = [n for n in parts if n.startswith("word/") and n.endswith(".xml") and n.count("/") == 1]
    rank = {"header": 1, "footer": 2, "footnotes": 3, "endnotes": 4}
    stories = [n for n in names if n == DOCUMENT or _kind(n) in rank]
    return sorted(stories, key=lambda n: (0 if n == DOCUMENT else rank[_kind(n)], n))


def kind_of(name: str) -> str:
    """'header', 'footer', 'footnotes', 'endnotes' or 'document' for a story part's name."""
    return _kind(name)


def _kind(name: str) -> str:
    return re.sub(r"\d*\.xml$", "", posixpath.basename(name))


def changes(roots: Mapping[str, etree._Element]) -> list[Change]:
    """Every change in the parsed stories (part name → root), in reading order."""
    found: list[Change] = []
    for part, root in roots.items():
        found.extend(_story_changes(part, root))
    return found


def parse_stories(parts: Mapping[str, bytes]) -> dict[str, etree._Element]:
    return {name: parse_xml(parts[name], name) for name in story_parts(parts)}


def _story_changes(part: str, root: etree._Element) -> Iterator[Change]:
    heading = ""
    note_numbers = _note_numbers(root) if _kind(part) in ("footnotes", "endnotes") else {}
    done_rows: set[int] = set()
    for p in root.iter(P):
        if _is_heading(p):
            heading = paragraph_text(p).strip() or heading
        row = _tracked_row(p)
        if row is not None:
            if id(row) not in done_rows:
                done_rows.add(id(row))
                yield _row_change(part, row, _where(part, p, heading, note_numbers))
            continue
        for stretch in _stretches(p):
            yield _change(part, stretch, _where(part, p, heading, note_numbers))


def _is_heading(p: etree._Element) -> bool:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    if style is not None and _HEADING.match(style.get(w("val"), "")):
        return True
    return p.find(f"{w('pPr')}/{w('outlineLvl')}") is not None


def _tracked_row(p: etree._Element) -> etree._Element | None:
    for ancestor in p.iterancestors(TR):
        if ancestor.find(f"{w('trPr')}/{INS}") is not None or ancestor.find(f"{w('trPr')}/{DEL}") is not None:
            return ancestor
    return None


def _stretches(p: etree._Element) -> Iterator[list[etree._Element]]:
    stretch: list[etree._Element] = []
    for child in p:
        if child.tag in (INS, DEL) or (child.tag == R and child.find(f"{w('rPr')}/{RPR_CHANGE}") is not None):
            stretch.append(child)
        elif child.tag in _TRANSPARENT and stretch:
            continue
        elif stretch:
            yield stretch
            stretch = []
    if stretch:
        yield stretch


def _text(elements: list[etree._Element], tags: tuple[str, ...]) -> str:
    return "".join(t.text or "" for el in elements for t in el.iter(*tags))


def _change(part: str, stretch: list[etree._Element], where: str) -> Change:
    was = _text([e for e in stretch if e.tag == DEL], (DEL_TEXT,))
    wordt = _text([e for e in stretch if e.tag == INS], (T,))
    formatted = [e for e in stretch if e.tag == R]
    kind = "tekst" if was or wordt else "opmaak"
    if kind == "opmaak":
        was = wordt = _text(formatted, (T,))
    mark = next((e for e in stretch if e.tag in (INS, DEL)), None)
    if mark is None:
        mark = formatted[0].find(f"{w('rPr')}/{RPR_CHANGE}")
    return Change(part, where, was, wordt, kind, stretch[0], stretch[-1], mark.get(w("author"), ""), mark.get(w("date"), ""))


def _row_change(part: str, row: etree._Element, where: str) -> Change:
    mark = row.find(f"{w('trPr')}/{INS}")
    if mark is None:
        mark = row.find(f"{w('trPr')}/{DEL}")
    cells = [" ".join(paragraph_text(p, deleted=True).strip() for p in tc.iter(P)).strip() for tc in row.iterchildren(TC)]
    text = " | ".join(cells)
    deleted = mark.tag == DEL
    first_p = next(row.iter(P))
    content = [c for c in first_p if c.tag in (INS, DEL, R)]
    anchor = (content[0], content[-1]) if content else (first_p, first_p)
    return Change(part, where, text if deleted else "", "" if deleted else text, "rij", anchor[0], anchor[1],
                  mark.get(w("author"), ""), mark.get(w("date"), ""))


def _where(part: str, p: etree._Element, heading: str, note_numbers: dict[int, int]) -> str:
    kind = _kind(part)
    if kind == "header":
        return "koptekst"
    if kind == "footer":
        return "voettekst"
    if kind in ("footnotes", "endnotes"):
        note = next(p.iterancestors(w("footnote"), w("endnote")), None)
        number = note_numbers.get(id(note)) if note is not None else None
        return f"{'voetnoot' if kind == 'footnotes' else 'eindnoot'} {number or ''}".strip()
    place = heading or "begin van het document"
    row = next(p.iterancestors(TR), None)
    if row is not None:
        first = next(row.iterchildren(TC), None)
        label = " ".join(paragraph_text(q, deleted=True).strip() for q in first.iter(P)).strip() if first is not None else ""
        return f"{place}, tabel" + (f", rij «{label}»" if label else "")
    return place


def _note_numbers(root: etree._Element) -> dict[int, int]:
    """Notes are numbered in the order of the part (the redline orders them by reference)."""
    numbers: dict[int, int] = {}
    for note in root:
        if note.get(w("type")) in (None, "normal"):
            numbers[id(note)] = len(numbers) + 1
    return numbers


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def in_sentence(change: Change) -> tuple[str, str]:
    """The sentence a text change sits in, before and after, with the change marked «…»; ("", "") when the
    change is not a stretch of one paragraph (a row)."""
    p = change.first.getparent()
    if change.kind == "rij" or p is None or p.tag != P or change.last.getparent() is not p:
        return "", ""
    children = list(p)
    start, end = children.index(change.first), children.index(change.last)
    old, new = [], []
    for index, child in enumerate(children):
        inside = start <= index <= end
        if child.tag == DEL:
            old.append(_marked(_text([child], (DEL_TEXT,)), inside))
        elif child.tag == INS:
            new.append(_marked(_text([child], (T,)), inside))
        else:
            text = _text([child], (T,))
            old.append(_marked(text, inside and change.kind == "opmaak"))
            new.append(_marked(text, inside and change.kind == "opmaak"))
    return _sentence_of(_joined(old)), _sentence_of(_joined(new))


def _marked(text: str, inside: bool) -> str:
    return f"«{text}»" if inside and text else text


def _joined(pieces: list[str]) -> str:
    return "".join(pieces).replace("»«", "")


def _sentence_of(text: str) -> str:
    """The sentence(s) holding the marks, whitespace made single."""
    text = " ".join(text.split())
    if "«" not in text:
        return ""
    first, last = text.index("«"), text.rindex("»")
    starts = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= first]
    ends = [m.start() for m in _SENTENCE_END.finditer(text) if m.start() > last]
    return text[starts[-1] if starts else 0:ends[0] if ends else len(text)]
