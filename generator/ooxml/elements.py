"""Schema order of the elements that the post-processing and the revisions edit (pPr, rPr, trPr,
tblPr, settings), `insert_ordered`, which puts a child at its place in that order (a wrong order is
what makes Word report "unreadable content"), and `element`, a w: element built with lxml."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .names import NSMAP, XML_SPACE, w


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
