"""Redline: the NEW version of a document with every difference from OLD as native Word revisions.

`redline(old, new, author, date)` works on the parts of two .docx packages and
returns the parts of NEW in which the body, the headers and footers and the
footnotes and endnotes carry tracked changes (`w:ins`/`w:del`, tracked
paragraph marks, tracked table rows), so that Accept All gives NEW and Reject
All gives OLD, in Word and in LibreOffice.

How it compares:
- A story (body, table cell, header, note) is a sequence of blocks: paragraphs,
  tables, content controls. Blocks are aligned on their text with a sequence
  diff; where blocks differ, a paragraph is paired with a similar one (a
  modified paragraph, compared word by word) or else deleted and inserted.
- Paragraphs are compared as tokens: words, numbers with their separators
  (`7.335.000` is one token), whitespace, punctuation, and one token for each
  footnote reference, field character, picture, tab or break. Runs of NEW are
  split at token boundaries and keep their formatting; deleted text is copied
  from OLD with OLD's formatting.
- Text that is the same but formatted differently (bold, italic, font, a
  character style) keeps NEW's formatting and records OLD's (`w:rPrChange`);
  language and proofing marks do not count as formatting.
- Tables are aligned row by row (rows with the same number of cells can pair),
  then cell by cell; rows that come or go are tracked row insertions/deletions.
- Footnotes pair through their references in the body, so renumbered notes are
  still compared with each other; a note whose reference is deleted comes back
  as a deleted note with a fresh id.
- A tracked paragraph mark joins its paragraph to the next one when it goes.
  Where there is no next paragraph to join (before a table, at the end of a
  story), the paired paragraph before the change lends its mark (marks move up
  by one, as Word records such edits) or an old and a new paragraph share one;
  paragraph properties follow the marks (`w:pPrChange` where they differ).
- Deleted content copied from OLD keeps working in NEW: relationships (links,
  pictures) are mapped or copied, bookmark/comment marks and section breaks of
  OLD are left out, drawing ids renewed.
- For LibreOffice (the output is equally valid for Word): notes are ordered and
  numbered by reference, and where LibreOffice would merge two insertions across
  a paragraph mark the marks or the order of a replacement are chosen so that it
  does not (see `_arrange` and `_separate_insertions`).
- Change tracking is not switched on in settings.xml: apart from the tracked
  stories, the redline's parts are NEW's, so Accept All gives NEW exactly.

Inputs are untrusted: parts are read with the hardened reader, XML with
`parse_xml` (no DTDs, no entities); anything that is not a readable Word
document is a `CompareError`. Tracked changes already in OLD or NEW are accepted
first: the comparison is between the two final texts.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

from .errors import CompareError
from .ooxml import revisions as rv
from .ooxml.names import CT_NS, DCTERMS_NS, PKG_REL_NS, R_NS, W_NS, w
from .ooxml.package import parse_xml, read_parts, read_untrusted, serialize, zip_bytes

DEFAULT_AUTHOR = "afspraken"
FALLBACK_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)

DOCUMENT = "word/document.xml"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

P, R, T, TBL, TR, TC, SDT = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc"), w("sdt")
PPR, RPR, SDT_CONTENT, BODY, SECT_PR = w("pPr"), w("rPr"), w("sdtContent"), w("body"), w("sectPr")
FLD_SIMPLE, FLD_CHAR, INSTR_TEXT = w("fldSimple"), w("fldChar"), w("instrText")
TXBX = w("txbxContent")
BLOCKS = frozenset((P, TBL, SDT))
_REVISION_TAGS = tuple(w(t) for t in ("ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange", "sectPrChange",
                                      "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "tblPrExChange"))

# Elements inside a paragraph that hold runs (w:r) and are walked through.
_RUN_HOLDERS = frozenset(w(t) for t in (
    "hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "ins", "del", "moveFrom",
    "moveTo", "dir", "bdo",
))
# Markup that is dropped from content copied out of OLD: its ids or targets belong to OLD.
_DROP_IN_COPIES = frozenset(w(t) for t in (
    "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "commentReference",
    "permStart", "permEnd", "proofErr",
))
_ZERO_WIDTH = frozenset(w(t) for t in ("lastRenderedPageBreak", "commentReference", "rPr", "annotationRef"))
_CHARACTERS = {w("tab"): "\t", w("cr"): "\n", w("noBreakHyphen"): "\u2011", w("softHyphen"): "\u00ad"}
_NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}

PLACEHOLDER = "\ue000"  # stands for one non-text item (a footnote reference, a field character, a picture)
_TOKEN = re.compile(r"\ue000|\d+(?:[.,]\d+)*(?:,-)?|\w+(?:[-'\u2019]\w+)*|\s+|.", re.S)

PARAGRAPH_SIMILARITY = 0.5
ROW_SIMILARITY = 0.5
TABLE_SIMILARITY = 0.3
MAX_PAIRING_CELLS = 60_000  # similarity comparisons per replaced stretch before falling back to a cheaper pairing
MAX_TOKEN_PRODUCT = 4_000_000  # beyond this a paragraph is compared as prefix + suffix + one replaced middle


# --- public interface -----------------------------------------------------------------------------

def redline(old: Mapping[str, bytes], new: Mapping[str, bytes], author: str, date: datetime) -> dict[str, bytes]:
    """The parts of NEW with every difference from OLD as tracked changes by `author` at `date`."""
    rev = rv.Revisions.at(author, date)
    if _same_stories(old, new):
        if parse_xml(new[DOCUMENT], DOCUMENT).find(BODY) is None:  # still refuse what is not a document
            raise CompareError("word/document.xml: geen w:body; dit is geen Word-document")
        return dict(new)
    return _Redline(old, new, rev).run()


_TRACKED = re.compile(rb"<(?:\w+:)?(?:ins|del|moveFrom|moveTo|\w+Change)[\s/>]")


def _same_stories(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> bool:
    """Byte-identical stories without tracked changes: the redline is NEW as it is."""
    stories = [n for n in new if n == DOCUMENT or (n.startswith("word/") and n.endswith(".xml") and
                                                  posixpath.basename(n).startswith(("header", "footer", "footnotes", "endnotes")))]
    stories += [n for n in old if n not in new and n.startswith("word/") and n.endswith(".xml")
                and posixpath.basename(n).startswith(("header", "footer", "footnotes", "endnotes"))]
    return all(old.get(n) == new.get(n) and not _TRACKED.search(new[n]) for n in stories) and DOCUMENT in new


def redline_file(old: Path, new: Path, out: Path, author: str = DEFAULT_AUTHOR, date: datetime | None = None) -> None:
    """Read two .docx files, write the redline to `out` atomically (a reader never sees half a file)."""
    from .ooxml.finish import identify
    from .write import write_atomic

    old_parts = read_untrusted(Path(old))
    new_parts = read_untrusted(Path(new))
    moment = date if date is not None else document_date(new_parts)
    write_atomic(Path(out), zip_bytes(identify(redline(old_parts, new_parts, author, moment))))


def document_date(parts: Mapping[str, bytes]) -> datetime:
    """The document's own date (docProps/core.xml modified, else created): a redline date that is reproducible."""
    data = parts.get("docProps/core.xml")
    if data:
        try:
            root = parse_xml(data, "docProps/core.xml")
        except CompareError:
            return FALLBACK_DATE
        for tag in ("modified", "created"):
            node = root.find(f"{{{DCTERMS_NS}}}{tag}")
            if node is not None and node.text:
                try:
                    moment = datetime.fromisoformat(node.text.strip().replace("Z", "+00:00"))
                except ValueError:
                    continue
                return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return FALLBACK_DATE


