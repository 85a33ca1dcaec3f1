"""A document as a reader sees it: text, formatting as rendered, tables, notes, headers and footers.

Word and LibreOffice rewrite much that no reader sees when they save: rsid
attributes, w14:paraId/textId, lastRenderedPageBreak, runs cut at every word,
formatting moved between the document defaults, a style and the run itself,
the cached result of a PAGE or NUMPAGES field, numbering renumbered. The
helpers here give one canonical form for all of those: run and paragraph
properties resolved through the style chain (what the text looks like, not
where that is written), fields by their code, notes and headers by their
content. Two documents with the same `reader_view` look the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping

from lxml import etree

from .fields import field_code
from .names import R_NS, w
from .package import parse_xml, read_parts
from .stamp import in_version_mark, is_version_mark
from .styles import Props, Styles, numbering_levels, numpr_key, property_map, style_id_of, value_of, visible

_NOISE_ELEMENTS = {w("proofErr"), w("lastRenderedPageBreak"), w("bookmarkStart"), w("bookmarkEnd"),
                   w("commentRangeStart"), w("commentRangeEnd"), w("permStart"), w("permEnd")}


class _Reader:
    def __init__(self, parts: Mapping[str, bytes]):
        self.parts = parts
        self.styles = Styles.of(parts)
        self.numbering = numbering_levels(parts)
        self.notes = {kind: _notes(parts, f"word/{kind}s.xml", kind) for kind in ("footnote", "endnote")}
        self.rels = _relationships(parts)

    def story(self, root: etree._Element, table_style: str | None = None) -> Iterator[str]:
        paragraphs: list[tuple[Props, str, list[tuple[Props, str]]]] = []
        lines: list[str | int] = []
        for child in root:
            if child.tag == w("p"):
                lines.append(len(paragraphs))
                paragraphs.append(self.paragraph(child, table_style))
            elif child.tag == w("tbl"):
                lines.extend(self.table(child))
            elif child.tag == w("sectPr"):
                lines.extend(self.section(child))
            elif is_version_mark(child):  # a version's own number and time (stamp.py): not what makes it new
                continue
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent"))
                lines.extend(self.story(content if content is not None else child, table_style))
        _page_breaks_as_break_before(paragraphs)
        for line in lines:
            yield _paragraph_line(*paragraphs[line]) if isinstance(line, int) else line

    def table(self, table: etree._Element) -> Iterator[str]:
        tblpr = table.find(w("tblPr"))
        style_id = style_id_of(tblpr, "tblStyle")
        resolved: dict[str, str] = {}
        for style in self.styles.chain(style_id):
            resolved.update(property_map(style.find(w("tblPr"))))
        resolved.update(property_map(tblpr))
        yield f"tabel {visible(resolved)}"
        for row in table.iterchildren(w("tr")):
            yield f"rij {_props(row.find(w('trPr')))}"
            for cell in row.iterchildren(w("tc")):
                yield f"cel {_props(cell.find(w('tcPr')))}"
                yield from ("  " + line for line in self.story(cell, style_id))
        yield "einde tabel"

    def section(self, sectpr: etree._Element) -> Iterator[str]:
        props = property_map(sectpr)
        for kind in ("header", "footer"):  # the distance of a header or footer there is not shows nothing
            if sectpr.find(w(f"{kind}Reference")) is None:
                props.pop(f"pgMar.{kind}", None)
        yield f"sectie {visible(props)}"
        for reference in sectpr.iterchildren(w("headerReference"), w("footerReference")):
            target = self.rels.get(reference.get(f"{{{R_NS}}}id") or "")
            if target is not None and target in self.parts:
                yield f"{etree.QName(reference).localname} {reference.get(w('type'))}"
                yield from ("  " + line for line in self.story(parse_xml(self.parts[target], target)))

    def paragraph(self, p: etree._Element, table_style: str | None) -> tuple[Props, str, list[tuple[Props, str]]]:
        ppr = p.find(w("pPr"))
        style_id, props = self.styles.paragraph(ppr, table_style)
        numpr = numpr_key(ppr, self.styles.chain(style_id))
        numbering = (self.numbering.get(numpr) if numpr is not None else None) or ""
        segments: list[tuple[Props, str]] = []
        for props_, text in self.runs(p, style_id, table_style):
            if segments and segments[-1][0] == props_:
                segments[-1] = (props_, segments[-1][1] + text)
            elif text:
                segments.append((props_, text))
        return tuple((k, v) for k, v in props if not k.startswith("numPr")), numbering, segments

    def runs(self, p: etree._Element, style_id: str | None, table_style: str | None) -> Iterator[tuple[Props, str]]:
        in_code = in_result = False
        code: list[str] = []
        for node in p.iter():
            if node.tag in _NOISE_ELEMENTS or not isinstance(node.tag, str):
                continue
            run = node if node.tag == w("r") else None
            if run is None:
                if node.tag == w("fldSimple"):  # shown with its result's formatting, read by its code
                    first = node.find(w("r"))
                    props = self.styles.run(style_id, first.find(w("rPr")) if first is not None else None, table_style)
                    yield props, f"[veld {field_code(node.get(w('instr')) or '')}]"
                continue
            if any(a.tag == w("fldSimple") for a in run.iterancestors()) or run.getparent().tag == w("del"):
                continue
            props = self.styles.run(style_id, run.find(w("rPr")), table_style)
            for child in run:
                tag = child.tag
                if tag == w("fldChar"):
                    kind = child.get(w("fldCharType"))
                    if kind == "begin":
                        in_code, code = True, []
                    elif kind == "separate":
                        in_code, in_result = False, True
                    elif kind == "end":
                        if in_code or in_result:
                            yield props, f"[veld {field_code(''.join(code))}]"
                        in_code = in_result = False
                elif in_code:
                    if tag == w("instrText"):
                        code.append(child.text or "")
                elif in_result:
                    continue
                elif tag == w("t"):
                    yield props, child.text or ""
                elif tag == w("tab"):
                    yield props, "\t"
                elif tag in (w("br"), w("cr")):
                    yield props, f"[{child.get(w('type')) or 'regel'}]"
                elif tag == w("noBreakHyphen"):
                    yield props, "-"
                elif tag == w("softHyphen"):
                    yield props, "\u00ad"
                elif tag == w("sym"):
                    yield props, f"[{value_of(child)}]"
                elif tag in (w("footnoteReference"), w("endnoteReference")):
                    kind = "footnote" if tag == w("footnoteReference") else "endnote"
                    note = self.notes[kind].get(child.get(w("id")))
                    body = " ¶ ".join(self.story(note)) if note is not None else "?"
                    yield props, f"[{kind}: {body}]"
                elif tag in (w("footnoteRef"), w("endnoteRef")):
                    yield props, "[nummer]"
                elif tag in (w("drawing"), w("pict"), w("object")):
                    yield props, f"[afbeelding {hashlib.sha256(etree.tostring(child)).hexdigest()[:12]}]"


PAGE_BREAK = "[page]"


def _page_breaks_as_break_before(paragraphs: list) -> None:
    """A page break that ends a paragraph looks like "page break before" on the next one (LibreOffice
    writes the one for the other)."""
    for index, (props, numbering, segments) in enumerate(paragraphs[:-1]):
        if segments and segments[-1][1].endswith(PAGE_BREAK):
            last_props, text = segments[-1]
            segments[-1] = (last_props, text[: -len(PAGE_BREAK)])
            if not segments[-1][1]:
                segments.pop()
            following = paragraphs[index + 1]
            paragraphs[index + 1] = (tuple(sorted((dict(following[0]) | {"pageBreakBefore": "1"}).items())), *following[1:])
            paragraphs[index] = (props, numbering, segments)


def _paragraph_line(props: Props, numbering: str, segments: list[tuple[Props, str]]) -> str:
    shown = "".join(f"⟨{';'.join(f'{k}={v}' for k, v in pr)}⟩{text}" for pr, text in segments)
    return f"alinea {props} {numbering} | {shown}"


def _props(properties: etree._Element | None) -> str:
    return ",".join(f"{k}({v})" for k, v in visible(property_map(properties)))


def _notes(parts: Mapping[str, bytes], name: str, kind: str) -> dict[str, etree._Element]:
    if name not in parts:
        return {}
    return {n.get(w("id")): n for n in parse_xml(parts[name], name).iterchildren(w(kind))}


def _relationships(parts: Mapping[str, bytes]) -> dict[str, str]:
    name = "word/_rels/document.xml.rels"
    if name not in parts:
        return {}
    return {r.get("Id"): "word/" + r.get("Target", "").lstrip("/").removeprefix("word/") for r in parse_xml(parts[name], name)}


def reader_view(parts: Mapping[str, bytes]) -> list[str]:
    """The document as lines of what a reader sees, in reading order; equal lines, equal documents."""
    reader = _Reader(parts)
    body = parse_xml(parts["word/document.xml"], "word/document.xml").find(w("body"))
    return list(reader.story(body)) if body is not None else []


def reader_hash(parts: Mapping[str, bytes]) -> str:
    return hashlib.sha256("\n".join(reader_view(parts)).encode("utf-8")).hexdigest()


STORIES = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def reader_texts(parts: Mapping[str, bytes]) -> list[str]:
    """The text of every paragraph a reader sees (body, headers, footers, notes), fields by their code:
    what the change summary compares, so a re-saved page count is no change."""
    reader = _Reader(parts)
    texts = []
    for name in sorted(n for n in parts if STORIES.match(n)):
        for p in parse_xml(parts[name], name).iter(w("p")):
            if in_version_mark(p):
                continue
            text = "".join(t for _, t in reader.runs(p, None, None) if not t.startswith("[footnote") and not t.startswith("[endnote"))
            texts.append(text.replace(PAGE_BREAK, ""))
    return texts


def looks_the_same(old: bytes, new: bytes) -> bool:
    """Whether a reader sees any difference between two .docx files: a template re-saved by Word or LibreOffice
    changes many bytes (rsids, runs, styles, cached field results) and nothing on the page, and makes no new
    version."""
    return reader_view(read_parts(old)) == reader_view(read_parts(new))
