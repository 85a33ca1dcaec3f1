"""Section properties compared by their rendered effect (ooxml.sections.signature): LibreOffice's re-save of the
template writes every default out and sets the distance of a footer the section does not have to 0; that is no
change. The two sectPr below are the template's and LibreOffice 7.4's save of it, as they were read."""

from __future__ import annotations

from lxml import etree

from generator.ooxml import sections as sp
from generator.ooxml.names import R_NS, W_NS

NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
TEMPLATE = (f'<w:sectPr {NS} w:rsidR="00FC693F"><w:headerReference w:type="default" r:id="rId1"/>'
            '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1985" w:right="2891" w:bottom="1418" w:left="1531" '
            'w:header="709" w:footer="709" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')
LIBREOFFICE = (f'<w:sectPr {NS}><w:headerReference w:type="default" r:id="rId2"/><w:footnotePr><w:numFmt w:val="decimal"/>'
               '</w:footnotePr><w:type w:val="nextPage"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1531" '
               'w:right="2891" w:gutter="0" w:header="709" w:top="1985" w:footer="0" w:bottom="1418"/>'
               '<w:pgNumType w:fmt="decimal"/><w:formProt w:val="false"/><w:textDirection w:val="lrTb"/>'
               '<w:docGrid w:type="default" w:linePitch="360" w:charSpace="8192"/></w:sectPr>')


def sig(xml: str) -> tuple:
    return sp.signature(etree.fromstring(xml))


def test_libreoffice_resave_of_the_section_is_the_same_section():
    assert sig(TEMPLATE) == sig(LIBREOFFICE)


def test_a_real_change_of_the_section_is_one():
    changes = [
        TEMPLATE.replace('w:top="1985"', 'w:top="2000"'),
        TEMPLATE.replace('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'),
        TEMPLATE.replace('<w:cols w:space="720"/>', '<w:cols w:num="2" w:space="720"/>'),
        TEMPLATE.replace('<w:docGrid w:linePitch="360"/>', '<w:docGrid w:type="lines" w:linePitch="360"/>'),
        TEMPLATE.replace('<w:docGrid', '<w:titlePg/><w:docGrid'),
        TEMPLATE.replace('w:header="709"', 'w:header="800"'),  # the section has a header: its distance counts
        LIBREOFFICE.replace('<w:numFmt w:val="decimal"/>', '<w:numFmt w:val="lowerRoman"/>'),
    ]
    for changed in changes:
        assert sig(changed) != sig(TEMPLATE), changed
    # a footer's distance counts once the section has a footer
    with_footer = TEMPLATE.replace('<w:pgSz', '<w:footerReference w:type="default" r:id="rId9"/><w:pgSz')
    assert sig(with_footer) != sig(with_footer.replace('w:footer="709"', 'w:footer="0"'))
