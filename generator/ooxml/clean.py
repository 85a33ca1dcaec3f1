"""What in a template package must never reach an agreement: comments, the template content type, macros.

Finders return what they find (for the template check to report); cleaners
return new parts without it. Both work on the parts of a package (name → bytes).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from lxml import etree

from .names import CT_NS, PKG_REL_NS, R_NS, w
from .package import parse_xml, serialize

CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
SETTINGS = "word/settings.xml"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Main-part content types other than a plain .docx, and what a drafter calls them.
OTHER_MAINS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": ".dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ".dotm",
    "application/vnd.ms-word.document.macroEnabled.main+xml": ".docm",
}
MACRO_TYPES = {".dotm", ".docm"}
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
COMMENT_PARTS = ("word/comments.xml", "word/commentsExtended.xml", "word/commentsIds.xml",
                 "word/commentsExtensible.xml", "word/people.xml")
COMMENT_MARKS = ("commentRangeStart", "commentRangeEnd", "commentReference")

# Elements that are tracked changes (revisions), in any story or in the styles.
REVISION_TAGS = tuple(w(t) for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
    "tblGridChange", "trPrChange", "tcPrChange", "tblPrExChange", "numberingChange", "cellIns", "cellDel",
    "cellMerge",
))


def main_content_type(parts: Mapping[str, bytes]) -> str | None:
    types = parse_xml(parts[CONTENT_TYPES], CONTENT_TYPES)
    for override in types.iterchildren(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == "/word/document.xml":
            return override.get("ContentType")
    return None


def macro_parts(parts: Mapping[str, bytes]) -> list[str]:
    """Parts that hold or point to VBA code."""
    found = [name for name in parts if name.lower().endswith(("vbaproject.bin", "vbadata.xml"))]
    if DOCUMENT_RELS in parts:
        rels = parse_xml(parts[DOCUMENT_RELS], DOCUMENT_RELS)
        found += [f"word/{r.get('Target')}" for r in rels if r.get("Type") == VBA_REL and f"word/{r.get('Target')}" not in found]
    return found


def as_plain_docx(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """The main part typed as a plain .docx document, whatever the template was saved as."""
    parts = dict(parts)
    types = parse_xml(parts[CONTENT_TYPES], CONTENT_TYPES)
    for override in types.iterchildren(f"{{{CT_NS}}}Override"):
        if override.get("PartName") == "/word/document.xml":
            override.set("ContentType", DOCX_MAIN)
    parts[CONTENT_TYPES] = serialize(types)
    return parts


def revisions(root: etree._Element) -> Iterator[etree._Element]:
    return root.iter(*REVISION_TAGS)


def comments(parts: Mapping[str, bytes]) -> dict[str, tuple[str, str]]:
    """The template's comments by id: (author, text)."""
    if "word/comments.xml" not in parts:
        return {}
    root = parse_xml(parts["word/comments.xml"], "word/comments.xml")
    found = {}
    for comment in root.iterchildren(w("comment")):
        text = " ".join("".join(t.text or "" for t in p.iter(w("t"))) for p in comment.iter(w("p")))
        found[comment.get(w("id"))] = (comment.get(w("author")) or "", " ".join(text.split()))
    return found


def drop_comment_marks(root: etree._Element) -> etree._Element:
    """Remove the anchors of comments from a story (the run holding a reference goes with it)."""
    for mark in list(root.iter(*(w(t) for t in COMMENT_MARKS))):
        parent = mark.getparent()
        if mark.tag == w("commentReference") and parent is not None and parent.tag == w("r"):
            if all(child.tag in (w("rPr"), w("commentReference")) for child in parent):
                mark, parent = parent, parent.getparent()
        if parent is not None:
            parent.remove(mark)
    return root


def without_comment_parts(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """The package without the comments parts, their relationships and content types."""
    parts = {name: data for name, data in parts.items() if name not in COMMENT_PARTS}
    names = {name.removeprefix("word/") for name in COMMENT_PARTS}
    if DOCUMENT_RELS in parts:
        rels = parse_xml(parts[DOCUMENT_RELS], DOCUMENT_RELS)
        for rel in list(rels.iterchildren(f"{{{PKG_REL_NS}}}Relationship")):
            if rel.get("Target", "").lstrip("/").removeprefix("word/") in names:
                rels.remove(rel)
        parts[DOCUMENT_RELS] = serialize(rels)
    types = parse_xml(parts[CONTENT_TYPES], CONTENT_TYPES)
    for override in list(types.iterchildren(f"{{{CT_NS}}}Override")):
        if override.get("PartName", "").lstrip("/") in COMMENT_PARTS:
            types.remove(override)
    parts[CONTENT_TYPES] = serialize(types)
    return parts


def without_attached_template(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """No link to the template file on the drafter's disk (Word keeps one in settings.xml)."""
    parts = dict(parts)
    if SETTINGS not in parts:
        return parts
    settings = parse_xml(parts[SETTINGS], SETTINGS)
    attached = settings.find(w("attachedTemplate"))
    if attached is None:
        return parts
    rel_id = attached.get(f"{{{R_NS}}}id")
    settings.remove(attached)
    parts[SETTINGS] = serialize(settings)
    if SETTINGS_RELS in parts and rel_id:
        rels = parse_xml(parts[SETTINGS_RELS], SETTINGS_RELS)
        for rel in list(rels):
            if rel.get("Id") == rel_id:
                rels.remove(rel)
        parts[SETTINGS_RELS] = serialize(rels)
    return parts
