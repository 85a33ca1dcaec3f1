"""The visible text of a document's stories, as a reader sees it: for tests and comparisons."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from lxml import etree

from .names import w
from .package import parse_xml

_TEXT = {w("t"), w("delText")}

# Run children that are characters of the text.
CHARACTERS = {w("tab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "\u2011", w("softHyphen"): "\u00ad"}


def paragraph_text(paragraph: etree._Element, deleted: bool = False) -> str:
    """The text of one w:p: runs' w:t, tabs as \\t, breaks as \\n; deleted text only if asked."""
    out: list[str] = []
    for node in paragraph.iter(w("t"), w("delText"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")):
        if node.tag in _TEXT:
            if node.tag == w("delText") and not deleted:
                continue
            out.append(node.text or "")
        elif node.tag == w("noBreakHyphen"):
            out.append("-")
        elif node.tag == w("tab"):
            # w:tab inside w:pPr/w:tabs is a tab stop, not a character.
            if node.getparent() is not None and node.getparent().tag == w("tabs"):
                continue
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def paragraphs(root: etree._Element) -> Iterator[etree._Element]:
    """Every w:p of a story in document order, table cells included."""
    return root.iter(w("p"))


def story_texts(parts: Mapping[str, bytes]) -> dict[str, list[str]]:
    """Paragraph texts per story part: the body, every header and footer, the footnotes."""
    stories: dict[str, list[str]] = {}
    for name in sorted(parts):
        if name == "word/document.xml" or (
            name.startswith("word/") and name.rsplit("/", 1)[-1].startswith(("header", "footer", "footnotes", "endnotes"))
            and name.endswith(".xml")
        ):
            root = parse_xml(parts[name], name)
            stories[name] = [paragraph_text(p) for p in paragraphs(root)]
    return stories
