"""Every change explained inside Word: comments in the redline, the overview document, the coverage statement.

The versions are those of tests/test_states.py (`four`): v1 (beoordeeld) → v4 of Amsterdam Nieuw-West with three
data changes (an ORV amount changed twice, a housing figure, a word of prose) and the signatory changed and back.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from lxml import etree

from generator.ooxml import comments as cm
from generator.ooxml import revisions as rv
from generator.ooxml import resolve
from generator.ooxml import tracked
from generator.ooxml.names import W_NS, w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text

from .redline_docs import resolved, texts
from .test_states import ANW, TIMES, afspraken, four  # noqa: F401  (four: the module fixture)

REDLINE = f"{ANW}-v1-v4-wijzigingen.docx"
OVERVIEW = f"{ANW}-v1-v4-wijzigingen-overzicht.docx"


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the only line of the YAML file that holds `text` (read here, not by the loader)."""
    (number,) = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                  if line.strip().startswith(text)]
    return number


def comment_texts(path: Path) -> list[str]:
    return [" ".join(c.text.replace("\u00a0", " ").split()) for c in docx.Document(path).comments]


def test_comments_name_each_changed_field_with_its_file_and_line(four):
    data, out = four
    yaml = data / "gebieden" / f"{ANW}.yaml"
    found = comment_texts(out / ANW / REDLINE)
    plein = line_of(yaml, "bedrag_incl_btw: 7600000")
    woningen = line_of(yaml, "woningen: 12600")
    programma = line_of(yaml, "Samen Nieuw-West is een twintigjarig")  # the line of the changed word, not the key's
    where = f"gebieden/{ANW}.yaml, regel"
    # the field itself, where its figure is shown
    assert any(t.startswith("ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.600.000;")
               and t.endswith(f"{where} {plein}") for t in found), found
    assert any(t.startswith("Woningbouw – Puur NPLV, woningen: 12.475 → 12.600;") and t.endswith(f"{where} {woningen}")
               for t in found), found
    assert any(t.startswith("Tekst – programma: gewijzigd;") and t.endswith(f"{where} {programma}") for t in found), found
    # figures computed from it: "volgt uit"
    total = 14551 - 12475 + 12600
    assert any(t.startswith(f"Totaal woningen: 14.551 → {total:,}".replace(",", ".") + ", volgt uit: Woningbouw – Puur NPLV")
               for t in found), found
    orv = 19_035_000 - 7_335_000 + 7_600_000
    assert any(t.startswith(f"Opslag ORV incl. btw: € 19.035.000 → € {orv:,}".replace(",", ".")) and "volgt uit: ORV – Herinrichting"
               in t for t in found), found
    assert not any("niet gevonden" in t for t in found), found


def test_comments_are_anchored_and_dated_as_the_revisions(four):
    _, out = four
    parts = read_parts((out / ANW / REDLINE).read_bytes())
    document = parse_xml(parts["word/document.xml"])
    notes = parse_xml(parts["word/comments.xml"])
    ids = [c.get(w("id")) for c in notes.iter(w("comment"))]
    assert ids and len(set(ids)) == len(ids)
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        assert sorted(e.get(w("id")) for e in document.iter(w(tag))) == sorted(ids), tag
    for comment in notes.iter(w("comment")):
        assert comment.get(w("author")) == "afspraken (VRO)" and comment.get(w("date")) == TIMES[3]
    revisions = {(e.get(w("author")), e.get(w("date"))) for e in document.iter(w("ins"), w("del"))}
    assert revisions == {("afspraken (VRO)", TIMES[3])}
    # every comment sits at a change: the first element after its start is a revision (or a changed row's text)
    for start in document.iter(w("commentRangeStart")):
        assert start.getnext().tag in (w("ins"), w("del"), w("r")), etree.tostring(start.getparent())[:300]


