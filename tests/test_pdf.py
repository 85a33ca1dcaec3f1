"""The PDF of a version: PDF/A-2a, tagged, reproducible, recorded in the manifest.

Read back with pikepdf and lxml (our own reading of the file), pdffonts (poppler) as a second reader,
and page-validation (an independent PDF/A and PDF/UA checker from PyPI) as the conformance check,
after making sure that the checker rejects PDFs we know to be bad."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import struct
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from generator import pdf as archive

from . import seed
from .cli import afspraken
from .conftest import DATA, TEMPLATE

SLUGS = ("amsterdam-nieuw-west", "groningen-noord")  # the real one and an illustrative concept
NS = archive.NS  # the standards' namespace names (not values under test)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


cli = afspraken

# The version's time, which the document and so its PDF carry: fixed, as for any reproducible build.
VERSION_TIME = "2026-01-05T09:00:00Z"
EPOCH = {"SOURCE_DATE_EPOCH": "1767603600"}  # 2026-01-05 09:00:00 UTC


def generate(out: Path) -> None:
    result = cli("generate", *SLUGS, "--pdf", "--data", str(DATA), "--out", str(out), "--template", str(TEMPLATE),
                 env=EPOCH)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two runs into two folders, as two machines (or two days) would make them."""
    first, second = tmp_path_factory.mktemp("run1"), tmp_path_factory.mktemp("run2")
    generate(first)
    generate(second)
    return first, second


def pdf_path(out: Path, slug: str) -> Path:
    return out / slug / f"{slug}-v1.pdf"


def xmp_tree(doc: pikepdf.Pdf) -> etree._Element:
    return etree.fromstring(doc.Root.Metadata.read_bytes())


def xmp_value(tree: etree._Element, path: str) -> list[str]:
    return [node.text for node in tree.xpath(f"//{path}", namespaces=NS)]


def structure_types(doc: pikepdf.Pdf) -> list[str]:
    """Every structure element's standard type (custom types resolved through the RoleMap)."""
    role_map = doc.Root.StructTreeRoot.get("/RoleMap", {})
    found: list[str] = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for item in node:
                walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kind = str(node.S)
            found.append(str(role_map.get(kind, kind)))
            if "/K" in node:
                walk(node.K)

    walk(doc.Root.StructTreeRoot.K)
    return found


def outline_titles(doc: pikepdf.Pdf) -> list[str]:
    with doc.open_outline() as outline:
        titles: list[str] = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    return titles


def docx_core(out: Path, slug: str) -> dict[str, str]:
    from generator.ooxml.package import parse_xml, read_parts

    core = parse_xml(read_parts((out / slug / f"{slug}-v1.docx").read_bytes())["docProps/core.xml"])
    return {etree.QName(c).localname: c.text for c in core}


@pytest.mark.libreoffice
@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_a_identification_output_intent_tags_and_language(runs, slug):
    with pikepdf.open(pdf_path(runs[0], slug)) as doc:
        tree = xmp_tree(doc)
        assert xmp_value(tree, "pdfaid:part") == ["2"] and xmp_value(tree, "pdfaid:conformance") == ["A"]
        (intent,) = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and len(intent.DestOutputProfile.read_bytes()) > 128
        assert doc.Root.MarkInfo.Marked is True
        assert str(doc.Root.Lang) == "nl-NL"
        types = structure_types(doc)
        assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TR", "/TH", "/TD"} <= set(types)
        assert not doc.is_encrypted


@pytest.mark.libreoffice
def test_data_tables_are_tables_and_the_signature_block_is_not(runs):
    from generator.ooxml.package import parse_xml, read_parts
    from generator.ooxml.names import w

    slug = "amsterdam-nieuw-west"
    body = parse_xml(read_parts((runs[0] / slug / f"{slug}-v1.docx").read_bytes())["word/document.xml"])
    borderless = [t for t in body.iter(w("tbl"))
                  if all(b.get(w("val")) == "nil" for b in t.findall(f"{w('tblPr')}/{w('tblBorders')}/*"))
                  and t.find(f"{w('tblPr')}/{w('tblBorders')}") is not None]
    assert len(borderless) == 1  # the signature block
    with pikepdf.open(pdf_path(runs[0], slug)) as doc:
        types = structure_types(doc)
    assert types.count("/Table") == len(list(body.iter(w("tbl")))) - 1
    assert types.count("/TH") >= 5  # each data table's header row


