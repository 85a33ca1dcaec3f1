"""The revision helpers on small WordprocessingML fragments: what they write, where, and how it resolves."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree

from generator.ooxml import resolve
from generator.ooxml import revisions as rv
from generator.ooxml.names import W_NS, w
from generator.ooxml.text import paragraph_text

NS = f'xmlns:w="{W_NS}"'


def xml(fragment: str) -> etree._Element:
    """A fragment with the w: prefix declared on its root element."""
    cut = fragment.index(">")
    opening, rest = fragment[:cut], fragment[cut:]
    if opening.endswith("/"):
        opening, rest = opening[:-1], "/" + rest
    return etree.fromstring(f"{opening} {NS}{rest}")


def tags(element: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in element]


def texts(root: etree._Element) -> list[str]:
    return [paragraph_text(p) for p in root.iter(w("p"))]


@pytest.fixture
def rev() -> rv.Revisions:
    return rv.Revisions.at("Jurist", datetime(2025, 6, 24, 12, 0, tzinfo=timezone.utc))


# --- dates and ids --------------------------------------------------------------------------------

def test_iso_date_is_utc_whole_seconds():
    cet = timezone(timedelta(hours=2))
    assert rv.iso_date(datetime(2025, 6, 24, 14, 30, 15, 999, tzinfo=cet)) == "2025-06-24T12:30:15Z"
    assert rv.iso_date(datetime(2025, 6, 24)) == "2025-06-24T00:00:00Z"  # naive: taken as UTC


def test_revision_elements_carry_fresh_ids_author_and_date(rev):
    first, second = rev.element(rv.INS), rev.element(rv.DEL)
    assert (first.get(w("id")), second.get(w("id"))) == ("1", "2")
    assert first.get(w("author")) == "Jurist"
    assert first.get(w("date")) == "2025-06-24T12:00:00Z"


# --- run-level revisions --------------------------------------------------------------------------

def test_tracked_insertion_wraps_sibling_runs_in_place(rev):
    p = xml('<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r><w:r><w:t>c</w:t></w:r></w:p>')
    ins = rv.tracked_insertion(p[1:3], rev)
    assert tags(p) == ["r", "ins"]
    assert tags(ins) == ["r", "r"]
    assert paragraph_text(p) == "abc"


def test_tracked_deletion_turns_text_into_deleted_text(rev):
    p = xml('<w:p><w:r><w:t>keep</w:t></w:r><w:r><w:instrText> PAGE </w:instrText><w:t>gone</w:t></w:r></w:p>')
    deletion = rv.tracked_deletion([p[1]], rev)
    assert [etree.QName(c).localname for c in deletion[0]] == ["delInstrText", "delText"]
    assert paragraph_text(p) == "keep"
    assert paragraph_text(p, deleted=True) == "keepgone"


def test_group_siblings_splits_at_gaps():
    p = xml('<w:p><w:r/><w:r/><w:bookmarkStart/><w:r/></w:p>')
    runs = p.findall(w("r"))
    assert [len(g) for g in rv.group_siblings(runs)] == [2, 1]


# --- paragraph marks, rows, property changes: schema order ----------------------------------------

def test_paragraph_mark_goes_first_in_the_mark_properties_before_sect_pr(rev):
    p = xml('<w:p><w:pPr><w:pStyle w:val="Kop1"/><w:jc w:val="left"/><w:sectPr/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>')
    rv.mark_paragraph_inserted(p, rev)
    ppr = p[0]
    assert tags(ppr) == ["pStyle", "jc", "rPr", "sectPr"]
    assert rv.paragraph_mark(p) == "ins"


def test_paragraph_mark_precedes_existing_mark_formatting(rev):
    p = xml('<w:p><w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:pPr></w:p>')
    rv.mark_paragraph_deleted(p, rev)
    assert tags(p[0][0]) == ["del", "b", "sz"]
    rv.mark_paragraph_inserted(p, rev)  # a paragraph mark is either inserted or deleted
    assert tags(p[0][0]) == ["ins", "b", "sz"]


def test_paragraph_without_properties_gets_them_first(rev):
    p = xml('<w:p><w:r><w:t>x</w:t></w:r></w:p>')
    rv.mark_paragraph_deleted(p, rev)
    assert tags(p) == ["pPr", "r"]
    assert tags(p[0]) == ["rPr"]


def test_row_marks_follow_row_properties_and_precede_tr_pr_change(rev):
    tr = xml('<w:tr><w:tblPrEx/><w:trPr><w:trHeight w:val="300"/><w:trPrChange/></w:trPr><w:tc><w:p/></w:tc></w:tr>')
    rv.mark_row_deleted(tr, rev)
    assert tags(tr) == ["tblPrEx", "trPr", "tc"]
    assert tags(tr[1]) == ["trHeight", "del", "trPrChange"]
    bare = xml('<w:tr><w:tblPrEx/><w:tc><w:p/></w:tc></w:tr>')
    rv.mark_row_inserted(bare, rev)
    assert tags(bare) == ["tblPrEx", "trPr", "tc"]
    assert rv.row_mark(bare) == "ins"


def test_ppr_change_holds_old_base_properties_only_and_comes_last(rev):
    p = xml('<w:p><w:pPr><w:pStyle w:val="Nieuw"/><w:rPr><w:b/></w:rPr><w:sectPr/></w:pPr></w:p>')
    old = xml('<w:pPr><w:pStyle w:val="Oud"/><w:jc w:val="center"/><w:rPr><w:i/></w:rPr></w:pPr>')
    change = rv.add_ppr_change(p, old, rev)
    assert tags(p[0]) == ["pStyle", "rPr", "sectPr", "pPrChange"]
    assert tags(change[0]) == ["pStyle", "jc"]


def test_rpr_change_comes_last_in_run_properties(rev):
    r = xml('<w:r><w:rPr><w:b/></w:rPr><w:t>x</w:t></w:r>')
    rv.add_rpr_change(r, xml('<w:rPr><w:i/></w:rPr>'), rev)
    assert tags(r[0]) == ["b", "rPrChange"]


# --- accept all / reject all ----------------------------------------------------------------------

TRACKED = """<w:body>
  <w:p><w:r><w:t>Het bedrag is € </w:t></w:r>
    <w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>7.335.000</w:delText></w:r></w:del>
    <w:ins w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>7.500.000</w:t></w:r></w:ins></w:p>
  <w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>
    <w:del w:id="4" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>Weg.</w:delText></w:r></w:del></w:p>
  <w:p><w:pPr><w:rPr><w:ins w:id="5" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>
    <w:ins w:id="6" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>Nieuw.</w:t></w:r></w:ins></w:p>
  <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
    <w:tr><w:trPr><w:del w:id="7" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:trPr><w:tc><w:p>
      <w:del w:id="8" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>b</w:delText></w:r></w:del></w:p></w:tc></w:tr>
    <w:tr><w:trPr><w:ins w:id="9" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:trPr><w:tc><w:p>
      <w:ins w:id="10" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>c</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl>
  <w:p><w:r><w:t>Slot</w:t></w:r></w:p>
