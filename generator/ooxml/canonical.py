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
from dataclasses import dataclass, field

from lxml import etree

from .names import R_NS, W_NS, w
from .package import parse_xml

Props = tuple[tuple[str, str], ...]

# Properties that change nothing on the page: revision ids, proofing, spell-check language, complex-script twins.
IGNORED = {"headerReference", "footerReference", "rsid", "rsidR", "rsidRPr", "rsidRDefault", "rsidP", "rsidDel", "rsidSect", "rsidTr",
           "lang", "noProof", "webHidden", "bCs", "iCs", "szCs", "rPrChange", "pPrChange", "ins", "del",
           "pStyle", "rStyle", "rPr", "sectPr", "snapToGrid", "kinsoku", "overflowPunct", "autoSpaceDE", "autoSpaceDN",
           "adjustRightInd", "suppressAutoHyphens", "widowControl"}
# On/off properties: absent means off, so an explicit "off" is no property at all.
TOGGLES = {"b", "i", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "vanish",
           "keepNext", "keepLines", "pageBreakBefore", "contextualSpacing", "bidi", "rtl", "specVanish",
           "cantSplit", "tblHeader", "noWrap", "hideMark", "tcFitText", "hidden"}
# Widths that an editor recomputes on every save (LibreOffice rounds column widths to the twip): not compared.
# What the lawyers review is the text and how it is formatted; a column's exact width is neither.
WIDTHS = {"tblW", "tcW", "tblLook", "tblStyle", "tblGrid"}

_OFF = {"0", "false", "off", "none"}
# Only the fonts of Latin text matter for a Dutch agreement.
_FONT_ATTRIBUTES = {"ascii", "hAnsi"}
_NOISE_ELEMENTS = {w("proofErr"), w("lastRenderedPageBreak"), w("bookmarkStart"), w("bookmarkEnd"),
                   w("commentRangeStart"), w("commentRangeEnd"), w("permStart"), w("permEnd")}


def _value(element: etree._Element) -> str:
    """An element's attributes and children as one string, without the attributes no reader sees."""
    attributes = sorted((etree.QName(k).localname, v) for k, v in element.attrib.items()
                        if etree.QName(k).namespace in (W_NS, None) and not etree.QName(k).localname.startswith("rsid"))
    if etree.QName(element).localname == "rFonts":
        attributes = [(k, v) for k, v in attributes if k in _FONT_ATTRIBUTES]
    children = ",".join(f"{etree.QName(c).localname}({_value(c)})" for c in element if isinstance(c.tag, str))
    return ";".join(f"{k}={v}" for k, v in attributes) + (f"[{children}]" if children else "")


# Values that are what Word shows when the property is not there at all.
DEFAULTS = {
    "spacing.before": "0", "spacing.after": "0", "spacing.beforeAutospacing": "0", "spacing.afterAutospacing": "0",
    "ind.left": "0", "ind.right": "0", "ind.firstLine": "0", "ind.hanging": "0", "kern.val": "0",
    "color.val": "auto", "shd.color": "auto", "jc.val": "left", "spacing.val": "0", "position.val": "0", "u.val": "none",
    "vertAlign.val": "baseline", "highlight.val": "none", "w.val": "100", "textAlignment.val": "auto",
    "outlineLvl.val": "9", "footnotePr.numFmt.val": "decimal", "formProt.val": "false", "pgNumType.fmt": "decimal",
    "textDirection.val": "lrtb", "type.val": "nextpage", "cols.space": "720",
}
_SYNONYMS = {"ind.start": "ind.left", "ind.end": "ind.right", "ind.startChars": "ind.leftChars", "ind.endChars": "ind.rightChars"}
_VALUE_SYNONYMS = {("jc.val", "start"): "left", ("jc.val", "end"): "right", ("jc.val", "both"): "both"}


def property_map(properties: etree._Element | None) -> dict[str, str]:
    """The children of a w:rPr, w:pPr, w:tblPr, ... attribute by attribute (Word merges w:spacing, w:ind or
    a border attribute-wise along the style chain), toggles normalised, invisible ones left out."""
    found: dict[str, str] = {}
    if properties is not None:
        _flatten(properties, "", found)
    return found


