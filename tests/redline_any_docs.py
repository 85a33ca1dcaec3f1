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
