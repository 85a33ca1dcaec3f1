"""Reading a story: blocks, paragraphs flattened to characters and tokens, keys that say "the same".

A paragraph's content is a string in which text stands for itself and every
non-text item (a footnote reference, a field character, a picture) is one
placeholder character with a key of its own. Keys of blocks (paragraphs,
tables, rows, cells, content controls) are such strings joined with markers of
the structure; equal keys mean equal text and objects.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator

from lxml import etree

from ..ooxml import revisions as rv
from ..ooxml.math import EQUATIONS
from ..ooxml.names import W_NS, w
from ..ooxml.text import CHARACTERS
from .formats import Formats

P, R, T, TBL, TR, TC, SDT = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc"), w("sdt")
PPR, RPR, SDT_CONTENT, BODY, SECT_PR = w("pPr"), w("rPr"), w("sdtContent"), w("body"), w("sectPr")
FLD_SIMPLE, FLD_CHAR, INSTR_TEXT = w("fldSimple"), w("fldChar"), w("instrText")
TXBX = w("txbxContent")
BLOCKS = frozenset((P, TBL, SDT))

# Elements inside a paragraph that hold runs (w:r) and are walked through.
RUN_HOLDERS = frozenset(w(t) for t in (
    "hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "ins", "del", "moveFrom",
    "moveTo", "dir", "bdo",
))
_ZERO_WIDTH = frozenset(w(t) for t in ("lastRenderedPageBreak", "commentReference", "rPr", "annotationRef"))
NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
_NAMED_OBJECTS = frozenset(("footnoteRef", "endnoteRef", "separator", "continuationSeparator", "pgNum", "dayShort",
                            "dayLong", "monthShort", "monthLong", "yearShort", "yearLong"))

PLACEHOLDER = "\ue000"  # stands for one non-text item (a footnote reference, a field character, a picture)
TOKEN = re.compile(r"\ue000|\d+(?:[.,]\d+)*(?:,-)?|\w+(?:[-'\u2019]\w+)*|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Words, numbers with their separators (7.335.000 is one token), whitespace runs and single signs."""
    return TOKEN.findall(text)


def child_item(child: etree._Element) -> tuple[str, str | None] | None:
    """What one child of a run contributes: (text, None) for text, (placeholder, key) for an object, None for nothing."""
    tag = child.tag
    if tag == T:
        text = child.text or ""
        return (text, None) if text else None
    if tag in _ZERO_WIDTH or not isinstance(tag, str):
        return None
    if tag in CHARACTERS:
        return CHARACTERS[tag], None
    if tag == w("br"):
        kind = child.get(w("type"))
        return ("\n", None) if kind in (None, "textWrapping") else (PLACEHOLDER, f"\x00br:{kind}")
    if tag in NOTE_REFS:
        return PLACEHOLDER, "\x00" + NOTE_REFS[tag]
    if tag == FLD_CHAR:
        return PLACEHOLDER, f"\x00fld:{child.get(w('fldCharType'))}"
    if tag == INSTR_TEXT:
        return PLACEHOLDER, f"\x00instr:{(child.text or '').strip()}"
    if tag == w("sym"):
        return PLACEHOLDER, f"\x00sym:{child.get(w('font'))}:{child.get(w('char'))}"
    local = etree.QName(tag).localname
    if tag.startswith(f"{{{W_NS}}}") and local in _NAMED_OBJECTS:
        return PLACEHOLDER, f"\x00{local}"
    return PLACEHOLDER, "\x00obj:" + _digest(child)


def equation_key(equation: etree._Element) -> str:
    """An equation (m:oMath, m:oMathPara) is one object of its paragraph: changed, it is replaced whole."""
    return "\x00math:" + _digest(equation)


def items(run: etree._Element) -> Iterator[tuple[etree._Element, tuple[str, str | None]]]:
    """What a run (or an equation, which stands in a paragraph where runs do) contributes, child by child."""
    if run.tag in EQUATIONS:
        yield run, (PLACEHOLDER, equation_key(run))
        return
    for child in run:
        got = child_item(child)
        if got is not None:
            yield child, got


