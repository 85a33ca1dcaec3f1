"""word/settings.xml and docProps/app.xml as the engine wants them, whatever template they came from:
Word 2013+ layout (no "[Compatibiliteitsmodus]"), a document id of each document's own, and
extended properties that name the engine and carry no stale counts of the template's author."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from lxml import etree

from .elements import SETTINGS_ORDER, element, insert_ordered
from .names import W14_NS, w

SETTINGS_PART = "word/settings.xml"
APP_PART = "docProps/app.xml"
WORD_URI = "http://schemas.microsoft.com/office/word"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
MC_IGNORABLE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
EP_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
EP_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
COMPATIBILITY_MODE = 15  # Word 2013 and later; 14 makes Word show the document in compatibility mode


def compatibility_mode(settings: etree._Element, mode: int = COMPATIBILITY_MODE) -> etree._Element:
    compat = settings.find(w("compat"))
    if compat is None:
        compat = insert_ordered(settings, element("compat"), SETTINGS_ORDER)
    for setting in compat.iter(w("compatSetting")):
        if setting.get(w("name")) == "compatibilityMode" and setting.get(w("uri")) == WORD_URI:
            setting.set(w("val"), str(mode))
            return settings
    compat.append(element("compatSetting", {"name": "compatibilityMode", "uri": WORD_URI, "val": str(mode)}))
    return settings


def content_digest(parts: Mapping[str, bytes], leave_out: tuple[str, ...] = (SETTINGS_PART,)) -> bytes:
    """A digest of every part but the ones named: the same document gives the same id, another one another."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name not in leave_out:
            digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return digest.digest()


def document_id(settings: etree._Element, digest: bytes) -> etree._Element:
    """w14:docId (and w15:docId where the template has one) from the content, not from the template.

    w14:docId is a 32-bit hex number that Word reads as signed: kept below 0x80000000, never 0."""
    number = (int.from_bytes(digest[:4], "big") & 0x7FFFFFFF) or 1
    targets = [(W14_NS, f"{number:08X}")]
    if W15_NS in settings.nsmap.values() or settings.find(f"{{{W15_NS}}}docId") is not None:
        targets.append((W15_NS, _guid(digest[4:20])))
    for ns, value in targets:
        node = settings.find(f"{{{ns}}}docId")
        if node is None:
            node = etree.SubElement(settings, f"{{{ns}}}docId")  # these come last in w:settings
            _ignorable(settings, ns)
        node.set(f"{{{ns}}}val", value)
    return settings


def _guid(sixteen: bytes) -> str:
    """{8-4-4-4-12} in upper-case hex, as Word writes w15:docId (what str(uuid.UUID(bytes=…)) gives,
    without loading uuid, which loads platform: a few milliseconds of every command's start)."""
    hex_ = sixteen.hex().upper()
    return "{" + "-".join((hex_[:8], hex_[8:12], hex_[12:16], hex_[16:20], hex_[20:32])) + "}"


def _ignorable(root: etree._Element, ns: str) -> None:
    """A reader that does not know w14/w15 must be allowed to skip them (mc:Ignorable)."""
    prefix = next((p for p, uri in root.nsmap.items() if uri == ns), None)
    if prefix is None:
        return  # lxml declared it on the element itself; such a prefix cannot be listed on the root
    listed = (root.get(MC_IGNORABLE) or "").split()
    if prefix not in listed:
        root.set(MC_IGNORABLE, " ".join([*listed, prefix]))


def app_properties(application: str, company: str) -> etree._Element:
    """docProps/app.xml with only what stays true: no page or word counts (Word recounts them), no template."""
    root = etree.Element(f"{{{EP_NS}}}Properties", nsmap={None: EP_NS})
    for tag, text in (
        ("Application", application),
        ("DocSecurity", "0"),
        ("ScaleCrop", "false"),
        ("Company", company),
        ("LinksUpToDate", "false"),
        ("SharedDoc", "false"),
        ("HyperlinksChanged", "false"),
    ):
        etree.SubElement(root, f"{{{EP_NS}}}{tag}").text = text
    return root


def declare_app_part(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A template without docProps/app.xml gets the part declared: content type and package relationship.

    Its own override, not the .xml default (application/xml), is what makes it extended properties."""
    from .names import CT_NS
    from .package import parse_xml, serialize
    from .relationships import CONTENT_TYPES, Rels

    types = parse_xml(parts[CONTENT_TYPES], CONTENT_TYPES)
    if not any(o.get("PartName") == "/" + APP_PART for o in types.iter(f"{{{CT_NS}}}Override")):
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + APP_PART, ContentType=EP_CONTENT_TYPE)
        parts[CONTENT_TYPES] = serialize(types)
    rels = Rels(parts.get("_rels/.rels"), "_rels/.rels")
    if not any(r.get("Type") == EP_REL_TYPE for r in rels.by_id.values()):
        rels.find_or_add(EP_REL_TYPE, APP_PART, external=False, prefix="rId")
        parts["_rels/.rels"] = serialize(rels.root)
    return parts
