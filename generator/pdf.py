"""The PDF of a version, fit for signature, publication and the archive: PDF/A-2a, tagged, reproducible.

LibreOffice (7.4) writes the PDF: PDF/A-2b, tagged (structure tree, headings, lists, tables with their
header rows as TH, notes, links), bookmarks from the headings, every font embedded, /Lang from the
document. pikepdf then finishes what LibreOffice leaves undone or leaves to the clock:

- the role map loses LibreOffice's identity entries (/Div → /Div ...), which PDF/A-2a reads as circular;
- layout tables (the signature block, see ooxml/tables.py) are tagged as plain blocks, not as tables;
- the info dictionary and the XMP metadata are written anew from the .docx's own properties, with the
  same title, subject, author, dates and tools in both places, as PDF/A requires; the dates are the
  document's (its core properties), never the clock;
- the PDF/A identification says part 2, conformance A (B when a figure has no alternative text, and
  then the caller is told);
- the file /ID is derived from the content (qpdf's deterministic id), so the same .docx gives the same
  bytes.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import OutputError

FILTER_OPTIONS = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b: the most LibreOffice 7.4 makes; A is reached below
    "UseTaggedPDF": ("boolean", "true"),
    "ExportBookmarks": ("boolean", "true"),
    "ExportNotes": ("boolean", "false"),
    "ExportFormFields": ("boolean", "false"),
    "UseLosslessCompression": ("boolean", "true"),
}
CREATOR_TOOL = "afspraken"
LANGUAGE = "nl-NL"

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
XPACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"


@dataclass(frozen=True)
class Properties:
    """What the PDF says about itself, all read from the .docx it is made of."""

    title: str
    subject: str
    author: str
    language: str
    date: datetime.datetime
    document_id: uuid.UUID


@dataclass
class Made:
    data: bytes
    conformance: str
    messages: list[str] = field(default_factory=list)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def filter_argument() -> str:
    """--convert-to with the export filter's options in LibreOffice's JSON syntax (7.4 and later)."""
    options = {name: {"type": kind, "value": value} for name, (kind, value) in FILTER_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def convert(program: str, docx: Path) -> bytes:
    """LibreOffice's PDF of `docx`, in a profile of our own (a user's running LibreOffice is not disturbed)."""
    from .libreoffice import convert_all

    (done,) = convert_all(program, [docx], filter_argument())
    if done.data is None:
        raise OutputError(f"{docx}: {done.reason}")
    return done.data


def properties(docx: bytes, name: str) -> Properties:
    from .ooxml.finish import CORE_PART
    from .ooxml.names import DC_NS, DCTERMS_NS
    from .ooxml.package import parse_xml, read_parts
    from .store.versions import sha256

    parts = read_parts(docx, name, error=OutputError)
    core = parse_xml(parts[CORE_PART], f"{name}: {CORE_PART}", OutputError) if CORE_PART in parts else None

    def text(ns: str, tag: str) -> str:
        node = core.find(f"{{{ns}}}{tag}") if core is not None else None
        return (node.text or "").strip() if node is not None else ""

    stamp = text(DCTERMS_NS, "modified") or text(DCTERMS_NS, "created")
    try:
        date = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise OutputError(f"{name}: {CORE_PART} heeft geen geldige datum (dcterms:modified), nodig voor de PDF") from None
    date = (date if date.tzinfo else date.replace(tzinfo=datetime.timezone.utc)).astimezone(datetime.timezone.utc)
    return Properties(text(DC_NS, "title"), text(DC_NS, "subject"), text(DC_NS, "creator"),
                      text(DC_NS, "language") or LANGUAGE, date, uuid.UUID(sha256(docx)[:32]))


def layout_tables(docx: bytes, name: str) -> list[bool]:
    from .ooxml.package import parse_xml, read_parts
    from .ooxml.tables import layout_flags

    parts = read_parts(docx, name, error=OutputError)
    return layout_flags(parse_xml(parts["word/document.xml"], f"{name}: word/document.xml", OutputError))


def xmp(props: Properties, producer: str, conformance: str) -> bytes:
    """The XMP packet, with the same values as the info dictionary (PDF/A-2, 6.6.2.3)."""
    def q(prefix: str, tag: str) -> str:
        return f"{{{NS[prefix]}}}{tag}"

    meta = etree.Element(q("x", "xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(meta, q("rdf", "RDF"), nsmap={"rdf": NS["rdf"]})

    def description(prefix: str) -> etree._Element:
        node = etree.SubElement(rdf, q("rdf", "Description"), nsmap={prefix: NS[prefix]})
        node.set(q("rdf", "about"), "")
        return node

    def container(parent: etree._Element, tag: str, kind: str, values: list[str], lang: bool = False) -> None:
        holder = etree.SubElement(etree.SubElement(parent, tag), q("rdf", kind))
        for value in values:
            item = etree.SubElement(holder, q("rdf", "li"))
            if lang:
                item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
            item.text = value

    stamp = props.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    ident = description("pdfaid")
    etree.SubElement(ident, q("pdfaid", "part")).text = "2"
    etree.SubElement(ident, q("pdfaid", "conformance")).text = conformance
    dc = description("dc")
    container(dc, q("dc", "title"), "Alt", [props.title], lang=True)
    container(dc, q("dc", "description"), "Alt", [props.subject], lang=True)
    container(dc, q("dc", "creator"), "Seq", [props.author])
    container(dc, q("dc", "language"), "Bag", [props.language])
    etree.SubElement(dc, q("dc", "format")).text = "application/pdf"
    pdf = description("pdf")
    etree.SubElement(pdf, q("pdf", "Producer")).text = producer
    tool = description("xmp")
    etree.SubElement(tool, q("xmp", "CreatorTool")).text = CREATOR_TOOL
    for tag in ("CreateDate", "ModifyDate", "MetadataDate"):
        etree.SubElement(tool, q("xmp", tag)).text = stamp
    mm = description("xmpMM")
    etree.SubElement(mm, q("xmpMM", "DocumentID")).text = f"uuid:{props.document_id}"
    etree.SubElement(mm, q("xmpMM", "InstanceID")).text = f"uuid:{props.document_id}"
    tree = etree.ElementTree(meta)
    meta.addprevious(etree.ProcessingInstruction("xpacket", f'begin="\ufeff" id="{XPACKET_ID}"'))
    meta.addnext(etree.ProcessingInstruction("xpacket", 'end="w"'))
    return etree.tostring(tree, encoding="UTF-8")


def icc_dated(profile: bytes, moment: datetime.datetime) -> bytes:
    """LibreOffice makes its sRGB output profile on the fly, stamped with the clock (ICC header bytes
    24–35): stamp it with the document's date instead. A profile id (bytes 84–99, an MD5 over the
    profile with flags, intent and id zeroed, ICC.1:2010 7.2.18) is recomputed when there is one."""
    import hashlib
    import struct

    if len(profile) < 128 or profile[36:40] != b"acsp":
        return profile
    data = bytearray(profile)
    data[24:36] = struct.pack(">6H", moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    if any(data[84:100]):
        zeroed = bytearray(data)
        zeroed[44:48] = zeroed[64:68] = b"\0" * 4
        zeroed[84:100] = b"\0" * 16
        data[84:100] = hashlib.md5(zeroed).digest()
    return bytes(data)


def _pdf_date(moment: datetime.datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _elements(node: Any, kinds: set[str]) -> Iterator[Any]:
    """Structure elements of the given types below `node`, in document order (depth first)."""
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for item in node:
            yield from _elements(item, kinds)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        if str(node.S) in kinds:
            yield node
        if "/K" in node:
            yield from _elements(node.K, kinds)


def _untable(table: Any) -> None:
    """A layout table's tags as plain blocks: reading order stays, the table semantics go."""
    import pikepdf

    table.S = pikepdf.Name.Div
    for part in _elements(table.get("/K", pikepdf.Array()), {"/TR", "/TH", "/TD", "/THead", "/TBody", "/TFoot"}):
        part.S = pikepdf.Name.Div


