"""A lawyer's returned copy read back: each tracked change and comment traced to its source.

The returned copy is made here as Word records one (w:ins/w:del by another author with a date, a comment
with its range), with lxml, not with the engine's redline code. The expectations are the gebied's file
(which field holds the changed value) and compute.figures' inputs written out by hand.
"""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from lxml import etree

from generator.data.load import load_gebied, load_landelijk
from generator.document import agreement as document
from generator.document.render import Template
from generator.review.returned import trace

from .conftest import DATA, TEMPLATE

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
LAWYER, DATE = "mr. J. Jansen", "2026-12-03T09:00:00Z"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def engine_copy():
    landelijk = load_landelijk(DATA)
    gebied, _ = load_gebied(DATA / "gebieden" / "amsterdam-nieuw-west.yaml")
    return gebied, landelijk, document.build(gebied, landelijk, Template(TEMPLATE))


def first_run_with(root, text):
    for t in root.iter(W + "t"):
        if t.text == text:
            return t.getparent()
    raise AssertionError(f"no run reads {text!r}")


def replace_tracked(run, new_text, idx):
    """Word's record of typing over a run: the run as w:del (w:delText), the new text as w:ins."""
    deleted = copy.deepcopy(run)
    for t in deleted.iter(W + "t"):
        t.tag = W + "delText"
    wrapper_del = etree.Element(W + "del", {W + "id": str(900 + idx), W + "author": LAWYER, W + "date": DATE})
    wrapper_del.append(deleted)
    inserted = copy.deepcopy(run)
    for t in inserted.iter(W + "t"):
        t.text = new_text
    wrapper_ins = etree.Element(W + "ins", {W + "id": str(950 + idx), W + "author": LAWYER, W + "date": DATE})
    wrapper_ins.append(inserted)
    run.addprevious(wrapper_del)
    run.addprevious(wrapper_ins)
    run.getparent().remove(run)


def returned(docx, edits, comment_on=None):
    package = zipfile.ZipFile(io.BytesIO(docx))
    parts = {n: package.read(n) for n in package.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for idx, (old, new) in enumerate(edits):
        replace_tracked(first_run_with(root, old), new, idx)
    if comment_on:
        run = first_run_with(root, comment_on[0])
        run.addprevious(etree.Element(W + "commentRangeStart", {W + "id": "77"}))
        end = etree.Element(W + "commentRangeEnd", {W + "id": "77"})
        run.addnext(end)
        reference = etree.Element(W + "r")
        etree.SubElement(reference, W + "commentReference", {W + "id": "77"})
        end.addnext(reference)
        comments = etree.Element(W + "comments", nsmap={"w": W_NS})
        c = etree.SubElement(comments, W + "comment", {W + "id": "77", W + "author": LAWYER, W + "date": DATE})
        etree.SubElement(etree.SubElement(etree.SubElement(c, W + "p"), W + "r"), W + "t").text = comment_on[1]
        parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
        rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
        etree.SubElement(rels, "{%s}Relationship" % PACKAGE_RELS, Id="rIdComments77", Type=COMMENTS_REL,
                         Target="comments.xml")
        parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        types = etree.fromstring(parts["[Content_Types].xml"])
        etree.SubElement(types, "{%s}Override" % CONTENT_TYPES, PartName="/word/comments.xml", ContentType=COMMENTS_TYPE)
        parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zipped(parts)


def zipped(parts: dict[str, bytes]) -> bytes:
    """The parts as a .docx again, written with zipfile (not the engine's own package code)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def without_comments(docx):
    """The copy with its comments taken out (part, relationship, content type, anchors), for LibreOffice 7.4's
    UNO, which cannot load a .docx with comments."""
    package = zipfile.ZipFile(io.BytesIO(docx))
    parts = {n: package.read(n) for n in package.namelist() if n != "word/comments.xml"}
    root = etree.fromstring(parts["word/document.xml"])
    for element in list(root.iter(W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")):
        element.getparent().remove(element)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    for rel in [r for r in rels if r.get("Type") == COMMENTS_REL]:
        rels.remove(rel)
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in [o for o in types if o.get("PartName") == "/word/comments.xml"]:
        types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zipped(parts)


def edited(docx, change, part="word/document.xml"):
    """The package with `change(root)` made to `part`, everything else as it was."""
    package = zipfile.ZipFile(io.BytesIO(docx))
    parts = {n: package.read(n) for n in package.namelist()}
    root = etree.fromstring(parts[part])
    change(root)
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zipped(parts)


def typed_over(docx, edits, keep_bookmarks=True):
    """A lawyer's edits made without track changes: each run reading `old` now reads `new`, as Word saves it
    (the bookmarks kept), or as a word processor that dropped them."""
    def change(root):
        for old, new in edits:
            next(first_run_with(root, old).iter(W + "t")).text = new
        if not keep_bookmarks:
            for mark in list(root.iter(W + "bookmarkStart", W + "bookmarkEnd")):
                mark.getparent().remove(mark)
    return edited(docx, change)


def words_replaced(docx, edits, tracked=True):
    """Each (paragraph start, old, new): within the paragraph, the words `old` of one run typed over with `new`,
    tracked (the run cut in three, the middle as w:del and w:ins) or not."""
    def change(root):
        for start, old, new in edits:
            p, _ = paragraph_starting(root, start)
            t = next(t for t in p.iter(W + "t") if t.text and old in t.text)
            if not tracked:
                t.text = t.text.replace(old, new, 1)
                continue
            before, _, after = t.text.partition(old)
            run = t.getparent()
            middle, tail = copy.deepcopy(run), copy.deepcopy(run)
            t.text, middle.find(W + "t").text, tail.find(W + "t").text = before, old, after
            for piece in (t, middle.find(W + "t"), tail.find(W + "t")):
                piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(middle)
            middle.addnext(tail)
            replace_tracked(middle, new, 5)
    return edited(docx, change)


def paragraph_starting(root, words):
    """The w:p whose text starts with `words`, and its number in the part (from 1)."""
    for number, p in enumerate(root.iter(W + "p"), 1):
        if "".join(t.text or "" for t in p.iter(W + "t")).startswith(words):
            return p, number
    raise AssertionError(f"no paragraph starts with {words!r}")


def _mark_deleted(p):
    """Word's record of a deleted paragraph mark: w:pPr/w:rPr/w:del."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        p.insert(0, ppr)
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, W + "rPr")
    etree.SubElement(rpr, W + "del", {W + "id": "990", W + "author": LAWYER, W + "date": DATE})


