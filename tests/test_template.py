"""The Word template itself: its Jinja tags, names, footnotes, header fields and Word structure.

These tests read templates/docx/bestuurlijke-afspraken.docx as a drafter leaves
it after editing in Word: a tag split over runs, a name the context does not
have, a footnote or field lost, or a national figure typed into the text is
caught here, before any document is made.
"""

from __future__ import annotations

import io
import re

import jinja2
import pytest
from docxtpl import DocxTemplate, RichText

from generator.document import context
from generator.compute import agreement
from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text
from generator.document.prose import Block
from generator.document.render import Template

from .conftest import TEMPLATE

TEMPLATED = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

HEADINGS_1 = [
    "Introductie",
    "Woningbouwopgave in de NPLV gebieden",
    "Uitvoeringskracht",
    "Mid-term review en monitoring",
    "NPLV-gebied {{ gebied.naam }}",
    "Financiële afspraken",
    "Samenvatting financiële afspraken",
    "Afsluiting",
    "BIJLAGE OVERIGE MOGELIJKE AFSPRAKEN",
]
HEADINGS_2 = [
    "Woningbouwprogramma",
    "Fysieke ingrepen",
    "Opgave woningbouw",
    "Realisatiestimulans met opslag(en)",
    "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve maatschappelijke voorzieningen (ORV)",
    "Opslag realisatiestimulans voor capaciteitsondersteuning",
    "Woningbouwimpuls",
    "Zorggeschikte en zorggeclusterde woonvormen",
    "Bovenplanse infrastructuurprojecten IenW",
    "Beter Benutten",
]


@pytest.fixture(scope="module")
def parts():
    return read_parts(TEMPLATE)


@pytest.fixture(scope="module")
def body(parts):
    return parse_xml(parts["word/document.xml"])


@pytest.fixture(scope="module")
def footnotes(parts):
    return parse_xml(parts["word/footnotes.xml"])


@pytest.fixture(scope="module")
def headers(parts):
    return [parse_xml(data) for name, data in parts.items() if re.match(r"word/header\d*\.xml$", name)]


def templated_roots(parts):
    return {name: parse_xml(data) for name, data in parts.items() if TEMPLATED.match(name)}


def style_of(paragraph) -> str | None:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return None if style is None else style.get(w("val"))


# ---------------------------------------------------------------- Jinja tags

def test_every_jinja_tag_sits_in_one_run(parts):
    problems = []
    for name, root in templated_roots(parts).items():
        for t in root.iter(w("t")):
            value = t.text or ""
            for opening, closing in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
                if value.count(opening) != value.count(closing):
                    problems.append(f"{name}: unbalanced {opening} {closing} in run text {value!r}")
        for paragraph in root.iter(w("p")):
            texts = [t.text or "" for t in paragraph.iter(w("t"))]
            for tag in TAG.findall("".join(texts)):
                if not any(tag in text for text in texts):
                    problems.append(f"{name}: tag split over runs: {tag!r}")
    assert not problems, "\n".join(problems)


def test_no_stray_braces_outside_tags(parts):
    """A lone "{" or "%}" left by an edit is a tag Jinja cannot parse; only whole tags may hold braces."""
    for name, root in templated_roots(parts).items():
        for t in root.iter(w("t")):
            rest = TAG.sub("", t.text or "")
            assert not re.search(r"[{}]|%\}", rest), f"{name}: stray brace in {t.text!r}"


def test_the_template_compiles_and_uses_only_context_names(amsterdam, landelijk):
    template = Template(TEMPLATE)  # compiles every templated part, footnotes included
    names = context.build(amsterdam, agreement(amsterdam, landelijk), landelijk).keys()
    assert template.undeclared_names() <= set(names), template.undeclared_names() - set(names)
    # docxtpl's own view (body and headers) agrees.
    assert DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables() <= set(names)