</w:body>"""


def test_accept_all_gives_the_new_text():
    root = resolve.accept_all(xml(TRACKED))
    assert texts(root) == ["Het bedrag is € 7.500.000", "Nieuw.", "a", "c", "Slot"]
    assert not list(root.iter(rv.INS, rv.DEL, rv.DEL_TEXT, w("trPr")))


def test_reject_all_gives_the_old_text():
    root = resolve.reject_all(xml(TRACKED))
    assert texts(root) == ["Het bedrag is € 7.335.000", "Weg.", "a", "b", "Slot"]
    assert not list(root.iter(rv.INS, rv.DEL, rv.DEL_TEXT))


MIXED = """<w:body>
  <w:p><w:r><w:t>Het bedrag is </w:t></w:r>
    <w:del w:id="1" w:author="afspraken" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>1</w:delText></w:r></w:del>
    <w:ins w:id="2" w:author="afspraken" w:date="2025-01-01T00:00:00Z"><w:r><w:t>2</w:t></w:r></w:ins>
    <w:del w:id="3" w:author="jurist" w:date="2025-01-02T00:00:00Z"><w:r><w:delText> euro</w:delText></w:r></w:del>
    <w:ins w:id="4" w:author="jurist" w:date="2025-01-02T00:00:00Z"><w:r><w:t> EUR</w:t></w:r></w:ins></w:p>
  <w:p><w:pPr><w:rPr><w:del w:id="5" w:author="jurist" w:date="2025-01-02T00:00:00Z"/></w:rPr></w:pPr>
    <w:r><w:t>Een</w:t></w:r></w:p>
  <w:p><w:r><w:t>Twee</w:t></w:r></w:p>