def test_accept_all_and_reject_all_are_the_versions_with_or_without_comments(four):
    _, out = four
    folder = out / ANW
    marked = read_parts((folder / REDLINE).read_bytes())
    assert texts(resolved(marked, accept=True)) == texts(read_parts((folder / f"{ANW}-v4.docx").read_bytes()))
    assert texts(resolved(marked, accept=False)) == texts(read_parts((folder / f"{ANW}-v1.docx").read_bytes()))


def test_the_overview_has_one_row_per_change(four):
    data, out = four
    folder = out / ANW
    table = docx.Document(folder / OVERVIEW).tables[0]
    rows = [[" ".join(c.text.replace("\u00a0", " ").split()) for c in row.cells] for row in table.rows]
    assert rows[0] == ["Nr", "Waar", "Was", "Wordt", "Oorzaak"]
    marked = read_parts((folder / REDLINE).read_bytes())
    stretches = _stretches(marked)
    assert len(rows) - 1 == len(stretches) == len(comment_texts(folder / REDLINE))
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(rows))]
    # the stretches, an amount with its "€ " (the redline leaves the unchanged "€ " outside the change)
    # and a change of words in its sentence, the change marked «…»
    def core(text: str) -> str:
        marked = re.findall(r"«(.*?)»", text)
        return "".join(marked) if marked else text.removeprefix("€ ")

    assert [(core(r[2]), core(r[3])) for r in rows[1:]] == stretches
    plein = line_of(data / "gebieden" / f"{ANW}.yaml", "bedrag_incl_btw: 7600000")
    (row,) = [r for r in rows if r[2] == "€ 7.335.000"]
    assert row[3] == "€ 7.600.000" and row[4].endswith(f"regel {plein}") and "Herinrichting Plein" in row[1]
    assert [r for r in rows if r[2].startswith("Samen Nieuw-West is een «20-jarig» programma waarin")
            and r[3].startswith("Samen Nieuw-West is een «twintigjarig» programma") and r[3].endswith("nieuwe generaties.")]
    coverage = [p.text for p in docx.Document(folder / OVERVIEW).paragraphs]
    assert any(t.startswith("Vergeleken:") for t in coverage) and any(t.startswith("Niet vergeleken:") for t in coverage)
    assert "Van wat niet vergeleken is, is niets verschillend tussen de twee versies." in coverage


def _stretches(parts) -> list[tuple[str, str]]:
    """(deleted, inserted) text of each run of adjacent w:ins/w:del in a body or footnote paragraph: written
    here from the XML, apart from the engine's reader, to count the changes the overview must list."""
    found = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        if name not in parts:
            continue
        for p in parse_xml(parts[name]).iter(w("p")):
            group: list = []
            for child in list(p) + [None]:
                if child is not None and child.tag in (w("ins"), w("del")):
                    group.append(child)
                elif child is not None and child.tag in (w("commentRangeStart"), w("commentRangeEnd")) and group:
                    continue
                elif group:
                    found.append(("".join(t.text or "" for g in group if g.tag == w("del") for t in g.iter(w("delText"))),
                                  "".join(t.text or "" for g in group if g.tag == w("ins") for t in g.iter(w("t")))))
                    group = []
    return [(" ".join(a.replace("\u00a0", " ").split()) or "—", " ".join(b.replace("\u00a0", " ").split()) or "—") for a, b in found]


def test_both_validators_pass_on_redlines_with_comments_and_on_overviews(four):
    from .validators import all_errors

    _, out = four
    files = sorted((out / ANW).glob("*-wijzigingen*.docx"))
    assert len(files) >= 8
    assert all_errors(files) == []


def test_overview_and_redline_are_the_same_bytes_when_made_again(four):
    _, out = four
    folder = out / ANW
    before = {name: (folder / name).read_bytes() for name in (REDLINE, OVERVIEW, REDLINE.replace(".docx", ".md"))}
    for _ in range(2):
        assert afspraken("compare", ANW, "--from", "beoordeeld", "--out", str(out)).returncode == 0
        assert {name: (folder / name).read_bytes() for name in before} == before