def test_no_national_figure_typed_in_the_text(parts):
    """Figures come from the context; the one literal is the seed's example "€ 10 mln."."""
    for name, root in templated_roots(parts).items():
        for paragraph in root.iter(w("p")):
            in_field_result = False
            texts = []
            for node in paragraph.iter(w("t"), w("fldChar")):
                if node.tag == w("fldChar"):
                    in_field_result = node.get(w("fldCharType")) == "separate"
                elif not in_field_result:
                    texts.append(node.text or "")
            text = TAG.sub("", "".join(texts)).replace("€\u00a010\u00a0mln.", "")
            assert not re.search(r"\d", text), f"{name}: a figure typed in the template: {text!r}"


# ---------------------------------------------------------------- rendering with docxtpl itself

def _for_docxtpl(value):
    if isinstance(value, Block):
        text = RichText()
        for run in value.runs:
            text.add(run.text, bold=run.bold or None, italic=run.italic or None)
        return text
    if isinstance(value, dict):
        return {k: _for_docxtpl(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_for_docxtpl(v) for v in value]
    return value


def _render(values) -> dict[str, bytes]:
    template = DocxTemplate(str(TEMPLATE))
    template.render(_for_docxtpl(values), jinja_env=jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined))
    buffer = io.BytesIO()
    template.save(buffer)
    return read_parts(buffer.getvalue())


def _paragraph_texts(root) -> list[str]:
    return [paragraph_text(p) for p in root.iter(w("p"))]


def test_docxtpl_renders_it_without_leftover_tags(amsterdam, landelijk):
    values = context.build(amsterdam, agreement(amsterdam, landelijk), landelijk)
    rendered = _render(values)
    for name, root in templated_roots(rendered).items():
        text = "\n".join(_paragraph_texts(root))
        assert not re.search(r"\{\{|\{%|%\}|\}\}", text), f"{name}: tags left after rendering"
    body = parse_xml(rendered["word/document.xml"])
    text = " ".join(_paragraph_texts(body))
    assert "Opslag ORV" in text and "Herinrichting Plein 40-45" in text and "Puur NPLV" in text
    assert "€\u00a019.035.000,-" in text  # amounts in running text have the ",-" form
    header = " ".join(" ".join(_paragraph_texts(h)) for h in
                      (parse_xml(d) for n, d in rendered.items() if re.match(r"word/header\d*\.xml$", n)))
    assert "CONCEPT" not in header and "24 juni 2025" in header


def test_sections_without_agreement_leave_no_empty_heading_row_or_paragraph(amsterdam, landelijk):
    values = context.build(amsterdam, agreement(amsterdam, landelijk), landelijk)
    values.update(orv=None, capaciteit=None, wbi=None)
    values["gebied"] = {**values["gebied"], "concept": True, "illustratief": True}
    rendered = _render(values)
    body = parse_xml(rendered["word/document.xml"])
    text = " ".join(_paragraph_texts(body))
    for gone in ("Opslag realisatiestimulans voor bovenplanse", "Activiteiten voor capaciteitsondersteuning",
                 "Mogelijke nieuwe aanvragen", "Opslag ORV", "Inschatting mogelijke Wbi",
                 "Voor de bedragen en maatregelen beschreven in deze tabel"):
        assert gone not in text
    assert "Illustratief voorbeeld" in text
    assert "Er zijn in de NPLV gebieden soms ook knelpunten" in text  # the general Wbi text stays
    for paragraph in body.iter(w("p")):
        if (style_of(paragraph) or "").startswith("Heading"):
            assert paragraph_text(paragraph).strip()
    for row in body.iter(w("tr")):
        assert "".join(t.text or "" for t in row.iter(w("t"))).strip() or len(row.findall(w("tc"))) == 1
    refs = {r.get(w("id")) for r in body.iter(w("footnoteReference"))}
    assert refs == {"1", "2"}
    headers = [parse_xml(d) for n, d in rendered.items() if re.match(r"word/header\d*\.xml$", n)]
    assert any("CONCEPT" in " ".join(_paragraph_texts(h)) for h in headers)


# ---------------------------------------------------------------- footnotes

