"""The Word files as the archive and screen readers get them: Word 2013+ mode, the engine's app.xml,
a document id per document, captions on the data tables, the signature block as a layout table.
Read back from the generated .docx (and its redline), not from the code that wrote them."""

from __future__ import annotations

import pytest
from lxml import etree

from generator.document import agreement as document
from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text
from generator.document.render import Template

from . import seed
from .conftest import DATA, TEMPLATE

W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@pytest.fixture(scope="module")
def template():
    return Template(TEMPLATE)


@pytest.fixture(scope="module")
def parts(amsterdam, landelijk, template):
    return read_parts(document.build(amsterdam, landelijk, template))


def settings(parts) -> etree._Element:
    return parse_xml(parts["word/settings.xml"])


def doc_id(parts) -> str:
    return settings(parts).find(f"{W14}docId").get(f"{W14}val")


def test_the_template_itself_is_in_compatibility_mode_14_and_the_document_is_not():
    """The template is what a drafter saves; the engine must not depend on it being right."""
    template_settings = parse_xml(read_parts(TEMPLATE.read_bytes())["word/settings.xml"])
    modes = [s.get(w("val")) for s in template_settings.iter(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"]
    assert modes == ["14"]


def test_compatibility_mode_is_15(parts):
    modes = [s.get(w("val")) for s in settings(parts).iter(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"]
    assert modes == ["15"]


def test_app_xml_names_the_engine_and_nothing_stale(parts):
    app = parse_xml(parts["docProps/app.xml"])
    assert app.findtext(f"{EP}Application") == "afspraken"
    assert app.findtext(f"{EP}Company") == "Ministerie van Volkshuisvesting en Ruimtelijke Ordening"
    stale = {"Pages", "Words", "Characters", "Lines", "Paragraphs", "AppVersion", "Template", "TotalTime", "TitlesOfParts"}
    assert not stale & {etree.QName(c).localname for c in app}
    assert b"Macintosh" not in parts["docProps/app.xml"]


def table_texts(table: etree._Element) -> str:
    return seed.normalise(" ".join(paragraph_text(p) for p in table.iter(w("p"))))


def test_every_data_table_has_a_caption_from_the_seed_a_description_and_a_repeated_header(parts, amsterdam):
    body = parse_xml(parts["word/document.xml"])
    seed_text = seed.normalise(seed.load().body)
    data, layout = [], []
    for table in body.iter(w("tbl")):
        pr = table.find(w("tblPr"))
        caption = pr.find(w("tblCaption"))
        (data if caption is not None else layout).append(table)
    assert len(data) == 5 and len(layout) == 1
    for table in data:
        pr = table.find(w("tblPr"))
        caption = pr.find(w("tblCaption")).get(w("val"))
        assert caption in seed_text, caption  # the signed agreement's own words for the table
        description = pr.find(w("tblDescription")).get(w("val"))
        rows = table.findall(w("tr"))
        assert description.startswith(f"Tabel van {len(rows)} rijen")
        assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
    (signature,) = layout
    assert amsterdam.ondertekenaar.naam in table_texts(signature)
    assert signature.find(f"{w('tblPr')}/{w('tblDescription')}") is None
    assert not signature.findall(f"{w('tr')}/{w('trPr')}/{w('tblHeader')}")
    look = signature.find(f"{w('tblPr')}/{w('tblLook')}")
    assert look.get(w("firstRow")) == "0" and look.get(w("firstColumn")) == "0"


def test_each_document_has_its_own_id_and_the_same_document_the_same(parts, amsterdam, landelijk, template):
    from generator.data.load import load_gebied

    other = load_gebied(DATA / "gebieden" / "rotterdam-zuid.yaml")[0]
    assert doc_id(read_parts(document.build(other, landelijk, template))) != doc_id(parts)
    assert doc_id(read_parts(document.build(amsterdam, landelijk, template))) == doc_id(parts)
    template_id = parse_xml(read_parts(TEMPLATE.read_bytes())["word/settings.xml"]).find(f"{W14}docId").get(f"{W14}val")
    assert doc_id(parts) != template_id


def test_a_redline_gets_an_id_of_its_own(parts, amsterdam, landelijk, template, tmp_path):
    from generator.review import files as review
    from generator.ooxml.package import zip_bytes

    changed = amsterdam.model_copy(update={"naam": "Amsterdam Nieuw-West en omstreken"})
    new = document.build(changed, landelijk, template)
    from datetime import datetime, timezone

    from generator.store.manifest import Snapshot

    empty = Snapshot()
    marked, _, _, _ = review.explained_redline(read_parts(zip_bytes(parts)), read_parts(new), empty, empty,
                                            datetime(2026, 4, 6, tzinfo=timezone.utc))
    assert doc_id(marked) not in (doc_id(parts), doc_id(read_parts(new)))
    assert b"w:ins " in marked["word/document.xml"] or b"<w:ins" in marked["word/document.xml"]


def test_the_word_files_pass_both_validators(parts, tmp_path):
    from generator.ooxml.package import zip_bytes

    from .validators import all_errors

    path = tmp_path / "amsterdam.docx"
    path.write_bytes(zip_bytes(parts))
    assert all_errors([path]) == []

