"""Small builders of WordprocessingML elements (lxml), for authoring the template and for post-processing.

Each function returns a fresh element, built with lxml, never from strings of
XML. Elements whose children have a fixed order in the schema (w:pPr, w:rPr,
w:tblPr, w:tcPr, w:settings, ...) get their children through `insert_ordered`,
which keeps that order: a wrong order is what makes Word report "unreadable
content".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from lxml import etree

from .names import NSMAP, W_NS, XML_SPACE, w


# Child order of the elements we edit, from ECMA-376 Part 1 (transitional schema).
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
# A paragraph mark's rPr (CT_ParaRPr) starts with the revision markers; both kinds end with rPrChange.
RPR_ORDER = (
    "ins", "del", "moveFrom", "moveTo",
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
)
# w:trPr: the row properties (a choice, in this order as Word writes them), then ins, del, trPrChange.
TRPR_ORDER = (
    "cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
    "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange",
)
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
    "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    "tblCaption", "tblDescription",
)
TCPR_ORDER = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
)
STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
    "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
)
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
    "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
    "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
    "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
    "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
    "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
    "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat",
    "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)


def element(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A w: element with w: attributes: element('jc', {'val': 'right'}) → <w:jc w:val="right"/>."""
    node = etree.Element(w(tag), nsmap=NSMAP)
    for name, value in (attrs or {}).items():
        node.set(w(name), str(value))
    node.extend(children)
    return node


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def insert_ordered(parent: etree._Element, child: etree._Element, order: Sequence[str], replace: bool = True) -> etree._Element:
    """Put `child` into `parent` at its place in the schema `order` (local or Clark names),
    replacing a child of the same name unless `replace` is false."""
    rank = {name if name.startswith("{") else w(name): index for index, name in enumerate(order)}
    if replace:
        for existing in parent:
            if existing.tag == child.tag:
                parent.replace(existing, child)
                return child
    mine = rank[child.tag]
    for index, existing in enumerate(parent):
        theirs = rank.get(existing.tag)
        if theirs is not None and theirs > mine:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def properties(tag: str, children: Iterable[etree._Element], order: Sequence[str]) -> etree._Element:
    """A properties element (pPr, rPr, tblPr, tcPr) with its children in schema order."""
    node = element(tag)
    for child in children:
        insert_ordered(node, child, order)
    return node


# ---------------------------------------------------------------- text and runs

def text(value: str) -> etree._Element:
    """<w:t xml:space="preserve">value</w:t>"""
    node = element("t")
    node.set(XML_SPACE, "preserve")
    node.text = value
    return node


def run(content: str | etree._Element | None = None, run_properties: etree._Element | None = None) -> etree._Element:
    """A w:r with optional properties and one piece of content (a string becomes w:t)."""
    node = element("r")
    if run_properties is not None:
        node.append(run_properties)
    if isinstance(content, str):
        node.append(text(content))
    elif content is not None:
        node.append(content)
    return node


def run_style(style_id: str) -> etree._Element:
    return element("rStyle", {"val": style_id})


def paragraph_style(style_id: str) -> etree._Element:
    return element("pStyle", {"val": style_id})


def run_fonts(name: str) -> etree._Element:
    """One font for every script (no theme fonts): <w:rFonts w:ascii=.. w:hAnsi=.. w:cs=.. w:eastAsia=../>."""
    return element("rFonts", {"ascii": name, "hAnsi": name, "cs": name, "eastAsia": name})


def font_size(half_points: int) -> list[etree._Element]:
    """w:sz and w:szCs, in half points (20 = 10 pt)."""
    return [element("sz", {"val": half_points}), element("szCs", {"val": half_points})]


def color(hex_rgb: str) -> etree._Element:
    return element("color", {"val": hex_rgb})


def language(value: str, east_asia: str = "en-US", bidi: str = "ar-SA") -> etree._Element:
    """<w:lang>: the proofing language of text (nl-NL for Dutch spell check)."""
    return element("lang", {"val": value, "eastAsia": east_asia, "bidi": bidi})


def superscript() -> etree._Element:
    return element("vertAlign", {"val": "superscript"})


# ---------------------------------------------------------------- paragraph properties

def keep_next() -> etree._Element:
    return element("keepNext")


def keep_lines() -> etree._Element:
    return element("keepLines")


def page_break_before() -> etree._Element:
    """<w:pageBreakBefore/>: the paragraph starts a new page (no section break)."""
    return element("pageBreakBefore")


