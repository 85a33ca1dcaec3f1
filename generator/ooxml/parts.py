"""Adding a part to a Word package: the part, its relationship from word/document.xml and its content type.

Small named operations on the parts dict (name → bytes) of a .docx, for parts
the document refers to by relationship type only (settings, comments).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from lxml import etree

from . import elements as E
from .names import CT_NS, PKG_REL_NS, W_NS, w
from .package import parse_xml, serialize

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

SETTINGS = "word/settings.xml"
SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"


def related_part(parts: Mapping[str, bytes], kind: str) -> str | None:
    """The part word/document.xml relates to with relationship type `kind` ('settings', 'comments')."""
    if DOCUMENT_RELS not in parts:
        return None
    for rel in parse_xml(parts[DOCUMENT_RELS], DOCUMENT_RELS):
        if rel.get("Type") == REL_TYPE + kind and rel.get("TargetMode") != "External":
            return posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
    return None


def add_part(parts: dict[str, bytes], name: str, data: bytes, kind: str, content_type: str) -> str:
    """Put `data` in the package as the document's `kind` part, relating and typing it if it is new.
    Returns the part's name (an existing part of that kind keeps its name and is replaced)."""
    existing = related_part(parts, kind)
    if existing is not None:
        parts[existing] = data
        return existing
    parts[name] = data
    rels = parse_xml(parts[DOCUMENT_RELS], DOCUMENT_RELS) if DOCUMENT_RELS in parts else \
        etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    taken = {rel.get("Id") for rel in rels}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
    rel.set("Id", f"rId{number}")
    rel.set("Type", REL_TYPE + kind)
    rel.set("Target", posixpath.relpath(name, "word"))
    parts[DOCUMENT_RELS] = serialize(rels)
    types = parse_xml(parts[CONTENT_TYPES], CONTENT_TYPES)
    partname = "/" + name
    if not any(o.get("PartName") == partname for o in types.iterchildren(f"{{{CT_NS}}}Override")):
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", partname)
        override.set("ContentType", content_type)
    parts[CONTENT_TYPES] = serialize(types)
    return name


def track_revisions(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Switch on change tracking (w:trackRevisions), so that edits made to the document are tracked."""
    parts = dict(parts)
    name = related_part(parts, "settings")
    if name is not None and name in parts:
        settings = parse_xml(parts[name], name)
    else:
        settings = etree.Element(w("settings"), nsmap={"w": W_NS})
    E.insert_ordered(settings, E.element("trackRevisions"), E.SETTINGS_ORDER)
    add_part(parts, name or SETTINGS, serialize(settings), "settings", SETTINGS_TYPE)
    return parts
