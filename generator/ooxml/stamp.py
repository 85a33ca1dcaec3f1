"""A stored version's number and time, stamped into its document once the version decision is made.

A document is built without them (the same inputs, the same bytes), compared with the latest version as a
reader sees it (canonical.py), and only when it is a new version does it get its number and time:

- docProps/core.xml: cp:version, the subject with "versie N van <tijd>", dcterms:created and modified
  the version's time (UTC, as stored), so Word's Bestand > Info and the PDF/A made from it tell
  versions apart;
- on the page, when asked (a concept): a line at the end of every header, in a locked content control
  tagged `afspraken-versie`. canonical.py leaves that control out of what a reader sees, so a version's
  own mark never makes the next run a new version.
"""

from __future__ import annotations

import datetime

from lxml import etree

from .names import CP_NS, DC_NS, DCTERMS_NS, R_NS, w
from .finish import CORE_PART, identify
from .package import parse_xml, serialize

MARK_TAG = "afspraken-versie"
MARK_SIZE = "15"  # half-points: the header's own small text (7,5 pt)


def is_version_mark(element: etree._Element) -> bool:
    """Whether `element` is the content control holding a version's mark."""
    if element.tag != w("sdt"):
        return False
    tag = element.find(f"{w('sdtPr')}/{w('tag')}")
    return tag is not None and tag.get(w("val")) == MARK_TAG


def in_version_mark(element: etree._Element) -> bool:
    return any(is_version_mark(a) for a in element.iterancestors(w("sdt")))


def core_stamped(core: etree._Element, number: int, moment: datetime.datetime, label: str) -> etree._Element:
    """core.xml with the version: cp:version N, the subject ending in `label`, created = modified = `moment`."""
    stamp = moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = core.find(f"{{{DC_NS}}}subject")
    if subject is None:
        subject = etree.SubElement(core, f"{{{DC_NS}}}subject")
    subject.text = f"{subject.text} – {label}" if (subject.text or "").strip() else label
    version = core.find(f"{{{CP_NS}}}version")
    if version is None:
        version = etree.SubElement(core, f"{{{CP_NS}}}version")
    version.text = str(number)
    for tag in ("created", "modified"):
        element = core.find(f"{{{DCTERMS_NS}}}{tag}")
        if element is not None:
            element.text = stamp
    return core


def version_stamp(core: etree._Element) -> tuple[int, str] | None:
    """The number and time (UTC, as stored: '2026-12-01T08:50:08Z') `core_stamped` put into a version's core
    properties; None when the document carries no stamp (made before versions were stamped, or not by afspraken)."""
    version = core.findtext(f"{{{CP_NS}}}version")
    moment = core.findtext(f"{{{DCTERMS_NS}}}modified")
    if version is None or not version.strip().isdigit() or moment is None:
        return None
    try:
        datetime.datetime.strptime(moment.strip(), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    return int(version.strip()), moment.strip()


def mark_paragraph(label: str) -> etree._Element:
    """<w:sdt> (tag afspraken-versie, locked) holding `label` as header paragraphs: "Versie 3 van" and the time
    on a line of its own, each after a tab like the header's other lines, so that neither wraps back to the
    page's left margin in the header's narrow right-hand column."""
    sdt = etree.Element(w("sdt"))
    props = etree.SubElement(sdt, w("sdtPr"))
    etree.SubElement(props, w("alias")).set(w("val"), "Versie")
    etree.SubElement(props, w("tag")).set(w("val"), MARK_TAG)
    etree.SubElement(props, w("lock")).set(w("val"), "sdtContentLocked")
    content = etree.SubElement(sdt, w("sdtContent"))
    head, sep, tail = label.partition(" van ")
    for text in ([head + sep.rstrip(), tail] if sep else [label]):
        p = etree.SubElement(content, w("p"))
        etree.SubElement(etree.SubElement(p, w("pPr")), w("pStyle")).set(w("val"), "Header")
        etree.SubElement(etree.SubElement(p, w("r")), w("tab"))
        run = etree.SubElement(p, w("r"))
        etree.SubElement(etree.SubElement(run, w("rPr")), w("sz")).set(w("val"), MARK_SIZE)
        etree.SubElement(run, w("t")).text = text
    return sdt


def header_parts(parts: dict[str, bytes]) -> list[str]:
    """The header parts the body's sections refer to, in order of first reference."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in parts:
        return []
    targets = {r.get("Id"): "word/" + r.get("Target", "").lstrip("/").removeprefix("word/")
               for r in parse_xml(parts[rels_name], rels_name)}
    body = parse_xml(parts["word/document.xml"], "word/document.xml")
    found = [targets.get(ref.get(f"{{{R_NS}}}id")) for ref in body.iter(w("headerReference"))]
    return [name for name in dict.fromkeys(found) if name in parts]


def stamped(parts: dict[str, bytes], number: int, moment: datetime.datetime, label: str,
            on_page: bool) -> dict[str, bytes]:
    """The parts of version `number` made at `moment`: `label` ("versie 3 van 2 december 2026 23:13") in the
    core properties, and with `on_page` at the end of every header."""
    parts = dict(parts)
    if CORE_PART in parts:
        parts[CORE_PART] = serialize(core_stamped(parse_xml(parts[CORE_PART], CORE_PART), number, moment, label))
    if on_page:
        for name in header_parts(parts):
            header = parse_xml(parts[name], name)
            for old in [e for e in header.iter(w("sdt")) if is_version_mark(e)]:
                old.getparent().remove(old)
            header.append(mark_paragraph(label[:1].upper() + label[1:]))
            parts[name] = serialize(header)
    return identify(parts)  # the document id from the stamped content, last