def page_break() -> etree._Element:
    """A run holding a page break: <w:r><w:br w:type="page"/></w:r>."""
    return run(element("br", {"type": "page"}))


def spacing(before: int | None = None, after: int | None = None, line: int | None = None,
            rule: str = "auto") -> etree._Element:
    """<w:spacing>, in twips (line in 240ths of a line when rule is auto)."""
    attrs: dict[str, str | int] = {}
    if before is not None:
        attrs["before"] = before
    if after is not None:
        attrs["after"] = after
    if line is not None:
        attrs["line"] = line
        attrs["lineRule"] = rule
    return element("spacing", attrs)


def indentation(left: int = 0, hanging: int | None = None, first_line: int | None = None,
                right: int | None = None) -> etree._Element:
    """<w:ind> in twips; a negative right indent runs into the right margin."""
    attrs: dict[str, int] = {"left": left}
    if right is not None:
        attrs["right"] = right
    if hanging is not None:
        attrs["hanging"] = hanging
    if first_line is not None:
        attrs["firstLine"] = first_line
    return element("ind", attrs)


def justification(value: str) -> etree._Element:
    """<w:jc>: left, center, right, both."""
    return element("jc", {"val": value})


def tab_stop(position: int, kind: str = "left", leader: str | None = None) -> etree._Element:
    """One tab stop (twips from the left margin); kind left/center/right/decimal/clear."""
    attrs: dict[str, str | int] = {"val": kind, "pos": position}
    if leader:
        attrs["leader"] = leader
    return element("tab", attrs)


def tabs(*stops: etree._Element) -> etree._Element:
    return element("tabs", None, *stops)


def tab() -> etree._Element:
    """A tab character, for inside a run."""
    return element("tab")


def border(side: str, val: str = "single", size: int = 4, space: int = 0, color_: str = "auto") -> etree._Element:
    """A border line (w:top, w:bottom, w:left, w:right, w:insideH, ...); size in eighths of a point."""
    return element(side, {"val": val, "sz": size, "space": space, "color": color_})


def paragraph_borders(*sides: etree._Element) -> etree._Element:
    """<w:pBdr> from border(...) lines, in the schema's order top, left, bottom, right, between, bar."""
    order = ("top", "left", "bottom", "right", "between", "bar")
    return element("pBdr", None, *sorted(sides, key=lambda b: order.index(_local(b))))


def shading(fill: str) -> etree._Element:
    """Solid background (paragraph, cell or run): <w:shd w:val="clear" w:color="auto" w:fill=".."/>."""
    return element("shd", {"val": "clear", "color": "auto", "fill": fill})


def outline_level(level: int) -> etree._Element:
    return element("outlineLvl", {"val": level})


# ---------------------------------------------------------------- numbering (bullets)

def bullet_level(ilvl: int, glyph: str, font: str, left: int, hanging: int,
                 style_id: str | None = None) -> etree._Element:
    """One level of a bullet list: <w:lvl> with its glyph, font and indentation (twips)."""
    lvl = element("lvl", {"ilvl": ilvl})
    lvl.append(element("start", {"val": 1}))
    lvl.append(element("numFmt", {"val": "bullet"}))
    if style_id:
        lvl.append(element("pStyle", {"val": style_id}))
    lvl.append(element("lvlText", {"val": glyph}))
    lvl.append(element("lvlJc", {"val": "left"}))
    lvl.append(element("pPr", None, tabs(tab_stop(left, "num")), indentation(left, hanging=hanging)))
    lvl.append(element("rPr", None, element("rFonts", {"ascii": font, "hAnsi": font, "hint": "default"})))
    return lvl


def abstract_numbering(abstract_id: int, nsid: str, levels: Iterable[etree._Element],
                       kind: str = "hybridMultilevel") -> etree._Element:
    """<w:abstractNum>: the definition of a list (nsid: 8 hex digits, unique per list)."""
    node = element("abstractNum", {"abstractNumId": abstract_id})
    node.append(element("nsid", {"val": nsid}))
    node.append(element("multiLevelType", {"val": kind}))
    node.extend(levels)
    return node


def numbering_instance(num_id: int, abstract_id: int) -> etree._Element:
    """<w:num>: the list instance paragraphs refer to."""
    return element("num", {"numId": num_id}, element("abstractNumId", {"val": abstract_id}))


def numbering_properties(num_id: int, ilvl: int = 0) -> etree._Element:
    """<w:numPr> of a paragraph or paragraph style."""
    return element("numPr", None, element("ilvl", {"val": ilvl}), element("numId", {"val": num_id}))


