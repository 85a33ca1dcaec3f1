"""Adding a part to a Word package: the part, its relationship from word/document.xml and its content type.

Small named operations on the parts dict (name → bytes) of a .docx, for parts
the document refers to by relationship type only (settings, comments).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from lxml import etree

from . import elements as E
from .names import CT_NS, W_NS, w
from .package import parse_xml, serialize
from .relationships import CONTENT_TYPES, TYPE as REL_TYPE, Rels

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"

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
    rels = Rels(parts.get(DOCUMENT_RELS), DOCUMENT_RELS)
    rels.find_or_add(REL_TYPE + kind, posixpath.relpath(name, "word"), external=False, prefix="rId")
    parts[DOCUMENT_RELS] = serialize(rels.root)
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