def archival(data: bytes, props: Properties, layout: list[bool]) -> Made:
    """LibreOffice's PDF made reproducible and PDF/A-2a (see the module's docstring)."""
    import io

    import pikepdf

    messages: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        mark_info = root.get("/MarkInfo")
        if tree is None or mark_info is None or mark_info.get("/Marked") is not True:
            raise OutputError("LibreOffice schreef een PDF zonder structuur (tags); zo'n PDF wordt niet bewaard")
        if not root.get("/OutputIntents") or b"pdfaid" not in root.get("/Metadata", pikepdf.Stream(pdf, b"")).read_bytes():
            raise OutputError("LibreOffice schreef geen PDF/A (geen OutputIntent of PDF/A-kenmerk); "
                              "LibreOffice 7.4 of nieuwer is nodig")
        role_map = tree.get("/RoleMap")
        if role_map is not None:
            for key in [k for k, v in role_map.items() if str(v) == k]:
                del role_map[key]
        tables = list(_elements(tree.get("/K", pikepdf.Array()), {"/Table"}))
        if len(tables) == len(layout):
            for table, is_layout in zip(tables, layout):
                if is_layout:
                    _untable(table)
        elif any(layout):
            messages.append(f"de PDF heeft {len(tables)} tabellen, het document {len(layout)}: "
                            "opmaaktabellen zijn in de PDF als tabel getagd gebleven")
        root.Lang = pikepdf.String(props.language)
        for intent in root.get("/OutputIntents", pikepdf.Array()):
            profile = intent.get("/DestOutputProfile")
            if profile is not None:
                profile.write(icc_dated(profile.read_bytes(), props.date))
        figures = list(_elements(tree.get("/K", pikepdf.Array()), {"/Figure"}))
        conformance = "A"
        if any("/Alt" not in f for f in figures):
            conformance = "B"
            messages.append("een afbeelding zonder alternatieve tekst: de PDF is PDF/A-2b, niet PDF/A-2a "
                            "(geef de afbeelding in Word een alternatieve tekst)")
        old_info = pdf.trailer.get("/Info")
        lo_producer = str(old_info.get("/Producer", "LibreOffice")) if old_info is not None else "LibreOffice"
        producer = f"{lo_producer}; pikepdf {pikepdf.__version__}"
        stamp = _pdf_date(props.date)
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary({
            "/Title": pikepdf.String(props.title),
            "/Subject": pikepdf.String(props.subject),
            "/Author": pikepdf.String(props.author),
            "/Creator": pikepdf.String(CREATOR_TOOL),
            "/Producer": pikepdf.String(producer),
            "/CreationDate": pikepdf.String(stamp),
            "/ModDate": pikepdf.String(stamp),
        }))
        metadata = pikepdf.Stream(pdf, xmp(props, producer, conformance))
        metadata.Type = pikepdf.Name.Metadata
        metadata.Subtype = pikepdf.Name.XML
        root.Metadata = pdf.make_indirect(metadata)
        for key in ("/ID", "/DocChecksum"):  # LibreOffice's are from the clock (qpdf would keep an old /ID half)
            if key in pdf.trailer:
                del pdf.trailer[key]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return Made(out.getvalue(), conformance, messages)