# --- paragraph content as items and tokens -------------------------------------------------------

def _child_item(child: etree._Element) -> tuple[str, str | None] | None:
    """What one child of a run contributes: (text, None) for text, (placeholder, key) for an object, None for nothing."""
    tag = child.tag
    if tag == T:
        text = child.text or ""
        return (text, None) if text else None
    if tag in _ZERO_WIDTH or not isinstance(tag, str):
        return None
    if tag in _CHARACTERS:
        return _CHARACTERS[tag], None
    if tag == w("br"):
        kind = child.get(w("type"))
        return ("\n", None) if kind in (None, "textWrapping") else (PLACEHOLDER, f"\x00br:{kind}")
    if tag in _NOTE_REFS:
        return PLACEHOLDER, "\x00" + _NOTE_REFS[tag]
    if tag == FLD_CHAR:
        return PLACEHOLDER, f"\x00fld:{child.get(w('fldCharType'))}"
    if tag == INSTR_TEXT:
        return PLACEHOLDER, f"\x00instr:{(child.text or '').strip()}"
    if tag == w("sym"):
        return PLACEHOLDER, f"\x00sym:{child.get(w('font'))}:{child.get(w('char'))}"
    local = etree.QName(tag).localname
    if tag.startswith(f"{{{W_NS}}}") and local in ("footnoteRef", "endnoteRef", "separator", "continuationSeparator",
                                                     "pgNum", "dayShort", "dayLong", "monthShort", "monthLong",
                                                     "yearShort", "yearLong"):
        return PLACEHOLDER, f"\x00{local}"
    return PLACEHOLDER, "\x00obj:" + _digest(child)


_VOLATILE_ATTRS = re.compile(rb'\s[\w.-]+:(?:id|embed|link|name|paraId|textId|anchorId|editId)="[^"]*"|\sid="[^"]*"')


def _digest(element: etree._Element) -> str:
    """A key for a picture or object that ignores ids, which differ between two saves of the same thing."""
    return hashlib.sha1(_VOLATILE_ATTRS.sub(b"", etree.tostring(element))).hexdigest()[:16]


