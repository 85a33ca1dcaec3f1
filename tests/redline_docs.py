"""Small Word documents for the redline tests, described as data, and their text as readers see it.

`Doc` describes a document: body blocks (paragraphs, tables), a header and a
footer; a paragraph may carry a footnote. `build(doc)` makes the .docx bytes
with python-docx (footnotes added as parts, which python-docx cannot do).
`texts(parts)` is what a reader sees: body paragraphs (table cells row by row),
header/footer paragraphs, and footnotes in the order they are referenced.
`resolved(parts, accept)` applies the engine's own accept-all / reject-all to
every story of a package.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from generator.ooxml import resolve
from generator.ooxml import revisions as rv
from generator.ooxml.names import CT_NS, PKG_REL_NS, W_NS, w
from generator.ooxml.package import parse_xml, read_parts, serialize
from generator.ooxml.text import paragraph_text
from tests.stretches import marked

FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@dataclass(frozen=True)
class Para:
    """A paragraph: plain text, or runs of (text, {"bold": True, "italic": True}); optionally a footnote."""

    runs: tuple = ()
    note: str | None = None
    style: str | None = None

    @staticmethod
    def of(text: str, note: str | None = None, style: str | None = None, **fmt) -> "Para":
        return Para(((text, fmt),), note, style)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Doc:
    body: list = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


def _para(item) -> Para:
    return Para.of(item) if isinstance(item, str) else item


def build(doc: Doc) -> bytes:
    document = docx.Document()
    body = document.element.body
    for p in list(body.iter(qn("w:p"))):  # the default template's empty paragraph, if any
        p.getparent().remove(p)
    notes: list[str] = []
    for item in doc.body:
        if isinstance(item, Table):
            table = document.add_table(rows=0, cols=max(len(r) for r in item.rows))
            table.style = "Table Grid"
            for row in item.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = value
            continue
        para = _para(item)
        paragraph = document.add_paragraph(style=para.style)
        for text, fmt in para.runs:
            run = paragraph.add_run(text)
            run.bold = fmt.get("bold")
            run.italic = fmt.get("italic")
        if para.note is not None:
            notes.append(para.note)
            ref_run = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            valign = OxmlElement("w:vertAlign")
            valign.set(qn("w:val"), "superscript")
            rpr.append(valign)
            ref_run.append(rpr)
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(len(notes)))
            ref_run.append(ref)
            paragraph._p.append(ref_run)
    section = document.sections[0]
    if doc.header:
        _fill(section.header, doc.header)
    if doc.footer:
        _fill(section.footer, doc.footer)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if notes:
        data = _with_footnotes(data, notes)
    return data


def _fill(part, lines: list[str]) -> None:
    part.is_linked_to_previous = False
    part.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        part.add_paragraph(line)


def _with_footnotes(data: bytes, notes: list[str]) -> bytes:
    from generator.ooxml.package import zip_bytes

    parts = read_parts(data)
    root = etree.Element(w("footnotes"), nsmap={"w": W_NS})
    for note_id, kind, mark in ((-1, "separator", "separator"), (0, "continuationSeparator", "continuationSeparator")):
        note = etree.SubElement(root, w("footnote"))
        note.set(w("type"), kind)
        note.set(w("id"), str(note_id))
        etree.SubElement(etree.SubElement(etree.SubElement(note, w("p")), w("r")), w(mark))
    for index, text in enumerate(notes, start=1):
        note = etree.SubElement(root, w("footnote"))
        note.set(w("id"), str(index))
        p = etree.SubElement(note, w("p"))
        ref_run = etree.SubElement(p, w("r"))
        valign = etree.SubElement(etree.SubElement(ref_run, w("rPr")), w("vertAlign"))
        valign.set(w("val"), "superscript")
        etree.SubElement(ref_run, w("footnoteRef"))
        text_run = etree.SubElement(p, w("r"))
        t = etree.SubElement(text_run, w("t"))
        t.set(rv.XML_SPACE, "preserve")
        t.text = " " + text
    parts["word/footnotes.xml"] = serialize(root)
    rels = parse_xml(parts["word/_rels/document.xml.rels"])
    rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
    rel.set("Id", "rIdFootnotes")
    rel.set("Type", FOOTNOTES_TYPE)
    rel.set("Target", "footnotes.xml")
    parts["word/_rels/document.xml.rels"] = serialize(rels)
    types = parse_xml(parts["[Content_Types].xml"])
    override = etree.SubElement(types, f"{{{CT_NS}}}Override")
    override.set("PartName", "/word/footnotes.xml")
    override.set("ContentType", FOOTNOTES_CT)
    parts["[Content_Types].xml"] = serialize(types)
    return zip_bytes(parts)


# --- what a reader sees ---------------------------------------------------------------------------

STORY_PREFIXES = ("word/header", "word/footer")


def _on(rpr: etree._Element | None, tag: str) -> bool:
    toggle = rpr.find(w(tag)) if rpr is not None else None
    return toggle is not None and toggle.get(w("val"), "true") not in ("0", "false", "off")


def emphasis(p: etree._Element) -> str:
    """A paragraph's text with its directly bold and italic stretches marked (tests/stretches.py), as
    tests/lo_uno.py marks them. Deleted text counts as gone."""
    def pieces():
        for run in p.iter(w("r")):
            if any(a.tag == w("del") for a in run.iterancestors()):
                continue
            rpr = run.find(w("rPr"))
            yield paragraph_text(run), _on(rpr, "b"), _on(rpr, "i")

    return marked(pieces())


def texts(parts: Mapping[str, bytes]) -> dict:
    """Body paragraphs (also with their emphasis), header/footer paragraphs (per part, sorted), footnotes in
    order of reference."""
    doc = parse_xml(parts["word/document.xml"])
    body = [paragraph_text(p) for p in doc.find(w("body")).iter(w("p"))]
    marked = [emphasis(p) for p in doc.find(w("body")).iter(w("p"))]
    headers = sorted([paragraph_text(p) for p in parse_xml(parts[name]).iter(w("p"))]
                     for name in parts if name.startswith(STORY_PREFIXES) and name.endswith(".xml"))
    footnotes = []
    if "word/footnotes.xml" in parts:
        notes = {n.get(w("id")): n for n in parse_xml(parts["word/footnotes.xml"]).iter(w("footnote"))}
        for ref in doc.iter(w("footnoteReference")):
            note = notes.get(ref.get(w("id")))
            footnotes.append([paragraph_text(p).strip() for p in note.iter(w("p"))] if note is not None else None)
    return {"body": body, "emphasis": marked, "headers": headers, "footnotes": footnotes}


def resolved(parts: Mapping[str, bytes], accept: bool) -> dict[str, bytes]:
    """The package with the engine's own accept-all (or reject-all) applied to every story."""
    out = dict(parts)
    for name, data in parts.items():
        if name == "word/document.xml" or (name.startswith(STORY_PREFIXES + ("word/footnotes", "word/endnotes"))
                                           and name.endswith(".xml")):
            root = parse_xml(data)
            (resolve.accept_all if accept else resolve.reject_all)(root)
            out[name] = serialize(root)
    return out