@pytest.mark.libreoffice
@pytest.mark.parametrize("slug", SLUGS)
def test_title_subject_author_and_dates_agree_in_info_xmp_and_the_docx(runs, slug):
    from generator.data.load import load_gebied

    core = docx_core(runs[0], slug)
    with pikepdf.open(pdf_path(runs[0], slug)) as doc:
        info = doc.docinfo
        tree = xmp_tree(doc)
        assert str(info.Title) == core["title"] == xmp_value(tree, "dc:title/rdf:Alt/rdf:li")[0]
        assert str(info.Subject) == core["subject"] \
            == xmp_value(tree, "dc:description/rdf:Alt/rdf:li")[0]
        assert str(info.Author) == core["creator"] == xmp_value(tree, "dc:creator/rdf:Seq/rdf:li")[0]
        assert str(info.Producer) == xmp_value(tree, "pdf:Producer")[0]
        assert str(info.Creator) == xmp_value(tree, "xmp:CreatorTool")[0]
        assert xmp_value(tree, "dc:language/rdf:Bag/rdf:li") == ["nl-NL"]
        assert tree.xpath("//dc:title/rdf:Alt/rdf:li", namespaces=NS)[0].get(XML_LANG) == "x-default"
        assert load_gebied(DATA / "gebieden" / f"{slug}.yaml")[0].naam in str(info.Title)
        # The version's time (SOURCE_DATE_EPOCH here), never LibreOffice's clock.
        assert str(info.CreationDate) == str(info.ModDate) == "D:20260105090000Z"
        assert xmp_value(tree, "xmp:CreateDate") == xmp_value(tree, "xmp:ModifyDate") == [VERSION_TIME]


@pytest.mark.libreoffice
def test_bookmarks_follow_the_headings(runs):
    with pikepdf.open(pdf_path(runs[0], "amsterdam-nieuw-west")) as doc:
        titles = outline_titles(doc)
        with doc.open_outline() as outline:
            nested = {item.title: [c.title for c in item.children] for item in outline.root}
    assert "Woningbouwprogramma" in nested["NPLV-gebied Amsterdam Nieuw-West"]  # H2 under its H1
    body = seed.normalise(seed.load().body)
    assert {"Introductie", "Financiële afspraken", "Afsluiting"} <= set(titles)
    missing = [t for t in titles if seed.normalise(t) not in body]
    assert missing == []  # every bookmark is a heading of the signed text


def fonts_from_pdffonts(path: Path) -> list[tuple[str, str]]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


@pytest.mark.libreoffice
@pytest.mark.parametrize("slug", SLUGS)
def test_every_font_embedded_no_javascript_no_encryption(runs, slug):
    path = pdf_path(runs[0], slug)
    fonts = fonts_from_pdffonts(path)
    assert fonts and all(embedded == "yes" for _, embedded in fonts), fonts
    with pikepdf.open(path) as doc:
        descriptors = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
        assert len(descriptors) == len(fonts)
        assert all(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors)
        for obj in doc.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                assert "/JS" not in obj and obj.get("/S") != "/JavaScript"
        assert "/JavaScript" not in doc.Root.get("/Names", {})
        assert "/Encrypt" not in doc.trailer


@pytest.mark.libreoffice
def test_two_runs_give_byte_identical_pdfs_and_the_manifest_lists_them(runs):
    for slug in SLUGS:
        one, two = pdf_path(runs[0], slug).read_bytes(), pdf_path(runs[1], slug).read_bytes()
        assert one == two
        manifest = json.loads((runs[0] / slug / "manifest.json").read_text())
        (version,) = manifest["versies"]
        assert version["bestand"] == f"{slug}-v1.docx"
        assert version["pdf"] == {"bestand": f"{slug}-v1.pdf", "hash": hashlib.sha256(one).hexdigest(), "pdfa": "2a"}
        with pikepdf.open(io.BytesIO(one)) as doc:
            first, second = doc.trailer.ID
            assert bytes(first) == bytes(second)