# ---------------------------------------------------------------- fields

def simple_field(instruction: str, cached: str, run_properties: etree._Element | None = None) -> etree._Element:
    """<w:fldSimple w:instr=" PAGE "> with the cached result as its run."""
    node = element("fldSimple", {"instr": f" {instruction.strip()} "})
    node.append(run(cached, run_properties))
    return node


def complex_field(instruction: str, cached: str,
                  run_properties: etree._Element | None = None) -> list[etree._Element]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""

    def props() -> etree._Element | None:
        return None if run_properties is None else copy.deepcopy(run_properties)

    instr = element("instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction.strip()} "
    return [
        run(element("fldChar", {"fldCharType": "begin"}), props()),
        run(instr, props()),
        run(element("fldChar", {"fldCharType": "separate"}), props()),
        run(cached, props()),
        run(element("fldChar", {"fldCharType": "end"}), props()),
    ]


# ---------------------------------------------------------------- footnotes

def footnote_reference(note_id: int, style_id: str = "FootnoteReference") -> etree._Element:
    """The run in the body that calls a note: <w:r><w:rPr><w:rStyle/></w:rPr><w:footnoteReference w:id/></w:r>."""
    return run(element("footnoteReference", {"id": note_id}), element("rPr", None, run_style(style_id)))


def footnote_mark(style_id: str = "FootnoteReference") -> etree._Element:
    """The note's own number, the first run of its first paragraph: <w:footnoteRef/>."""
    return run(element("footnoteRef"), element("rPr", None, run_style(style_id)))


def footnote_paragraph(content: str, style_id: str = "FootnoteText",
                       mark_style_id: str = "FootnoteReference") -> etree._Element:
    """A note's first paragraph: number, space, text."""
    return element(
        "p", None,
        element("pPr", None, paragraph_style(style_id)),
        footnote_mark(mark_style_id),
        run(" "),
        run(content),
    )


def footnote(note_id: int, paragraphs: Iterable[etree._Element]) -> etree._Element:
    """<w:footnote w:id="N"> holding its paragraphs."""
    return element("footnote", {"id": note_id}, *paragraphs)


def separator_footnote(note_id: int, continuation: bool = False) -> etree._Element:
    """The separator (or continuation separator) line Word draws above the notes."""
    kind = "continuationSeparator" if continuation else "separator"
    paragraph = element("p", None, element("pPr", None, spacing(after=0, line=240)), run(element(kind)))
    return element("footnote", {"type": kind, "id": note_id}, paragraph)


def footnotes(notes: Iterable[etree._Element], separator_ids: tuple[int, int] = (-1, 0)) -> etree._Element:
    """The root of word/footnotes.xml: the two separators, then the notes."""
    root = element("footnotes")
    root.append(separator_footnote(separator_ids[0]))
    root.append(separator_footnote(separator_ids[1], continuation=True))
    root.extend(notes)
    return root


def footnote_properties(separator_ids: tuple[int, int] = (-1, 0)) -> etree._Element:
    """<w:footnotePr> of settings.xml, naming the separator notes."""
    return element("footnotePr", None, *(element("footnote", {"id": i}) for i in separator_ids))


# ---------------------------------------------------------------- tables

def table_borders(val: str = "single", size: int = 4, color_: str = "auto") -> etree._Element:
    """<w:tblBorders>: the same line on the outside and inside (val "nil" for none)."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return element("tblBorders", None, *(border(s, val, size, 0, color_) for s in sides))


def no_table_borders() -> etree._Element:
    return table_borders("nil", 0, "auto")


def table_cell_margins(top: int = 0, left: int = 108, bottom: int = 0, right: int = 108) -> etree._Element:
    """<w:tblCellMar> in twips."""
    return element(
        "tblCellMar", None,
        element("top", {"w": top, "type": "dxa"}),
        element("left", {"w": left, "type": "dxa"}),
        element("bottom", {"w": bottom, "type": "dxa"}),
        element("right", {"w": right, "type": "dxa"}),
    )


def table_layout_fixed() -> etree._Element:
    return element("tblLayout", {"type": "fixed"})


def cant_split() -> etree._Element:
    """Row property: the row is never broken across pages."""
    return element("cantSplit")


def table_header() -> etree._Element:
    """Row property: repeat this row at the top of each page the table runs onto."""
    return element("tblHeader")


def cell_vertical_alignment(value: str) -> etree._Element:
    return element("vAlign", {"val": value})