def make(program: str, docx: Path) -> Made:
    """The archival PDF of one .docx (bytes; nothing written)."""
    from .glyphs import check
    from .ooxml.package import read_parts

    data = docx.read_bytes()
    check(read_parts(data, docx.name), docx.name)  # no PDF/A with text drawn as empty boxes
    return finished(docx, convert(program, docx))


def finished(docx: Path, raw: bytes) -> Made:
    """LibreOffice's PDF `raw` of `docx`, finished (see `archival`)."""
    data = docx.read_bytes()
    return archival(raw, properties(data, docx.name), layout_tables(data, docx.name))


def pdf_name(docx_name: str) -> str:
    return str(Path(docx_name).with_suffix(".pdf"))


@dataclass(frozen=True)
class Written:
    """The PDF of one version, written and recorded, or the reason there is none (naming the document)."""

    slug: str
    version: int
    name: str
    made: Made | None = None
    reason: str = ""
    refused: bool = False  # no PDF because of the document's own text (a character no font has), not a failure


def write_for_version(program: str, out: Path, slug: str, number: int | None = None) -> tuple[str, Made]:
    """Make the PDF of version `number` (default: the latest) of a gebied in OUT and record it in the
    manifest, beside the .docx it is made from. The caller holds the output folder's lock."""
    from .errors import UsageError
    from .store.versions import Folder

    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise UsageError(f"geen gebied: {slug!r} (een slug is als amsterdam-nieuw-west)")
    folder = Folder(out, slug)
    entry = folder.version(number)
    if entry is None:
        known = ", ".join(str(v.number) for v in folder.versions()) or "geen"
        what = f"geen versie {number}" if number is not None else "nog geen versie"
        raise UsageError(f"{folder.path}: {slug} heeft {what} (versies: {known}); maak eerst de afspraken")
    (written,) = write_versions(program, out, [(slug, entry.number)])
    if written.made is None:
        raise OutputError(written.reason)
    return written.name, written.made