@pytest.mark.libreoffice
def test_pdf_command_remakes_the_same_pdf_of_a_version(runs, tmp_path):
    slug = "amsterdam-nieuw-west"
    out = tmp_path / "out"
    shutil.copytree(runs[0], out)
    recorded = pdf_path(out, slug).read_bytes()
    pdf_path(out, slug).unlink()
    result = cli("pdf", slug, "1", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "PDF/A-2a" in result.stdout
    assert pdf_path(out, slug).read_bytes() == recorded
    missing = cli("pdf", slug, "7", "--out", str(out))
    assert missing.returncode == 2 and "geen versie 7" in missing.stderr and "Traceback" not in missing.stderr


def test_pdf_command_without_a_version_says_so(tmp_path):
    result = cli("pdf", "amsterdam-nieuw-west", "--out", str(tmp_path / "leeg"))
    # The arguments are checked first, with or without LibreOffice, and nothing is created.
    assert result.returncode == 2 and "nog geen versie" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "leeg").exists()


def test_pdf_command_refuses_what_is_not_a_slug(tmp_path):
    result = cli("pdf", "../buiten", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "onbekend gebied '../buiten'" in result.stderr and not (tmp_path / "buiten").exists()
    assert not (tmp_path / "out").exists()


# --- the independent conformance checker -----------------------------------------------------------

def checker_failures(data: bytes, profile: str = "2a") -> list[str]:
    import page

    report = page.validate_pdf_bytes(data, profile=profile)
    return [] if report.is_compliant else [f"{f.rule_id}: {f.message}" for f in report.failures]


def without_font_file(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as doc:
        descriptor = next(o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor")
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in descriptor:
                del descriptor[key]
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def without_xmp(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as doc:
        del doc.Root.Metadata
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


@pytest.mark.libreoffice
@pytest.mark.parametrize("slug", SLUGS)
def test_the_checker_finds_pdf_a_2a_and_the_tagging_it_asks_for(runs, slug):
    assert checker_failures(pdf_path(runs[0], slug).read_bytes(), "2a") == []


@pytest.mark.libreoffice
def test_the_checker_rejects_known_bad_pdfs(runs):
    good = pdf_path(runs[0], "amsterdam-nieuw-west").read_bytes()
    no_font = checker_failures(without_font_file(good), "2a")
    assert any("FONT" in f.upper() or "EMBED" in f.upper() for f in no_font), no_font
    no_xmp = checker_failures(without_xmp(good), "2a")
    assert any("XMP" in f.upper() or "METADATA" in f.upper() for f in no_xmp), no_xmp
    # Claiming B for what is A, or A for what is not tagged, is caught as well.
    assert checker_failures(good, "2b")


@pytest.mark.libreoffice
def test_libreoffice_alone_is_not_pdf_a_2a(runs, tmp_path):
    """What the post-processing is for: LibreOffice 7.4's own PDF/A-2b export fails 2a (its role map maps
    standard types to themselves) and is not reproducible (clock in Info, XMP, /ID and the ICC profile)."""
    docx = runs[0] / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v1.docx"
    raw = archive.convert(archive.soffice(), docx)
    assert any("ROLE-MAP" in f for f in checker_failures(raw, "2a"))
    assert archive.convert(archive.soffice(), docx) != raw


# --- the pieces, without LibreOffice -------------------------------------------------------------------

def test_icc_profile_is_stamped_with_the_document_date_and_its_id_recomputed():
    profile = bytearray(200)
    profile[36:40] = b"acsp"
    profile[24:36] = struct.pack(">6H", 2026, 12, 1, 8, 52, 23)  # the clock
    profile[84:100] = b"\x01" * 16  # an id is present, so it must be recomputed
    dated = archive.icc_dated(bytes(profile), datetime.datetime(2025, 6, 24, tzinfo=datetime.timezone.utc))
    assert struct.unpack(">6H", dated[24:36]) == (2025, 6, 24, 0, 0, 0)
    zeroed = bytearray(dated)
    zeroed[44:48] = zeroed[64:68] = bytes(4)
    zeroed[84:100] = bytes(16)
    assert dated[84:100] == hashlib.md5(bytes(zeroed)).digest()
    assert archive.icc_dated(b"geen profiel", datetime.datetime(2025, 6, 24)) == b"geen profiel"


def test_filter_options_are_libreoffice_json():
    argument = archive.filter_argument()
    assert argument.startswith("pdf:writer_pdf_Export:")
    options = json.loads(argument.split(":", 2)[2])
    assert options["SelectPdfVersion"] == {"type": "long", "value": "2"}
    assert options["UseTaggedPDF"] == {"type": "boolean", "value": "true"}
    assert options["ExportBookmarks"] == {"type": "boolean", "value": "true"}
