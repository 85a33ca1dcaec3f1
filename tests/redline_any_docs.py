"""Word documents the engine did not write, for the redline tests of issue 12: equations, sections with
headers and footers, styles and numbering only OLD has, SmartArt-like drawings with parts behind them,
and a long document. Made with python-docx and lxml; every builder returns .docx bytes.

`equations(parts)` is what a reader of the XML sees of the equations: the text (m:t) of each m:oMath in
the body, in order. `resolved` (tests/redline_docs.py) gives the engine's own accept/reject.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import docx
from lxml import etree

from generator.ooxml.math import M_NS, m
from generator.ooxml.names import W_NS, w
from generator.ooxml.package import parse_xml, read_parts, serialize, zip_bytes

_MATH_FONT = {w("ascii"): "Cambria Math", w("hAnsi"): "Cambria Math"}


def _mr(text: str) -> etree._Element:
    run = etree.Element(m("r"), nsmap={"m": M_NS, "w": W_NS})
    rpr = etree.SubElement(run, w("rPr"))
    etree.SubElement(rpr, w("rFonts"), attrib=_MATH_FONT)
    etree.SubElement(run, m("t")).text = text
    return run


def _arg(tag: str, items) -> etree._Element:
    arg = etree.Element(m(tag))
    for item in items:
        arg.append(math_item(item))
    return arg


def math_item(item) -> etree._Element:
    """A run ("A=π"), a superscript ("sup", base, exponent) or a fraction ("f", numerator, denominator)."""
    if isinstance(item, str):
        return _mr(item)
    kind, first, second = item
    tag, slots = {"sup": ("sSup", ("e", "sup")), "f": ("f", ("num", "den"))}[kind]
    structure = etree.Element(m(tag), nsmap={"m": M_NS, "w": W_NS})
    props = etree.SubElement(structure, m(tag + "Pr"))
    ctrl = etree.SubElement(props, m("ctrlPr"))
    rpr = etree.SubElement(ctrl, w("rPr"))
    etree.SubElement(rpr, w("rFonts"), attrib=_MATH_FONT)
    etree.SubElement(rpr, w("i"))
    for slot, content in zip(slots, (first, second)):
        structure.append(_arg(slot, [content] if isinstance(content, (str, tuple)) else content))
    return structure


def omath(*items) -> etree._Element:
    equation = etree.Element(m("oMath"), nsmap={"m": M_NS, "w": W_NS})
    for item in items:
        equation.append(math_item(item))
    return equation


def math_doc(paragraphs: list) -> bytes:
    """Paragraphs, each a string, or a tuple (text before, equation items, text after): an inline equation
    (m:oMath), or with text before None, a display equation (m:oMathPara) alone in its paragraph."""
    document = docx.Document()
    for spec in paragraphs:
        if isinstance(spec, str):
            document.add_paragraph(spec)
            continue
        before, items, after = spec
        paragraph = document.add_paragraph(before or "")
        equation = omath(*items)
        if before is None:
            para = etree.SubElement(paragraph._p, m("oMathPara"))
            para.append(equation)
        else:
            paragraph._p.append(equation)
        if after:
            run = etree.SubElement(paragraph._p, w("r"))
            text = etree.SubElement(run, w("t"))
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            text.text = after
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def equations(parts: Mapping[str, bytes], part: str = "word/document.xml") -> list[str]:
    """The text of each equation of a story, in order (nested m:oMath inside m:oMathPara counted once)."""
    root = parse_xml(parts[part])
    return ["".join(t.text or "" for t in eq.iter(m("t"))) for eq in root.iter(m("oMath"))]


def edit_parts(data: bytes, edits: Mapping[str, object]) -> bytes:
    """The package with some parts replaced: bytes, or a function from the parsed part to nothing."""
    parts = read_parts(data)
    for name, edit in edits.items():
        if callable(edit):
            root = parse_xml(parts[name])
            edit(root)
            parts[name] = serialize(root)
        elif edit is None:
            parts.pop(name, None)
        else:
            parts[name] = edit
    return zip_bytes(parts)


# --- sections: headers, footers, page setup --------------------------------------------------------

def section_doc(header: str | None, footer_page_field: bool, first_header: str | None, margin_cm: float,
                body: tuple[str, ...] = ("Eerste alinea.", "Tweede alinea.")) -> bytes:
    """One section: a default header (or none), a footer with a PAGE field (or none), a first-page
    header (w:titlePg) or not, and the left margin."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    for text in body:
        document.add_paragraph(text)
    section = document.sections[0]
    section.left_margin = Cm(margin_cm)
    if header is not None:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    if footer_page_field:
        section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        paragraph.add_run("Pagina ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
    if first_header is not None:
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        section.first_page_header.paragraphs[0].text = first_header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def visible_headers(parts: Mapping[str, bytes]) -> dict[str, list[str]]:
    """The headers and footers a reader sees, per kind and type ("header/default", "footer/first"):
    those the last section refers to, "first" only with a different first page (w:titlePg), and only
    those with text (a header whose paragraphs are all empty prints nothing)."""
    from generator.ooxml.relationships import Rels, resolve_target
    from generator.ooxml.text import paragraph_text

    doc = parse_xml(parts["word/document.xml"])
    sect = doc.find(w("body")).find(w("sectPr"))
    rels = Rels(parts.get("word/_rels/document.xml.rels"), "rels")
    title_page = sect.find(w("titlePg")) is not None and sect.find(w("titlePg")).get(w("val"), "1") not in ("0", "false")
    seen = {}
    for ref in sect:
        if ref.tag not in (w("headerReference"), w("footerReference")):
            continue
        kind = ref.get(w("type"), "default")
        if kind == "first" and not title_page:
            continue
        rel = rels.get(ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"))
        root = parse_xml(parts[resolve_target("word/document.xml", rel.get("Target"))])
        lines = [paragraph_text(p) for p in root.iter(w("p"))]
        if any(lines):
            seen[f"{etree.QName(ref).localname[:6]}/{kind}"] = lines
    return seen


def left_margin(parts: Mapping[str, bytes]) -> str:
    doc = parse_xml(parts["word/document.xml"])
    return doc.find(w("body")).find(w("sectPr")).find(w("pgMar")).get(w("left"))


# --- styles and numbering that only OLD has -------------------------------------------------------

LIST_NUM_ID = "77"


def _numbering_of(document, fmt: str, text: str) -> None:
    """Give the document's numbering part a list numbered `fmt` (decimal, bullet) under LIST_NUM_ID."""
    numbering = document.part.numbering_part.element
    abstract = etree.SubElement(numbering, w("abstractNum"))
    abstract.set(w("abstractNumId"), "70")
    level = etree.SubElement(abstract, w("lvl"))
    level.set(w("ilvl"), "0")
    etree.SubElement(level, w("start")).set(w("val"), "1")
    etree.SubElement(level, w("numFmt")).set(w("val"), fmt)
    etree.SubElement(level, w("lvlText")).set(w("val"), text)
    first_num = numbering.find(w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    num = etree.SubElement(numbering, w("num"))
    num.set(w("numId"), LIST_NUM_ID)
    etree.SubElement(num, w("abstractNumId")).set(w("val"), "70")


def styled_doc(with_old_only: bool, list_format: str = "decimal") -> bytes:
    """A heading in a custom style "Overskrift1" (based on the custom "Brdtekst") and two paragraphs
    numbered in list LIST_NUM_ID, or (without) the same document minus those paragraphs and styles,
    whose list LIST_NUM_ID, if any, is another one (`list_format`)."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.add_paragraph("Inleiding.")
    if with_old_only:
        base = document.styles.add_style("Brdtekst", WD_STYLE_TYPE.PARAGRAPH)
        heading = document.styles.add_style("Overskrift1", WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = base
        heading.font.bold = True
        document.add_paragraph("Een kop die gaat", style="Overskrift1")
        _numbering_of(document, "decimal", "%1.")
        for text in ("Eerste punt.", "Tweede punt."):
            p = document.add_paragraph(text)
            num_pr = etree.SubElement(p._p.get_or_add_pPr(), w("numPr"))
            etree.SubElement(num_pr, w("ilvl")).set(w("val"), "0")
            etree.SubElement(num_pr, w("numId")).set(w("val"), LIST_NUM_ID)
    else:
        _numbering_of(document, list_format, "\u2022")
    document.add_paragraph("Slot.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbered_formats(parts: Mapping[str, bytes]) -> list[tuple[str, str | None]]:
    """Per body paragraph: its text and the number format of its list (None: not numbered)."""
    from generator.ooxml import definitions
    from generator.ooxml.text import paragraph_text

    doc = parse_xml(parts["word/document.xml"])
    nums, abstracts = definitions.numbering_definitions(parse_xml(parts["word/numbering.xml"]))
    out = []
    for p in doc.find(w("body")).iter(w("p")):
        num_id = p.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        fmt = None
        if num_id is not None:
            abstract = abstracts[nums[num_id.get(w("val"))].find(w("abstractNumId")).get(w("val"))]
            fmt = abstract.find(f"{w('lvl')}/{w('numFmt')}").get(w("val"))
        out.append((paragraph_text(p), fmt))
    return out


# --- objects with parts behind them: a SmartArt diagram, a chart ---------------------------------

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP_NS = "http://schemas.microsoft.com/office/drawing/2008/diagram"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DIAGRAM_PARTS = {  # role → (relationship type, content type, root element)
    "dm": (REL + "diagramData", "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml", "dataModel"),
    "lo": (REL + "diagramLayout", "application/vnd.openxmlformats-officedocument.drawingml.diagramLayout+xml", "layoutDef"),
    "qs": (REL + "diagramQuickStyle", "application/vnd.openxmlformats-officedocument.drawingml.diagramStyle+xml", "styleDef"),
    "cs": (REL + "diagramColors", "application/vnd.openxmlformats-officedocument.drawingml.diagramColors+xml", "colorsDef"),
}
DRAWING_TYPE = "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"
DRAWING_CT = "application/vnd.ms-office.drawingml.diagramDrawing+xml"


def _inline(graphic_uri: str, payload: etree._Element, shape_id: int) -> etree._Element:
    run = etree.Element(w("r"), nsmap={"w": W_NS})
    drawing = etree.SubElement(run, w("drawing"))
    inline = etree.SubElement(drawing, f"{{{WP_NS}}}inline", nsmap={"wp": WP_NS})
    etree.SubElement(inline, f"{{{WP_NS}}}extent", cx="1828800", cy="914400")
    etree.SubElement(inline, f"{{{WP_NS}}}docPr", id=str(shape_id), name=f"Object {shape_id}")
    graphic = etree.SubElement(inline, f"{{{A_NS}}}graphic", nsmap={"a": A_NS})
    data = etree.SubElement(graphic, f"{{{A_NS}}}graphicData", uri=graphic_uri)
    data.append(payload)
    return run


def _add(parts: dict, rels: etree._Element, types: etree._Element, part: str, data: bytes, rel_type: str,
         content_type: str | None, source: str = "word/document.xml") -> str:
    """Add a part, a relationship to it from `rels` (of `source`), and its content type override."""
    import posixpath

    from generator.ooxml.names import CT_NS, PKG_REL_NS

    parts[part] = data
    rid = f"rIdT{len(rels) + 1}"
    rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", rel_type)
    rel.set("Target", posixpath.relpath(part, posixpath.dirname(source)))
    if content_type:
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)
    return rid


def _png(shade: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = zlib.compress(b"\x00" + bytes([shade, shade, shade]))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def object_doc(paragraphs: list, diagram: str | None = None, chart_value: str | None = None,
               control_tag: str | None = None) -> bytes:
    """Paragraphs of text; optionally a paragraph with a SmartArt diagram whose drawing shows a picture
    (`diagram`: the text in its data, which also sets the picture's shade), a paragraph with a chart
    whose one value is `chart_value`, and a content control (a plain text control tagged `control_tag`)."""
    from generator.ooxml.names import PKG_REL_NS
    from generator.ooxml.relationships import rels_name

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    parts = read_parts(buffer.getvalue())
    doc = parse_xml(parts["word/document.xml"])
    body = doc.find(w("body"))
    rels = parse_xml(parts["word/_rels/document.xml.rels"])
    types = parse_xml(parts["[Content_Types].xml"])
    anchor = body.find(w("sectPr"))
    if not any(d.get("Extension") == "png" for d in types):
        from generator.ooxml.names import CT_NS

        default = etree.Element(f"{{{CT_NS}}}Default", Extension="png", ContentType="image/png")
        types.insert(0, default)
    if diagram is not None:
        ids = {}
        for role, (rel_type, content_type, root_tag) in DIAGRAM_PARTS.items():
            root = etree.Element(f"{{{DGM_NS}}}{root_tag}", nsmap={"dgm": DGM_NS, "a": A_NS, "dsp": DSP_NS})
            if role == "dm":
                pt = etree.SubElement(etree.SubElement(root, f"{{{DGM_NS}}}ptLst"), f"{{{DGM_NS}}}pt", modelId="1")
                etree.SubElement(etree.SubElement(pt, f"{{{DGM_NS}}}t"), f"{{{A_NS}}}p").text = diagram
            ids[role] = _add(parts, rels, types, f"word/diagrams/{root_tag}1.xml", serialize(root), rel_type, content_type)
        drawing = etree.Element(f"{{{DSP_NS}}}drawing", nsmap={"dsp": DSP_NS, "a": A_NS, "r": R_NS})
        blip = etree.SubElement(etree.SubElement(drawing, f"{{{DSP_NS}}}spTree"), f"{{{A_NS}}}blip")
        drawing_rels = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        blip.set(f"{{{R_NS}}}embed", _add(parts, drawing_rels, types, "word/media/diagram-image.png",
                                          _png(len(diagram) % 200), REL + "image", None, "word/diagrams/drawing1.xml"))
        drawing_rid = _add(parts, rels, types, "word/diagrams/drawing1.xml", serialize(drawing), DRAWING_TYPE, DRAWING_CT)
        parts[rels_name("word/diagrams/drawing1.xml")] = serialize(drawing_rels)
        data = parse_xml(parts["word/diagrams/dataModel1.xml"])
        ext = etree.SubElement(etree.SubElement(etree.SubElement(data, f"{{{DGM_NS}}}extLst"), f"{{{A_NS}}}ext"),
                               f"{{{DSP_NS}}}dataModelExt")
        ext.set("relId", drawing_rid)
        parts["word/diagrams/dataModel1.xml"] = serialize(data)
        rel_ids = etree.Element(f"{{{DGM_NS}}}relIds", nsmap={"dgm": DGM_NS, "r": R_NS})
        for role, rid in ids.items():
            rel_ids.set(f"{{{R_NS}}}{role}", rid)
        p = etree.Element(w("p"))
        p.append(_inline(DGM_NS, rel_ids, 101))
        anchor.addprevious(p)
    if chart_value is not None:
        chart = etree.Element(f"{{{C_NS}}}chartSpace", nsmap={"c": C_NS})
        etree.SubElement(etree.SubElement(chart, f"{{{C_NS}}}chart"), f"{{{C_NS}}}v").text = chart_value
        rid = _add(parts, rels, types, "word/charts/chart1.xml", serialize(chart), REL + "chart",
                   "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
        ref = etree.Element(f"{{{C_NS}}}chart", nsmap={"c": C_NS, "r": R_NS})
        ref.set(f"{{{R_NS}}}id", rid)
        p = etree.Element(w("p"))
        p.append(_inline(C_NS, ref, 102))
        anchor.addprevious(p)
    if control_tag is not None:
        sdt = etree.Element(w("sdt"))
        etree.SubElement(etree.SubElement(sdt, w("sdtPr")), w("tag")).set(w("val"), control_tag)
        p = etree.SubElement(etree.SubElement(sdt, w("sdtContent")), w("p"))
        etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = "Inhoud van het veld."
        anchor.addprevious(sdt)
    parts["word/document.xml"] = serialize(doc)
    parts["word/_rels/document.xml.rels"] = serialize(rels)
    parts["[Content_Types].xml"] = serialize(types)
    return zip_bytes(parts)


def dangling_relationships(parts: Mapping[str, bytes]) -> list[str]:
    """Every r:* attribute (and a diagram's dsp:dataModelExt/@relId) that names no relationship of its
    part, and every internal relationship whose target part is missing."""
    import posixpath

    from generator.ooxml.relationships import Rels, rels_name, resolve_target

    problems = []
    for name in sorted(parts):
        if not name.endswith(".xml") or name.startswith("[") or "/_rels/" in name:
            continue
        rels = Rels(parts.get(rels_name(name)), rels_name(name))
        for rel in rels.by_id.values():
            if rel.get("TargetMode") != "External" and resolve_target(name, rel.get("Target")) not in parts:
                problems.append(f"{name}: {rel.get('Id')} → {rel.get('Target')} (no such part)")
        root = parse_xml(parts[name])
        source = name
        if root.tag == f"{{{DGM_NS}}}dataModel":  # its relId is the document's (the story holding it)
            source = "word/document.xml"
        source_rels = Rels(parts.get(rels_name(source)), rels_name(source))
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue
            for attr, value in node.attrib.items():
                if attr.startswith(f"{{{R_NS}}}") and rels.get(value) is None:
                    problems.append(f"{name}: {posixpath.basename(node.tag)} r:{etree.QName(attr).localname}={value}")
                if attr == "relId" and source_rels.get(value) is None:
                    problems.append(f"{name}: relId={value}")
    return problems


# --- a long document: a few hundred pages with notes, fields, numbering and text boxes ----------------

def long_doc(paragraphs: int = 3000, edited: bool = False) -> bytes:
    """`paragraphs` paragraphs of agreement-like prose (about 300 pages at 3000): every 10th with a
    footnote, every 7th a numbered list item, every 25th with a PAGE field, every 50th with a text box,
    a heading every 40. `edited`: about one paragraph in 20 reworded, one in 60 deleted, one in 80
    inserted, a note changed now and then, as a negotiating party would."""
    import random

    from tests.redline_docs import Doc, Para, build

    rng, edits = random.Random(12), random.Random(21)  # the text is the same in both; the edits draw apart
    words = ("de gemeente het Rijk bouwt woningen in het NPLV-gebied en draagt bij aan betaalbare huur "
             "volgens artikel lid onder voorwaarde dat partijen jaarlijks rapporteren over voortgang").split()
    body = []
    for number in range(paragraphs):
        text = f"{number}. " + " ".join(rng.choice(words) for _ in range(rng.randint(30, 60))) + "."
        note = f"Toelichting {number}: bedrag € {number * 1000:,}".replace(",", ".") if number % 10 == 0 else None
        style = "Heading 1" if number % 40 == 0 else ("List Number" if number % 7 == 0 else None)
        if edited:
            roll = edits.random()
            if number % 60 == 30:
                continue
            if roll < 0.05:
                text = text.replace(" de ", " die ", 2) + " Aangepast."
            if note and roll > 0.9:
                note += " (gewijzigd)"
        body.append(Para.of(text, note=note, style=style))
        if edited and number % 80 == 40:
            body.append(Para.of(f"Nieuwe alinea na {number}: partijen spreken af te overleggen."))
    data = build(Doc(body=body, header=["Bestuurlijke afspraken"], footer=["Concept"]))
    parts = read_parts(data)
    doc = parse_xml(parts["word/document.xml"])
    for index, p in enumerate(doc.find(w("body")).iter(w("p"))):
        if index % 25 == 3:
            field = etree.SubElement(p, w("fldSimple"))
            field.set(w("instr"), " PAGE ")
            etree.SubElement(etree.SubElement(field, w("r")), w("t")).text = "1"
        if index % 50 == 5:
            p.append(_text_box(f"Kader {index}" + (" (nieuw)" if edited and index % 100 == 5 else ""), index))
    parts["word/document.xml"] = serialize(doc)
    return zip_bytes(parts)


def _text_box(text: str, number: int) -> etree._Element:
    """A run with a floating text box (VML, as Word writes for compatibility) holding one paragraph."""
    v_ns = "urn:schemas-microsoft-com:vml"
    run = etree.Element(w("r"), nsmap={"w": W_NS})
    pict = etree.SubElement(run, w("pict"))
    shape = etree.SubElement(pict, f"{{{v_ns}}}shape", nsmap={"v": v_ns})
    shape.set("id", f"kader{number}")
    shape.set("style", "position:absolute;width:120pt;height:40pt")
    box = etree.SubElement(shape, f"{{{v_ns}}}textbox")
    content = etree.SubElement(box, w("txbxContent"))
    etree.SubElement(etree.SubElement(etree.SubElement(content, w("p")), w("r")), w("t")).text = text
    return run
