"""Formatting as it renders: run, paragraph and table properties resolved through the style chain.

Word and LibreOffice write the same look in many ways: a size in the document
defaults or in the Normal style or on every run, "bold off" written out, a
spacing attribute by attribute, a tab stop cleared that was never set, widths
recomputed to the twip. `Styles` resolves a run or paragraph the way Word does
(document defaults, table style, paragraph style, character style, direct
formatting, attribute by attribute) and `property_map` leaves out what a reader
does not see, so that equal looks give equal values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from .names import W_NS, w
from .package import parse_shared

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


def value_of(element: etree._Element) -> str:
    """An element's attributes and children as one string, without the attributes no reader sees."""
    attributes = sorted((etree.QName(k).localname, v) for k, v in element.attrib.items()
                        if etree.QName(k).namespace in (W_NS, None) and not etree.QName(k).localname.startswith("rsid"))
    if etree.QName(element).localname == "rFonts":
        attributes = [(k, v) for k, v in attributes if k in _FONT_ATTRIBUTES]
    children = ",".join(f"{etree.QName(c).localname}({value_of(c)})" for c in element if isinstance(c.tag, str))
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
            found[key] = value_of(child)
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


def visible(props: dict[str, str]) -> Props:
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
    _in_place: dict = field(default_factory=dict)

    @classmethod
    def of(cls, parts: Mapping[str, bytes]) -> Styles:
        found = cls()
        if "word/styles.xml" not in parts:
            return found
        root = parse_shared(parts["word/styles.xml"], "word/styles.xml")
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
        style_id = style_id_of(ppr, "pStyle") or self.default_paragraph_style
        resolved = dict(self._base("pPr", table_style, style_id))
        resolved.update(property_map(ppr))
        return style_id, visible(resolved)

    def run(self, paragraph_style: str | None, rpr: etree._Element | None, table_style: str | None = None) -> Props:
        resolved = dict(self._base("rPr", table_style, paragraph_style, style_id_of(rpr, "rStyle") or self.default_character_style))
        resolved.update(property_map(rpr))
        return visible(resolved)

    def _base(self, kind: str, *style_ids: str | None) -> dict[str, str]:
        """What the defaults and the styles (each with the ones it is based on, in this order) give a
        paragraph ("pPr") or a run ("rPr"): computed once per combination, as a document has a handful."""
        key = (kind, *style_ids)
        if key not in self._bases:
            resolved = dict(self.paragraph_default if kind == "pPr" else self.run_default)
            for style_id in style_ids:
                for style in self.chain(style_id):
                    resolved.update(property_map(style.find(w(kind))))
            self._bases[key] = resolved
        return self._bases[key]


    def run_in_place(self, run: etree._Element) -> Props:
        """A run's formatting as rendered, its paragraph's and table's styles found from where it stands."""
        paragraph = next(run.iterancestors(w("p")), None)
        ppr = paragraph.find(w("pPr")) if paragraph is not None else None
        table = _table_style(run)
        return self.run(style_id_of(ppr, "pStyle") or self.default_paragraph_style, run.find(w("rPr")), table)

    def paragraph_in_place(self, p: etree._Element, numbering: Mapping[tuple[str, str], str]) -> Props:
        """A paragraph's properties as rendered, its list level by what it looks like, not by its number.

        Computed once per (properties, table style): most paragraphs of a document share their w:pPr."""
        ppr = p.find(w("pPr"))
        key = (etree.tostring(ppr, with_tail=False) if ppr is not None else b"", _table_style(p), id(numbering))
        found = self._in_place.get(key)
        if found is None:
            style_id, props = self.paragraph(ppr, key[1])
            numpr = numpr_key(ppr, self.chain(style_id))
            level = numbering.get(numpr) if numpr is not None else None
            found = tuple((k, v) for k, v in props if not k.startswith("numPr")) + ((("numbering", level),) if level else ())
            self._in_place[key] = found
        return found


def _table_style(element: etree._Element) -> str | None:
    table = next(element.iterancestors(w("tbl")), None)
    return style_id_of(table.find(w("tblPr")), "tblStyle") if table is not None else None


def style_id_of(properties: etree._Element | None, tag: str) -> str | None:
    if properties is None:
        return None
    element = properties.find(w(tag))
    return element.get(w("val")) if element is not None else None


def numpr_key(ppr: etree._Element | None, chain: list[etree._Element]) -> tuple[str, str] | None:
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
    root = parse_shared(parts["word/numbering.xml"], "word/numbering.xml")
    abstract = {a.get(w("abstractNumId")): a for a in root.iterchildren(w("abstractNum"))}
    found: dict[tuple[str, str], str] = {}
    for num in root.iterchildren(w("num")):
        definition = abstract.get(num.find(w("abstractNumId")).get(w("val")))
        if definition is None:
            continue
        for level in definition.iterchildren(w("lvl")):
            kept = [c for c in level if isinstance(c.tag, str) and etree.QName(c).localname in ("numFmt", "lvlText", "pPr", "rPr", "start")]
            found[(num.get(w("numId")), level.get(w("ilvl")))] = ",".join(
                f"{etree.QName(c).localname}({value_of(c) if c.tag not in (w('pPr'), w('rPr')) else visible(property_map(c))})"
                for c in kept)
    return found