_VOLATILE_ATTRS = re.compile(rb'\s[\w.-]+:(?:id|embed|link|name|paraId|textId|anchorId|editId)="[^"]*"|\sid="[^"]*"')


def _digest(element: etree._Element) -> str:
    """A key for a picture or object that ignores ids, which differ between two saves of the same thing."""
    return hashlib.sha1(_VOLATILE_ATTRS.sub(b"", etree.tostring(element))).hexdigest()[:16]


def walk_runs(parent: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph in order, through hyperlinks, fields and content controls (not into text
    boxes); an equation is yielded whole, as if it were a run."""
    for child in parent:
        tag = child.tag
        if tag == R or tag in EQUATIONS:
            yield child
        elif tag in RUN_HOLDERS:
            yield from walk_runs(child)


def _key_parts(parent: etree._Element, out: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if tag == R or tag in EQUATIONS:
            for _item, got in items(child):
                out.append(got[0] if got[1] is None else PLACEHOLDER + got[1] + "\ue001")
        elif tag == FLD_SIMPLE:  # compared as the complex field it is turned into before marking
            out.append(PLACEHOLDER + "\x00fld:begin\ue001")
            out.append(PLACEHOLDER + f"\x00instr:{child.get(w('instr'), '').strip()}\ue001")
            out.append(PLACEHOLDER + "\x00fld:separate\ue001")
            _key_parts(child, out)
            out.append(PLACEHOLDER + "\x00fld:end\ue001")
        elif tag in RUN_HOLDERS:
            _key_parts(child, out)


def paragraph_key(p: etree._Element) -> str:
    """The paragraph's content as one string; equal strings mean equal text and objects."""
    out: list[str] = []
    _key_parts(p, out)
    return "".join(out)


# Run properties a reader does not see (language, proofing): a change in them is not a formatting change.
_UNSEEN_RUN_PROPERTIES = frozenset(w(t) for t in ("lang", "noProof", "webHidden", "rPrChange")) | rv.RPR_MARKERS


def _shape(el: etree._Element) -> tuple:
    return el.tag, tuple(sorted(el.attrib.items())), tuple(_shape(c) for c in el if isinstance(c.tag, str))


def run_format(run: etree._Element, formats: Formats | None = None) -> tuple:
    """A run's formatting as readers see it, comparable between two documents: resolved through its
    version's styles when `formats` knows them, else its own properties."""
    if formats is not None:
        return formats.run(run)
    rpr = run.find(RPR)
    if rpr is None:
        return ()
    return tuple(_shape(c) for c in rpr if isinstance(c.tag, str) and c.tag not in _UNSEEN_RUN_PROPERTIES)


def run_length(run: etree._Element) -> int:
    return sum(len(got[0]) for _child, got in items(run))


class Flat:
    """A paragraph as one string of characters, each traced back to its run and element."""

    __slots__ = ("items", "starts", "text", "specials", "runs")

    def __init__(self, p: etree._Element):
        self.items: list[tuple[etree._Element, etree._Element, int, int, str | None]] = []
        self.runs: list[tuple[etree._Element, int, int]] = []
        self.specials: dict[int, str] = {}
        pieces: list[str] = []
        pos = 0
        for run in walk_runs(p):
            first = pos
            for child, (text, key) in items(run):
                self.items.append((run, child, pos, pos + len(text), key))
                if key is not None:
                    self.specials[pos] = key
                pieces.append(text)
                pos += len(text)
            if pos > first:
                self.runs.append((run, first, pos))
        self.text = "".join(pieces)
        self.starts = [item[2] for item in self.items]

    def tokens(self) -> tuple[list[tuple[int, int]], list[str]]:
        spans, keys = [], []
        specials = self.specials
        for match in TOKEN.finditer(self.text):
            start, end = match.span()
            spans.append((start, end))
            keys.append(specials.get(start, match.group()) if match.group() == PLACEHOLDER else match.group())
        return spans, keys


# --- structure ------------------------------------------------------------------------------------

def in_textbox(p: etree._Element) -> bool:
    return any(a.tag == TXBX for a in p.iterancestors())


def story_paragraphs(scope: etree._Element) -> list[etree._Element]:
    return [p for p in scope.iter(P) if not in_textbox(p)]


def block_children(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if c.tag in BLOCKS]


def content(p: etree._Element) -> list[etree._Element]:
    return [c for c in p if c.tag != PPR and isinstance(c.tag, str)]


def has_note(element: etree._Element) -> bool:
    return next(element.iter(*NOTE_REFS), None) is not None


def ppr_signature(p: etree._Element | None, formats: Formats | None = None) -> bytes | tuple:
    if p is None:
        return b""
    if formats is not None:
        return formats.paragraph(p)
    return b"".join(etree.tostring(c) for c in rv.ppr_base(p.find(PPR)))


def format_key(el: etree._Element, formats: Formats | None = None) -> tuple:
    """The formatting of an element's text: (format, length) stretches per paragraph, however the runs are cut."""
    paragraphs = [el] if el.tag == P else story_paragraphs(el)
    key: list = []
    for p in paragraphs:
        key.append(None)  # a paragraph starts
        for run in walk_runs(p):
            length = run_length(run)
            if not length:
                continue
            fmt = run_format(run, formats)
            if key[-1] is not None and key[-1][0] == fmt:
                key[-1] = (fmt, key[-1][1] + length)
            else:
                key.append((fmt, length))
    return tuple(key)


def same_formatting(o: etree._Element, n: etree._Element, formats: Formats | None = None) -> bool:
    # Byte-equal markup (the common case between two versions of one generated document) settles it cheaply.
    return etree.tostring(o) == etree.tostring(n) or format_key(o, formats) == format_key(n, formats)


# --- keys of blocks, cached for one comparison -------------------------------------------------------

_STRUCTURE = re.compile(r"[PTS]\x02|\d+\x04|[\x01-\x08]")
_SPECIAL = re.compile("\ue000[^\ue001]*\ue001")


def similarity_tokens(key: str) -> Counter:
    """The words, numbers, signs and objects (one each) of a block's key, without the markers of its structure."""
    counter = Counter(_SPECIAL.findall(key))
    counter.update(t for t in TOKEN.findall(_STRUCTURE.sub(" ", _SPECIAL.sub(" ", key))) if not t.isspace())
    return counter


class Keys:
    """Keys and similarity tokens of blocks, each computed once per comparison."""

    def __init__(self) -> None:
        self.keys: dict[etree._Element, str] = {}
        self.counters: dict[etree._Element, tuple[Counter, int]] = {}

    def key(self, el: etree._Element) -> str:
        key = self.keys.get(el)
        if key is None:
            tag = el.tag
            if tag == P:
                key = "P\x02" + paragraph_key(el)
            elif tag == TBL:
                key = "T\x02" + "\x03".join(self.key(tr) for tr in el if tr.tag == TR)
            elif tag == TR:
                cells = [tc for tc in el if tc.tag == TC]
                key = f"{len(cells)}\x04" + "\x05".join(self.key(tc) for tc in cells)
            elif tag in (TC, SDT_CONTENT):
                key = "\x06".join(self.key(c) for c in el if c.tag in BLOCKS)
            elif tag == SDT:
                inner = el.find(SDT_CONTENT)
                key = "S\x02" + (self.key(inner) if inner is not None else "")
            else:
                key = tag
            self.keys[el] = key
        return key

    def counter(self, el: etree._Element) -> tuple[Counter, int]:
        got = self.counters.get(el)
        if got is None:
            counter = similarity_tokens(self.key(el))
            got = (counter, sum(counter.values()))
            self.counters[el] = got
        return got

    def story(self, root: etree._Element) -> str:
        """The key of a whole story (a header, a footer)."""
        return "\x07".join(self.key(c) for c in block_children(root))