# --- small fragments: reading changes back, anchoring comments --------------------------------------

NS = f'xmlns:w="{W_NS}"'


def story(body: str) -> etree._Element:
    return etree.fromstring(f'<w:document {NS}><w:body>{body}</w:body></w:document>')


REV = 'w:author="a" w:date="2026-04-06T12:00:00Z"'
FRAGMENT = (
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Financiën</w:t></w:r></w:p>'
    f'<w:p><w:r><w:t xml:space="preserve">Een bedrag van € </w:t></w:r><w:del w:id="1" {REV}><w:r><w:delText>7.335.000</w:delText></w:r></w:del>'
    f'<w:ins w:id="2" {REV}><w:r><w:t>7.600.000</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> en </w:t></w:r>'
    f'<w:ins w:id="3" {REV}><w:r><w:t>nieuw</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>'
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ORV</w:t></w:r></w:p></w:tc></w:tr>'
    f'<w:tr><w:trPr><w:ins w:id="4" {REV}/></w:trPr><w:tc><w:p><w:ins w:id="5" {REV}><w:r><w:t>Wbi</w:t></w:r></w:ins></w:p></w:tc>'
    f'<w:tc><w:p><w:ins w:id="6" {REV}><w:r><w:t>900</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl>'
)


def test_changes_are_read_back_one_per_stretch_with_where_they_are():
    root = story(FRAGMENT)
    found = tracked.changes({"word/document.xml": root})
    assert [(c.where, c.was, c.wordt, c.kind) for c in found] == [
        ("Financiën", "7.335.000", "7.600.000", "tekst"),
        ("Financiën", "", "nieuw", "tekst"),
        ("Financiën, tabel, rij «Wbi»", "", "Wbi | 900", "rij"),
    ]
    assert {(c.author, c.date) for c in found} == {("a", "2026-04-06T12:00:00Z")}


def test_comments_anchor_around_a_change_and_change_no_text():
    root = story(FRAGMENT)
    found = tracked.changes({"word/document.xml": root})
    for number, change in enumerate(found):
        cm.anchor(change.first, change.last, number)
    p = root.find(f"{w('body')}/{w('p')}[2]")
    assert [etree.QName(c).localname for c in p] == [
        "r", "commentRangeStart", "del", "ins", "commentRangeEnd", "r", "r", "commentRangeStart", "ins", "commentRangeEnd",
        "r", "r"]
    assert p[5].find(w("commentReference")).get(w("id")) == "0"
    for accept, expected in ((True, "Een bedrag van € 7.600.000 en nieuw."), (False, "Een bedrag van € 7.335.000 en .")):
        copy = etree.fromstring(etree.tostring(root))
        (resolve.accept_all if accept else resolve.reject_all)(copy)
        assert paragraph_text(copy.find(f"{w('body')}/{w('p')}[2]")) == expected


def test_comment_element_and_part():
    element = cm.comment(3, "afspraken (VRO)", "2026-04-06T12:00:00Z", "Wbi – x: € 1 → € 2 & <meer>", "VRO")
    assert element.get(w("id")) == "3" and element.get(w("initials")) == "VRO"
    assert paragraph_text(element.find(w("p"))) == "Wbi – x: € 1 → € 2 & <meer>"
    parts = read_parts(_plain_docx())
    out = cm.with_comments(parts, [element])
    assert "word/comments.xml" in out
    assert b"comments+xml" in out["[Content_Types].xml"] and b"relationships/comments" in out["word/_rels/document.xml.rels"]
    assert cm.first_free_id(cm.existing(out)) == 4
    assert cm.with_comments(parts, []) is parts


def _plain_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Tekst.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the coverage statement ---------------------------------------------------------------------------

