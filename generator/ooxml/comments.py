"""Word comments as small named operations: the comment, its anchor in the text, and the comments part.

A comment is a `w:comment` in word/comments.xml (related from the document,
with its content type); in a story it is anchored by `w:commentRangeStart` and
`w:commentRangeEnd` around the commented stretch and a run holding
`w:commentReference` after it (ECMA-376 Part 1, §17.13.4). None of these hold
text, so accepting or rejecting all revisions gives the same text with or
without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from . import elements as E
from .names import NSMAP, w
from .package import parse_xml, serialize
from .parts import add_part, related_part

COMMENTS = "word/comments.xml"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def comment(comment_id: int, author: str, date: str, text: str, initials: str = "") -> etree._Element:
    """<w:comment> with one paragraph: the annotation mark and the text."""
    attrs = {"id": str(comment_id), "author": author, "date": date}
    if initials:
        attrs["initials"] = initials
    mark = E.element("r", None, E.element("annotationRef"))
    return E.element("comment", attrs, E.element("p", None, mark, E.run(text)))


def reference_run(comment_id: int) -> etree._Element:
    return E.element("r", None, E.element("commentReference", {"id": str(comment_id)}))


def anchor(first: etree._Element, last: etree._Element, comment_id: int) -> None:
    """Put the comment's range around first..last (siblings in one paragraph) and its reference after it."""
    first.addprevious(E.element("commentRangeStart", {"id": str(comment_id)}))
    end = E.element("commentRangeEnd", {"id": str(comment_id)})
    last.addnext(end)
    end.addnext(reference_run(comment_id))


def existing(parts: Mapping[str, bytes]) -> etree._Element | None:
    name = related_part(parts, "comments")
    return parse_xml(parts[name], name) if name and name in parts else None


def first_free_id(root: etree._Element | None) -> int:
    ids = [int(c.get(w("id"))) for c in root.iterchildren(w("comment"))] if root is not None else []
    return max(ids, default=-1) + 1


def first_id_past_notes(parts: Mapping[str, bytes], root: etree._Element | None) -> int:
    """The first comment id above every comment id and every footnote and endnote id of the package: LibreOffice
    (and Word) read a comment id that is also a note's id as that note, and show one note's text under others."""
    ids = [first_free_id(root) - 1]
    for kind, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
        name = related_part(parts, kind)
        if name and name in parts:
            ids += [int(n.get(w("id"), "-1")) for n in parse_xml(parts[name], name).iterchildren(w(tag))]
    return max(ids) + 1


def with_comments(parts: dict[str, bytes], comments: Iterable[etree._Element]) -> dict[str, bytes]:
    """The package with these comments added to its comments part (made if there is none)."""
    comments = list(comments)
    if not comments:
        return parts
    root = existing(parts)
    if root is None:
        root = etree.Element(w("comments"), nsmap=NSMAP)
    root.extend(comments)
    parts = dict(parts)
    add_part(parts, COMMENTS, serialize(root), "comments", COMMENTS_TYPE)
    return parts
