"""How templates/docx/bestuurlijke-afspraken.docx was first made.

    python tools/make_template.py [OUTPUT]

The .docx is the template from now on: drafters edit it in Word. This script
documents how it was authored (python-docx plus the lxml builders of
generator/ooxml/elements.py, no XML written as text) and can recreate it, but
running it again throws away every edit made in Word since.

The text is the shared text of the signed agreement of Amsterdam Nieuw-West
(24 juni 2025), word for word. Every national figure in it is a Jinja tag on
the template context (generator/context.py); the gebied's own prose comes in
as blocks (alinea, opsomming1/2, vervolg1/2) rendered as RichText.

Word's rules the template keeps:
- every Jinja tag sits in one run (one w:t), so docxtpl recognises it;
- sections that depend on the data ({%p if orv %} ...) and table rows
  ({%tr for %}, {%tr if %}) use docxtpl's paragraph and row tags, so nothing
  empty is left behind;
- the footnotes are real Word footnotes (word/footnotes.xml), the bullets
  real Word numbering (numbering.xml), the page numbers PAGE/NUMPAGES fields;
- one section only (docxtpl renders footnotes once per section): the Bijlage
  starts on a new page through "page break before" on its heading.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.shared import Pt, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.ooxml import elements as E  # noqa: E402
from generator.ooxml.names import w  # noqa: E402
from generator.ooxml.package import read_parts, zip_bytes  # noqa: E402

OUTPUT = ROOT / "templates" / "docx" / "bestuurlijke-afspraken.docx"

FONT = "Arial"  # LibreOffice uses the metric-compatible Liberation Sans
BODY_SIZE = 20  # half points: 10 pt
NBSP = "\u00a0"

# A4 and margins, in twips (567 per cm).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_LEFT, MARGIN_RIGHT = 1531, 2891
MARGIN_TOP, MARGIN_BOTTOM = 1985, 1418
HEADER_DISTANCE, FOOTER_DISTANCE = 709, 709
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# The header runs into the right margin, where a Rijksoverheid letter has its column "Datum / Pagina".
HEADER_INTO_MARGIN = MARGIN_RIGHT - 567
HEADER_COLUMN = TEXT_WIDTH + 284

TABLE_BORDER = "808080"
TABLE_HEADER_FILL = "E8E8E8"
NOTE_FILL = "FFF4CE"
CODE_COLOR, CODE_SIZE = "7F7F7F", 16  # template code paragraphs: removed when rendering
CONCEPT_COLOR = "C00000"

# Bullets: level 1 "•", level 2 "o" (as in the signed agreement), text indents in twips.
BULLET_NUM_ID = 1
LEVEL_INDENT = 360

FOOTNOTE = re.compile(r"\[\^(\d)\]")

# ---------------------------------------------------------------- the five footnotes (seed text, figures as tags)

FOOTNOTES = {
    1: "Het betreft {{ landelijk.gebieden_in_afspraken }} van de {{ landelijk.gebieden_totaal }} NPLV-gebieden; "
       "Lelystad is geen onderdeel van de op de Woontop gemaakte afspraken. Eindhoven kan geen aanspraak maken op "
       "de beschikbare middelen voor de ORV en personele capaciteit.",
    2: "We hebben voor het berekenen van de verwachte omvang van de realisatiestimulans een standaardcorrectie "
       "gedaan van {{ landelijk.correctie }} op alle door de gemeente opgegeven plannen. Vervolgens hebben we een "
       "bandbreedte toegepast van {{ landelijk.band_min }} en {{ landelijk.band_plus }} voor een inschatting van "
       "de omvang van de realisatiestimulans.",
    3: "De Rijksbijdrage voor de maatregelen in de tabel is prijspeil {{ landelijk.prijspeil }} en inclusief btw. "
       "De btw die ter compensatie afgedragen dient te worden aan het btw-compensatiefonds wordt in mindering "
       "gebracht op het aan de gemeente uit te keren bedrag.",
    4: "De rijksbijdrage voor de maatregelen in de tabel is prijspeil {{ landelijk.prijspeil }} en inclusief btw. "
       "De btw die ter compensatie afgedragen dient te worden aan het BTW-compensatiefonds wordt in mindering "
       "gebracht op het aan de gemeente uit te keren bedrag.",
    5: "Toekomstige bijdragen uit de realisatiestimulans en een cofinancieringsbijdrage van minimaal "
       "{{ landelijk.wbi_cofinanciering }} worden hierbij verrekend. Voor het resterende tekort kan voor "
       "specifieke maatregelen een bijdrage vanuit de Wbi worden aangevraagd.",
}


# ---------------------------------------------------------------- low-level helpers on python-docx objects

def ppr(paragraph):
    return paragraph._p.get_or_add_pPr()


def set_ppr(paragraph, *children):
    for child in children:
        E.insert_ordered(ppr(paragraph), child, E.PPR_ORDER)


def add_text(paragraph, text: str, *, bold=False, italic=False, size: int | None = None, color: str | None = None):
    """Text into a paragraph; `[^N]` becomes a reference to footnote N. Each piece is one run."""
    for index, piece in enumerate(FOOTNOTE.split(text)):
        if index % 2:
            paragraph._p.append(E.footnote_reference(int(piece)))
        elif piece:
            run = paragraph.add_run(piece)
            run.bold = bold or None
            run.italic = italic or None
            if size:
                run.font.size = Pt(size / 2)
            if color:
                E.insert_ordered(run._r.get_or_add_rPr(), E.color(color), E.RPR_ORDER)
    return paragraph


def para(container, text: str = "", style: str | None = None, **run_format):
    paragraph = container.add_paragraph(style=style)
    return add_text(paragraph, text, **run_format)


def tag(container, jinja: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); rendering removes it.

    Its style (small, grey) only shows drafters in Word what is template code.
    """
    return container.add_paragraph(jinja, style="Sjablooncode")


def heading(doc, text: str, level: int, *, new_page=False):
    paragraph = doc.add_paragraph(text, style=f"Heading {level}")
    if new_page:
        set_ppr(paragraph, E.page_break_before())
    return paragraph