</w:body>"""


def test_only_the_changes_of_the_authors_named_are_resolved():
    """A redline of the engine ("afspraken") that a lawyer ("jurist") edited: the engine's accepted, the lawyer's
    left tracked (the deleted paragraph mark too: the paragraphs stay apart); then rejected."""
    root = resolve.accept_all(xml(MIXED), frozenset({"afspraken"}))
    assert [paragraph_text(p) for p in root.iter(w("p"))] == ["Het bedrag is 2 EUR", "Een", "Twee"]
    assert {c.get(w("author")) for c in root.iter(rv.INS, rv.DEL)} == {"jurist"}
    resolve.reject_all(root)  # the paragraph mark the lawyer deleted is there again
    assert [paragraph_text(p) for p in root.iter(w("p"))] == ["Het bedrag is 2 euro", "Een", "Twee"]
    assert not list(root.iter(rv.INS, rv.DEL))


def test_dropped_paragraph_mark_joins_the_next_paragraph_which_keeps_its_properties():
    body = xml("""<w:body>
      <w:p><w:pPr><w:pStyle w:val="A"/><w:rPr><w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>
        <w:r><w:t>een </w:t></w:r></w:p>
      <w:p><w:pPr><w:pStyle w:val="B"/></w:pPr><w:r><w:t>twee</w:t></w:r></w:p></w:body>""")
    resolve.accept_all(body)
    assert texts(body) == ["een twee"]
    assert body.find(f"{w('p')}/{w('pPr')}/{w('pStyle')}").get(w("val")) == "B"


def test_table_whose_rows_all_go_goes_too():
    body = xml("""<w:body><w:tbl><w:tr><w:trPr><w:ins w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:trPr>
      <w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:body>""")
    resolve.reject_all(body)
    assert tags(body) == ["p"]


def test_property_changes_accept_drops_reject_restores():
    p = """<w:p><w:pPr><w:pStyle w:val="Nieuw"/><w:rPr><w:b/></w:rPr>
      <w:pPrChange w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"><w:pPr><w:pStyle w:val="Oud"/><w:jc w:val="center"/></w:pPr></w:pPrChange></w:pPr>
      <w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>x</w:t></w:r></w:p>"""
    accepted = resolve.accept_all(xml(p))
    assert tags(accepted[0]) == ["pStyle", "rPr"] and tags(accepted[1][0]) == ["b"]
    rejected = resolve.reject_all(xml(p))
    assert tags(rejected[0]) == ["pStyle", "jc", "rPr"]
    assert rejected[0][0].get(w("val")) == "Oud"
    assert tags(rejected[1][0]) == ["i"]


def test_deleted_content_inside_a_hyperlink_resolves():
    p = xml("""<w:p><w:hyperlink><w:r><w:t>zie </w:t></w:r>
      <w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>oud</w:delText></w:r></w:del>
      <w:ins w:id="2" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>nieuw</w:t></w:r></w:ins></w:hyperlink></w:p>""")
    assert paragraph_text(resolve.accept_all(copy_of(p))) == "zie nieuw"
    assert paragraph_text(resolve.reject_all(copy_of(p))) == "zie oud"


def copy_of(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))
