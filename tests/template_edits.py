"""Edits on a copy of the template, as a drafter's Word or LibreOffice would make them (lxml on the zip parts)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from generator.ooxml.names import CT_NS, PKG_REL_NS, W_NS, XML_SPACE, w
from generator.ooxml.package import parse_xml, read_parts, serialize, zip_bytes
from generator.ooxml.text import paragraph_text

from .conftest import TEMPLATE

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
DOCUMENT = "word/document.xml"


def edited(target: Path, *edits: Callable[[dict[str, bytes]], None], source: Path = TEMPLATE) -> Path:
    parts = read_parts(source)
    for edit in edits:
        edit(parts)
    target.write_bytes(zip_bytes(parts))
    return target


def on_xml(name: str, change: Callable[[etree._Element], None]) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        root = parse_xml(parts[name])
        change(root)
        parts[name] = serialize(root)
    return edit


def on_text(name: str, old: str, new: str, count: int = 1) -> Callable[[dict[str, bytes]], None]:
    """A plain replacement in the part's XML (for text inside one w:t)."""
    def edit(parts: dict[str, bytes]) -> None:
        xml = parts[name].decode("utf-8")
        assert old in xml, old
        parts[name] = xml.replace(old, new, count).encode("utf-8")
    return edit


def paragraph_with(root: etree._Element, text: str) -> etree._Element:
    return next(p for p in root.iter(w("p")) if text in paragraph_text(p))


def text_run(root: etree._Element, text: str) -> etree._Element:
    return next(t.getparent() for t in root.iter(w("t")) if text in (t.text or ""))


# --- a drafter's edits ----------------------------------------------------------------------------

def join_next(text: str) -> Callable[[etree._Element], None]:
    """Delete pressed at the end of the paragraph holding `text`: the next paragraph joins it."""
    def change(root: etree._Element) -> None:
        paragraph = paragraph_with(root, text)
        following = paragraph.getnext()
        for run in following.findall(w("r")):
            paragraph.append(run)
        following.getparent().remove(following)
    return change