def paragraph_merged(docx, words, tracked=True):
    """The paragraph starting with `words` joined to the next: its mark deleted as a tracked change, or (untracked)
    the next paragraph's runs moved into it and the next paragraph gone."""
    def change(root):
        p, _ = paragraph_starting(root, words)
        if tracked:
            _mark_deleted(p)
            return
        following = p.getnext()
        for child in list(following):
            if child.tag != W + "pPr":
                p.append(child)
        following.getparent().remove(following)
    return edited(docx, change)


def paragraph_split(docx, words, before, tracked=True):
    """The paragraph starting with `words` split in two before the words `before` (in its one run), as Word
    records Enter typed there: the first half a paragraph of its own, its new mark tracked as inserted or not."""
    def change(root):
        p, _ = paragraph_starting(root, words)
        t = next(t for t in p.iter(W + "t") if t.text and before in t.text)
        head, tail = t.text.split(before, 1)
        first = copy.deepcopy(p)
        for child in list(first):
            if child.tag != W + "pPr":
                first.remove(child)
        run = t.getparent()
        for sibling in list(p):  # what stands before the run moves to the first half, the rest stays
            if sibling is run:
                break
            if sibling.tag != W + "pPr":
                first.append(sibling)
        head_run = copy.deepcopy(run)
        head_run.find(W + "t").text = head
        first.append(head_run)
        t.text = before + tail
        if tracked:
            ppr = first.find(W + "pPr")
            if ppr is None:
                ppr = etree.Element(W + "pPr")
                first.insert(0, ppr)
            etree.SubElement(etree.SubElement(ppr, W + "rPr"), W + "ins",
                             {W + "id": "991", W + "author": LAWYER, W + "date": DATE})
        p.addprevious(first)
    return edited(docx, change)


def paragraph_deleted(docx, words, tracked=True):
    """The paragraph starting with `words` deleted whole: every run in w:del and its mark deleted, or removed."""
    def change(root):
        p, _ = paragraph_starting(root, words)
        if not tracked:
            p.getparent().remove(p)
            return
        for idx, run in enumerate([c for c in p if c.tag == W + "r"]):
            for t in run.iter(W + "t"):
                t.tag = W + "delText"
            wrapper = etree.Element(W + "del", {W + "id": str(980 + idx), W + "author": LAWYER, W + "date": DATE})
            run.addprevious(wrapper)
            wrapper.append(run)
        _mark_deleted(p)
    return edited(docx, change)