def lo_texts(result: dict) -> dict:
    """LibreOffice's reading (tests/lo_uno.py) in the shape of `texts`."""
    return {
        "body": result["body"],
        "emphasis": result["emphasis"],
        "headers": sorted(h for h in result["headers"]),
        "footnotes": [[t.strip() for t in note] for note in result["footnotes"]],
    }


def variant(doc: Doc, **changes) -> Doc:
    clone = copy.deepcopy(doc)
    for key, value in changes.items():
        setattr(clone, key, value)
    return clone


def with_look(para: Para, at: int, look: dict) -> Para:
    """The paragraph with its word number `at` given another look (bold, italic), the rest as the first run."""
    words = para.text.split(" ")
    at = min(at, len(words) - 1)
    rest = para.runs[0][1]
    pieces = [(" ".join(words[:at]) + (" " if at else ""), rest), (words[at], look),
              ((" " if at < len(words) - 1 else "") + " ".join(words[at + 1:]), rest)]
    return Para(tuple(piece for piece in pieces if piece[0]), para.note, para.style)


# --- random pairs: one generator, driven by a seeded Random or by Hypothesis ------------------------

WORDS = ["de", "gemeente", "het", "Rijk", "€", "7.335.000", "7.500.000", "woningen", "2029", "artikel", "NPLV-gebied",
         "bouwt", "extra", ",", ".", "en", "1.234,56"]


