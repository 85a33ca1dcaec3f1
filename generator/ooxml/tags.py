"""Jinja tags in WordprocessingML paragraphs, read the way the drafter typed them.

Word and LibreOffice cut a paragraph's text into runs wherever something
changes: the spelling checker's marks (w:proofErr), a `_GoBack` bookmark, an
edit session (rsid), formatting changed in the middle of a tag. A tag is read
from the paragraph's whole text, and `join_split_tags` puts each tag back into
one w:t (the first piece's run, so the tag takes the formatting it started
with). Entities need nothing here: lxml has already turned LibreOffice's
`&quot;` into the `"` the drafter typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .names import XML_SPACE, w

# The closing delimiter of each opening one.
CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = re.compile(r"\}\}|%\}|#\}")
# docxtpl's prefixes: {%p %} replaces its paragraph, {%tr %} its row, {%tc %} its cell, {{r }} its run.
_PREFIX = re.compile(r"^\{([{%#])-?(tr|tc|p|r)(?=\s)")


@dataclass(frozen=True)
class Tag:
    text: str  # as typed, delimiters included
    start: int  # offsets in the paragraph's text
    end: int
    closed: bool
    pieces: int  # how many w:t the tag's text is spread over

    @property
    def opener(self) -> str:
        return self.text[:2]

    @property
    def prefix(self) -> str | None:
        """docxtpl's p / tr / tc / r, or None for a plain Jinja tag."""
        match = _PREFIX.match(self.text)
        return match.group(2) if match else None

    @property
    def jinja(self) -> str:
        """The tag as Jinja reads it once docxtpl has taken its prefix off."""
        prefix = self.prefix
        if prefix is None:
            return self.text
        match = _PREFIX.match(self.text)
        assert match is not None
        return self.text[: match.start(2)] + " " + self.text[match.end(2):]


@dataclass(frozen=True)
class Stray:
    """A closing delimiter without its opening one: a tag one brace short, most likely."""

    text: str
    start: int


def own_texts(paragraph: etree._Element) -> list[etree._Element]:
    """The w:t of this paragraph, not of a paragraph nested in it (a text box)."""
    return [t for t in paragraph.iter(w("t")) if _paragraph_of(t) is paragraph]


def _paragraph_of(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != w("p"):
        parent = parent.getparent()
    return parent


def joined_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in own_texts(paragraph))


def scan(text: str) -> tuple[list[Tag], list[Stray]]:
    """Tags in a paragraph's text, and closing delimiters that close nothing.

    A tag ends at its own closing delimiter; when another tag opens first, or the
    paragraph ends, the tag is unclosed (docxtpl tags never span paragraphs)."""
    tags: list[Tag] = []
    strays: list[Stray] = []
    position = 0
    while True:
        opening = _OPENER.search(text, position)
        segment_end = opening.start() if opening else len(text)
        for m in _CLOSER.finditer(text, position, segment_end):
            brace = text.rfind("{", position, m.start())  # "{ orv.incl }}": quote what was meant as the tag
            strays.append(Stray(text[brace if brace >= 0 else m.start():m.end()], m.start()))
        if opening is None:
            return tags, strays
        closer = CLOSERS[opening.group()]
        close_at = text.find(closer, opening.end())
        next_opening = _OPENER.search(text, opening.end())
        if close_at >= 0 and (next_opening is None or close_at < next_opening.start()):
            end = close_at + 2
            tags.append(Tag(text[opening.start():end], opening.start(), end, True, 1))
        else:
            end = next_opening.start() if next_opening else len(text)
            tags.append(Tag(text[opening.start():end].rstrip(), opening.start(), end, False, 1))
        position = end


def paragraph_tags(paragraph: etree._Element) -> tuple[list[Tag], list[Stray]]:
    """The paragraph's tags, each with the number of w:t its text is spread over."""
    texts = own_texts(paragraph)
    bounds, offset = [], 0
    for t in texts:
        bounds.append((offset, offset + len(t.text or "")))
        offset += len(t.text or "")
    tags, strays = scan("".join(t.text or "" for t in texts))
    counted = [Tag(tag.text, tag.start, tag.end, tag.closed,
                   sum(1 for s, e in bounds if s < tag.end and e > tag.start and e > s)) for tag in tags]
    return counted, strays


def join_split_tags(paragraph: etree._Element) -> list[Tag]:
    """Move each tag spread over several w:t into the first of them; returns the tags that were split."""
    texts = own_texts(paragraph)
    tags, _ = paragraph_tags(paragraph)
    split = [tag for tag in tags if tag.closed and tag.pieces > 1]
    if not split:
        return []
    owner: list[int] = []  # for every character of the paragraph, the index of the w:t that holds it
    for index, t in enumerate(texts):
        owner.extend([index] * len(t.text or ""))
    text = "".join(t.text or "" for t in texts)
    for tag in split:
        for position in range(tag.start, tag.end):
            owner[position] = owner[tag.start]
    new_texts = [""] * len(texts)
    for character, index in zip(text, owner):
        new_texts[index] += character
    for t, value in zip(texts, new_texts):
        if (t.text or "") != value:
            t.text = value
            t.set(XML_SPACE, "preserve")
    return split


def spelling_and_goback_marks(root: etree._Element) -> Iterator[etree._Element]:
    """Marks that only an editor needs: the spelling checker's and the 'go back' bookmark Word keeps."""
    yield from list(root.iter(w("proofErr")))
    goback = {b.get(w("id")) for b in root.iter(w("bookmarkStart")) if b.get(w("name")) == "_GoBack"}
    for mark in list(root.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        if mark.get(w("id")) in goback:
            yield mark