def prose(doc, name: str):
    """The gebied's prose blocks: one paragraph per kind, styles carry the bullets and indents."""
    tag(doc, f"{{%p for blok in {name} %}}")
    kinds = [
        ("alinea", "Normal"),
        ("opsomming1", "List Bullet"),
        ("opsomming2", "List Bullet 2"),
        ("vervolg1", "List Continue"),
        ("vervolg2", "List Continue 2"),
    ]
    for index, (kind, style) in enumerate(kinds):
        tag(doc, f'{{%p {"if" if index == 0 else "elif"} blok.soort == "{kind}" %}}')
        doc.add_paragraph(style=style).add_run("{{r blok.tekst }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


# ---------------------------------------------------------------- tables

def cell_text(cell, text: str, *, bold=False, align: str | None = None, keep_next=False):
    paragraph = cell.paragraphs[0]
    paragraph.style = "Tabeltekst"
    add_text(paragraph, text, bold=bold)
    if align:
        set_ppr(paragraph, E.justification(align))
    if keep_next:
        set_ppr(paragraph, E.keep_next())
    return paragraph


def shade(cell, fill: str):
    E.insert_ordered(cell._tc.get_or_add_tcPr(), E.shading(fill), E.TCPR_ORDER)


def row_properties(row, *children):
    trPr = row._tr.get_or_add_trPr()
    for child in children:
        trPr.append(child)


def new_table(doc, widths: list[int], rows: int, *, grid=True):
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"] if grid else None
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tblPr = table._tbl.tblPr
    E.insert_ordered(tblPr, E.element("tblW", {"w": sum(widths), "type": "dxa"}), E.TBLPR_ORDER)
    E.insert_ordered(tblPr, E.table_layout_fixed(), E.TBLPR_ORDER)
    if not grid:
        E.insert_ordered(tblPr, E.no_table_borders(), E.TBLPR_ORDER)
        E.insert_ordered(tblPr, E.table_cell_margins(0, 0, 0, 113), E.TBLPR_ORDER)
    for gridCol, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        gridCol.w = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)
        row_properties(row, E.cant_split())
    return table


def header_row(table, texts: list[str], *, right_from: int = 1):
    row = table.rows[0]
    row_properties(row, E.table_header())
    for index, (cell, text) in enumerate(zip(row.cells, texts)):
        cell_text(cell, text, bold=True, align="right" if index >= right_from else None, keep_next=True)
        shade(cell, TABLE_HEADER_FILL)


def tag_row(table, index: int, jinja: str):
    """A row holding only a docxtpl row tag ({%tr ... %}); rendering removes the row."""
    paragraph = table.rows[index].cells[0].paragraphs[0]
    paragraph.style = "Tabeltekst"
    add_text(paragraph, jinja, size=CODE_SIZE, color=CODE_COLOR)


def data_row(table, index: int, texts: list[str], *, bold=False, right_from: int = 1, keep_next=True):
    """A row of the table; keep_next (all rows but the last) keeps the table on one page."""
    for column, (cell, text) in enumerate(zip(table.rows[index].cells, texts)):
        cell_text(cell, text, bold=bold, align="right" if column >= right_from else None, keep_next=keep_next)


def amount_table(doc, widths: list[int], header: list[str], loop: str, row: list[str], total: list[str]):
    """Header, one row per item ({%tr for %}), total: the layout of every figures table of the agreement."""
    table = new_table(doc, widths, 5)
    header_row(table, header)
    tag_row(table, 1, f"{{%tr for {loop} %}}")
    data_row(table, 2, row)
    tag_row(table, 3, "{%tr endfor %}")
    data_row(table, 4, total, bold=True, keep_next=False)
    return table


def after_table(doc):
    """Air between a table and the paragraph after it."""
    return doc.add_paragraph(style="Tabelafstand")


# ---------------------------------------------------------------- package set-up: styles, numbering, settings

def style_element(doc, style_id: str):
    for style in doc.styles.element.iterchildren(w("style")):
        if style.get(w("styleId")) == style_id:
            return style
    raise KeyError(style_id)


def style_properties(style, tag: str, order):
    node = style.find(w(tag))
    if node is None:
        node = E.insert_ordered(style, E.element(tag), E.STYLE_ORDER)
    return node


def restyle(doc, style_id: str, *, ppr_children=(), rpr_children=(), replace_rpr=False, drop_ppr=()):
    style = style_element(doc, style_id)
    if replace_rpr and style.find(w("rPr")) is not None:
        style.remove(style.find(w("rPr")))
    if ppr_children or drop_ppr:
        pPr = style_properties(style, "pPr", E.PPR_ORDER)
        for name in drop_ppr:
            for old in pPr.findall(w(name)):
                pPr.remove(old)
        for child in ppr_children:
            E.insert_ordered(pPr, child, E.PPR_ORDER)
    if rpr_children:
        rPr = style_properties(style, "rPr", E.RPR_ORDER)
        for child in rpr_children:
            E.insert_ordered(rPr, child, E.RPR_ORDER)
    return style


