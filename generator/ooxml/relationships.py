"""A package's relationships (.rels parts) and content types, for parts added to it."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from ..errors import AfsprakenError, CompareError
from .names import CT_NS, PKG_REL_NS
from .package import parse_xml

TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES = "[Content_Types].xml"


def rels_name(part: str) -> str:
    """The .rels part of a part: word/document.xml → word/_rels/document.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve_target(source_part: str, target: str) -> str:
    """The part a relationship of `source_part` points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


class Rels:
    """One .rels part, parsed; whoever changes it writes `root` back when `dirty`."""

    def __init__(self, data: bytes | None, name: str):
        if data:
            self.root = parse_xml(data, name)
        else:
            self.root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        self.by_id = {r.get("Id"): r for r in self.root if r.get("Id")}
        self.dirty = False

    def get(self, rid: str) -> etree._Element | None:
        return self.by_id.get(rid)

    def find_or_add(self, rel_type: str, target: str, external: bool, prefix: str = "rIdRedline") -> str:
        """The id of the relationship to `target`, added (as `prefix` + a number) if there is none."""
        for rid, rel in self.by_id.items():
            same_mode = (rel.get("TargetMode") == "External") == external
            if rel.get("Type") == rel_type and rel.get("Target") == target and same_mode:
                return rid
        n = len(self.by_id) + 1
        while f"{prefix}{n}" in self.by_id:
            n += 1
        rid = f"{prefix}{n}"
        rel = etree.SubElement(self.root, f"{{{PKG_REL_NS}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        self.by_id[rid] = rel
        self.dirty = True
        return rid


def add_content_type(types: etree._Element, source_types: etree._Element, part: str, like: str | None = None) -> None:
    """Give `part` a content type in `types` (a parsed [Content_Types].xml): the extension's default if
    there is one, else the one `like` (default: `part`) has in `source_types`, the package it came from."""
    extension = part.rsplit(".", 1)[-1].lower()
    defaults = {d.get("Extension", "").lower() for d in types if d.tag == f"{{{CT_NS}}}Default"}
    overrides = {o.get("PartName", "") for o in types if o.tag == f"{{{CT_NS}}}Override"}
    if "/" + part in overrides:
        return
    source = "/" + (like or part)
    for o in source_types:
        if o.tag == f"{{{CT_NS}}}Override" and o.get("PartName") == source:
            added = etree.SubElement(types, f"{{{CT_NS}}}Override")
            added.set("PartName", "/" + part)
            added.set("ContentType", o.get("ContentType", ""))
            return
    if extension in defaults:
        return
    for d in source_types:
        if d.tag == f"{{{CT_NS}}}Default" and d.get("Extension", "").lower() == extension:
            added = etree.Element(f"{{{CT_NS}}}Default")
            added.set("Extension", d.get("Extension"))
            added.set("ContentType", d.get("ContentType", ""))
            types.insert(0, added)
            return


HYPERLINK = TYPE + "hyperlink"


@dataclass(frozen=True)
class ExternalTarget:
    """A relationship that makes Word reach outside the file when it opens it (an image on a server, a
    template, a frame, an OLE link): Word contacts that place, and on Windows offers the user's credentials."""

    part: str  # the part whose relationship it is (word/document.xml)
    rel_id: str
    kind: str  # the last word of its type: image, attachedTemplate, frame, oleObject, subDocument, …
    target: str

    def __str__(self) -> str:
        return f"{self.part or 'pakket'}: relatie {self.rel_id} ({self.kind}) wijst naar {self.target}"


def external_targets(parts: Mapping[str, bytes], error: type[AfsprakenError] = CompareError) -> list[ExternalTarget]:
    """Every relationship with TargetMode="External" other than a hyperlink (which Word opens only when
    clicked), in part order."""
    found = []
    for name in sorted(n for n in parts if n.endswith(".rels")):
        root = parse_xml(parts[name], name, error)
        folder, rels_file = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), rels_file.removesuffix(".rels"))
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            kind = rel.get("Type", "")
            if rel.get("TargetMode", "").lower() == "external" and kind != HYPERLINK:
                found.append(ExternalTarget(source, rel.get("Id", ""), kind.rsplit("/", 1)[-1], rel.get("Target", "")))
    return found
