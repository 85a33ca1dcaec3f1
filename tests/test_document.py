"""The generated Amsterdam Nieuw-West agreement against the signed original, and its Word structure."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from generator import document
from generator.ooxml.names import XML_SPACE, w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text
from generator.render import Template

from . import seed
from .conftest import TEMPLATE
from .libreoffice import convert, pdf_pages


@pytest.fixture(scope="module")
def template():
    return Template(TEMPLATE)


@pytest.fixture(scope="module")
def docx(amsterdam, landelijk, template):
    return document.build(amsterdam, landelijk, template)


@pytest.fixture(scope="module")
def parts(docx):
    return read_parts(docx)


def body_text(parts) -> str:
    root = parse_xml(parts["word/document.xml"])
    return seed.normalise(" ".join(paragraph_text(p) for p in root.iter(w("p"))))


def footnote_texts(parts) -> list[str]:
    root = parse_xml(parts["word/footnotes.xml"])
    return [
        seed.normalise(" ".join(paragraph_text(p) for p in note.iter(w("p"))))
        for note in root.iterchildren(w("footnote"))
        if note.get(w("type")) in (None, "normal")
    ]


def header_roots(parts):
    return [parse_xml(data) for name, data in parts.items() if re.match(r"word/header\d*\.xml$", name)]


# What the generated agreement has that the signed PDF's text lacks: the document's title paragraph and
# the two dotted signature lines.
NOT_IN_THE_SEED = ("Bestuurlijke afspraken NPLV-gebied Amsterdam Nieuw-West", ". . . . . . . . . . .",
                   ". . . . . . . . . . .")


def test_body_is_the_signed_text_word_for_word(parts):
    """Every word of the signed agreement in order (100%), and no word it lacks but the list above;
    figures written in words ("vierde kwartaal", "een miljoen") are words like any other."""
    assert seed.differences(seed.load().body, body_text(parts), NOT_IN_THE_SEED) == []
    assert seed.in_order_share(seed.load().body, body_text(parts)) == 1.0


def test_the_comparison_catches_a_lost_or_an_added_boilerplate_sentence(tmp_path, amsterdam, landelijk):
    from . import template_edits as edits

    lost = edits.edited(tmp_path / "weg.docx", edits.on_xml("word/document.xml", edits.delete_paragraph(
        "Om hiertoe maatwerk te kunnen bieden")))
    found = seed.differences(seed.load().body, body_text(read_parts(document.build(amsterdam, landelijk, Template(lost)))),
                             NOT_IN_THE_SEED)
    assert len(found) == 1 and found[0].startswith("missing: 'Om hiertoe maatwerk te kunnen bieden")
    added = edits.edited(tmp_path / "erbij.docx", edits.on_text("word/document.xml", "kunt wonen en opgroeien.",
                                                                  "kunt wonen en opgroeien. Dat geldt ook hier."))
    found = seed.differences(seed.load().body, body_text(read_parts(document.build(amsterdam, landelijk, Template(added)))),
                             NOT_IN_THE_SEED)
    assert found == ["not in the signed text: 'Dat geldt ook hier.' (after 'en veilig kunt wonen en opgroeien.')"]


def test_every_figure_of_the_seed(parts):
    ours = seed.figures(body_text(parts) + " " + " ".join(footnote_texts(parts)))
    expected = seed.figures(seed.load().body + " " + " ".join(seed.load().footnotes))
    missing = {f: n - ours[f] for f, n in expected.items() if ours[f] < n}
    assert not missing, f"figures of the seed missing (figure: times): {missing}"


def test_the_five_footnotes(parts):
    ours = footnote_texts(parts)
    assert len(ours) == 5
    for number, (expected, actual) in enumerate(zip(seed.load().footnotes, ours), 1):
        assert seed.differences(expected, actual) == [], f"footnote {number}: {actual!r}"


def test_footnotes_are_real_word_footnotes_referenced_once_each(parts):
    body = parse_xml(parts["word/document.xml"])
    refs = [r.get(w("id")) for r in body.iter(w("footnoteReference"))]
    notes = parse_xml(parts["word/footnotes.xml"])
    ids = [n.get(w("id")) for n in notes.iterchildren(w("footnote")) if n.get(w("type")) in (None, "normal")]
    assert sorted(refs) == sorted(ids) and len(set(refs)) == 5
    for note in notes.iterchildren(w("footnote")):
        if note.get(w("type")) in (None, "normal"):
            assert next(note.iter(w("footnoteRef")), None) is not None


def test_header_has_date_and_page_fields_on_every_page(parts):
    (header,) = [h for h in header_roots(parts) if "Datum" in "".join(h.itertext())] or [None]
    assert header is not None
    text = " ".join(header.itertext())
    assert "24 juni 2025" in text and "Pagina" in text and "van" in text
    instructions = " ".join(
        [e.get(w("instr"), "") for e in header.iter(w("fldSimple"))] + [e.text or "" for e in header.iter(w("instrText"))]
    )
    assert "NUMPAGES" in instructions and re.search(r"\bPAGE\b", instructions)
    assert "CONCEPT" not in text  # definitief


def test_headings_tables_and_bullets(parts):
    body = parse_xml(parts["word/document.xml"])
    styles = [s.get(w("val")) for s in body.iter(w("pStyle"))]
    assert styles.count("Heading1") >= 8 and styles.count("Heading2") >= 8
    assert "ListBullet" in styles and "ListBullet2" in styles
    tables = list(body.iter(w("tbl")))
    assert len(tables) >= 5  # woningbouw, ORV, capaciteit, Wbi, samenvatting (+ signature block)
    right = [jc for jc in body.iter(w("jc")) if jc.get(w("val")) in ("right", "end")]
    assert len(right) >= 20  # the amount columns


def test_document_properties_from_data(parts):
    core = etree.fromstring(parts["docProps/core.xml"])
    text = {etree.QName(e).localname: e.text for e in core}
    assert text["title"] == "Bestuurlijke afspraken NPLV-gebied Amsterdam Nieuw-West"
    assert text["subject"]
    assert text["created"] == text["modified"] == "2025-06-24T00:00:00Z"


def test_same_input_gives_the_same_bytes(amsterdam, landelijk, template, docx):
    assert document.build(amsterdam, landelijk, Template(TEMPLATE)) == docx


def test_concept_is_marked_in_the_header(amsterdam, landelijk, template):
    parts = read_parts(document.build(amsterdam.model_copy(update={"status": "concept"}), landelijk, template))
    assert any("CONCEPT" in "".join(h.itertext()) for h in header_roots(parts))


def test_sections_without_agreement_leave_nothing_behind(amsterdam, landelijk, template):
    bare = amsterdam.model_copy(update={"orv": None, "capaciteit": None, "wbi": []})
    parts = read_parts(document.build(bare, landelijk, template))
    text = body_text(parts)
    assert "Opslag realisatiestimulans voor bovenplanse" not in text
    assert "Activiteiten voor capaciteitsondersteuning" not in text
    assert "Mogelijke nieuwe aanvragen" not in text
    assert "Opslag ORV" not in text and "Inschatting mogelijke Wbi" not in text
    assert len(footnote_texts(parts)) == 2  # notes 3, 4 and 5 belonged to the tables
    body = parse_xml(parts["word/document.xml"])
    empty_headings = [p for p in body.iter(w("p")) if p.find(f"{w('pPr')}/{w('pStyle')}") is not None
                      and p.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")).startswith("Heading") and not paragraph_text(p).strip()]
    assert not empty_headings


def test_period_length_is_written_out_from_the_period(amsterdam, landelijk, template):
    assert "de komende vijf jaar worden benut" in body_text(read_parts(document.build(amsterdam, landelijk, template)))
    shorter = landelijk.model_copy(update={"periode": landelijk.periode.model_copy(update={"start": 2026})})
    text = body_text(read_parts(document.build(amsterdam, shorter, template)))
    assert "de komende vier jaar worden benut" in text and "2026 t/m 2029" in text


def test_text_markup_is_canonical_whatever_the_template_marked(parts):
    # docxtpl marks the runs that held Jinja tags; the document must not show where the tags were.
    for name in ("word/document.xml", "word/footnotes.xml"):
        for t in parse_xml(parts[name]).iter(w("t")):
            text = t.text or ""
            needed = text != text.strip(" ") or "  " in text or "\t" in text
            assert (t.get(XML_SPACE) == "preserve") == needed, repr(text)


def test_markup_characters_in_data_are_text(amsterdam, landelijk, template):
    tricky = amsterdam.model_copy(update={"naam": "Noord & <Zuid>", "programma": "Wonen & werken <samen> \"goed\"."})
    parts = read_parts(document.build(tricky, landelijk, template))
    text = body_text(parts)  # parses: the XML is well-formed
    assert "NPLV-gebied Noord & <Zuid>" in text and "Wonen & werken <samen> \"goed\"." in text


@pytest.mark.libreoffice
def test_libreoffice_opens_it_with_11_to_15_pages(tmp_path, docx):
    path = tmp_path / "amsterdam-nieuw-west-v1.docx"
    path.write_bytes(docx)
    pages = pdf_pages(convert(path, "pdf", tmp_path))
    assert 11 <= pages <= 15, pages