def _flatten(properties: etree._Element, prefix: str, found: dict[str, str]) -> None:
    for child in properties:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != W_NS:
            continue
        name = etree.QName(child).localname
        if name in IGNORED or name in WIDTHS:
            continue
        key = prefix + name
        if name in TOGGLES:
            found[key] = "0" if (child.get(w("val")) or "1").lower() in _OFF else "1"
        elif name == "tabs":  # by position, so that a style's stops and a paragraph's (or their clearing) merge
            for stop in child.iterchildren(w("tab")):
                kind = stop.get(w("val"))
                found[f"{key}@{stop.get(w('pos'))}"] = "clear" if kind == "clear" else f"{kind};{stop.get(w('leader')) or 'none'}"
        elif not len(child) and not child.attrib:
            found[key] = _value(child)
        elif len(child):
            _flatten(child, key + ".", found)
        else:
            for attribute, value in child.attrib.items():
                qname = etree.QName(attribute)
                if qname.namespace != W_NS or qname.localname.startswith("rsid"):
                    continue
                if name == "rFonts" and qname.localname not in _FONT_ATTRIBUTES:
                    continue
                full = _SYNONYMS.get(f"{key}.{qname.localname}", f"{key}.{qname.localname}")
                found[full] = _VALUE_SYNONYMS.get((full, value), value.lower() if qname.localname in ("val", "color", "fill") else value)


def _is_border(key: str) -> bool:
    return any(part in key for part in ("Borders.", "pBdr.", "bdr."))


def _visible(props: dict[str, str]) -> Props:
    props = {k: v for k, v in props.items() if v != "clear"}
    for key in [k for k, v in props.items() if k.endswith(".w") and v == "0"]:  # a zero indent or margin of any unit
        props.pop(key)
        props.pop(key[:-2] + ".type", None)
    # No border is no border, however it is written; a document grid only counts when the text snaps to it.
    gone = [k[:-4] for k, v in props.items() if k.endswith(".val") and v in ("nil", "none") and _is_border(k)]
    if props.get("docGrid.type", "default") == "default":
        gone.append("docGrid")
    props = {k: v for k, v in props.items() if not any(k.startswith(prefix + ".") for prefix in gone)}
    if props.get("spacing.line") == "240" and props.get("spacing.lineRule", "auto") == "auto":
        props.pop("spacing.line")
        props.pop("spacing.lineRule", None)
    return tuple(sorted((k, v) for k, v in props.items()
                        if not (k.rsplit(".", 1)[-1] in TOGGLES and v == "0") and DEFAULTS.get(k) != v and v != ""))


