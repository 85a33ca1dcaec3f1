"""The generated Amsterdam Nieuw-West agreement against the signed original, and its Word structure."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from generator.document import agreement as document
from generator.ooxml.names import XML_SPACE, w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text
from generator.document.render import Template

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


# The chapters and sections of the signed agreement, in its order (the seed: tests/golden/).
SEED_HEADINGS = [
    ("Heading1", "Introductie"),
    ("Heading1", "Woningbouwopgave in de NPLV gebieden"),
    ("Heading1", "Uitvoeringskracht"),
    ("Heading1", "Mid-term review en monitoring"),
    ("Heading1", "NPLV-gebied Amsterdam Nieuw-West"),
    ("Heading2", "Woningbouwprogramma"),
    ("Heading2", "Fysieke ingrepen"),
    ("Heading2", "Opgave woningbouw"),
    ("Heading1", "Financiële afspraken"),
    ("Heading2", "Realisatiestimulans met opslag(en)"),
    ("Heading2", "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve maatschappelijke "
                 "voorzieningen (ORV)"),
    ("Heading2", "Opslag realisatiestimulans voor capaciteitsondersteuning"),
    ("Heading2", "Woningbouwimpuls"),
    ("Heading1", "Samenvatting financiële afspraken"),
    ("Heading1", "Afsluiting"),
    ("Heading1", "BIJLAGE OVERIGE MOGELIJKE AFSPRAKEN"),
    ("Heading2", "Zorggeschikte en zorggeclusterde woonvormen"),
    ("Heading2", "Bovenplanse infrastructuurprojecten IenW"),
    ("Heading2", "Beter Benutten"),
]
FIGURE = r"(€ )?\d{1,3}(\.\d{3})*"
AMOUNT = re.compile(f"{FIGURE}( / {FIGURE})?")  # a figure, or a range "€ 37.600.000 / € 56.400.000"


def style_of(p: etree._Element) -> str | None:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return None if style is None else style.get(w("val"))


def test_headings_are_the_seeds_in_its_order(parts):
    body = parse_xml(parts["word/document.xml"])
    headings = [(style_of(p), paragraph_text(p)) for p in body.iter(w("p")) if style_of(p) in ("Heading1", "Heading2")]
    assert headings == SEED_HEADINGS
    text = seed.normalise(seed.SEED.read_text(encoding="utf-8"))
    assert [h for _, h in SEED_HEADINGS if h not in text] == []  # the list above is the seed's own words


def test_bullets_at_two_levels(parts):
    body = parse_xml(parts["word/document.xml"])
    styles = [style_of(p) for p in body.iter(w("p"))]
    # Amsterdam Nieuw-West's prose: 8 first-level and 4 second-level bullets (data/gebieden, as in the seed).
    assert (styles.count("ListBullet"), styles.count("ListBullet2")) == (8, 4)


def test_every_amount_cell_is_right_aligned(parts):
    body = parse_xml(parts["word/document.xml"])
    tables = list(body.iter(w("tbl")))
    assert len(tables) == 6  # woningbouw, ORV, capaciteit, Wbi, samenvatting, signature block
    amounts, left = 0, []
    for cell in (tc for table in tables[:5] for tc in table.iter(w("tc"))):
        for p in cell.iter(w("p")):
            text = paragraph_text(p).replace("\u00a0", " ").strip()
            if not AMOUNT.fullmatch(text):
                continue
            amounts += 1
            jc = p.find(f"{w('pPr')}/{w('jc')}")
            if jc is None or jc.get(w("val")) not in ("right", "end"):
                left.append(text)
    # The seed's tables: woningbouw 3 rows × 2 figures, ORV 4 × 2, capaciteit 2 × 2, Wbi 2 × 2, summary 5 × 1.
    assert amounts == 3 * 2 + 4 * 2 + 2 * 2 + 2 * 2 + 5 and left == []


def test_document_properties_from_data(parts):
    core = etree.fromstring(parts["docProps/core.xml"])
    text = {etree.QName(e).localname: e.text for e in core}
    assert text["title"] == "Bestuurlijke afspraken NPLV-gebied Amsterdam Nieuw-West"
    assert text["subject"] == "Woningbouw, openbare ruimte en rijksbijdragen 2025 t/m 2029"  # landelijk.yaml's period
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
def test_libreoffice_opens_it_with_the_signed_13_pages(tmp_path, docx):
    path = tmp_path / "amsterdam-nieuw-west-v1.docx"
    path.write_bytes(docx)
    pages = pdf_pages(convert(path, "pdf", tmp_path))
    assert pages == seed.pages() == 13, pages  # the signed agreement's header: "Pagina 5 van 13"


# --- the round's facts come from landelijk.yaml, not from the template's text ---------------------------

def rendered(gebied, landelijk, template) -> tuple[str, list[str]]:
    parts = read_parts(document.build(gebied, landelijk, template))
    return body_text(parts), footnote_texts(parts)


def entry(landelijk, slug: str, **changes):
    return [g.model_copy(update=changes) if g.slug == slug else g for g in landelijk.gebieden]


def test_footnote_1_is_computed_from_the_round(amsterdam, landelijk, template):
    _, notes = rendered(amsterdam, landelijk, template)
    assert notes[0] == ("Het betreft 19 van de 20 NPLV-gebieden; Lelystad is geen onderdeel van de op de Woontop gemaakte "
                        "afspraken. Eindhoven kan geen aanspraak maken op de beschikbare middelen voor de ORV en personele "
                        "capaciteit.")
    almere = landelijk.gebieden[0].model_copy(update={"naam": "Almere Haven", "slug": "almere-haven", "gemeente": "Almere",
                                                      "ronde": False})
    heerlen = entry(landelijk, "heerlen-noord", orv=False, capaciteit=False)
    wider = landelijk.model_copy(update={"gebieden": heerlen + [almere]})
    _, notes = rendered(amsterdam, wider, template)
    assert notes[0] == ("Het betreft 19 van de 21 NPLV-gebieden; Lelystad en Almere zijn geen onderdeel van de op de "
                        "Woontop gemaakte afspraken. Eindhoven en Heerlen kunnen geen aanspraak maken op de beschikbare "
                        "middelen voor de ORV en personele capaciteit.")
    only_capaciteit = entry(landelijk, "eindhoven-woensel-zuid", orv=True)
    everyone = [g for g in only_capaciteit if g.ronde]
    _, notes = rendered(amsterdam, landelijk.model_copy(update={"gebieden": everyone}), template)
    assert notes[0] == ("Het betreft 19 van de 19 NPLV-gebieden. Eindhoven kan geen aanspraak maken op de beschikbare "
                        "middelen voor personele capaciteit.")


def test_quarter_ministry_and_bijlage_years_come_from_the_data(amsterdam, landelijk, template):
    regeling = landelijk.realisatiestimulans
    changed = landelijk.model_copy(update={
        "realisatiestimulans": regeling.model_copy(update={
            "eerste_uitbetaling": regeling.eerste_uitbetaling.model_copy(update={"kwartaal": 3})}),
        "ministerie": landelijk.ministerie.model_copy(update={"naam": "Wonen en Ruimte", "afkorting": "WenR"}),
        "zorg": landelijk.zorg.model_copy(update={"bestaande_regelingen": 2026, "opslag_vanaf": 2027}),
    })
    parts = read_parts(document.build(amsterdam, changed, template))
    text = body_text(parts)
    assert "plaats in het derde kwartaal van 2026 voor de woningen" in text
    assert "met het Ministerie van Wonen en Ruimte (WenR) afgesproken" in text
    assert "De minister van Wonen en Ruimte," in text and "door de minister van WenR met" in text
    assert "Het ministerie van WenR ondersteunt" in text and "VRO" not in text
    assert "Volkshuisvesting" not in text + " ".join(footnote_texts(parts))
    core = etree.fromstring(parts["docProps/core.xml"])
    assert {etree.QName(e).localname: e.text for e in core}["creator"] == "Ministerie van Wonen en Ruimte"
    assert "zal in 2027 ingaan. Voor 2026 kunnen gemeenten een beroep doen" in text
    assert "bestaan in 2026 nog de volgende regelingen" in text and "In 2027 kan de gemeente gebruik" in text
    assert "voor de periode 2025 t/m 2029 nog geen scherp beeld" in text  # the period itself did not move


# The boilerplate that only makes sense with ORV or capaciteit: (the sentence, what stays around it).
ORV_OR_CAPACITEIT = [
    "Voor het volgen van de navolging van de afspraken over de ORV en ambtelijke capaciteit vindt jaarlijks rapportage plaats.",
    "Deze opslagen zijn bedoeld voor de randvoorwaardelijke maatregelen die in deze bestuurlijke afspraken zijn opgenomen",
    "en opslag(en) openbare ruimte en collectief maatschappelijke voorzieningen (ORV) en ambtelijke capaciteit,",
    "Bij de opslagen voor ORV en ambtelijke capaciteit geldt",
]


def test_without_orv_and_capaciteit_their_sentences_go_and_nothing_new_is_said(amsterdam, landelijk, template):
    with_them, _ = rendered(amsterdam, landelijk, template)
    bare = amsterdam.model_copy(update={"orv": None, "capaciteit": None})
    without, _ = rendered(bare, landelijk, template)
    for sentence in ORV_OR_CAPACITEIT:
        assert sentence in with_them and sentence not in without, sentence
    # What remains is the signed text with those sentences taken out: no word added. Compared as words, without
    # punctuation (the comma after "ambtelijke capaciteit" now follows "Realisatiestimulans") and without figures
    # (the summary's total no longer holds the ORV and capaciteit).
    words = lambda text: " ".join(re.findall(r"[^\W\d]+", text))  # noqa: E731
    assert seed.in_order_share(words(without), words(with_them)) == 1.0
    assert "projectvoortgang. Daarnaast vindt jaarlijks een bestuurlijk overleg plaats" in without
    assert "Dat gaat om de bijdragen uit de Realisatiestimulans, en waar relevant de Woningbouwimpuls" in without
    assert "(ORV) en capaciteitsondersteuning. Voor het inschatten" in without
    only_capaciteit, _ = rendered(amsterdam.model_copy(update={"orv": None}), landelijk, template)
    assert all(sentence in only_capaciteit for sentence in ORV_OR_CAPACITEIT)
