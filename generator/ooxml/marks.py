"""Values the context marked (where a figure or a data text stands) turned into hidden bookmarks.

The document stage wraps each value it takes from the data or the arithmetic in private-use characters
(OPEN name NAME_END … CLOSE); after rendering, each such stretch becomes a bookmark named `name_N`
(N: its occurrence in the package, so every name is unique) around exactly that text, and the characters
are gone. Word hides bookmarks whose name starts with an underscore and keeps them when the text around
them is edited, so a returned copy still says which run came from which source. Bookmarks are no text:
what a reader sees, and so the version decision (canonical.py), is unchanged.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from .names import XML_SPACE, w
from .package import parse_xml, serialize

OPEN, NAME_END, CLOSE = "\ue000", "\ue001", "\ue002"
MARK_PREFIX = "_af"  # a hidden bookmark (Word hides names starting with an underscore)
_MARK = re.compile(f"{OPEN}([^{NAME_END}]*){NAME_END}|{CLOSE}")
R, T, RPR = w("r"), w("t"), w("rPr")


def marked(text: str, name: str) -> str:
    """`text` as the context hands it to the template, marked as coming from the source named `name`."""
    return f"{OPEN}{name}{NAME_END}{text}{CLOSE}"


class Bookmarks:
    """The ids and names given so far in one package: ids after every id the template already uses."""

    def __init__(self, used: list[int]):
        self.next_id = max(used, default=0) + 1
        self.seen: dict[str, int] = {}
        self.open: list[str] = []  # ids of bookmarks started and not yet ended, innermost last

    def start(self, name: str) -> etree._Element:
        count = self.seen.get(name, 0) + 1
        self.seen[name] = count
        mark = etree.Element(w("bookmarkStart"), {w("id"): str(self.next_id), w("name"): f"{name}_{count}"})
        self.open.append(str(self.next_id))
        self.next_id += 1
        return mark

    def end(self) -> etree._Element:
        return etree.Element(w("bookmarkEnd"), {w("id"): self.open.pop()})


def _split_at(t: etree._Element, offset: int) -> etree._Element:
    """Cut the run holding `t` after `offset` characters of t; returns the w:t of the second run."""
    run = t.getparent()
    after = copy.deepcopy(run)
    index = list(run).index(t)
    for child in list(run)[index + 1:]:
        run.remove(child)
    children = list(after)
    for child in children[:index]:
        if child.tag != RPR:
            after.remove(child)
    second = children[index]
    second.text, t.text = (t.text or "")[offset:], (t.text or "")[:offset]
    for piece in (t, second):
        piece.set(XML_SPACE, "preserve")
    run.addnext(after)
    return second


def bookmark_marks(root: etree._Element, bookmarks: Bookmarks) -> etree._Element:
    """Every marked stretch in `root` between bookmarkStart and bookmarkEnd, the marks removed."""
    for t in list(root.iter(T)):
        while t is not None and t.text and _MARK.search(t.text):
            match = _MARK.search(t.text)
            assert match is not None
            run = t.getparent()
            before, rest = t.text[:match.start()], t.text[match.end():]
            t.text = before + rest
            second = _split_at(t, len(before))
            mark = bookmarks.start(match.group(1)) if match.group(1) is not None else bookmarks.end()
            run.addnext(mark)
            if not t.text and len([c for c in run if c.tag != RPR]) == 1:
                run.getparent().remove(run)
            t = second
        if t is not None and not t.text and t.getparent() is not None:
            run = t.getparent()
            if len([c for c in run if c.tag != RPR]) == 1 and run.getparent() is not None:
                run.getparent().remove(run)
    return root


_STORIES = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def bookmark_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """`bookmark_marks` over every story of a rendered package (the main text first, then by part name)."""
    names = sorted((n for n in parts if _STORIES.match(n) and OPEN.encode() in parts[n]),
                   key=lambda n: (n != "word/document.xml", n))
    if not names:
        return dict(parts)
    roots = {name: parse_xml(parts[name], name) for name in names}
    stories = [roots[name] if name in roots else parse_xml(parts[name], name) for name in parts if _STORIES.match(name)]
    used = [int(b.get(w("id"), "")) for story in stories for b in story.iter(w("bookmarkStart"))
            if (b.get(w("id")) or "").isdigit()]
    bookmarks = Bookmarks(used)
    out = dict(parts)
    for name, root in roots.items():
        out[name] = serialize(bookmark_marks(root, bookmarks))
    return out