def test_footnotes_part_is_related_and_typed(parts):
    rels = parse_xml(parts["word/_rels/document.xml.rels"])
    targets = [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL]
    assert targets == ["footnotes.xml"]
    types = parse_xml(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides.get("/word/footnotes.xml") == FOOTNOTES_CT


def test_exactly_five_footnotes_plus_separators(footnotes, parts):
    notes = list(footnotes.iterchildren(w("footnote")))
    kinds = [n.get(w("type"), "normal") for n in notes]
    assert kinds.count("separator") == 1 and kinds.count("continuationSeparator") == 1
    normal = [n for n in notes if n.get(w("type"), "normal") == "normal"]
    assert [n.get(w("id")) for n in normal] == ["1", "2", "3", "4", "5"]
    for note in normal:
        first_run = next(note.iter(w("r")))
        assert first_run.find(w("footnoteRef")) is not None, "a note starts with its own number"
    separators = {n.get(w("id")) for n in notes if n.get(w("type")) in ("separator", "continuationSeparator")}
    settings = parse_xml(parts["word/settings.xml"])
    listed = {f.get(w("id")) for f in settings.iterfind(f"{w('footnotePr')}/{w('footnote')}")}
    assert listed == separators


def test_footnote_texts_take_their_figures_from_the_context(footnotes):
    texts = {n.get(w("id")): "".join(t.text or "" for t in n.iter(w("t")))
             for n in footnotes.iterchildren(w("footnote"))}
    assert "{{ landelijk.gebieden_in_afspraken }} van de {{ landelijk.gebieden_totaal }} NPLV-gebieden" in texts["1"]
    assert "{{ landelijk.correctie }}" in texts["2"] and "{{ landelijk.band_min }} en {{ landelijk.band_plus }}" in texts["2"]
    assert "prijspeil {{ landelijk.prijspeil }}" in texts["3"] and "prijspeil {{ landelijk.prijspeil }}" in texts["4"]
    assert "minimaal {{ landelijk.wbi_cofinanciering }}" in texts["5"]


def test_each_footnote_is_referenced_once_where_the_seed_has_it(body):
    refs = list(body.iter(w("footnoteReference")))
    assert [r.get(w("id")) for r in refs] == ["1", "2", "3", "4", "5"]
    for ref in refs:
        assert ref.getparent().find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) == "FootnoteReference"
    before = {}
    for paragraph in body.iter(w("p")):
        text = ""
        for node in paragraph.iter(w("t"), w("footnoteReference")):
            if node.tag == w("t"):
                text += node.text or ""
            else:
                before[node.get(w("id"))] = text
    assert before["1"].endswith("leefbaarder te maken")
    assert before["2"].endswith("mogelijke omvang van de realisatiestimulans")
    assert before["3"] == before["4"] == "Rijksbijdrage"
    assert before["5"] == "Indicatie Rijksbijdrage"


# ---------------------------------------------------------------- header, page, section

def test_header_has_date_and_page_x_of_y_fields(headers):
    (header,) = headers
    instructions = [e.get(w("instr"), "") for e in header.iter(w("fldSimple"))] + \
                   [e.text or "" for e in header.iter(w("instrText"))]
    assert {i.strip() for i in instructions} >= {"PAGE", "NUMPAGES"}
    runs = ["".join(t.text or "" for t in r.iter(w("t"))) for r in header.iter(w("r"))]
    assert "{% if gebied.concept %}CONCEPT{% endif %}" in runs
    assert "Datum" in runs and "{{ datum }}" in runs
    text = " ".join(paragraph_text(p) for p in header.iter(w("p")))
    assert "Pagina" in text and " van " in text


def test_one_a4_section_with_the_header_on_every_page(body):
    sections = list(body.iter(w("sectPr")))
    assert len(sections) == 1, "docxtpl renders footnotes once per section: keep one section"
    (section,) = sections
    size = section.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    references = section.findall(w("headerReference"))
    assert [r.get(w("type")) for r in references] == ["default"]
    assert section.find(w("titlePg")) is None


def test_dutch_proofing_and_arial(parts):
    styles = parse_xml(parts["word/styles.xml"])
    defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("lang")).get(w("val")) == "nl-NL"
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Arial"


# ---------------------------------------------------------------- Word structure