def _walk_runs(parent: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph in order, through hyperlinks, fields and content controls (not into text boxes)."""
    for child in parent:
        tag = child.tag
        if tag == R:
            yield child
        elif tag in _RUN_HOLDERS:
            yield from _walk_runs(child)


def _key_parts(parent: etree._Element, out: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if tag == R:
            for item in child:
                got = _child_item(item)
                if got is not None:
                    out.append(got[0] if got[1] is None else PLACEHOLDER + got[1] + "\ue001")
        elif tag == FLD_SIMPLE:  # compared as the complex field it is turned into before marking
            out.append(PLACEHOLDER + "\x00fld:begin\ue001")
            out.append(PLACEHOLDER + f"\x00instr:{child.get(w('instr'), '').strip()}\ue001")
            out.append(PLACEHOLDER + "\x00fld:separate\ue001")
            _key_parts(child, out)
            out.append(PLACEHOLDER + "\x00fld:end\ue001")
        elif tag in _RUN_HOLDERS:
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


def run_format(run: etree._Element) -> tuple:
    """A run's formatting as readers see it, comparable between two documents."""
    rpr = run.find(RPR)
    if rpr is None:
        return ()
    return tuple(_shape(c) for c in rpr if isinstance(c.tag, str) and c.tag not in _UNSEEN_RUN_PROPERTIES)


def _run_length(run: etree._Element) -> int:
    return sum(len(got[0]) for child in run if (got := _child_item(child)) is not None)


class _Flat:
    """A paragraph as one string of characters, each traced back to its run and element."""

    __slots__ = ("items", "starts", "text", "specials", "runs")

    def __init__(self, p: etree._Element):
        self.items: list[tuple[etree._Element, etree._Element, int, int, str | None]] = []
        self.runs: list[tuple[etree._Element, int, int]] = []
        self.specials: dict[int, str] = {}
        pieces: list[str] = []
        pos = 0
        for run in _walk_runs(p):
            first = pos
            for child in run:
                got = _child_item(child)
                if got is None:
                    continue
                text, key = got
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
        for match in _TOKEN.finditer(self.text):
            start, end = match.span()
            spans.append((start, end))
            keys.append(specials.get(start, match.group()) if match.group() == PLACEHOLDER else match.group())
        return spans, keys


_STRUCTURE = re.compile(r"[PTS]\x02|\d+\x04|[\x01-\x08]")
_SPECIAL = re.compile("\ue000[^\ue001]*\ue001")


def _similarity_tokens(key: str) -> Counter:
    """The words, numbers, signs and objects (one each) of a block's key, without the markers of its structure."""
    counter = Counter(_SPECIAL.findall(key))
    counter.update(t for t in _TOKEN.findall(_STRUCTURE.sub(" ", _SPECIAL.sub(" ", key))) if not t.isspace())
    return counter


def _dice(a: Counter, b: Counter, na: int, nb: int) -> float:
    if na + nb == 0:
        return 1.0
    if 2 * min(na, nb) < PARAGRAPH_SIMILARITY * 0.5 * (na + nb):  # cannot reach any threshold in use
        return 0.0
    return 2 * sum((a & b).values()) / (na + nb)


def _cleanup(ops: list[list], ospans, nspans, okeys, nkeys) -> list[list]:
    """Merge small equal stretches between two changes into one change, so a rewritten phrase reads as one."""
    def width(spans, i1, i2):
        return spans[i2 - 1][1] - spans[i1][0] if i2 > i1 else 0

    changed = True
    while changed and len(ops) >= 3:
        changed = False
        for k in range(1, len(ops) - 1):
            tag, i1, i2, j1, j2 = ops[k]
            before, after = ops[k - 1], ops[k + 1]
            if tag != "equal" or before[0] == "equal" or after[0] == "equal":
                continue
            if any(key.startswith("\x00") or key[:1].isdigit() or key == "€" for key in okeys[i1:i2]):
                continue  # objects and amounts stay visible as unchanged between two changes
            size = width(nspans, j1, j2)
            whitespace = all(key.isspace() for key in okeys[i1:i2])
            left = max(width(ospans, before[1], before[2]), width(nspans, before[3], before[4]))
            right = max(width(ospans, after[1], after[2]), width(nspans, after[3], after[4]))
            if whitespace or size <= min(left, right):
                ops[k - 1:k + 2] = [["replace", before[1], after[2], before[3], after[4]]]
                changed = True
                break
    return ops


def _token_opcodes(okeys: list[str], nkeys: list[str]) -> list[list]:
    """Opcodes (as difflib gives them) for two token lists; the common start and end are split off
    first, which makes a local edit in a long paragraph cheap."""
    prefix = 0
    limit = min(len(okeys), len(nkeys))
    while prefix < limit and okeys[prefix] == nkeys[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and okeys[len(okeys) - 1 - suffix] == nkeys[len(nkeys) - 1 - suffix]:
        suffix += 1
    o_mid, n_mid = okeys[prefix:len(okeys) - suffix], nkeys[prefix:len(nkeys) - suffix]
    ops: list[list] = []
    if prefix:
        ops.append(["equal", 0, prefix, 0, prefix])
    if o_mid or n_mid:
        if not o_mid or not n_mid or len(o_mid) * len(n_mid) > MAX_TOKEN_PRODUCT:
            # One side empty, or hostile/enormous paragraphs: the middle is replaced as a whole.
            tag = "replace" if o_mid and n_mid else ("delete" if o_mid else "insert")
            middle = [[tag, 0, len(o_mid), 0, len(n_mid)]]
        else:
            middle = [list(op) for op in SequenceMatcher(None, o_mid, n_mid, autojunk=False).get_opcodes()]
        for tag, i1, i2, j1, j2 in middle:
            ops.append([tag, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix])
    if suffix:
        ops.append(["equal", len(okeys) - suffix, len(okeys), len(nkeys) - suffix, len(nkeys)])
    merged: list[list] = []
    for op in ops:
        if merged and op[0] == "equal" and merged[-1][0] == "equal":
            merged[-1][2], merged[-1][4] = op[2], op[4]
        else:
            merged.append(op)
    return merged


# --- small structural helpers --------------------------------------------------------------------

def _in_textbox(p: etree._Element) -> bool:
    return any(a.tag == TXBX for a in p.iterancestors())


def _story_paragraphs(scope: etree._Element) -> list[etree._Element]:
    return [p for p in scope.iter(P) if not _in_textbox(p)]


def explode_simple_fields(p: etree._Element) -> None:
    """Turn each w:fldSimple into the equivalent complex field (runs with w:fldChar), whose runs can be tracked."""
    for fld in [f for f in p.iter(FLD_SIMPLE)]:
        if fld.getparent() is None:
            continue
        first_run = fld.find(R)
        rpr = first_run.find(RPR) if first_run is not None else None

        def run_with(child: etree._Element, rpr: etree._Element | None = rpr) -> etree._Element:
            run = etree.Element(R)
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            run.append(child)
            return run

        begin = etree.Element(FLD_CHAR)
        begin.set(w("fldCharType"), "begin")
        for flag in ("fldLock", "dirty"):
            if fld.get(w(flag)) in ("1", "true", "on"):
                begin.set(w(flag), "true")
        instr = etree.Element(INSTR_TEXT)
        instr.set(rv.XML_SPACE, "preserve")
        instr.text = fld.get(w("instr"), "")
        separate, end = etree.Element(FLD_CHAR), etree.Element(FLD_CHAR)
        separate.set(w("fldCharType"), "separate")
        end.set(w("fldCharType"), "end")
        replacement = [run_with(begin), run_with(instr), run_with(separate)]
        replacement += [c for c in fld if c.tag != w("fldData")]
        replacement.append(run_with(end))
        for node in replacement:
            fld.addprevious(node)
        fld.getparent().remove(fld)


def _track_runs(scope: etree._Element, tag: str, rev: rv.Revisions) -> None:
    """Mark every run of every paragraph in `scope` inserted or deleted."""
    for p in _story_paragraphs(scope):
        explode_simple_fields(p)
        runs = list(_walk_runs(p))
        for group in rv.group_siblings(runs):
            if group[0].getparent() is not None and group[0].getparent().tag in (rv.INS, rv.DEL):
                continue
            if tag == rv.INS:
                rv.tracked_insertion(group, rev)
            else:
                rv.tracked_deletion(group, rev)


def _block_children(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if c.tag in BLOCKS]


def _track_marks(scope: etree._Element, tag: str, rev: rv.Revisions, spare_last_of: tuple[etree._Element, ...] = ()) -> None:
    """Track the paragraph marks in `scope`, except the last paragraph of each cell (a cell keeps one mark)."""
    for p in _story_paragraphs(scope):
        parent = p.getparent()
        if parent.tag == TC or parent in spare_last_of:
            blocks = _block_children(parent)
            if blocks and blocks[-1] is p:
                continue
        (rv.mark_paragraph_inserted if tag == rv.INS else rv.mark_paragraph_deleted)(p, rev)


def _content(p: etree._Element) -> list[etree._Element]:
    return [c for c in p if c.tag != PPR and isinstance(c.tag, str)]


def _separate_insertions(parent: etree._Element) -> None:
    """LibreOffice joins an insertion that ends a paragraph with one that starts the next paragraph, and
    then rejects the paragraph mark between them as well. Where the first paragraph ends with a
    replacement (deletion, insertion), show the insertion first: the deletion then keeps them apart."""
    for p in parent.iterchildren(P):
        following = p.getnext()
        if following is None or following.tag != P or rv.paragraph_mark(p) is not None:
            continue
        mine, theirs = _content(p), _content(following)
        if len(mine) >= 2 and theirs and mine[-1].tag == rv.INS and mine[-2].tag == rv.DEL and theirs[0].tag == rv.INS:
            mine[-1].addnext(mine[-2])


def _ends_with_insertion(old: etree._Element, new: etree._Element) -> bool:
    """Whether the comparison of two paragraphs ends with inserted text."""
    okeys, nkeys = _Flat(old).tokens()[1], _Flat(new).tokens()[1]
    if not nkeys or (okeys and okeys[-1] == nkeys[-1]):
        return False
    return _token_opcodes(okeys, nkeys)[-1][0] in ("insert", "replace")


def _has_note(element: etree._Element) -> bool:
    return next(element.iter(*_NOTE_REFS), None) is not None


def _ppr_signature(p: etree._Element | None) -> bytes:
    if p is None:
        return b""
    return b"".join(etree.tostring(c) for c in rv.ppr_base(p.find(PPR)))


# --- relationships of copied content --------------------------------------------------------------

def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


class _Rels:
    """One .rels part, parsed; changes are written back by the caller."""

    def __init__(self, data: bytes | None, name: str):
        if data:
            self.root = parse_xml(data, name)
        else:
            self.root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        self.by_id = {r.get("Id"): r for r in self.root if r.get("Id")}
        self.dirty = False

    def get(self, rid: str) -> etree._Element | None:
        return self.by_id.get(rid)

    def find_or_add(self, rel_type: str, target: str, external: bool) -> str:
        for rid, rel in self.by_id.items():
            same_mode = (rel.get("TargetMode") == "External") == external
            if rel.get("Type") == rel_type and rel.get("Target") == target and same_mode:
                return rid
        n = len(self.by_id) + 1
        while f"rIdRedline{n}" in self.by_id:
            n += 1
        rid = f"rIdRedline{n}"
        rel = etree.SubElement(self.root, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        self.by_id[rid] = rel
        self.dirty = True
        return rid


def _resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


# --- the comparison -------------------------------------------------------------------------------

@dataclass
class _Action:
    kind: str  # "same" (equal key), "pair" (modified), "del" (only in OLD), "ins" (only in NEW)
    o: etree._Element | None
    n: etree._Element | None
    placed: etree._Element | None = None  # the element in the output

    @property
    def paired(self) -> bool:
        return self.kind in ("same", "pair")

    @property
    def tag(self) -> str:
        return (self.n if self.n is not None else self.o).tag


@dataclass
class _Story:
    old_part: str
    new_part: str


@dataclass
class _Notes:
    kind: str  # "footnote" / "endnote"
    pairs: dict[str, str] = field(default_factory=dict)
    copied_refs: list[etree._Element] = field(default_factory=list)


class _Redline:
    def __init__(self, old: Mapping[str, bytes], new: Mapping[str, bytes], rev: rv.Revisions):
        self.old_parts = old
        self.new_parts = new
        self.out: dict[str, bytes] = dict(new)
        self.rev = rev
        self.first_id = rev.next_id
        self.trees_old: dict[str, etree._Element] = {}
        self.trees_new: dict[str, etree._Element] = {}
        self.keys: dict[etree._Element, str] = {}
        self.counters: dict[etree._Element, tuple[Counter, int]] = {}
        self.notes = {"footnote": _Notes("footnote"), "endnote": _Notes("endnote")}
        self.rels: dict[tuple[str, str], _Rels] = {}  # ("old"|"out", part) → rels
        self.content_types: etree._Element | None = None
        self.next_docpr: int | None = None

    # -- parts and trees --

    def _tree(self, side: str, part: str) -> etree._Element:
        trees, parts = (self.trees_old, self.old_parts) if side == "old" else (self.trees_new, self.new_parts)
        if part not in trees:
            root = parse_xml(parts[part], part)
            rv.accept_all(root)  # tracked changes already present: compare the final texts
            trees[part] = root
        return trees[part]

    def _rels(self, side: str, part: str) -> _Rels:
        key = (side, part)
        if key not in self.rels:
            name = _rels_name(part)
            parts = self.old_parts if side == "old" else self.out
            self.rels[key] = _Rels(parts.get(name), name)
        return self.rels[key]

    def _related(self, side: str, suffix: str) -> list[tuple[str, str]]:
        """(rId, part) of the main document's relationships of one type."""
        rels = self._rels(side, DOCUMENT)
        found = []
        for rid, rel in rels.by_id.items():
            if rel.get("Type", "").endswith("/" + suffix) and rel.get("TargetMode") != "External":
                found.append((rid, _resolve_target(DOCUMENT, rel.get("Target", ""))))
        return found

    def run(self) -> dict[str, bytes]:
        old_doc, new_doc = self._tree("old", DOCUMENT), self._tree("new", DOCUMENT)
        old_body, new_body = old_doc.find(BODY), new_doc.find(BODY)
        if old_body is None or new_body is None:
            raise CompareError("word/document.xml: geen w:body; dit is geen Word-document")
        self.next_docpr = 1 + max([int(x) for x in new_doc.xpath("//wp:docPr/@id", namespaces={"wp": WP_NS})
                                   if x.isdigit()] or [0])
        self._diff_children(old_body, new_body, _Story(DOCUMENT, DOCUMENT))
        changed = {DOCUMENT}
        changed |= self._headers_and_footers()
        changed |= self._notes_parts()
        self._number_revisions([DOCUMENT] + sorted(changed - {DOCUMENT}))
        for part in changed:
            self.out[part] = serialize(self.trees_new[part])
        for (side, part), rels in self.rels.items():
            if side == "out" and rels.dirty:
                self.out[_rels_name(part)] = serialize(rels.root)
        if self.content_types is not None:
            self.out["[Content_Types].xml"] = serialize(self.content_types)
        return self.out

    def _number_revisions(self, parts: list[str]) -> None:
        """Revision ids in reading order across the parts: unique, and the same for the same input."""
        number = self.first_id
        for part in parts:
            for element in self.trees_new[part].iter(*_REVISION_TAGS):
                if element.get(w("id")) is not None:
                    element.set(w("id"), str(number))
                    number += 1

    # -- keys and similarity --

    def _key(self, el: etree._Element) -> str:
        key = self.keys.get(el)
        if key is None:
            tag = el.tag
            if tag == P:
                key = "P\x02" + paragraph_key(el)
            elif tag == TBL:
                key = "T\x02" + "\x03".join(self._key(tr) for tr in el if tr.tag == TR)
            elif tag == TR:
                cells = [tc for tc in el if tc.tag == TC]
                key = f"{len(cells)}\x04" + "\x05".join(self._key(tc) for tc in cells)
            elif tag in (TC, SDT_CONTENT):
                key = "\x06".join(self._key(c) for c in el if c.tag in BLOCKS)
            elif tag == SDT:
                content = el.find(SDT_CONTENT)
                key = "S\x02" + (self._key(content) if content is not None else "")
            else:
                key = tag
            self.keys[el] = key
        return key

    def _format_key(self, el: etree._Element) -> tuple:
        """The formatting of an element's text: (format, length) stretches per paragraph, however the runs are cut."""
        paragraphs = [el] if el.tag == P else [p for p in el.iter(P) if not _in_textbox(p)]
        key: list = []
        for p in paragraphs:
            key.append(None)  # a paragraph starts
            for run in _walk_runs(p):
                length = _run_length(run)
                if not length:
                    continue
                fmt = run_format(run)
                if key[-1] is not None and key[-1][0] == fmt:
                    key[-1] = (fmt, key[-1][1] + length)
                else:
                    key.append((fmt, length))
        return tuple(key)

    def _same_formatting(self, o: etree._Element, n: etree._Element) -> bool:
        # Byte-equal markup (the common case between two versions of one generated document) settles it cheaply.
        return etree.tostring(o) == etree.tostring(n) or self._format_key(o) == self._format_key(n)

    def _counter(self, el: etree._Element) -> tuple[Counter, int]:
        got = self.counters.get(el)
        if got is None:
            counter = _similarity_tokens(self._key(el))
            got = (counter, sum(counter.values()))
            self.counters[el] = got
        return got

    def _similarity(self, o: etree._Element, n: etree._Element) -> float:
        (a, na), (b, nb) = self._counter(o), self._counter(n)
        return _dice(a, b, na, nb)

    @staticmethod
    def _pairable(o: etree._Element, n: etree._Element) -> bool:
        if o.tag != n.tag:
            return False
        if o.tag == TR:
            return sum(1 for c in o if c.tag == TC) == sum(1 for c in n if c.tag == TC)
        return True

    @staticmethod
    def _threshold(el: etree._Element) -> float:
        return {P: PARAGRAPH_SIMILARITY, TR: ROW_SIMILARITY}.get(el.tag, TABLE_SIMILARITY)

    # -- alignment --

    def _align(self, olds: list[etree._Element], news: list[etree._Element]) -> list[_Action]:
        okeys = [self._key(o) for o in olds]
        nkeys = [self._key(n) for n in news]
        actions: list[_Action] = []
        matcher = SequenceMatcher(None, okeys, nkeys, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                actions.extend(_Action("same", olds[i], news[j1 + i - i1]) for i in range(i1, i2))
            else:
                actions.extend(self._pair_similar(olds[i1:i2], news[j1:j2]))
        return actions

    def _pair_similar(self, olds: list[etree._Element], news: list[etree._Element]) -> list[_Action]:
        """Within a stretch that differs, pair each old block with a similar new one, keeping the order."""
        n, m = len(olds), len(news)
        pairs: list[tuple[int, int]] = []
        if n and m:
            if n * m <= MAX_PAIRING_CELLS:
                pairs = self._best_pairs(olds, news)
            else:  # enormous stretch: pair along the diagonal only
                last = -1
                for i in range(n):
                    j = min(m - 1, i * m // n)
                    if j > last and self._pairable(olds[i], news[j]) and \
                            self._similarity(olds[i], news[j]) >= self._threshold(olds[i]):
                        pairs.append((i, j))
                        last = j
        actions: list[_Action] = []
        i = j = 0
        for pi, pj in pairs + [(n, m)]:
            actions.extend(_Action("del", olds[k], None) for k in range(i, pi))
            actions.extend(_Action("ins", None, news[k]) for k in range(j, pj))
            if pi < n:
                actions.append(_Action("pair", olds[pi], news[pj]))
            i, j = pi + 1, pj + 1
        return actions

    def _best_pairs(self, olds: list[etree._Element], news: list[etree._Element]) -> list[tuple[int, int]]:
        n, m = len(olds), len(news)
        score = [[0.0] * (m + 1) for _ in range(n + 1)]
        take = [[False] * (m + 1) for _ in range(n + 1)]
        for i in range(1, n + 1):
            o = olds[i - 1]
            threshold = self._threshold(o)
            row, above = score[i], score[i - 1]
            for j in range(1, m + 1):
                best = max(above[j], row[j - 1])
                nn = news[j - 1]
                if self._pairable(o, nn):
                    s = self._similarity(o, nn)
                    if s >= threshold and above[j - 1] + s > best:
                        best = above[j - 1] + s
                        take[i][j] = True
                row[j] = best
        pairs = []
        i, j = n, m
        while i > 0 and j > 0:
            if take[i][j]:
                pairs.append((i - 1, j - 1))
                i, j = i - 1, j - 1
            elif score[i - 1][j] >= score[i][j - 1]:
                i -= 1
            else:
                j -= 1
        return pairs[::-1]

    # -- paragraph marks next to tables and at the end of a story --

    def _settle_boundaries(self, actions: list[_Action]) -> dict[int, tuple]:
        """Keep every tracked paragraph mark joinable (see the module docstring).

        A paragraph whose mark is tracked joins the paragraph after it when the mark goes (on accept for
        a deleted mark, on reject for an inserted one). Before a table, or at the end of a story, there
        is none: Word and LibreOffice then leave an empty paragraph behind. So each stretch of unpaired
        blocks is arranged (old-only and new-only blocks may interleave freely) with the tables
        together, and the paragraph before a table gets a mark that exists in both versions: lent by
        the paired paragraph before the stretch (marks move up by one paragraph, as Word records such
        edits), or shared by the last old and the last new paragraph there. Returns action index →
        (old paragraph, new paragraph) for the output paragraphs whose mark is not their own.
        """
        self._force_final_pair(actions)
        arranged: list[_Action] = []
        overrides: dict[int, tuple] = {}
        i = 0
        while i < len(actions):
            if actions[i].paired:
                arranged.append(actions[i])
                i += 1
                continue
            j = i
            while j < len(actions) and not actions[j].paired:
                j += 1
            before = arranged[-1] if arranged else None
            after = actions[j] if j < len(actions) else None
            self._arrange(actions[i:j], before, after, arranged, overrides)
            i = j
        actions[:] = arranged
        return overrides

    @staticmethod
    def _arrange(stretch: list[_Action], before: _Action | None, after: _Action | None,
                 out: list[_Action], overrides: dict[int, tuple]) -> None:
        def split(items: list[_Action]) -> tuple[list[list[_Action]], list[_Action]]:
            groups: list[list[_Action]] = [[]]
            tables: list[_Action] = []
            for item in items:
                if item.tag == P:
                    groups[-1].append(item)
                else:
                    tables.append(item)
                    groups.append([])
            return groups, tables

        dgroups, dtables = split([a for a in stretch if a.kind == "del"])
        igroups, itables = split([a for a in stretch if a.kind == "ins"])
        last = max(len(dtables), len(itables))
        slots: list[tuple[list[_Action], list[_Action]]] = [([], []) for _ in range(last + 1)]
        gaps: list[list[_Action]] = [[] for _ in range(last + 1)]
        anchor_ok = before is not None and before.paired and before.tag == P
        for side, groups, tables in ((0, dgroups, dtables), (1, igroups, itables)):
            for x, group in enumerate(groups[:-1]):
                slots[x][side].extend(group)
            for x, table in enumerate(tables, start=1):
                gaps[x - 1 if x < len(tables) else last - 1].append(table)
        # The paragraphs after a side's last table may go in any later slot: lend one to each slot before
        # a table that has paragraphs of the other side only, so the two can share a mark there.
        for side, groups, tables in ((0, dgroups, dtables), (1, igroups, itables)):
            spare = list(groups[-1])
            for z in range(len(tables), last):
                if spare and slots[z][1 - side] and not slots[z][side] and not (z == 0 and anchor_ok):
                    slots[z][side].append(spare.pop(0))
            slots[last][side].extend(spare)
        for z, (dels, inss) in enumerate(slots):
            barrier = z < last or after is None or after.tag != P
            last_paragraph = inss[-1].n if inss else (dels[-1].o if dels else None)
            if z == 0 and anchor_ok and last_paragraph is not None and _has_note(last_paragraph) \
                    and not _has_note(before.n) and not _has_note(before.o):
                barrier = True  # LibreOffice cannot join a paragraph holding a note to the next one
            if z == 0 and anchor_ok and inss and before.kind == "pair" and _ends_with_insertion(before.o, before.n):
                # LibreOffice joins an insertion that ends a paragraph with an insertion that starts the
                # next one, paragraph mark included: let the paragraph before lend its mark instead.
                barrier = True
            if (dels or inss) and barrier:
                if z == 0 and anchor_ok:
                    k = len(out) - 1
                    if dels and inss:
                        overrides[k] = (before.o, None)
                        overrides[k + len(dels)] = (None, before.n)
                        overrides[k + len(dels) + len(inss)] = (dels[-1].o, inss[-1].n)
                    elif inss:
                        overrides[k] = (None, before.n)
                        overrides[k + len(inss)] = (before.o, inss[-1].n)
                    else:
                        overrides[k] = (before.o, None)
                        overrides[k + len(dels)] = (dels[-1].o, before.n)
                elif dels and inss:
                    shared = _Action("pair", dels[-1].o, inss[-1].n)
                    dels, inss = dels[:-1], inss[:-1] + [shared]
                # else: nothing can lend a mark here (OLD or NEW has no paragraph to spare); Word has
                # the same limit, and an empty paragraph is left where a table was.
            out.extend(dels)
            out.extend(inss)
            out.extend(gaps[z])

    @staticmethod
    def _force_final_pair(actions: list[_Action]) -> None:
        """A story ends with a paragraph in both versions; when no paired paragraph can lend its mark to
        the last stretch, pair the last old paragraph with the last new one."""
        start = len(actions)
        while start > 0 and not actions[start - 1].paired and actions[start - 1].tag == P:
            start -= 1
        before = actions[start - 1] if start > 0 else None
        if before is None and start == len(actions):
            return
        if before is not None and before.paired and before.tag == P:
            return
        last = max((i for i, a in enumerate(actions) if a.paired), default=-1)
        tail = actions[last + 1:]
        anchor = actions[last] if last >= 0 else None
        dps = [a for a in tail if a.kind == "del" and a.o.tag == P]
        ips = [a for a in tail if a.kind == "ins" and a.n.tag == P]
        if dps and ips:
            d, i = dps[-1], ips[-1]
            actions[last + 1:] = [a for a in tail if a is not d and a is not i] + [_Action("pair", d.o, i.n)]
        elif ips and anchor is not None and anchor.tag == P:
            i = ips[-1]
            actions[last:] = ([_Action("ins", None, anchor.n)] + [a for a in tail if a is not i]
                              + [_Action("pair", anchor.o, i.n)])
        elif dps and anchor is not None and anchor.tag == P:
            d = dps[-1]
            actions[last:] = ([_Action("del", anchor.o, None)] + [a for a in tail if a is not d]
                              + [_Action("pair", d.o, anchor.n)])

    # -- blocks --

    def _diff_children(self, old_parent: etree._Element, new_parent: etree._Element, story: _Story) -> None:
        """Compare two block containers (body, cell, header, note, content control); NEW's becomes the redline."""
        olds, news = _block_children(old_parent), _block_children(new_parent)
        actions = self._align(olds, news)
        overrides = self._settle_boundaries(actions)
        self._place(actions, new_parent, news, self._deleted_block, story)
        for action in actions:
            if action.kind == "same" and self._same_formatting(action.o, action.n):
                self._pair_notes_in_order(action.o, action.n)
            elif action.paired:  # modified, or the same text formatted differently
                if action.tag == P:
                    self._diff_paragraph(action.o, action.n, story)
                elif action.tag == TBL:
                    self._diff_table(action.o, action.n, story)
                elif action.tag == SDT:
                    oc, nc = action.o.find(SDT_CONTENT), action.n.find(SDT_CONTENT)
                    if oc is not None and nc is not None:
                        self._diff_children(oc, nc, story)
            elif action.kind == "ins":
                self._track_block(action.n, rv.INS)
        self._settle_marks(actions, overrides)
        _separate_insertions(new_parent)

    def _place(self, actions: list[_Action], parent: etree._Element, news: list[etree._Element],
               make: Callable[[etree._Element, _Story], etree._Element], story: _Story) -> None:
        """Put a copy of each deleted OLD element after the element before it in the output."""
        previous = None
        for action in actions:
            if action.kind == "del":
                element = make(action.o, story)
                if previous is not None:
                    previous.addnext(element)
                elif news:
                    news[0].addprevious(element)
                else:
                    tail = parent.find(w("sectPr")) if parent.tag == BODY else None
                    if tail is not None:
                        tail.addprevious(element)
                    else:
                        parent.append(element)
                action.placed = element
            else:
                action.placed = action.n
            previous = action.placed

    def _deleted_block(self, old: etree._Element, story: _Story) -> etree._Element:
        element = self._adopt(copy.deepcopy(old), story)
        self._track_block(element, rv.DEL)
        return element

    def _track_block(self, element: etree._Element, tag: str) -> None:
        """Mark a whole block (paragraph, table, content control) inserted or deleted; paragraph marks
        of top-level paragraphs are settled afterwards, those inside tables here."""
        _track_runs(element, tag, self.rev)
        if element.tag == P:
            return
        for tr in element.iter(TR):
            (rv.mark_row_inserted if tag == rv.INS else rv.mark_row_deleted)(tr, self.rev)
        _track_marks(element, tag, self.rev)

    def _settle_marks(self, actions: list[_Action], overrides: dict[int, tuple]) -> None:
        """Give every output paragraph its mark, tracked or not, and its properties in both versions.

        After accept-all a paragraph has the properties of the NEW paragraph whose mark it keeps, or, where
        its mark goes, of the NEW paragraph its text belongs to (LibreOffice keeps the first paragraph's
        properties when two join, Word the second's: both then agree). After reject-all likewise with OLD;
        where the two differ, OLD's are recorded (w:pPrChange)."""
        plans = []
        for index, action in enumerate(actions):
            if action.tag != P:
                continue
            content_o = action.o if action.kind != "ins" else None
            content_n = action.n if action.kind != "del" else None
            o_src, n_src = overrides.get(index, (content_o, content_n))
            accepted = n_src if n_src is not None else content_n
            rejected = o_src if o_src is not None else content_o
            accepted = accepted if accepted is not None else rejected
            rejected = rejected if rejected is not None else accepted
            replace = None
            if accepted is not (content_n if content_n is not None else content_o):  # not the placed paragraph's own
                ppr = accepted.find(PPR)
                replace = copy.deepcopy(ppr) if ppr is not None else etree.Element(PPR)
                if accepted is rejected and n_src is None:  # OLD's: its section breaks are not NEW's to keep
                    for sect in replace.findall(SECT_PR):
                        replace.remove(sect)
            change = None
            if accepted is not rejected and _ppr_signature(accepted) != _ppr_signature(rejected):
                change = rejected.find(PPR)
                if change is None:
                    change = etree.Element(PPR)
            plans.append((action.placed, o_src, n_src, replace, change))
        for p, o_src, n_src, replace, change in plans:
            if replace is not None:
                current = p.find(PPR)
                if current is not None:
                    p.remove(current)
                p.insert(0, replace)
            if change is not None:
                rv.add_ppr_change(p, change, self.rev)
            if n_src is None:
                rv.mark_paragraph_deleted(p, self.rev)
            elif o_src is None:
                rv.mark_paragraph_inserted(p, self.rev)

    # -- tables --

    def _diff_table(self, old: etree._Element, new: etree._Element, story: _Story) -> None:
        orows = [tr for tr in old if tr.tag == TR]
        nrows = [tr for tr in new if tr.tag == TR]
        actions = self._align(orows, nrows)
        self._place(actions, new, nrows, self._deleted_row, story)
        for action in actions:
            if action.kind == "same" and self._same_formatting(action.o, action.n):
                self._pair_notes_in_order(action.o, action.n)
            elif action.paired:
                ocells = [tc for tc in action.o if tc.tag == TC]
                ncells = [tc for tc in action.n if tc.tag == TC]
                for oc, nc in zip(ocells, ncells):
                    if self._key(oc) == self._key(nc) and self._same_formatting(oc, nc):
                        self._pair_notes_in_order(oc, nc)
                    else:
                        self._diff_children(oc, nc, story)
            elif action.kind == "ins":
                self._track_block(action.n, rv.INS)

    def _deleted_row(self, old: etree._Element, story: _Story) -> etree._Element:
        row = self._adopt(copy.deepcopy(old), story)
        self._track_block(row, rv.DEL)
        return row

    # -- paragraphs --

    def _diff_paragraph(self, old: etree._Element, new: etree._Element, story: _Story) -> None:
        """Compare two paragraphs token by token; NEW's runs are split and tracked, deleted text copied in."""
        explode_simple_fields(old)
        explode_simple_fields(new)
        fo, fn = _Flat(old), _Flat(new)
        ospans, okeys = fo.tokens()
        nspans, nkeys = fn.tokens()
        ops = _cleanup(_token_opcodes(okeys, nkeys), ospans, nspans, okeys, nkeys)
        inserted: list[tuple[int, int]] = []
        deletions: list[tuple[int, int, int]] = []
        reformatted: list[tuple[int, int, etree._Element]] = []
        end_new = len(fn.text)
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2)):
                    if okeys[i] in ("\x00footnote", "\x00endnote"):
                        self._pair_note(okeys[i][1:], fo, ospans[i][0], fn, nspans[j][0])
                reformatted += _format_changes(fo, ospans[i1][0], fn, nspans[j1][0], nspans[j2 - 1][1])
                continue
            ns = nspans[j1][0] if j1 < len(nspans) else end_new
            if tag in ("replace", "delete"):
                deletions.append((ns, ospans[i1][0], ospans[i2 - 1][1]))
            if tag in ("replace", "insert"):
                inserted.append((ns, nspans[j2 - 1][1]))
        if not inserted and not deletions and not reformatted:
            return
        cuts = {x for span in inserted for x in span} | {d[0] for d in deletions} | {x for r in reformatted for x in r[:2]}
        segments = self._split_runs(fn, sorted(cuts))
        self._wrap_inserted(segments, inserted)
        self._mark_reformatted(segments, reformatted)
        for pos, a, b in deletions:
            self._insert_deletion(new, segments, pos, self._old_fragment(fo, a, b, story))

    def _split_runs(self, flat: _Flat, cuts: list[int]) -> list[tuple[etree._Element, int, int]]:
        """Split NEW's runs at the given text offsets; every piece keeps the run's formatting."""
        segments = []
        for run, start, end in flat.runs:
            inner = cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]
            if not inner:
                segments.append((run, start, end))
            else:
                segments.extend(_split_run(run, start, end, inner))
        return segments

    def _wrap_inserted(self, segments: list[tuple[etree._Element, int, int]], inserted: list[tuple[int, int]]) -> None:
        chosen = [run for run, _span in _segments_in(segments, inserted)]
        for group in rv.group_siblings(chosen):
            rv.tracked_insertion(group, self.rev)

    def _mark_reformatted(self, segments: list[tuple[etree._Element, int, int]],
                          reformatted: list[tuple[int, int, etree._Element]]) -> None:
        """Unchanged text whose formatting changed: NEW's formatting, OLD's recorded (w:rPrChange)."""
        for run, (_start, _end, old_run) in _segments_in(segments, reformatted):
            rv.add_rpr_change(run, old_run.find(RPR), self.rev)

    def _insert_deletion(self, p: etree._Element, segments, pos: int, deletion: etree._Element) -> None:
        def outer(run: etree._Element) -> etree._Element:
            parent = run.getparent()
            return parent if parent is not None and parent.tag == rv.INS else run

        for run, start, _end in segments:
            if start >= pos:
                outer(run).addprevious(deletion)
                return
        if segments:
            outer(segments[-1][0]).addnext(deletion)
        else:
            p.append(deletion)

    def _old_fragment(self, flat: _Flat, a: int, b: int, story: _Story) -> etree._Element:
        """OLD's content between two text offsets as deleted runs (w:del, w:delText), OLD's formatting kept."""
        deletion = self.rev.element(rv.DEL)
        index = max(0, bisect.bisect_right(flat.starts, a) - 1)
        current_run, current = None, None
        for run, child, s, e, _key in flat.items[index:]:
            if s >= b:
                break
            if e <= a:
                continue
            if run is not current_run:
                current = etree.SubElement(deletion, R, attrib=dict(run.attrib))
                rpr = run.find(RPR)
                if rpr is not None:
                    current.append(copy.deepcopy(rpr))
                current_run = run
            if child.tag == T:
                piece = etree.SubElement(current, rv.DEL_TEXT)
                piece.set(rv.XML_SPACE, "preserve")
                piece.text = (child.text or "")[max(a, s) - s:min(b, e) - s]
            else:
                piece = copy.deepcopy(child)
                piece.tail = None
                rv.to_deleted_text(piece)
                current.append(piece)
        self._adopt(deletion, story)
        return deletion

    # -- footnotes and endnotes --

    def _pair_note(self, kind: str, fo: _Flat, opos: int, fn: _Flat, npos: int) -> None:
        oref = fo.items[bisect.bisect_left(fo.starts, opos)][1]
        nref = fn.items[bisect.bisect_left(fn.starts, npos)][1]
        self.notes[kind].pairs.setdefault(oref.get(w("id")), nref.get(w("id")))

    def _pair_notes_in_order(self, old: etree._Element, new: etree._Element) -> None:
        for tag, kind in _NOTE_REFS.items():
            for oref, nref in zip(old.iter(tag), new.iter(tag)):
                self.notes[kind].pairs.setdefault(oref.get(w("id")), nref.get(w("id")))

    def _notes_parts(self) -> set[str]:
        changed = set()
        for kind in ("footnote", "endnote"):
            notes = self.notes[kind]
            old_part = next((p for _, p in self._related("old", kind + "s") if p in self.old_parts), None)
            new_part = next((p for _, p in self._related("out", kind + "s") if p in self.new_parts), None)
            if old_part is None and new_part is None:
                continue
            if new_part is None:
                if not notes.copied_refs:
                    continue
                new_part = self._add_notes_part(kind, old_part)
            new_root = self._tree("new", new_part)
            new_notes = {n.get(w("id")): n for n in new_root if n.tag == w(kind)}
            old_notes = {}
            if old_part is not None:
                old_notes = {n.get(w("id")): n for n in self._tree("old", old_part) if n.tag == w(kind)}
            story = _Story(old_part or new_part, new_part)
            paired_new = set()
            for oid, nid in notes.pairs.items():
                if oid in old_notes and nid in new_notes and nid not in paired_new:
                    paired_new.add(nid)
                    self._diff_children(old_notes[oid], new_notes[nid], story)
            body = self.trees_new[DOCUMENT]
            for ref in body.iter(w(kind + "Reference")):
                nid = ref.get(w("id"))
                if nid in new_notes and nid not in paired_new and not self._is_copied(ref, kind):
                    paired_new.add(nid)
                    note = new_notes[nid]
                    _track_runs(note, rv.INS, self.rev)
                    _track_marks(note, rv.INS, self.rev, spare_last_of=(note,))
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
                    note = self._adopt(copy.deepcopy(old_notes[oid]), story)
                    note.set(w("id"), fresh[oid])
                    _track_runs(note, rv.DEL, self.rev)
                    _track_marks(note, rv.DEL, self.rev, spare_last_of=(note,))
                    new_root.append(note)
                ref.set(w("id"), fresh[oid])
            _order_notes(new_root, kind, self.trees_new[DOCUMENT])
            changed.add(new_part)
        return changed

    def _is_copied(self, ref: etree._Element, kind: str) -> bool:
        return any(ref is c for c in self.notes[kind].copied_refs)

    def _add_notes_part(self, kind: str, old_part: str) -> str:
        """NEW has no notes part but deleted notes need one: start from OLD's, with only its separators."""
        root = copy.deepcopy(self._tree("old", old_part))
        for note in list(root):
            if note.get(w("type")) in (None, "normal"):
                root.remove(note)
        self.trees_new[old_part] = root
        target = posixpath.relpath(old_part, posixpath.dirname(DOCUMENT))
        self._rels("out", DOCUMENT).find_or_add(REL_TYPE + kind + "s", target, False)
        self._ensure_content_type(old_part)
        return old_part

    # -- headers and footers --

    def _section_parts(self, side: str) -> dict[tuple, str]:
        root = self._tree(side, DOCUMENT)
        rels = self._rels("old" if side == "old" else "out", DOCUMENT)
        found: dict[tuple, str] = {}
        for index, sect in enumerate(root.iter(w("sectPr"))):
            for ref in sect:
                if ref.tag in (w("headerReference"), w("footerReference")):
                    rel = rels.get(ref.get(f"{{{R_NS}}}id", ""))
                    if rel is not None:
                        found.setdefault((index, ref.tag, ref.get(w("type"), "default")),
                                         _resolve_target(DOCUMENT, rel.get("Target", "")))
        return found

    def _headers_and_footers(self) -> set[str]:
        old_refs, new_refs = self._section_parts("old"), self._section_parts("new")
        pairs: dict[str, str | None] = {}
        used_old = set()
        for key, part in new_refs.items():
            if part in pairs or part not in self.new_parts:
                continue
            old = old_refs.get(key)
            if old in self.old_parts and old not in used_old:
                pairs[part] = old
                used_old.add(old)
            else:
                pairs[part] = None
        for part in pairs:
            if pairs[part] is None and part in self.old_parts and part not in used_old and part in old_refs.values():
                pairs[part] = part
                used_old.add(part)
        changed = set()
        for part, old in pairs.items():
            new_root = self._tree("new", part)
            if old is None:
                _track_runs(new_root, rv.INS, self.rev)
                _track_marks(new_root, rv.INS, self.rev, spare_last_of=(new_root,))
            else:
                old_root = self._tree("old", old)
                if self._key_of_story(old_root) == self._key_of_story(new_root):
                    continue
                self._diff_children(old_root, new_root, _Story(old, part))
            changed.add(part)
        return changed

    def _key_of_story(self, root: etree._Element) -> str:
        return "\x07".join(self._key(c) for c in _block_children(root))

    # -- content copied from OLD --

    def _adopt(self, element: etree._Element, story: _Story) -> etree._Element:
        """Make OLD content fit in NEW: its relationships mapped, ids that would clash removed or renewed."""
        doomed = [node for node in element.iter(*_DROP_IN_COPIES, SECT_PR) if node is not element
                  and (node.tag != SECT_PR or node.getparent().tag == PPR)]
        for node in doomed:
            node.getparent().remove(node)
        for node in element.iter():
            tag = node.tag
            if not isinstance(tag, str):
                continue
            for name in [a for a in node.attrib if a.startswith(f"{{{R_NS}}}")]:
                mapped = self._map_relationship(story, node.get(name))
                if mapped is None:
                    del node.attrib[name]
                else:
                    node.set(name, mapped)
            if tag in (P, TR):
                node.attrib.pop(f"{{{W14_NS}}}paraId", None)
                node.attrib.pop(f"{{{W14_NS}}}textId", None)
            elif tag == f"{{{WP_NS}}}docPr":
                node.set("id", str(self.next_docpr or 1))
                self.next_docpr = (self.next_docpr or 1) + 1
            elif tag in _NOTE_REFS:
                self.notes[_NOTE_REFS[tag]].copied_refs.append(node)
        return element

    def _map_relationship(self, story: _Story, rid: str) -> str | None:
        rel = self._rels("old", story.old_part).get(rid)
        if rel is None:
            return None
        rel_type, target = rel.get("Type", ""), rel.get("Target", "")
        out_rels = self._rels("out", story.new_part)
        if rel.get("TargetMode") == "External":
            return out_rels.find_or_add(rel_type, target, True)
        part = _resolve_target(story.old_part, target)
        data = self.old_parts.get(part)
        if data is None:
            return None
        if self.out.get(part) != data:
            folder, name = posixpath.split(part)
            n = 1
            while posixpath.join(folder, f"redline{n}-{name}") in self.out:
                n += 1
            part = posixpath.join(folder, f"redline{n}-{name}")
            self.out[part] = data
            self._ensure_content_type(part, like=_resolve_target(story.old_part, target))
        return out_rels.find_or_add(rel_type, posixpath.relpath(part, posixpath.dirname(story.new_part)), False)

    def _ensure_content_type(self, part: str, like: str | None = None) -> None:
        """A content type for a part copied from OLD: the extension's default, else OLD's override."""
        if self.content_types is None:
            self.content_types = parse_xml(self.out["[Content_Types].xml"], "[Content_Types].xml")
        ct = self.content_types
        extension = part.rsplit(".", 1)[-1].lower()
        defaults = {d.get("Extension", "").lower() for d in ct if d.tag == f"{{{CT_NS}}}Default"}
        overrides = {o.get("PartName", "") for o in ct if o.tag == f"{{{CT_NS}}}Override"}
        if "/" + part in overrides:
            return
        old_ct = parse_xml(self.old_parts["[Content_Types].xml"], "[Content_Types].xml")
        source = "/" + (like or part)
        for o in old_ct:
            if o.tag == f"{{{CT_NS}}}Override" and o.get("PartName") == source:
                added = etree.SubElement(ct, f"{{{CT_NS}}}Override")
                added.set("PartName", "/" + part)
                added.set("ContentType", o.get("ContentType", ""))
                return
        if extension in defaults:
            return
        for d in old_ct:
            if d.tag == f"{{{CT_NS}}}Default" and d.get("Extension", "").lower() == extension:
                added = etree.Element(f"{{{CT_NS}}}Default")
                added.set("Extension", d.get("Extension"))
                added.set("ContentType", d.get("ContentType", ""))
                ct.insert(0, added)
                return


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


def _segments_in(segments: list[tuple[etree._Element, int, int]], spans: list[tuple]) -> Iterator[tuple]:
    """The split runs that start inside one of the sorted (start, end, ...) spans, each with its span."""
    starts = [span[0] for span in spans]
    for run, start, _end in segments:
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and start < spans[k][1]:
            yield run, spans[k]


def _format_changes(fo: _Flat, o_start: int, fn: _Flat, n_start: int, n_end: int) -> list[tuple[int, int, etree._Element]]:
    """Within a stretch of equal text, the NEW offsets whose formatting differs from OLD's, with OLD's run there."""
    shift = o_start - n_start
    o_starts = [start for _run, start, _end in fo.runs]
    n_starts = [start for _run, start, _end in fn.runs]
    bounds = {n_start, n_end}
    bounds.update(start - shift for start in o_starts if n_start < start - shift < n_end)
    bounds.update(start for start in n_starts if n_start < start < n_end)
    changes: list[tuple[int, int, etree._Element]] = []
    ordered = sorted(bounds)
    for a, b in zip(ordered, ordered[1:]):
        o_run = fo.runs[bisect.bisect_right(o_starts, a + shift) - 1][0]
        n_run = fn.runs[bisect.bisect_right(n_starts, a) - 1][0]
        if run_format(o_run) == run_format(n_run):
            continue
        if changes and changes[-1][1] == a and changes[-1][2] is o_run:
            changes[-1] = (changes[-1][0], b, o_run)
        else:
            changes.append((a, b, o_run))
    return changes


def _split_run(run: etree._Element, start: int, end: int, cuts: list[int]) -> list[tuple[etree._Element, int, int]]:
    """Split one run at text offsets strictly inside it into runs with the same properties."""
    rpr = run.find(RPR)
    pieces: list[list[etree._Element]] = [[] for _ in range(len(cuts) + 1)]
    pos = start
    for child in list(run):
        if child is rpr:
            continue
        got = _child_item(child)
        k = bisect.bisect_right(cuts, pos)
        if got is None:
            pieces[k].append(child)
            continue
        text, _ = got
        length = len(text)
        inside = [c for c in cuts[k:] if c < pos + length]
        if child.tag == T and inside:
            bounds = [pos] + inside + [pos + length]
            for a, b in zip(bounds, bounds[1:]):
                piece = etree.Element(T)
                piece.set(rv.XML_SPACE, "preserve")
                piece.text = text[a - pos:b - pos]
                pieces[bisect.bisect_right(cuts, a)].append(piece)
        else:
            pieces[k].append(child)
        pos += length
    parent = run.getparent()
    index = parent.index(run)
    parent.remove(run)
    bounds = [start] + cuts + [end]
    result = []
    for offset, children in enumerate(pieces):
        piece = etree.Element(R, attrib=dict(run.attrib))
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        for child in children:
            piece.append(child)
        parent.insert(index + offset, piece)
        result.append((piece, bounds[offset], bounds[offset + 1]))
    return result