@dataclass
class Styles:
    """styles.xml, enough to resolve what a paragraph or run looks like."""

    run_default: dict[str, str] = field(default_factory=dict)
    paragraph_default: dict[str, str] = field(default_factory=dict)
    styles: dict[str, etree._Element] = field(default_factory=dict)
    default_paragraph_style: str | None = None
    default_character_style: str | None = None
    _bases: dict = field(default_factory=dict)

    @classmethod
    def of(cls, parts: Mapping[str, bytes]) -> Styles:
        found = cls()
        if "word/styles.xml" not in parts:
            return found
        root = parse_xml(parts["word/styles.xml"], "word/styles.xml")
        found.run_default = property_map(root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}"))
        found.paragraph_default = property_map(root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}"))
        for style in root.iterchildren(w("style")):
            found.styles[style.get(w("styleId"))] = style
            if style.get(w("default")) in ("1", "true"):
                if style.get(w("type")) == "paragraph":
                    found.default_paragraph_style = style.get(w("styleId"))
                elif style.get(w("type")) == "character":
                    found.default_character_style = style.get(w("styleId"))
        return found

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the ones it is based on, the base first."""
        chain: list[etree._Element] = []
        while style_id in self.styles and self.styles[style_id] not in chain:
            style = self.styles[style_id]
            chain.insert(0, style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def paragraph(self, ppr: etree._Element | None, table_style: str | None = None) -> tuple[str | None, Props]:
        """(the paragraph's style id, its properties as rendered): defaults, table style, paragraph style, direct."""
        style_id = _style_id(ppr, "pStyle") or self.default_paragraph_style
        resolved = dict(self.paragraph_default)
        for style in self.chain(table_style) + self.chain(style_id):
            resolved.update(property_map(style.find(w("pPr"))))
        resolved.update(property_map(ppr))
        return style_id, _visible(resolved)

    def run(self, paragraph_style: str | None, rpr: etree._Element | None, table_style: str | None = None) -> Props:
        resolved = dict(self._run_base(table_style, paragraph_style, _style_id(rpr, "rStyle") or self.default_character_style))
        resolved.update(property_map(rpr))
        return _visible(resolved)

    def _run_base(self, table_style: str | None, paragraph_style: str | None, character_style: str | None) -> dict[str, str]:
        """What the styles give a run (computed once per combination: a document has a handful)."""
        key = (table_style, paragraph_style, character_style)
        if key not in self._bases:
            resolved = dict(self.run_default)
            for style in self.chain(table_style) + self.chain(paragraph_style) + self.chain(character_style):
                resolved.update(property_map(style.find(w("rPr"))))
            self._bases[key] = resolved
        return self._bases[key]


    def run_in_place(self, run: etree._Element) -> Props:
        """A run's formatting as rendered, its paragraph's and table's styles found from where it stands."""
        paragraph = next(run.iterancestors(w("p")), None)
        ppr = paragraph.find(w("pPr")) if paragraph is not None else None
        table = _table_style(run)
        return self.run(_style_id(ppr, "pStyle") or self.default_paragraph_style, run.find(w("rPr")), table)

    def paragraph_in_place(self, p: etree._Element, numbering: Mapping[tuple[str, str], str]) -> Props:
        """A paragraph's properties as rendered, its list level by what it looks like, not by its number."""
        ppr = p.find(w("pPr"))
        style_id, props = self.paragraph(ppr, _table_style(p))
        level = numbering.get(_numpr_key(ppr, self.chain(style_id)))
        return tuple((k, v) for k, v in props if not k.startswith("numPr")) + ((("numbering", level),) if level else ())


def _table_style(element: etree._Element) -> str | None:
    table = next(element.iterancestors(w("tbl")), None)
    return _style_id(table.find(w("tblPr")), "tblStyle") if table is not None else None


def _style_id(properties: etree._Element | None, tag: str) -> str | None:
    if properties is None:
        return None
    element = properties.find(w(tag))
    return element.get(w("val")) if element is not None else None


def field_code(instruction: str) -> str:
    """A field by its code: PAGE, NUMPAGES, DATE \\@ "d MMMM yyyy"; the formatting switch Word adds is no change."""
    code = " ".join(instruction.split())
    return re.sub(r"\s*\\\*\s*MERGEFORMAT\b", "", code, flags=re.IGNORECASE).strip()


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
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent"))
                lines.extend(self.story(content if content is not None else child, table_style))
        _page_breaks_as_break_before(paragraphs)
        for line in lines:
            yield _paragraph_line(*paragraphs[line]) if isinstance(line, int) else line

    def table(self, table: etree._Element) -> Iterator[str]:
        tblpr = table.find(w("tblPr"))
        style_id = _style_id(tblpr, "tblStyle")
        resolved: dict[str, str] = {}
        for style in self.styles.chain(style_id):
            resolved.update(property_map(style.find(w("tblPr"))))
        resolved.update(property_map(tblpr))
        yield f"tabel {_visible(resolved)}"
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
        yield f"sectie {_visible(props)}"
        for reference in sectpr.iterchildren(w("headerReference"), w("footerReference")):
            target = self.rels.get(reference.get(f"{{{R_NS}}}id"))
            if target in self.parts:
                yield f"{etree.QName(reference).localname} {reference.get(w('type'))}"
                yield from ("  " + line for line in self.story(parse_xml(self.parts[target], target)))

    def paragraph(self, p: etree._Element, table_style: str | None) -> tuple[Props, str, list[tuple[Props, str]]]:
        ppr = p.find(w("pPr"))
        style_id, props = self.styles.paragraph(ppr, table_style)
        numbering = self.numbering.get(_numpr_key(ppr, self.styles.chain(style_id))) or ""
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
                    yield props, f"[{_value(child)}]"
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
    return ",".join(f"{k}({v})" for k, v in _visible(property_map(properties)))


def _numpr_key(ppr: etree._Element | None, chain: list[etree._Element]) -> tuple[str, str] | None:
    for source in [ppr, *(s.find(w("pPr")) for s in reversed(chain))]:
        numpr = source.find(w("numPr")) if source is not None else None
        if numpr is not None:
            num, level = numpr.find(w("numId")), numpr.find(w("ilvl"))
            return (num.get(w("val")) if num is not None else "0", level.get(w("val")) if level is not None else "0")
    return None


def numbering_levels(parts: Mapping[str, bytes]) -> dict[tuple[str, str], str]:
    """(numId, ilvl) → what that level looks like (its format, text and indents), however it is numbered."""
    if "word/numbering.xml" not in parts:
        return {}
    root = parse_xml(parts["word/numbering.xml"], "word/numbering.xml")
    abstract = {a.get(w("abstractNumId")): a for a in root.iterchildren(w("abstractNum"))}
    found: dict[tuple[str, str], str] = {}
    for num in root.iterchildren(w("num")):
        definition = abstract.get(num.find(w("abstractNumId")).get(w("val")))
        if definition is None:
            continue
        for level in definition.iterchildren(w("lvl")):
            kept = [c for c in level if isinstance(c.tag, str) and etree.QName(c).localname in ("numFmt", "lvlText", "pPr", "rPr", "start")]
            found[(num.get(w("numId")), level.get(w("ilvl")))] = ",".join(
                f"{etree.QName(c).localname}({_value(c) if c.tag not in (w('pPr'), w('rPr')) else _visible(property_map(c))})"
                for c in kept)
    return found


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
            text = "".join(t for _, t in reader.runs(p, None, None) if not t.startswith("[footnote") and not t.startswith("[endnote"))
            texts.append(text.replace(PAGE_BREAK, ""))
    return texts


def field_results(root: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """Every complex field of a story in order: (its code, the w:t of its cached result)."""
    found: list[tuple[str, list[etree._Element]]] = []
    stack: list[tuple[list[str], list[etree._Element], bool]] = []
    for node in root.iter(w("fldChar"), w("instrText"), w("t")):
        if node.tag == w("fldChar"):
            kind = node.get(w("fldCharType"))
            if kind == "begin":
                stack.append(([], [], False))
            elif kind == "separate" and stack:
                code, texts, _ = stack[-1]
                stack[-1] = (code, texts, True)
            elif kind == "end" and stack:
                code, texts, _ = stack.pop()
                found.append((field_code("".join(code)), texts))
        elif stack and node.tag == w("instrText") and not stack[-1][2]:
            stack[-1][0].append(node.text or "")
        elif stack and node.tag == w("t") and stack[-1][2]:
            stack[-1][1].append(node)
    return found


def adopt_field_results(old: etree._Element, new: etree._Element) -> None:
    """OLD's cached field results made NEW's where the fields have the same code: a field is compared by
    its code, and a page count that was updated on a save is no change."""
    import difflib

    olds, news = field_results(old), field_results(new)
    matcher = difflib.SequenceMatcher(None, [c for c, _ in olds], [c for c, _ in news], autojunk=False)
    for block in matcher.get_matching_blocks():
        for (_, old_texts), (_, new_texts) in zip(olds[block.a:block.a + block.size], news[block.b:block.b + block.size]):
            if old_texts:
                old_texts[0].text = "".join(t.text or "" for t in new_texts)
                for extra in old_texts[1:]:
                    extra.text = ""


def move_page_breaks_to_next_paragraph(root: etree._Element) -> etree._Element:
    """A page break that ends a paragraph written as "page break before" on the paragraph after it: the
    form Word's template has, where LibreOffice writes the other on a save. Both look the same."""
    from .elements import PPR_ORDER, insert_ordered

    for p in list(root.iter(w("p"))):
        following = p.getnext()
        runs = [r for r in p.iterchildren(w("r")) if any(isinstance(c.tag, str) and c.tag != w("rPr") for c in r)]
        if following is None or following.tag != w("p") or not runs:
            continue
        last = runs[-1]
        content = [c for c in last if isinstance(c.tag, str) and c.tag != w("rPr")]
        if len(content) == 1 and content[0].tag == w("br") and content[0].get(w("type")) == "page" and last.getnext() is None:
            p.remove(last)
            ppr = following.find(w("pPr"))
            if ppr is None:
                ppr = etree.Element(w("pPr"))
                following.insert(0, ppr)
            insert_ordered(ppr, etree.Element(w("pageBreakBefore")), PPR_ORDER)
    return root