def _table_doc(width_cm: float, shading: str | None) -> dict[str, bytes]:
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("Voor de tabel.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "ORV", "€ 1.000"
    table.cell(0, 0).width = Cm(width_cm)
    if shading:
        shd = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", shading)):
            shd.set(f"{{{W_NS}}}{key.split(':')[1]}", value)
        table.cell(0, 1)._tc.get_or_add_tcPr().append(shd)
    buffer = io.BytesIO()
    document.save(buffer)
    return read_parts(buffer.getvalue())


def test_coverage_never_says_no_changes_while_something_not_compared_differs():
    from generator.redline.coverage import not_compared, statement

    same = _table_doc(3, None)
    assert not_compared(same, _table_doc(3, None)) == []
    assert "Geen wijzigingen in de vergeleken tekst." in statement(same, _table_doc(3, None), [])
    shaded = _table_doc(3, "FFFF00")
    assert not_compared(same, shaded) == ["tabel- en celeigenschappen"]
    lines = statement(same, shaded, [])
    assert "Geen wijzigingen in de vergeleken tekst." not in lines
    assert any("tabel- en celeigenschappen" in line and "Controleer" in line for line in lines)
    assert any(line.startswith("Geen wijzigingen in de vergeleken tekst; wel in wat niet vergeleken is") for line in lines)
    assert not_compared(same, _table_doc(5, None)) == ["tabel- en celeigenschappen"]


def test_the_redline_command_reports_what_it_did_not_compare(tmp_path):
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    from generator.ooxml.package import zip_bytes

    old.write_bytes(zip_bytes(_table_doc(3, None)))
    new.write_bytes(zip_bytes(_table_doc(3, "FFFF00")))
    result = afspraken("redline", str(old), str(new), "-o", str(tmp_path / "r.docx"))
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "niet vergeleken" in said.lower() and "tabel- en celeigenschappen" in said


def test_a_moved_paragraph_is_reported_as_deletion_plus_insertion():
    from generator.redline.coverage import moved

    sentence = "Partijen spannen zich in om de plannen tijdig te realiseren."
    body = (f'<w:p><w:del w:id="1" {REV}><w:r><w:delText>{sentence}</w:delText></w:r></w:del></w:p>'
            '<w:p><w:r><w:t>Midden.</w:t></w:r></w:p>'
            f'<w:p><w:ins w:id="2" {REV}><w:r><w:t>{sentence}</w:t></w:r></w:ins></w:p>')
    assert moved(tracked.changes({"word/document.xml": story(body)})) == 1


@pytest.mark.parametrize("national", [True, False])
def test_cause_of_a_national_parameter_and_of_unexplained_text(national):
    from generator.review import explain
    from generator.store.manifest import Snapshot

    base = {"slug": "x", "realisatiestimulans": {"bedrag_per_woning": 7000}}
    new = {"slug": "x", "realisatiestimulans": {"bedrag_per_woning": 7200 if national else 7000}}
    bron = {"landelijk": {"bestand": "data/landelijk.yaml", "regels": {"realisatiestimulans.bedrag_per_woning": 21}}}
    given = explain.inputs(Snapshot.model_validate({"gebied": {}, "landelijk": base, "bron": bron, "sjabloon": "a"}),
                           Snapshot.model_validate({"gebied": {}, "landelijk": new, "bron": bron,
                                                    "sjabloon": "a" if national else "b"}))
    root = story(f'<w:p><w:r><w:t>€ </w:t></w:r><w:del w:id="1" {REV}><w:r><w:delText>7.000,-</w:delText></w:r></w:del>'
                 f'<w:ins w:id="2" {REV}><w:r><w:t>7.200,-</w:t></w:r></w:ins></w:p>'
                 f'<w:p><w:ins w:id="3" {REV}><w:r><w:t>Een nieuwe zin.</w:t></w:r></w:ins></w:p>')
    figure, sentence = tracked.changes({"word/document.xml": root})
    if national:
        assert explain.cause(figure, given).replace("\u00a0", " ") == "landelijk.yaml: bedrag per woning € 7.000 → € 7.200 (regel 21)"
    else:
        assert explain.cause(sentence, given) == "tekst van het sjabloon gewijzigd"
        assert re.search("niet gevonden", explain.cause(figure, explain.inputs(Snapshot(), Snapshot())))


# --- LibreOffice, the independent reader ---------------------------------------------------------------

def _without_comments(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The redline with its comment markup taken out (anchors, reference runs, the comments part and its
    relationship and content type). LibreOffice 7.4 aborts when a document with comments (any: also one
    made by python-docx) is loaded through UNO here, while its command-line import reads them; so the
    accept/reject round trip runs on this copy, and the comments are read from LibreOffice's own import
    (soffice --convert-to odt). That the markup changes no text is shown above on fragments and by the
    engine's own accept/reject of the file with comments."""
    out = dict(parts)
    document = parse_xml(parts["word/document.xml"])
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in list(document.iter(w(tag))):
            el.getparent().remove(el)
    for ref in list(document.iter(w("commentReference"))):
        run = ref.getparent()
        run.getparent().remove(run)
    from generator.ooxml.package import serialize

    out["word/document.xml"] = serialize(document)
    out.pop("word/comments.xml")
    out["word/_rels/document.xml.rels"] = re.sub(rb'<Relationship [^>]*relationships/comments"[^>]*/>', b"",
                                                 parts["word/_rels/document.xml.rels"])
    out["[Content_Types].xml"] = re.sub(rb'<Override PartName="/word/comments.xml"[^>]*/>', b"", parts["[Content_Types].xml"])
    return out


@pytest.mark.libreoffice
def test_libreoffice_reads_the_redline_since_the_reviewed_version(four, tmp_path):
    import zipfile

    from generator.ooxml.package import zip_bytes

    from . import libreoffice
    from .redline_docs import lo_texts

    _, out = four
    folder = out / ANW
    plain = tmp_path / "zonder-opmerkingen.docx"
    plain.write_bytes(zip_bytes(_without_comments(read_parts((folder / REDLINE).read_bytes()))))
    got = libreoffice.review([(plain, "accept"), (plain, "reject"), (folder / f"{ANW}-v4.docx", "none"),
                              (folder / f"{ANW}-v1.docx", "none"), (folder / OVERVIEW, "none")])
    accepted, rejected, v4, v1, overview = got
    for result in got:
        assert result["error"] is None, result
    assert accepted["redlines"] > 0 and accepted["redlines_after"] == 0
    assert lo_texts(accepted) == lo_texts(v4)  # text, bold/italic, notes, headers
    assert lo_texts(rejected) == lo_texts(v1)
    # the overview opens; its table (read cell by cell) has the header and one row of five cells per change
    cells = overview["body"]
    start = cells.index("Nr")
    assert cells[start:start + 5] == ["Nr", "Waar", "Was", "Wordt", "Oorzaak"]
    changes = len(comment_texts(folder / REDLINE))
    numbers = [cells[start + 5 * k] for k in range(1, changes + 1)]
    assert numbers == [str(k) for k in range(1, changes + 1)]
    assert cells[start + 5 * (changes + 1)] == "Wat is vergeleken"
    # LibreOffice's own import of the redline with its comments: one annotation per comment, same texts
    (odt,) = libreoffice.convert_many([folder / REDLINE], "odt", tmp_path)
    content = zipfile.ZipFile(odt).read("content.xml")
    root = etree.fromstring(content)
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0", "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "dc": "http://purl.org/dc/elements/1.1/"}
    notes = root.xpath("//office:annotation", namespaces=ns)
    seen = [" ".join("".join(p.itertext()).replace("\u00a0", " ").split()) for n in notes for p in n.xpath("text:p", namespaces=ns)]
    assert seen == comment_texts(folder / REDLINE)
    assert {n.xpath("string(dc:creator)", namespaces=ns) for n in notes} == {"afspraken (VRO)"}
    assert {n.xpath("string(dc:date)", namespaces=ns)[:19] for n in notes} == {TIMES[3][:19]}
    assert root.xpath("count(//text:changed-region)", namespaces=ns) > 0