def delete_paragraph(text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        paragraph = paragraph_with(root, text)
        paragraph.getparent().remove(paragraph)
    return change


def tracked_insertion(text: str) -> Callable[[etree._Element], None]:
    """The run holding `text` as an insertion not yet accepted."""
    def change(root: etree._Element) -> None:
        run = text_run(root, text)
        ins = etree.Element(w("ins"), {w("id"): "901", w("author"): "Jurist", w("date"): "2025-06-01T00:00:00Z"})
        run.addprevious(ins)
        ins.append(run)
    return change


def add_comment(anchor: str, comment: str, author: str = "Redacteur") -> Callable[[dict[str, bytes]], None]:
    """A reviewer's comment on the paragraph holding `anchor`, as Word stores it."""
    def edit(parts: dict[str, bytes]) -> None:
        root = parse_xml(parts[DOCUMENT])
        paragraph = paragraph_with(root, anchor)
        paragraph.insert(1, etree.Element(w("commentRangeStart"), {w("id"): "0"}))
        paragraph.append(etree.Element(w("commentRangeEnd"), {w("id"): "0"}))
        reference = etree.SubElement(paragraph, w("r"))
        etree.SubElement(reference, w("commentReference"), {w("id"): "0"})
        parts[DOCUMENT] = serialize(root)
        comments = etree.Element(w("comments"), nsmap={"w": W_NS})
        note = etree.SubElement(comments, w("comment"), {w("id"): "0", w("author"): author, w("date"): "2025-06-01T00:00:00Z"})
        etree.SubElement(etree.SubElement(etree.SubElement(note, w("p")), w("r")), w("t")).text = comment
        parts["word/comments.xml"] = serialize(comments)
        rels = parse_xml(parts["word/_rels/document.xml.rels"])
        etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id="rId900", Target="comments.xml",
                         Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")
        parts["word/_rels/document.xml.rels"] = serialize(rels)
        types = parse_xml(parts["[Content_Types].xml"])
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/word/comments.xml",
                         ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
        parts["[Content_Types].xml"] = serialize(types)
    return edit


def main_content_type(content_type: str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        types = parse_xml(parts["[Content_Types].xml"])
        for override in types:
            if override.get("PartName") == "/word/document.xml":
                override.set("ContentType", content_type)
        parts["[Content_Types].xml"] = serialize(types)
    return edit


def add_macros(parts: dict[str, bytes]) -> None:
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really VBA"
    rels = parse_xml(parts["word/_rels/document.xml.rels"])
    etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship", Id="rId901", Target="vbaProject.bin",
                     Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject")
    parts["word/_rels/document.xml.rels"] = serialize(rels)


def split_tag(tag: str) -> Callable[[etree._Element], None]:
    """The tag cut into runs the way Word leaves it: a spelling mark, the _GoBack bookmark, and formatting
    changed in the middle (bold on the attribute's name)."""
    def change(root: etree._Element) -> None:
        run = text_run(root, tag)
        t = run.find(w("t"))
        before, after = t.text.split(tag, 1)
        cut = [before + tag[:1], tag[1:4], tag[4:-4], tag[-4:-1], tag[-1:] + after]
        pieces = []
        for index, piece in enumerate(cut):
            new = copy.deepcopy(run)
            new.find(w("t")).text = piece
            new.find(w("t")).set(XML_SPACE, "preserve")
            if index == 2:
                rpr = new.find(w("rPr"))
                if rpr is None:
                    rpr = etree.Element(w("rPr"))
                    new.insert(0, rpr)
                rpr.insert(0, etree.Element(w("b")))
            pieces.append(new)
        marks = [etree.Element(w("proofErr"), {w("type"): "spellStart"}),
                 etree.Element(w("bookmarkStart"), {w("id"): "77", w("name"): "_GoBack"}),
                 etree.Element(w("bookmarkEnd"), {w("id"): "77"}),
                 etree.Element(w("proofErr"), {w("type"): "spellEnd"})]
        for piece, mark in zip(pieces, marks + [None]):
            run.addprevious(piece)
            if mark is not None:
                run.addprevious(mark)
        run.getparent().remove(run)
    return change


def quotes_as_entities(parts: dict[str, bytes]) -> None:
    """LibreOffice writes a `"` inside text as &quot;."""
    xml = parts[DOCUMENT].decode("utf-8")
    parts[DOCUMENT] = re.sub(r"(<w:t[^>]*>)([^<]*)", lambda m: m.group(1) + m.group(2).replace('"', "&quot;"), xml).encode("utf-8")


# --- what Word adds on a save without changing what a reader sees ---------------------------------

def word_resave_noise(parts: dict[str, bytes]) -> None:
    """rsids and w14 ids on every paragraph and run, lastRenderedPageBreak, every run cut at each word,
    explicit formatting equal to what the style gives (the document default's font and size on runs of
    Normal paragraphs), and updated cached results of the page fields."""
    styles = parse_xml(parts["word/styles.xml"])
    default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    font, size = default.find(w("rFonts")).get(w("ascii")), default.find(w("sz")).get(w("val"))
    normal = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == "Normal")
    assert normal.find(f"{w('rPr')}/{w('sz')}") is None and normal.find(f"{w('rPr')}/{w('rFonts')}") is None
    for name in [n for n in parts if re.match(r"word/(document|header\d*|footnotes)\.xml$", n)]:
        root = parse_xml(parts[name])
        for number, p in enumerate(root.iter(w("p"))):
            p.set(w("rsidR"), "00A1B2C3")
            p.set(w("rsidRDefault"), "00D4E5F6")
            p.set(f"{{{W14_NS}}}paraId", f"{number + 0x1000:08X}")
            p.set(f"{{{W14_NS}}}textId", "77777777")
            plain = p.find(f"{w('pPr')}/{w('pStyle')}") is None
            for run in list(p.iterchildren(w("r"))):
                run.set(w("rsidRPr"), "00C0FFEE")
                _cut_at_words(run)
            for index, run in enumerate(p.iterchildren(w("r"))):
                if plain and run.find(w("t")) is not None and name == DOCUMENT:
                    rpr = run.find(w("rPr"))
                    if rpr is None:
                        rpr = etree.Element(w("rPr"))
                        run.insert(0, rpr)
                    if rpr.find(w("rFonts")) is None and rpr.find(w("rStyle")) is None and rpr.find(w("sz")) is None:
                        rpr.insert(0, etree.Element(w("rFonts"), {w("ascii"): font, w("hAnsi"): font}))
                        rpr.append(etree.Element(w("sz"), {w("val"): size}))
                if index == 1 and run.find(w("t")) is not None:
                    run.insert(1 if run.find(w("rPr")) is not None else 0, etree.Element(w("lastRenderedPageBreak")))
        for instr in root.iter(w("instrText")):
            if instr.text and instr.text.strip() in ("PAGE", "NUMPAGES"):
                _cached_result(instr.getparent(), "12")
        parts[name] = serialize(root)


def _cut_at_words(run: etree._Element) -> None:
    t = run.find(w("t"))
    if t is None or len(run) != (2 if run.find(w("rPr")) is not None else 1) or "{" in (t.text or ""):
        return
    words = re.findall(r"\S+\s*|\s+", t.text or "")
    for word in words[:-1]:
        piece = copy.deepcopy(run)
        piece.find(w("t")).text = word
        piece.find(w("t")).set(XML_SPACE, "preserve")
        run.addprevious(piece)
    if words:
        t.text = words[-1]
        t.set(XML_SPACE, "preserve")


def _cached_result(instruction_run: etree._Element, value: str) -> None:
    """The text between the field's separate and end marks, as Word leaves it after counting the pages."""
    run = instruction_run.getnext()
    in_result = False
    while run is not None:
        mark = run.find(w("fldChar"))
        if mark is not None and mark.get(w("fldCharType")) == "separate":
            in_result = True
        elif mark is not None and mark.get(w("fldCharType")) == "end":
            return
        elif in_result and run.find(w("t")) is not None:
            run.find(w("t")).text = value
        run = run.getnext()