def write_versions(program: str, out: Path, versions: list[tuple[str, int]],
                   on_written: Callable[[Written], None] = lambda written: None) -> list[Written]:
    """The PDFs of existing versions (slug, number), LibreOffice started once for all of them (libreoffice.py):
    each finished, written beside its .docx and recorded in the manifest as soon as LibreOffice has made it.
    A document without a PDF is named in its Written and the others are made all the same; nothing of it is
    written. The caller holds the output folder's lock."""
    import contextlib

    import pikepdf

    from .errors import FontError
    from .glyphs import check as check_glyphs
    from .libreoffice import convert_all
    from .ooxml.package import read_parts
    from .store.versions import Folder, docx_name

    results: list[Written] = []
    wanted: dict[Path, tuple[str, int, str, Path]] = {}  # resolved path → slug, number, PDF's name, path as shown
    for slug, number in versions:
        folder = Folder(out, slug)
        entry = folder.version(number)
        docx = folder.path / (entry.file if entry is not None else docx_name(slug, number))
        if entry is None or not docx.exists():
            results.append(Written(slug, number, "", reason=f"{docx}: het document van versie {number} ontbreekt"))
            on_written(results[-1])
            continue
        try:  # no PDF/A with text drawn as empty boxes: refused before LibreOffice is asked
            check_glyphs(read_parts(docx.read_bytes(), docx.name), docx.name)
        except FontError as exc:
            results.append(Written(slug, number, "", reason=f"{docx}: {exc}", refused=True))
            on_written(results[-1])
            continue
        wanted[docx.resolve()] = (slug, number, pdf_name(entry.file), docx)
    if not wanted:
        return results
    with contextlib.closing(convert_all(program, list(wanted), filter_argument())) as conversions:
        for conversion in conversions:
            slug, number, name, docx = wanted[conversion.source]
            written = Written(slug, number, name, reason=f"{docx}: {conversion.reason}")
            if conversion.data is not None:
                try:
                    made = finished(docx, conversion.data)
                except OutputError as exc:
                    written = Written(slug, number, name, reason=f"{docx}: {exc}")
                except pikepdf.PdfError:
                    written = Written(slug, number, name, reason=f"{docx}: LibreOffice schreef een "
                                                                 "onleesbare PDF")
                else:
                    Folder(out, slug).attach(number, name, made.data, f"2{made.conformance.lower()}")
                    written = Written(slug, number, name, made)
            results.append(written)
            on_written(written)
    return results