def test_headings_are_word_headings(body):
    paragraphs = list(body.iter(w("p")))
    texts = {"Heading1": [], "Heading2": []}
    for paragraph in paragraphs:
        if style_of(paragraph) in texts:
            texts[style_of(paragraph)].append(paragraph_text(paragraph))
    assert texts["Heading1"] == HEADINGS_1
    assert texts["Heading2"] == HEADINGS_2
    title = [paragraph_text(p) for p in paragraphs if style_of(p) == "Title"]
    assert title == ["{{ titel }}"]
    bijlage = next(p for p in paragraphs if paragraph_text(p) == "BIJLAGE OVERIGE MOGELIJKE AFSPRAKEN")
    assert bijlage.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None


def test_bullets_are_word_numbering(parts):
    styles = parse_xml(parts["word/styles.xml"])
    numbering = parse_xml(parts["word/numbering.xml"])
    nums = {n.get(w("numId")): n.find(w("abstractNumId")).get(w("val")) for n in numbering.iter(w("num"))}
    abstracts = {a.get(w("abstractNumId")): a for a in numbering.iter(w("abstractNum"))}
    indents = []
    for style_id, level, glyph in (("ListBullet", "0", "\u2022"), ("ListBullet2", "1", "o")):
        style = next(s for s in styles.iter(w("style")) if s.get(w("styleId")) == style_id)
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        assert num_pr.find(w("ilvl")).get(w("val")) == level
        abstract = abstracts[nums[num_pr.find(w("numId")).get(w("val"))]]
        lvl = next(l for l in abstract.iter(w("lvl")) if l.get(w("ilvl")) == level)
        assert lvl.find(w("numFmt")).get(w("val")) == "bullet"
        assert lvl.find(w("lvlText")).get(w("val")) == glyph
        indents.append(int(lvl.find(f"{w('pPr')}/{w('ind')}").get(w("left"))))
    assert indents[1] > indents[0]


def test_prose_blocks_get_one_paragraph_per_kind(body):
    """Each of programma, woningbouwprogramma and fysieke_ingrepen: a loop over blocks, a style per soort."""
    paragraphs = list(body.iter(w("p")))
    expected = {"alinea": "Normal", "opsomming1": "ListBullet", "opsomming2": "ListBullet2",
                "vervolg1": "ListContinue", "vervolg2": "ListContinue2"}
    for name in ("programma", "woningbouwprogramma", "fysieke_ingrepen"):
        start = next(i for i, p in enumerate(paragraphs) if paragraph_text(p) == f"{{%p for blok in {name} %}}")
        seen = {}
        for condition, content in zip(paragraphs[start + 1:start + 11:2], paragraphs[start + 2:start + 12:2]):
            kind = re.search(r'blok\.soort == "(\w+)"', paragraph_text(condition)).group(1)
            assert paragraph_text(content) == "{{r blok.tekst }}"
            seen[kind] = style_of(content) or "Normal"
        assert seen == expected, name


def test_tables(body):
    tables = list(body.iter(w("tbl")))
    assert len(tables) == 6  # woningbouw, ORV, capaciteit, Wbi, samenvatting, signatures
    loops = [paragraph_text(p) for p in body.iter(w("p")) if paragraph_text(p).startswith("{%tr")]
    assert loops.count("{%tr endfor %}") == 4 and loops.count("{%tr endif %}") == 3
    assert {"{%tr for r in orv.rijen %}", "{%tr for r in capaciteit.rijen %}", "{%tr for r in wbi.rijen %}",
            "{%tr for r in woningbouw.rijen %}", "{%tr if orv %}", "{%tr if capaciteit %}",
            "{%tr if wbi %}"} <= set(loops)
    for table in tables[:5]:
        header = table.find(w("tr"))
        assert all(r.find(f"{w('rPr')}/{w('b')}") is not None for r in header.iter(w("r")) if r.find(w("t")) is not None)
        last = table.findall(w("tr"))[-1]
        assert "Totaal" in "".join(t.text or "" for t in last.iter(w("t")))
        right = [jc for jc in table.iter(w("jc")) if jc.get(w("val")) in ("right", "end")]
        assert right, "amount columns are right-aligned"
    signatures = tables[5]
    assert all(b.get(w("val")) == "nil" for b in signatures.find(f"{w('tblPr')}/{w('tblBorders')}"))
    assert all(r.find(f"{w('trPr')}/{w('cantSplit')}") is not None for r in signatures.iter(w("tr")))
