"""Post-processing of a rendered document: properties from data, no orphaned footnotes, text markup in
one canonical form (so that a template edit which changes no text changes no byte), and what makes the
file fit for the archive and for screen readers whatever template it came from: Word 2013+ mode, the
engine's own app.xml, tables with captions (tables.py) and a document id derived from the content."""

from __future__ import annotations

import datetime

from lxml import etree

from . import settings as st
from .names import CP_NS, DC_NS, DCTERMS_NS, XML_SPACE, XSI_NS, w
from .marks import bookmark_parts
from .package import parse_xml, serialize
from .tables import accessible_tables

CORE_PART = "docProps/core.xml"
FOOTNOTES_PART = "word/footnotes.xml"
DOCUMENT_PART = "word/document.xml"


def core_properties(title: str, subject: str, date: datetime.date, creator: str) -> etree._Element:
    """docProps/core.xml with created/modified from the data (the agreement's date), never the clock."""
    nsmap = {"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}coreProperties", nsmap=nsmap)
    stamp = f"{date.isoformat()}T00:00:00Z"
    for ns, tag, text in (
        (DC_NS, "title", title),
        (DC_NS, "subject", subject),
        (DC_NS, "creator", creator),
        (CP_NS, "lastModifiedBy", creator),
        (DC_NS, "language", "nl-NL"),
        (CP_NS, "revision", "1"),
    ):
        etree.SubElement(root, f"{{{ns}}}{tag}").text = text
    for tag in ("created", "modified"):
        element = etree.SubElement(root, f"{{{DCTERMS_NS}}}{tag}")
        element.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        element.text = stamp
    return root


def referenced_footnote_ids(document: etree._Element) -> set[str]:
    return {ref.get(w("id")) for ref in document.iter(w("footnoteReference"))}


def drop_unreferenced_footnotes(footnotes: etree._Element, referenced: set[str]) -> etree._Element:
    """Remove notes whose reference a conditional section took out (separators stay)."""
    for note in list(footnotes.iterchildren(w("footnote"))):
        if note.get(w("type")) in (None, "normal") and note.get(w("id")) not in referenced:
            footnotes.remove(note)
    return footnotes


def canonical_space(root: etree._Element) -> etree._Element:
    """xml:space="preserve" on exactly the w:t whose whitespace matters (at an end, doubled, a tab or newline).

    docxtpl marks every run that held a Jinja tag; without this, moving a tag in the template would change
    the bytes of documents whose text is the same, and make a new version with nothing to review."""
    for t in root.iter(w("t")):
        text = t.text or ""
        if text != text.strip(" ") or "  " in text or any(c in text for c in "\t\r\n"):
            t.set(XML_SPACE, "preserve")
        elif XML_SPACE in t.attrib:
            del t.attrib[XML_SPACE]
    return root


APPLICATION = "afspraken"  # the engine, as docProps/app.xml names the application that wrote the file


def identify(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The document id from everything else in the package: call it last, after any other change
    (the redline calls it too, so a redline is not taken for the version it was made from)."""
    if st.SETTINGS_PART in parts:
        settings = parse_xml(parts[st.SETTINGS_PART], st.SETTINGS_PART)
        parts = dict(parts)
        parts[st.SETTINGS_PART] = serialize(st.document_id(settings, st.content_digest(parts)))
    return parts


def finish(parts: dict[str, bytes], *, title: str, subject: str, date: datetime.date, creator: str) -> dict[str, bytes]:
    parts = bookmark_parts(parts)  # the context's marks of where each value came from, as hidden bookmarks
    parts[CORE_PART] = serialize(core_properties(title, subject, date, creator))
    parts[st.APP_PART] = serialize(st.app_properties(APPLICATION, creator))
    st.declare_app_part(parts)
    document = accessible_tables(canonical_space(parse_xml(parts[DOCUMENT_PART], DOCUMENT_PART)))
    parts[DOCUMENT_PART] = serialize(document)
    for name in parts:
        if name.startswith(("word/header", "word/footer")) and name.endswith(".xml"):
            parts[name] = serialize(accessible_tables(canonical_space(parse_xml(parts[name], name))))
    if st.SETTINGS_PART in parts:
        parts[st.SETTINGS_PART] = serialize(st.compatibility_mode(parse_xml(parts[st.SETTINGS_PART], st.SETTINGS_PART)))
    if FOOTNOTES_PART in parts:
        footnotes = drop_unreferenced_footnotes(parse_xml(parts[FOOTNOTES_PART], FOOTNOTES_PART),
                                                referenced_footnote_ids(document))
        parts[FOOTNOTES_PART] = serialize(canonical_space(footnotes))
    return identify(parts)
