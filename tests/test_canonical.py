"""generator/ooxml/canonical.py on small fragments: what a reader sees, however it is written."""

from __future__ import annotations

from generator.ooxml.canonical import reader_texts, reader_view
from generator.ooxml.fields import field_code

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = f"""<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>
<w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:spacing w:after="240"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop"><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style></w:styles>"""


def view(body: str, styles: str = STYLES) -> list[str]:
    document = f"<w:document {W}><w:body>{body}</w:body></w:document>"
    return reader_view({"word/document.xml": document.encode(), "word/styles.xml": styles.encode()})


def run(text: str, rpr: str = "", attrs: str = "") -> str:
    return f'<w:r{attrs}>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_runs_cut_anywhere_and_rsids_read_as_one_text():
    assert view(f"<w:p>{run('Het is vast.')}</w:p>") == view(
        f'<w:p w:rsidR="00AB" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" w14:paraId="1A2B3C4D">'
        + run("Het ", attrs=' w:rsidRPr="00CD"') + f'<w:proofErr w:type="spellStart"/>{run("is ")}'
        f'<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
        f'<w:r><w:lastRenderedPageBreak/><w:t>vast.</w:t></w:r></w:p>')


def test_formatting_as_rendered_through_the_styles():
    plain = view(f"<w:p>{run('Tekst')}</w:p>")
    same = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/><w:b w:val="0"/>'
    assert plain == view(f"<w:p>{run('Tekst', same)}</w:p>")
    assert plain == view(f'<w:p><w:pPr><w:pStyle w:val="Normal"/><w:spacing w:after="240" w:before="0"/></w:pPr>{run("Tekst")}</w:p>')
    assert plain != view(f"<w:p>{run('Tekst', '<w:b/>')}</w:p>")  # bold that the style does not give: a change
    bigger = '<w:sz w:val="22"/>'
    assert plain != view(f"<w:p>{run('Tekst', bigger)}</w:p>")
    heading = view(f'<w:p><w:pPr><w:pStyle w:val="Kop"/></w:pPr>{run("Tekst")}</w:p>')
    assert heading == view(f"<w:p>{run('Tekst', '<w:b/>')}</w:p>")  # the heading's bold from its style, or direct


def test_styles_written_differently_but_rendering_the_same():
    moved = STYLES.replace('<w:sz w:val="20"/></w:rPr></w:rPrDefault>', "</w:rPr></w:rPrDefault>").replace(
        '<w:pPr><w:spacing w:after="240"/></w:pPr></w:style>', '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="20"/></w:rPr></w:style>', 1)
    assert view(f"<w:p>{run('Tekst')}</w:p>") == view(f"<w:p>{run('Tekst')}</w:p>", moved)


def field(instruction: str, cached: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(cached)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def test_fields_by_their_code_not_their_cached_result():
    one = view(f"<w:p>{run('Pagina ')}{field(' PAGE ', '1')}</w:p>")
    merge = "PAGE  \\* MERGEFORMAT"
    assert one == view(f"<w:p>{run('Pagina ')}{field(merge, '12')}</w:p>")
    assert one == view(f'<w:p>{run("Pagina ")}<w:fldSimple w:instr=" PAGE ">{run("3")}</w:fldSimple></w:p>')
    assert one != view(f"<w:p>{run('Pagina ')}{field(' NUMPAGES ', '1')}</w:p>")
    assert field_code(' DATE \\@ "d MMMM yyyy" \\* MERGEFORMAT ') == 'DATE \\@ "d MMMM yyyy"'


def test_a_page_break_ending_a_paragraph_is_a_break_before_the_next():
    before = view(f'<w:p>{run("Een")}</w:p><w:p><w:pPr><w:pageBreakBefore/></w:pPr>{run("Twee")}</w:p>')
    assert before == view(f'<w:p>{run("Een")}<w:r><w:br w:type="page"/></w:r></w:p><w:p>{run("Twee")}</w:p>')
    assert before != view(f'<w:p>{run("Een")}</w:p><w:p>{run("Twee")}</w:p>')


def test_text_changes_are_changes():
    assert view(f"<w:p>{run('Het is vast.')}</w:p>") != view(f"<w:p>{run('Het is zeker.')}</w:p>")
    assert reader_texts({"word/document.xml": f"<w:document {W}><w:body><w:p>{run('Pagina ')}{field('PAGE', '7')}</w:p>"
                         f"</w:body></w:document>".encode()}) == ["Pagina [veld PAGE]"]