def strip_theme_fonts_and_colours(doc):
    """python-docx's default styles use theme fonts (Calibri/Cambria) and theme colours; we use Arial and black."""
    for fonts in doc.styles.element.iter(w("rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(w(attr), None)
        if not len(fonts.attrib):
            fonts.getparent().remove(fonts)
    for colour in doc.styles.element.iter(w("color")):
        for attr in ("themeColor", "themeShade", "themeTint"):
            colour.attrib.pop(w(attr), None)


def setup_styles(doc):
    styles = doc.styles
    root = styles.element
    # Document defaults: Arial 10 pt, Dutch proofing.
    rPr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    for child in (E.run_fonts(FONT), *E.font_size(BODY_SIZE), E.language("nl-NL")):
        E.insert_ordered(rPr, child, E.RPR_ORDER)
    pPr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
    E.insert_ordered(pPr, E.spacing(after=0, line=240), E.PPR_ORDER)
    strip_theme_fonts_and_colours(doc)

    # Unused list styles whose numbering we do not define.
    for style_id in ("ListNumber", "ListNumber2", "ListNumber3", "ListBullet3"):
        root.remove(style_element(doc, style_id))

    body_spacing = E.spacing(after=240, line=288)
    restyle(doc, "Normal", ppr_children=[body_spacing, E.element("widowControl")])

    # (Element builders are called anew for every style: an lxml element lives in one place only.)
    def title_rpr():
        return [E.element("b"), E.element("bCs"), E.color("000000"), *E.font_size(32),
                E.element("spacing", {"val": 0}), E.element("kern", {"val": 0})]

    restyle(doc, "Title", ppr_children=[E.spacing(after=240, line=240), E.keep_next()],
            drop_ppr=("pBdr", "contextualSpacing"), rpr_children=title_rpr())
    restyle(doc, "TitleChar", rpr_children=title_rpr())

    def h1():
        return [E.element("b"), E.element("bCs"), E.color("000000"), *E.font_size(24)]

    restyle(doc, "Heading1", ppr_children=[E.spacing(before=360, after=80, line=240)], rpr_children=h1())
    restyle(doc, "Heading1Char", rpr_children=h1())

    def h2():
        return [E.element("b"), E.element("bCs"), E.element("i"), E.element("iCs"), E.color("000000"),
                *E.font_size(BODY_SIZE)]

    restyle(doc, "Heading2", ppr_children=[E.spacing(before=240, after=40, line=240)], rpr_children=h2())
    restyle(doc, "Heading2Char", rpr_children=h2())

    def list_spacing():
        return E.spacing(after=120, line=264)

    restyle(doc, "ListBullet", ppr_children=[E.numbering_properties(BULLET_NUM_ID, 0), list_spacing()],
            drop_ppr=("contextualSpacing",))
    restyle(doc, "ListBullet2", ppr_children=[E.numbering_properties(BULLET_NUM_ID, 1), list_spacing()],
            drop_ppr=("contextualSpacing",))
    restyle(doc, "ListContinue", ppr_children=[list_spacing(), E.indentation(LEVEL_INDENT)],
            drop_ppr=("contextualSpacing",))
    restyle(doc, "ListContinue2", ppr_children=[list_spacing(), E.indentation(2 * LEVEL_INDENT)],
            drop_ppr=("contextualSpacing",))

    restyle(doc, "Header", ppr_children=[E.tabs(E.tab_stop(HEADER_COLUMN)), E.indentation(0, right=-HEADER_INTO_MARGIN)],
            rpr_children=E.font_size(15))
    restyle(doc, "Footer", ppr_children=[E.tabs(E.tab_stop(TEXT_WIDTH, "right"))], rpr_children=E.font_size(15))

    # Grid of the figures tables: thin grey lines, a little air in the cells.
    grid = style_element(doc, "TableGrid")
    tblPr = grid.find(w("tblPr"))
    E.insert_ordered(tblPr, E.table_borders("single", 4, TABLE_BORDER), E.TBLPR_ORDER)
    E.insert_ordered(tblPr, E.table_cell_margins(57, 85, 57, 85), E.TBLPR_ORDER)

    footnote_text = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    footnote_text.style_id = "FootnoteText"
    footnote_text.base_style = styles["Normal"]
    footnote_text.unhide_when_used = True
    restyle(doc, "FootnoteText", ppr_children=[E.spacing(after=0, line=240)], rpr_children=E.font_size(16))

    footnote_reference = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    footnote_reference.style_id = "FootnoteReference"
    footnote_reference.base_style = styles["Default Paragraph Font"]
    footnote_reference.unhide_when_used = True
    restyle(doc, "FootnoteReference", rpr_children=[E.superscript()])

    table_text = styles.add_style("Tabeltekst", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.quick_style = True
    restyle(doc, "Tabeltekst", ppr_children=[E.spacing(before=0, after=0, line=240)])

    table_gap = styles.add_style("Tabelafstand", WD_STYLE_TYPE.PARAGRAPH)
    table_gap.base_style = styles["Normal"]
    restyle(doc, "Tabelafstand", ppr_children=[E.spacing(before=0, after=0, line=240)])

    note = styles.add_style("Toelichting", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.quick_style = True
    note_border = E.paragraph_borders(*(E.border(side, "single", 4, 4, "BF9000")
                                        for side in ("top", "left", "bottom", "right")))
    restyle(doc, "Toelichting", ppr_children=[note_border, E.shading(NOTE_FILL), E.spacing(after=240, line=240)],
            rpr_children=[E.element("i"), E.element("iCs")])

    code = styles.add_style("Sjablooncode", WD_STYLE_TYPE.PARAGRAPH)
    code.base_style = styles["Normal"]
    restyle(doc, "Sjablooncode", ppr_children=[E.spacing(before=0, after=0, line=240)],
            rpr_children=[E.color(CODE_COLOR), *E.font_size(CODE_SIZE)])

    signature = styles.add_style("Ondertekening", WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = styles["Normal"]
    restyle(doc, "Ondertekening", ppr_children=[E.keep_lines(), E.spacing(after=0, line=264)])


def setup_numbering(doc):
    """One bullet list definition: level 1 "•", level 2 "o", linked to List Bullet and List Bullet 2."""
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    levels = [
        E.bullet_level(0, "\u2022", FONT, LEVEL_INDENT, LEVEL_INDENT, "ListBullet"),
        E.bullet_level(1, "o", "Courier New", 2 * LEVEL_INDENT, LEVEL_INDENT, "ListBullet2"),
    ]
    numbering.append(E.abstract_numbering(0, "4E504C56", levels))
    numbering.append(E.numbering_instance(BULLET_NUM_ID, 0))


def setup_settings(doc):
    settings = doc.settings.element
    for name in ("proofState", "savePreviewPicture", "rsids"):
        for old in settings.findall(w(name)):
            settings.remove(old)
    E.insert_ordered(settings, E.footnote_properties((-1, 0)), E.SETTINGS_ORDER)
    E.insert_ordered(settings, E.element("decimalSymbol", {"val": ","}), E.SETTINGS_ORDER)
    E.insert_ordered(settings, E.element("listSeparator", {"val": ";"}), E.SETTINGS_ORDER)
    theme_lang = settings.find(w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(w("val"), "nl-NL")


def drop_unused_parts(doc):
    """python-docx's default package carries parts a Word template does not need."""
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            doc.part.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            doc.part.package.rels.pop(rel_id)


def setup_core_properties(doc):
    """Title and subject are the engine's (it sets them per document); the template's own are neutral."""
    core = doc.core_properties
    core.title = ""
    core.subject = ""
    core.author = "Ministerie van Volkshuisvesting en Ruimtelijke Ordening"
    core.last_modified_by = ""
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.language = "nl-NL"
    core.revision = 1
    core.created = core.modified = datetime.datetime(2025, 6, 24)


def setup_page(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)


def add_footnotes_part(doc):
    notes = [E.footnote(number, [E.footnote_paragraph(text)]) for number, text in FOOTNOTES.items()]
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, E.footnotes(notes, (-1, 0)), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


# ---------------------------------------------------------------- header

def build_header(doc):
    """Every page: CONCEPT (only for a concept), and in a column at the right "Datum", the date, "Pagina X van Y"."""
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    small = {"size": 15}

    first = header.paragraphs[0]
    first.style = doc.styles["Header"]
    concept = first.add_run("{% if gebied.concept %}CONCEPT{% endif %}")
    concept.bold = True
    concept.font.size = Pt(16)
    E.insert_ordered(concept._r.get_or_add_rPr(), E.color(CONCEPT_COLOR), E.RPR_ORDER)
    first._p.append(E.run(E.tab()))
    add_text(first, "Datum", bold=True, **small)

    date = header.add_paragraph(style="Header")
    date._p.append(E.run(E.tab()))
    add_text(date, "{{ datum }}", **small)

    page = header.add_paragraph(style="Header")
    set_ppr(page, E.spacing(before=160, after=0, line=240))
    page._p.append(E.run(E.tab()))
    add_text(page, "Pagina ", **small)
    for run in E.complex_field("PAGE", "1"):
        page._p.append(run)
    add_text(page, " van ", **small)
    for run in E.complex_field("NUMPAGES", "1"):
        page._p.append(run)


# ---------------------------------------------------------------- body

def build_body(doc):
    W = TEXT_WIDTH

    para(doc, "{{ titel }}", "Title")
    tag(doc, "{%p if gebied.illustratief %}")
    para(doc, "Illustratief voorbeeld: de cijfers, teksten en namen van dit gebied zijn verzonnen en dienen alleen "
              "om de werking van het sjabloon te tonen.", "Toelichting")
    tag(doc, "{%p endif %}")

    heading(doc, "Introductie", 1)
    para(doc, "In de gebieden van het Nationaal Programma Leefbaarheid en Veiligheid (NPLV-gebieden) wonen in ons "
              "land meer dan een miljoen mensen. Als je daar geboren wordt, heb je niet automatisch dezelfde kansen "
              "als kinderen elders in Nederland. Mensen ervaren meer onveiligheid, worden minder oud, leven vaker in "
              "eenoudergezinnen en hebben minder vaak betaald werk. Dat veranderen vraagt een generatielange aanpak "
              "waarbij het anders moet gaan dan het ging.")
    para(doc, "De NPLV-gebieden hebben toegewijde allianties gevormd waarin de gemeente samenwerkt met "
              "maatschappelijke partners zoals woningcorporaties, scholen, zorgverleners, bedrijfsleven én de "
              "rijksoverheid om het tij er te keren. Met een groot urgentiebesef wordt gewerkt aan het verbeteren van "
              "de sociale en nu ook van de fysieke leefomgeving. Het is essentieel dat je in deze wijken leefbaar en "
              "veilig kunt wonen en opgroeien.")
    para(doc, "Binnen de NPLV-gebieden is het realiseren van nieuwe woningbouw vaak een uitdaging, vanwege de "
              "complexiteit van het ontwikkelen binnen bestaande stadswijken in combinatie met beperktere draagkracht "
              "van de inwoners. Om deze problematiek te adresseren hebben tijdens de Woontop op "
              "{{ landelijk.woontop }} jl. deze gebieden met het Ministerie van Volkshuisvesting en Ruimtelijke "
              "Ordening (VRO) afgesproken om van {{ landelijk.periode_start }} tot en met "
              "{{ landelijk.periode_eind }} in de NPLV-gebieden {{ landelijk.woningen_versneld }} woningen versneld "
              "en {{ landelijk.woningen_extra }} woningen extra te bouwen om de wijken leefbaarder te maken[^1]. Het "
              "kost gemiddeld genomen meer geld om een woning toe te voegen in een NPLV-gebied, maar het levert ook "
              "bovengemiddeld veel op: betere huisvesting, betere leefbaarheid en veiligheid, nieuwe positieve "
              "energie en een stijgend vertrouwen in overheid en instituties.")
    para(doc, "De afgelopen maanden is er hard gewerkt door het Rijk en de gebieden om de woningbouwplannen nader "
              "uit te werken, samen een inschatting te maken welke plannen tot en met {{ landelijk.periode_eind }} "
              "gestart kunnen worden en welke ruimtelijke en maatschappelijke voorzieningen daarvoor nodig zijn. Deze "
              "kunnen worden bekostigd uit verschillende bestaande regelingen op het gebied van woningbouw, die in "
              "deze bestuurlijke afspraken samenhangend bij elkaar gebracht zijn.")
    para(doc, "Deze bestuurlijke afspraken worden gemaakt door de minister van VRO met de alliantievertegenwoordiging "
              "van de NPLV-gebieden. De wethouder ondertekent de afspraken met mandaat van de burgemeester, als "
              "voorzitter van de alliantie, namens de alliantie, namens het college van Burgemeester en Wethouders, "
              "waarmee de gezamenlijke ambitie en te verwachten financiële middelen vanuit het rijk voor de "
              "woningbouwopgave tot en met {{ landelijk.periode_eind }} worden bevestigd. De burgemeester zal, als "
              "voorzitter van de alliantie, de alliantiepartijen hiervan op de hoogte stellen.")

    heading(doc, "Woningbouwopgave in de NPLV gebieden", 1)
    para(doc, "Het bouwen van woningen heeft in de NPLV-gebieden meer voeten in de aarde dan in andere gebieden in "
              "Nederland omdat het bijvoorbeeld vaker noodzakelijk is om bestaande woningen te slopen, om vervolgens "
              "meer woningen terug te kunnen bouwen. De woningbouwplannen maken onderdeel uit van de integrale "
              "wijkaanpak via het NPLV, waar reeds publiekprivaat-maatschappelijke allianties voor zijn gevormd. In "
              "de gebieds- en uitvoeringsplannen van de NPLV-gebieden wordt integraal ingezet op de verbetering van "
              "zowel onderwijs, werk, welzijn, zorg, leefbaarheid, veiligheid én wonen. Daarbij gaat het nadrukkelijk "
              "om betaalbaar en goed wonen voor nieuwe én bestaande bewoners. In deze gebieden is veelal een noodzaak "
              "tot verdichting (‘blokje ertussen’) om de voorzieningen op peil te houden, de veiligheid te vergroten "
              "en mensen de kans te geven door te stromen binnen hun eigen wijk. In de praktijk gaan opgaven vaak "
              "samen op (bijvoorbeeld via sloop, opwaardering van openbare ruimte, zorgen voor ruimte voor werk en "
              "voorzieningen en het tegelijkertijd bieden van moderne en gezondere nieuwbouwwoningen). Als deze extra "
              "maatregelen niet worden genomen, zal de leefbaarheid in de NPLV-gebieden verslechteren. Zij zijn dus "
              "randvoorwaardelijk om de woningbouw van de grond te laten komen.")
    para(doc, "Rijk en gemeente erkennen dat de ambitie voor de NPLV-gebieden groter is dan voorliggende gemaakte "
              "financiële afspraken. Gemeente en Rijk zijn zich er bovendien van bewust dat erbij de "
              "woningbouwontwikkeling verschillende uitdagingen zijn. Het gaat dan bijvoorbeeld om stikstof, "
              "netcongestie, ontsluiting en bezwaar-en beroepsprocedures. Hoe groot die uitdagingen zijn, is "
              "projectafhankelijk. Het Rijk biedt desgewenst ondersteuning via de versnellingstafels woningbouw en "
              "het RVO Expertteam Woningbouw.")
    para(doc, "Er zijn evenwel goede afspraken gemaakt voor de realisatie van woningen, openbare ruimte en collectieve "
              "maatschappelijke voorzieningen, die de leefbaarheid en veiligheid in de gebieden verbeteren. We kunnen "
              "hiervoor met elkaar aan de slag. De afspraken zijn gemaakt onder de huidige beschikbare budgetten en "
              "regelgeving.")
    para(doc, "Op basis van gesprekken en aangeleverde informatie vanuit de gebieden is het doel om op basis van de "
              "specifieke opgave in de gebieden te investeren, woningbouw mogelijk te maken en de wijken te "
              "verbeteren. Rijk en gemeenten zien de verschillende uitdagingen waarmee gebiedsontwikkelingen gepaard "
              "gaan en zullen zich inspannen dat kansen de komende {{ landelijk.periode_jaren }} jaar worden benut.")

    heading(doc, "Uitvoeringskracht", 1)
    para(doc, "Om deze stevige fysieke opgave in de gebieden te realiseren is niet in alle gevallen voldoende kennis "
              "en capaciteit aanwezig op het gebied van gebiedsontwikkeling, planeconomie en bouwopgave. Omdat alle "
              "partijen er zeer veel aan gelegen is dat de opgave van woningen en voorzieningen ook daadwerkelijk "
              "wordt gerealiseerd in de beoogde periode wil het Rijk voorzien in een aanvulling op de bestaande "
              "capaciteit bij de betrokken gemeenten.")
    para(doc, "Om hiertoe maatwerk te kunnen bieden is aan alle gebieden gevraagd naar de benodigde fte’s voor de "
              "afgesproken opgave. Er is binnen de realisatiestimulans een aparte opslag voorzien voor versterking "
              "van de capaciteit op de fysieke opgave voor de NPLV-gebieden.")

    heading(doc, "Mid-term review en monitoring", 1)
    para(doc, "Monitoring van de woningbouw gebeurt via de Landelijke Monitor Voortgang Woningbouw. Het gesprek over "
              "de voortgang van en knelpunten in individuele woningbouwprojecten wordt zowel lokaal als aan de "
              "regionale versnellingstafel gevoerd tussen overheden, corporaties en marktpartijen. Dit gesprek wordt "
              "gefaciliteerd door een publiek private monitor (PPM), die (uniforme gedefinieerde) indicatoren bevat "
              "zoals planlijsten en projectvoortgang.")
    para(doc, "Voor het volgen van de navolging van de afspraken over de ORV en ambtelijke capaciteit vindt jaarlijks "
              "rapportage plaats. Daarnaast vindt jaarlijks een bestuurlijk overleg plaats tussen VRO en de "
              "(voorzitter van de) alliantie over de voortgang van de investeringen en de daaraan gekoppelde "
              "woningbouw en de leefbaarheid en veiligheid in het betreffende gebied.")
    para(doc, "In {{ landelijk.mid_term_review }} zal een mid-term review worden gehouden om te bezien of gemeenten "
              "met het bouwen van woningen en de bijbehorende bovenplanse openbare ruimte en maatschappelijke "
              "voorzieningen op koers liggen. Bij afwijking treden partijen in overleg.")

    # ------------------------------------------------ the gebied
    heading(doc, "NPLV-gebied {{ gebied.naam }}", 1, new_page=True)
    prose(doc, "programma")
    heading(doc, "Woningbouwprogramma", 2)
    prose(doc, "woningbouwprogramma")
    heading(doc, "Fysieke ingrepen", 2)
    prose(doc, "fysieke_ingrepen")

    heading(doc, "Opgave woningbouw", 2)
    para(doc, "In het NPLV-gebied is de woningbouwopgave in de periode {{ landelijk.periode }} "
              "{{ woningbouw.woningen }} woningen waarvan {{ woningbouw.betaalbaar }} betaalbaar. Deze opgave is "
              "verdeeld over diverse plannen in het NPLV-gebied.")
    amount_table(
        doc, [W - 2 * 2268, 2268, 2268],
        ["Inschatting start bouw aantallen nieuwbouw", "{{ landelijk.periode }}",
         "w.v. betaalbaar {{ landelijk.periode }}"],
        "r in woningbouw.rijen", ["{{ r.label }}", "{{ r.woningen }}", "{{ r.betaalbaar }}"],
        ["Totaal", "{{ woningbouw.woningen }}", "{{ woningbouw.betaalbaar }}"],
    )
    after_table(doc)

    # ------------------------------------------------ financiële afspraken
    heading(doc, "Financiële afspraken", 1)
    para(doc, "We maken twee soorten bestuurlijke financiële afspraken. De eerste betreft concrete financiële "
              "afspraken, op basis van de uitwerking van de plannen in de afgelopen maanden. Dat gaat om de bijdragen "
              "uit de Realisatiestimulans en opslag(en) openbare ruimte en collectief maatschappelijke voorzieningen "
              "(ORV) en ambtelijke capaciteit, en waar relevant de Woningbouwimpuls (Wbi) of het gebiedsbudget. Het "
              "tweede betreft de afspraken in de bijlage over instrumenten waar gemeenten zelf een aanvraag voor "
              "kunnen indienen, dan wel voorsorteren op regelingen die nog zullen worden uitgewerkt.")

    heading(doc, "Realisatiestimulans met opslag(en)", 2)
    para(doc, "De realisatiestimulans heeft als doel om gemeenten in heel Nederland te ondersteunen om betaalbare "
              "woningen te realiseren, met zo min mogelijk administratieve lasten. Gemeenten krijgen een vaste "
              "bijdrage van circa {{ landelijk.bedrag_per_woning }} (inclusief btw) voor elke betaalbare woning "
              "waarvan zij de start van de bouw registreren in de periode {{ landelijk.periode }}. De bijdrage wordt "
              "in het jaar na registratie uitgekeerd. De eerste uitkeringen worden gedaan over de woningen waarvan de "
              "bouw in dit jaar al start. De laatste uitkeringen van de regeling vinden plaats in "
              "{{ landelijk.laatste_uitkering }}, over de betaalbare woningen waarvan de bouw in "
              "{{ landelijk.periode_eind }} is gestart.")
    para(doc, "Er is specifiek voor NPLV-gebieden een opslag voor aan woningbouw gekoppelde noodzakelijke bovenplanse "
              "openbare ruimte en collectieve maatschappelijke voorzieningen (ORV) en capaciteitsondersteuning. Deze "
              "opslagen zijn bedoeld voor de randvoorwaardelijke maatregelen die in deze bestuurlijke afspraken zijn "
              "opgenomen om de woningbouw in deze gebieden mogelijk en aantrekkelijk te maken.")
    para(doc, "Voor het inschatten van de mogelijke omvang van de realisatiestimulans[^2] is gekeken naar de "
              "hardheid van de plannen en de aantallen betaalbare nieuwbouwwoningen, die in de hele gemeente "
              "gerealiseerd gaan worden. Ook is gekeken naar de realisatie van het aantal woningen in eerdere jaren. "
              "Daarnaast is er geschoond voor woningen met eerder verkregen subsidies zoals de Woningbouwimpuls (Wbi), "
              "de Startbouwimpuls (SBI), de Regeling Huisvesting Aandachtsgroepen (RHA) of de Stimuleringsregeling "
              "Flex- en Transformatiewoningen (SFT). Op basis daarvan is een inschatting van de grondslag voor de "
              "realisatiestimulans gemaakt.")
    para(doc, "Op basis van deze inschatting is er voor het gehele NPLV-gebied -voor de periode "
              "{{ landelijk.periode }}- naar verwachting tussen de {{ realisatiestimulans.min_streep }} en "
              "{{ realisatiestimulans.max_streep }} incl. btw beschikbaar vanuit de realisatiestimulans. De "
              "daadwerkelijke vaststelling en betaling van de middelen vindt jaarlijks achteraf plaats op basis van "
              "het aantal woningen waarvan de bouw is gestart. Dit betekent dat het uiteindelijke ontvangen bedrag "
              "lager (als start bouw onverhoopt minder is dan ingeschat) of hoger (als meer plannen dan nu ingeschat "
              "start bouw realiseren) kan uitvallen.")
    para(doc, "De gemeente bestemt tenminste de uitgekeerde realisatiestimulans voor de woningen binnen het "
              "NPLV-gebied, voor de opgave in het NPLV-gebied. De eerste uitbetaling van de realisatiestimulans vindt "
              "waarschijnlijk plaats in het vierde kwartaal van {{ landelijk.eerste_uitbetaling }} voor de woningen "
              "waarvan de bouw gestart is in {{ landelijk.periode_start }}. Gemeenten registreren voor de uitkering "
              "van de realisatiestimulans het aantal gestarte betaalbare woningen per jaar.")

    # ORV: only for a gebied with an ORV agreement.
    tag(doc, "{%p if orv %}")
    heading(doc, "Opslag realisatiestimulans voor bovenplanse openbare ruimte en collectieve maatschappelijke "
                 "voorzieningen (ORV)", 2)
    para(doc, "Voor bovenplanse openbare ruimte en collectieve maatschappelijke voorzieningen is een maximale "
              "rijksbijdrage van {{ orv.incl_streep }} incl. btw beschikbaar voor onderstaande maatregelen.")
    amount_table(
        doc, [W - 2 * 1985, 1985, 1985],
        ["Bovenplanse openbare ruimte en collectieve maatschappelijke voorzieningen", "Rijksbijdrage excl. btw",
         "Rijksbijdrage[^3] incl. btw"],
        "r in orv.rijen", ["{{ r.naam }}", "{{ r.excl }}", "{{ r.incl }}"],
        ["Totaal", "{{ orv.excl }}", "{{ orv.incl }}"],
    )
    after_table(doc)
    para(doc, "De gemeente en het Rijk spreken af dat bovenstaande maatregelen worden gestart in de periode "
              "{{ landelijk.periode }}. De maatregelen zijn nodig om de leefbaarheid en de veiligheid in de gebieden "
              "te vergroten en hebben samenhang met de woningbouwopgave of het vergroten van de leefbaarheid of de "
              "veiligheid voor de mensen in de wijk. Gemeenten krijgen de middelen achteraf op basis van de "
              "daadwerkelijke uitgaven.")
    para(doc, "Het budget voor bovenplanse openbare ruimte en collectieve maatschappelijke voorzieningen in de "
              "NPLV-gebieden is taakstellend en prijspeil {{ landelijk.prijspeil }} en is {{ landelijk.orv_budget }} "
              "(incl. btw).")
    para(doc, "De systematiek voor de uitkering van de {{ landelijk.orv_budget }} wordt dat gemeenten "
              "trekkingsrechten krijgen op basis van de kosten van de door hen ingediende maatregelen. Deze "
              "bestuurlijke afspraak is tevens de aanvraag voor de specifieke uitkering. Bijvoorbeeld gemeente A mag "
              f"voor €{NBSP}10{NBSP}mln. aan kosten opvoeren op basis waarvan zij een rijksbijdrage zullen krijgen. "
              "De bijdrage wordt jaarlijks vastgesteld en achteraf verstrekt op basis van daadwerkelijke gemaakte "
              "kosten.")
    para(doc, "De afspraken voor alle NPLV-gebieden samen, tellen op tot {{ landelijk.orv_afspraken }} (incl. btw). "
              "In totaal is sprake van overprogrammering. In de specifieke uitkering realisatiestimulans zullen alle "
              "gemeenten samen trekkingsrechten krijgen tot een cumulatief bedrag van {{ landelijk.orv_afspraken }}, "
              "waarbij er een plafond bestaat van de huidige beschikbare {{ landelijk.orv_budget }} Dit stimuleert "
              "gemeenten om aan de slag te gaan.")
    tag(doc, "{%p endif %}")

    # Capaciteit: only for a gebied with a capaciteit agreement.
    tag(doc, "{%p if capaciteit %}")
    heading(doc, "Opslag realisatiestimulans voor capaciteitsondersteuning", 2)
    para(doc, "Er is binnen de realisatiestimulans een aparte opslag voorzien voor capaciteit voor de NPLV-gebieden. "
              "Voor capaciteit is een maximale rijksbijdrage van {{ capaciteit.incl_streep }} incl. btw beschikbaar "
              "voor onderstaande activiteiten in de periode {{ landelijk.periode_streep }}.")
    amount_table(
        doc, [W - 2 * 1985, 1985, 1985],
        ["Activiteiten voor capaciteitsondersteuning", "Rijksbijdrage excl. btw", "Rijksbijdrage[^4] incl. btw"],
        "r in capaciteit.rijen", ["{{ r.naam }}", "{{ r.excl }}", "{{ r.incl }}"],
        ["Totaal", "{{ capaciteit.excl }}", "{{ capaciteit.incl }}"],
    )
    after_table(doc)
    para(doc, "Het budget voor de NPLV-gebieden voor capaciteitsondersteuning is taakstellend en prijspeil "
              "{{ landelijk.prijspeil }} en is {{ landelijk.capaciteit_budget }} incl. btw. De afspraken voor alle "
              "NPLV-gebieden voor capaciteit samen, tellen op tot {{ landelijk.capaciteit_afspraken }} incl. btw. In "
              "totaal is sprake van overprogrammering. De bestuurlijke afspraak voor capaciteit is tevens de aanvraag "
              "voor de specifieke uitkering. De systematiek voor uitkeren en de wijze waarop met het plafond wordt "
              "omgegaan is identiek aan de hierboven beschreven systematiek voor de ORV.")
    tag(doc, "{%p endif %}")

    heading(doc, "Woningbouwimpuls", 2)
    para(doc, "Er zijn projecten in de NPLV gebieden die mogelijk in aanmerking komen voor een Woningbouwimpuls (Wbi) "
              "aanvraag. Dit omdat het realiseren van woningen op deze locaties als gevolg van specifieke eisen en "
              "locatie gebonden beperkingen zo kostbaar is, dat de realisatiestimulans in die gevallen onvoldoende is "
              "om tekorten te dekken. VRO biedt begeleiding voor deze projecten om te komen tot kwalitatief goede "
              "Wbi-aanvragen. Gemeenten kunnen daarvoor gebruik maken van de impulskamers van het RVO en krijgen daar "
              "bovenop -indien gewenst- nog extra ondersteuning via het Expertteam Woningbouw van de RVO.")
    para(doc, "In het beoordelingskader voor de Wbi wordt bij het criterium urgentie de indicator NPLV-gebied "
              "toegevoegd om het belang van het bouwen van woningen in NPLV-gebieden te benadrukken.")
    tag(doc, "{%p if wbi %}")
    amount_table(
        doc, [W - 2 * 1985, 1985, 1985],
        ["Mogelijke nieuwe aanvragen voor de Woningbouwimpuls", "Cofinanciering incl. btw",
         "Indicatie Rijksbijdrage[^5]"],
        "r in wbi.rijen", ["{{ r.naam }}", "{{ r.cofinanciering }}", "{{ r.rijksbijdrage }}"],
        ["Totaal", "{{ wbi.cofinanciering }}", "{{ wbi.rijksbijdrage }}"],
    )
    after_table(doc)
    para(doc, "Voor de bedragen en maatregelen beschreven in deze tabel moet de gemeente een aparte Wbi aanvraag "
              "indienen, welke door een onafhankelijke toetsingscommissie namens de minister van VRO wordt "
              "beoordeeld. Pas bij een toegekende aanvraag, krijgt de gemeente de beschikking over een "
              "Rijksbijdrage.")
    tag(doc, "{%p endif %}")
    para(doc, "Er zijn in de NPLV gebieden soms ook knelpunten bij bestaande Wbi projecten. VRO en de gemeente gaan "
              "bij een onoverkomelijk tekort – zoals gebruikelijk - met elkaar om tafel om te bezien of er "
              "mogelijkheden zijn om deze knelpunten weg te nemen. Daarbij blijft de oorspronkelijke Wbi-bijdrage "
              "taakstellend. In het uiterste geval kan een gemeente een nieuwe Wbi aanvraag indienen.")
    para(doc, "De partijen in de Alliantie maken -indien nodig- op een later moment afspraken over de benodigde "
              "cofinanciering. Er is op dit punt zodoende vanuit de Alliantie sprake van een voorbehoud.")

    # ------------------------------------------------ samenvatting
    heading(doc, "Samenvatting financiële afspraken", 1)
    para(doc, "Het NPLV-gebied komt in aanmerking – op basis van de inschattingen van het aantal betaalbare woningen "
              "die in de periode {{ landelijk.periode }} een startbouw realiseren - voor de volgende rijksbijdragen. "
              "Bij de realisatiestimulans wordt achteraf uitgekeerd op basis van daadwerkelijke startbouw."
              # Only where the gebied has ORV or capaciteit: otherwise the sentence promises nothing real.
              "{% if orv or capaciteit %} Bij de opslagen voor ORV en ambtelijke capaciteit geldt dat de middelen "
              "achteraf worden uitgekeerd op basis van gemaakte kosten.{% endif %}")
    summary = new_table(doc, [W - 3005, 3005], 12)
    top = summary.rows[0]
    merged = top.cells[0].merge(top.cells[1])
    row_properties(top, E.table_header())
    cell_text(merged, "Rijksbijdrage NPLV-gebied {{ landelijk.periode_streep }} incl. btw", bold=True, keep_next=True)
    shade(merged, TABLE_HEADER_FILL)
    data_row(summary, 1, ["Inschatting mogelijke Realisatiestimulans NPLV",
                          "{{ realisatiestimulans.min }} / {{ realisatiestimulans.max }}"])
    rows = [
        ("orv", "Opslag ORV", "{{ orv.incl }}"),
        ("capaciteit", "Benodigde ambtelijke capaciteit puur NPLV", "{{ capaciteit.incl }}"),
        ("wbi", "Inschatting mogelijke Wbi", "{{ wbi.rijksbijdrage }}"),
    ]
    for index, (name, label, amount) in enumerate(rows):
        tag_row(summary, 2 + 3 * index, f"{{%tr if {name} %}}")
        data_row(summary, 3 + 3 * index, [label, amount])
        tag_row(summary, 4 + 3 * index, "{%tr endif %}")
    data_row(summary, 11, ["Totaal", "{{ samenvatting.totaal_min }} / {{ samenvatting.totaal_max }}"], bold=True,
             keep_next=False)
    after_table(doc)

    # ------------------------------------------------ afsluiting and signatures
    heading(doc, "Afsluiting", 1)
    para(doc, "In de gebieden van het Nationaal Programma Leefbaarheid en Veiligheid (NPLV) is er de kans een "
              "substantiële bijdrage te leveren aan de landelijke woningbouwopgave. Deze nieuwbouw gaat hand in hand "
              "met een grootschalige renovatie en verduurzaming van de woningvoorraad in deze gebieden. De realisatie "
              "van de woningbouwplannen gaat echter niet vanzelf. Potentie hier verzilveren heeft meer voeten in de "
              "aarde dan in andere gebieden. Er is daarom een belangrijke impuls nodig, voor de korte en de langere "
              "termijn. De afspraken die wij vandaag maken vormen een belangrijke stap op weg naar meer woningen en "
              "verbeterde wijken.")
    build_signatures(doc)

    # ------------------------------------------------ bijlage
    heading(doc, "BIJLAGE OVERIGE MOGELIJKE AFSPRAKEN", 1, new_page=True)
    para(doc, "Dit onderdeel omvat afspraken over zorggeschikte en zorggeclusterde woningen en bovenplanse "
              "infrastructuur. Over deze onderwerpen kunnen nu nog geen financiële afspraken worden gemaakt, omdat "
              "hiervoor aparte regelingen beschikbaar zijn. Voor deze regelingen kunnen gemeenten zelf een aanvraag "
              "indienen.")
    heading(doc, "Zorggeschikte en zorggeclusterde woonvormen", 2)
    para(doc, "Uit de inventarisatie de afgelopen maanden komt naar voren dat gemeenten voor de periode "
              "{{ landelijk.periode }} nog geen scherp beeld hebben van de omvang van de zorggeschikte en "
              "zorggeclusterde woningen. De nieuwe regeling van VRO – waarschijnlijk een opslag op de "
              "realisatiestimulans- is nog in ontwikkeling en zal in {{ landelijk.zorg_opslag_vanaf }} ingaan. Voor "
              "{{ landelijk.periode_start }} kunnen gemeenten een beroep doen op de bestaande regelingen. Voor "
              "zorggeschikt en zorggeclusterd bestaan in {{ landelijk.periode_start }} nog de volgende regelingen:")
    para(doc, "Stimuleringsregeling ontmoetingsruimten in ouderenhuisvesting (SOO). Deze regeling staat open t/m "
              "{{ landelijk.soo_open_tot }}. De subsidie kan aangevraagd worden door corporaties, marktpartijen en "
              "niet commerciële privaatrechterlijke rechtspersonen. De subsidie is maximaal "
              "{{ landelijk.soo_max_per_m2 }} per vierkante meter met een maximale bijdrage per project afhankelijk "
              "van het aantal woningen.", "List Bullet")
    para(doc, "Stimuleringsregeling Zorggeschikte Woningen voor woningbouwcorporaties en zorgaanbieders. Deze "
              "regeling is voor woningcorporaties of zorgaanbieders die geclusterde zorggeschikte woningen "
              "realiseren.", "List Bullet")
    para(doc, "In {{ landelijk.zorg_opslag_vanaf }} kan de gemeente gebruik -naar verwachting- maken van de opslag "
              "via de eerdergenoemde Realisatiestimulans van VRO.")

    heading(doc, "Bovenplanse infrastructuurprojecten IenW", 2)
    para(doc, "In het regeerprogramma zijn middelen beschikbaar gesteld voor infrastructuurprojecten. Het gaat totaal "
              "om {{ landelijk.ienw_totaal }} via het mobiliteitsfonds van het ministerie van Infrastructuur en "
              "Waterstaat. Daarvan is {{ landelijk.ienw_grootschalig }}. beschikbaar voor de grootschalige "
              "woningbouwgebieden en {{ landelijk.ienw_overig }}. voor de rest van Nederland. Ook de NPLV-gebieden "
              "hebben een bovenplanse infrastructuur opgave. Door de ligging in bestaande stadswijken is de "
              "infrastructuuropgave doorgaans kleiner. Gebieden vragen wel vaak om parkeeroplossingen, die vanwege de "
              "verdichting en het ruimtegebrek nodig zijn. Een WOKT-bijdrage maakt onderdeel uit van de integrale "
              "opgave om tot versnelling van de woningbouw te komen. De projecten die de NPLV-gebieden hebben "
              "geïdentificeerd kunnen door de gebieden worden ingediend bij het ministerie van IenW.")

    heading(doc, "Beter Benutten", 2)
    para(doc, "Door slim om te gaan met de gebouwen die er al staan, kunnen we meer betaalbare woningen toevoegen. "
              "Dit begint bij het beter in beeld krijgen van de potentie van beter benutten door onder andere "
              "corporaties en gemeenten. Daarbij gaat het om verschillende vormen van beter benutten: transformatie, "
              "optoppen, splitsen, woningdelen en aanpak van leegstand. Ook in de NPLV-gebieden zetten we in op het "
              "verzilveren van de potentie van beter benutten in combinatie met het verbeteren van de leefbaarheid.")
    para(doc, "Het ministerie van VRO ondersteunt via onder andere:")
    for item in (
        "Financiering potentiescans voor verschillende mogelijkheden van beter benutten.",
        "Ontwikkelen en delen van kennis en praktische handvatten, waaronder het kennisplatform optoppen, splitsgids, "
        "handreiking woningdelen, handreiking parkeernormen en visie op verbouw en renovatie (zie Manifest ‘De "
        "meeste woningen staan er al’ van NRP en Natuur en Milieu).",
        "De realisatiestimulans is ook beschikbaar voor woningen die zijn toegevoegd door het beter benutten van de "
        "bestaande gebouwen en bijbehorende omgeving.",
        "We blijven in gesprek over eventuele knelpunten in het beter benutten van bestaande gebouwen, onder andere "
        "aan de regionale versnellingstafels.",
    ):
        para(doc, item, "List Bullet")


SIGNING_LINE = ". . . . . . . . . . . . . . . ."


def build_signatures(doc):
    """Minister left, the gebied's signatory right, place and date under them.

    One borderless table, so that the block never breaks over a page: rows that
    cannot split, and "keep with next" on every paragraph but the last (Word and
    LibreOffice both keep such rows together; a table's last row is not reliably
    kept with a paragraph after the table, hence place and date in a last row).
    """
    half = TEXT_WIDTH // 2
    table = new_table(doc, [half, TEXT_WIDTH - half], 3, grid=False)
    functions, names, place = table.rows
    for cell, text in zip(functions.cells, ["{{ minister.functie }},",
                                            "{{ ondertekenaar.functie }}, {{ ondertekenaar.mandaat }},"]):
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Ondertekening"]
        set_ppr(paragraph, E.keep_next())
        add_text(paragraph, text)
    for cell, name in zip(names.cells, ["{{ minister.naam }},", "{{ ondertekenaar.naam }},"]):
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Ondertekening"]
        set_ppr(paragraph, E.keep_next(), E.spacing(before=240, after=0, line=264))
        add_text(paragraph, name)
        line = cell.add_paragraph(style="Ondertekening")
        set_ppr(line, E.keep_next(), E.spacing(before=1440, after=0, line=264))
        add_text(line, SIGNING_LINE)
    merged = place.cells[0].merge(place.cells[1])
    paragraph = merged.paragraphs[0]
    paragraph.style = doc.styles["Ondertekening"]
    set_ppr(paragraph, E.spacing(before=480, after=0, line=264))
    add_text(paragraph, "{{ ondertekening.plaats }}, {{ ondertekening.datum }}")
    after_table(doc)


# ---------------------------------------------------------------- main

def make(output: Path = OUTPUT) -> Path:
    doc = Document()
    drop_unused_parts(doc)
    setup_core_properties(doc)
    setup_styles(doc)
    setup_numbering(doc)
    setup_settings(doc)
    setup_page(doc)
    build_header(doc)
    build_body(doc)
    add_footnotes_part(doc)

    buffer = io.BytesIO()
    doc.save(buffer)
    # Rewritten with fixed zip timestamps and a stable entry order: the same script gives the same bytes.
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(zip_bytes(read_parts(buffer.getvalue())))
    return output


if __name__ == "__main__":
    print(make(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