def test_each_edit_is_traced_to_its_field_its_figure_or_the_template():
    gebied, landelijk, docx = engine_copy()
    # ANW's first ORV measure (Herinrichting Plein 40-45) is € 7.335.000 incl. btw in the file; ORV total
    # and the total of the agreement are computed; "11 december" is the national Woontop date.
    index, measure = next((i, m) for i, m in enumerate(gebied.orv.maatregelen) if m.btw)  # excl. differs
    amount = f"€\xa0{measure.bedrag_incl_btw:,}".replace(",", ".")
    copy_ = returned(docx, [(amount, "€ 7.500.000"), (gebied.ondertekenaar.mandaat, "een ander mandaat"),
                            ("11 december", "12 december")],
                     comment_on=(gebied.ondertekenaar.naam, "Klopt deze naam?"))
    traced, notes = trace(copy_, gebied, landelijk)
    by_text = {t.edit.text: t for t in traced}
    assert by_text["€ 7.500.000"].verdict == "gegevens"
    assert by_text["€ 7.500.000"].source.path == ("orv", "maatregelen", index, "bedrag_incl_btw")
    assert by_text[amount].edit.kind == "verwijderd"
    assert by_text["een ander mandaat"].source.path == ("ondertekenaar", "mandaat")
    assert by_text["12 december"].verdict == "landelijk"
    assert [(n.author, n.text, n.anchored) for n in notes] == [(LAWYER, "Klopt deze naam?", gebied.ondertekenaar.naam)]
    assert notes[0].inside and notes[0].inside[0].startswith("_af")


def test_a_total_is_refused_naming_its_inputs_and_template_text_is_said_to_be_template_text():
    gebied, landelijk, docx = engine_copy()
    orv_total = sum(m.bedrag_incl_btw for m in gebied.orv.maatregelen)
    shown = f"€\xa0{orv_total:,}".replace(",", ".")
    # a run of the template's own text (no tag in it), long enough to be a sentence
    shown_runs = {t.text for t in etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")).iter(W + "t")}
    template = etree.fromstring(zipfile.ZipFile(TEMPLATE).read("word/document.xml"))
    template_word = next(t.text for t in template.iter(W + "t")
                         if t.text and len(t.text) > 40 and "{" not in t.text and t.text in shown_runs)
    copy_ = returned(docx, [(shown, "€ 20.000.000"), (template_word, "Deelnemers")])
    traced = {t.edit.text: t for t in trace(copy_, gebied, landelijk)[0]}
    total = traced["€ 20.000.000"]
    assert total.verdict == "berekend"
    for index in range(len(gebied.orv.maatregelen)):
        assert f"orv.maatregelen[{index}].bedrag_incl_btw" in total.where
    assert traced["Deelnemers"].verdict == "sjabloon" and traced["Deelnemers"].source is None


@pytest.mark.libreoffice
def test_the_bookmarks_survive_a_re_save_in_libreoffice(tmp_path):
    """A second word processor keeps the hidden bookmarks: an edit in its re-saved copy is still traced."""
    from .libreoffice import convert

    gebied, landelijk, docx = engine_copy()
    (tmp_path / "in.docx").write_bytes(docx)
    (tmp_path / "out").mkdir()
    resaved = convert(tmp_path / "in.docx", "docx", tmp_path / "out").read_bytes()
    copy_ = returned(resaved, [(gebied.ondertekenaar.mandaat, "een ander mandaat")])
    traced = {t.edit.text: t for t in trace(copy_, gebied, landelijk)[0]}
    assert traced["een ander mandaat"].source.path == ("ondertekenaar", "mandaat")


def story(*paragraphs):
    """word/document.xml with these paragraphs, each one run."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs)
    return {"word/document.xml": f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()}


@pytest.mark.parametrize("stored, copy_, joints, inserted", [
    (("Totaal", "Som"), ("Generaal", "Som"), [], ["Generaal"]),  # retyped whole: no paragraph lost
    (("A b", "C d", "E f"), ("A b", "E f"), [("verwijderd", 2, "C d")], []),
    (("A b", "C d"), ("A bC d",), [("samengevoegd", 1, "A b ¶ C d")], []),
    (("A b c", "D"), ("A b", " c", "D"), [("gesplitst", 1, "A b")], []),
    (("A b", "D"), ("A b", "N", "D"), [], ["N"]),  # a paragraph added: its text inserted
    (("A b", "", "D"), ("A b", "D"), [("verwijderd", 2, "")], []),  # an empty paragraph deleted
    (("A b", "D"), ("A b", "", "D"), [("gesplitst", 2, "")], []),  # one added
])
def test_paragraphs_merged_split_deleted_or_retyped_without_track_changes(stored, copy_, joints, inserted):
    from generator.ooxml.untracked import differences

    found = differences(story(*stored), story(*copy_))
    assert [(j.kind, j.paragraph, j.text) for j in found.joints] == joints
    assert [e.text for e in found.edits if e.kind == "ingevoegd"] == inserted
    assert all(not e.tracked for e in found.edits)