class Seeded:
    """Choices from a seeded random.Random (the LibreOffice batches and the benchmark: reproducible pairs)."""

    def __init__(self, rng):
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


class Drawn:
    """Choices drawn by Hypothesis (`st.data()`), which shrinks a failing pair to a small one."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))

    def chance(self, p: float) -> bool:
        return self.data.draw(self.st.integers(0, 9)) < round(p * 10)


def random_pair(choices) -> tuple[Doc, Doc]:
    """A base document and two independent random edits of it (words, paragraphs, rows, tables, notes,
    header, bold and italic). `choices` is `Seeded(random.Random(seed))` or `Drawn(data)`."""
    def pick(items: list):
        return items[choices.integer(0, len(items) - 1)]

    def sentence() -> str:
        return " ".join(pick(WORDS) for _ in range(choices.integer(1, 7)))

    def table() -> Table:
        return Table(tuple((sentence(), sentence()) for _ in range(choices.integer(1, 4))))

    blocks: list = []
    for _ in range(choices.integer(1, 6)):
        if choices.chance(0.2):
            blocks.append(table())
        else:
            blocks.append(Para.of(sentence(), note=sentence() if choices.chance(0.3) else None, bold=choices.chance(0.3)))
    blocks.append(Para.of(sentence()))
    base = Doc(body=blocks, header=[sentence()], footer=[sentence()])

    def edit(doc: Doc) -> Doc:
        body, header = list(doc.body), list(doc.header)
        for _ in range(choices.integer(0, 5)):
            action = pick(["word", "word", "insert_paragraph", "delete_block", "insert_row", "delete_row",
                           "note", "header", "insert_table", "format"])
            index = choices.integer(0, max(0, len(body) - 1))
            block = body[index] if body else None
            if action == "word" and isinstance(block, Para):
                words = block.text.split(" ")
                at = choices.integer(0, len(words) - 1)
                how = pick(["replace", "insert", "delete"])
                if how == "replace":
                    words[at] = pick(WORDS)
                elif how == "insert":
                    words.insert(at, pick(WORDS))
                elif len(words) > 1:
                    del words[at]
                body[index] = Para(((" ".join(words), block.runs[0][1]),), block.note)
            elif action == "insert_paragraph":
                body.insert(choices.integer(0, len(body)), Para.of(sentence()))
            elif action == "insert_table":
                body.insert(choices.integer(0, len(body)), table())
            elif action == "delete_block" and len(body) > 1:
                del body[index]
            elif action in ("insert_row", "delete_row") and isinstance(block, Table):
                rows = list(block.rows)
                if action == "insert_row":
                    rows.insert(choices.integer(0, len(rows)), (sentence(), sentence()))
                elif len(rows) > 1:
                    del rows[choices.integer(0, len(rows) - 1)]
                body[index] = Table(tuple(rows))
            elif action == "note" and isinstance(block, Para):
                body[index] = Para(block.runs, sentence() if choices.chance(0.7) else None)
            elif action == "header":
                header = [sentence()]
            elif action == "format" and isinstance(block, Para):
                body[index] = with_look(block, choices.integer(0, len(block.text.split(" ")) - 1),
                                        {"bold": choices.chance(0.5), "italic": choices.chance(0.5)})
        if not body or isinstance(body[-1], Table):
            body.append(Para.of("Slot."))
        return Doc(body=body, header=header, footer=doc.footer)

    return edit(base), edit(base)
