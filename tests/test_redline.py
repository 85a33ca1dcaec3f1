"""The redline engine: what it marks and how, hostile input, and random edits (hypothesis) that the
engine's own accept-all / reject-all must undo exactly."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from collections import Counter
from datetime import datetime, timezone

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.errors import CompareError
from generator.ooxml import revisions as rv
from generator.ooxml.names import R_NS, w
from generator.ooxml.package import parse_xml, read_parts, serialize, zip_bytes
from generator.ooxml.text import paragraph_text
from generator.redline import document_date, redline, redline_file
from generator.redline.reading import tokens
from tests.redline_docs import Doc, Para, Table, build, resolved, texts, with_look

DATE = datetime(2025, 6, 24, 9, 30, tzinfo=timezone.utc)
REVISION_TAGS = ("ins", "del", "pPrChange", "rPrChange")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def run(old: Doc | bytes, new: Doc | bytes, author: str = "Jurist") -> dict[str, bytes]:
    old_bytes = old if isinstance(old, bytes) else build(old)
    new_bytes = new if isinstance(new, bytes) else build(new)
    return redline(read_parts(old_bytes), read_parts(new_bytes), author, DATE)


def body(parts: dict[str, bytes]) -> etree._Element:
    return parse_xml(parts["word/document.xml"]).find(w("body"))


def revisions(parts: dict[str, bytes], tag: str, name: str = "word/document.xml") -> list[etree._Element]:
    root = parse_xml(parts[name])
    return [el for el in root.iter(w(tag)) if el.getparent().tag not in (w("rPr"), w("trPr"))]


def run_text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t"), w("delText")))


def assert_round_trip(old: Doc, new: Doc, out: dict[str, bytes]) -> None:
    assert texts(resolved(out, accept=True)) == texts(read_parts(build(new)))
    assert texts(resolved(out, accept=False)) == texts(read_parts(build(old)))


# --- tokens ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("€ 7.335.000", ["€", " ", "7.335.000"]),
    ("€ 1.234,56 en 7.335.000,-", ["€", " ", "1.234,56", " ", "en", " ", "7.335.000,-"]),
    ("NPLV-gebieden (2025–2029).", ["NPLV-gebieden", " ", "(", "2025", "–", "2029", ")", "."]),
    ("12,5%", ["12,5", "%"]),
])
def test_tokens_keep_amounts_and_words_whole(text, expected):
    assert tokens(text) == expected


def test_amount_change_is_one_deletion_and_one_insertion():
    out = run(Doc(body=["Het bedrag is € 7.335.000 per jaar."]), Doc(body=["Het bedrag is € 7.500.000 per jaar."]))
    deletions, insertions = revisions(out, "del"), revisions(out, "ins")
    assert [run_text(d) for d in deletions] == ["7.335.000"]
    assert [run_text(i) for i in insertions] == ["7.500.000"]
    p = body(out).find(w("p"))
    assert [etree.QName(c).localname for c in p] == ["r", "del", "ins", "r"]  # deletion before insertion


def test_a_rewritten_phrase_reads_as_one_change_not_word_soup():
    out = run(Doc(body=["Daarom betaalt de gemeente het geheel."]), Doc(body=["Daarom bekostigt het Rijk het geheel."]))
    assert [run_text(d) for d in revisions(out, "del")] == ["betaalt de gemeente"]
    assert [run_text(i) for i in revisions(out, "ins")] == ["bekostigt het Rijk"]


# --- formatting -----------------------------------------------------------------------------------

def test_formatting_of_kept_inserted_and_deleted_text_is_kept():
    old = Doc(body=[Para((("Totaal: ", {}), ("€ 7.335.000", {"bold": True}), (" per jaar", {"italic": True})))])
    new = Doc(body=[Para((("Totaal: ", {}), ("€ 7.500.000", {"bold": True}), (" per jaar", {"italic": True})))])
    out = run(old, new)
    p = body(out).find(w("p"))
    runs = [(run_text(r), r.find(f"{w('rPr')}/{w('b')}") is not None, r.find(f"{w('rPr')}/{w('i')}") is not None,
             r.getparent().tag) for r in p.iter(w("r"))]
    assert runs == [
        ("Totaal: ", False, False, w("p")),
        ("€ ", True, False, w("p")),  # the bold run is split at the token boundary and stays bold
        ("7.335.000", True, False, w("del")),
        ("7.500.000", True, False, w("ins")),
        (" per jaar", False, True, w("p")),
    ]


def test_changed_paragraph_properties_are_recorded():
    out = run(Doc(body=[Para.of("Artikel 1", style="Heading 2"), "x"]), Doc(body=[Para.of("Artikel 1", style="Heading 1"), "x"]))
    change = body(out).find(f"{w('p')}/{w('pPr')}/{w('pPrChange')}")
    assert change is not None
    assert change.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Heading2"
    rejected = parse_xml(resolved(out, accept=False)["word/document.xml"])
    assert rejected.find(f".//{w('pStyle')}").get(w("val")) == "Heading2"


def test_formatting_change_of_unchanged_text_is_a_tracked_formatting_change():
    old = Doc(body=["Het bedrag is vast en zeker.", "Slot"])
    new = Doc(body=[Para((("Het bedrag is ", {}), ("vast", {"bold": True}), (" en ", {}), ("zeker", {"italic": True}),
                          (".", {}))), "Slot"])
    out = run(old, new)
    assert not revisions(out, "ins") and not revisions(out, "del")
    changes = list(body(out).iter(w("rPrChange")))
    assert [run_text(c.getparent().getparent()) for c in changes] == ["vast", "zeker"]
    assert all(c.get(w("author")) == "Jurist" and len(c.find(w("rPr"))) == 0 for c in changes)  # before: plain
    assert texts(resolved(out, accept=True))["emphasis"][0] == "Het bedrag is [b]vast[/b] en [i]zeker[/i]."
    assert texts(resolved(out, accept=False))["emphasis"][0] == "Het bedrag is vast en zeker."
    # the other way round: rejecting gives the bold back
    back = run(new, old)
    assert [len(c.find(w("rPr"))) for c in body(back).iter(w("rPrChange"))] == [1, 1]
    assert texts(resolved(back, accept=False))["emphasis"][0] == "Het bedrag is [b]vast[/b] en [i]zeker[/i]."


def test_formatting_change_next_to_a_text_change_and_in_a_table_cell():
    old = Doc(body=[Para((("Totaal: ", {}), ("€ 7.335.000", {"bold": True}), (" per jaar", {}))), "Slot"])
    new = Doc(body=[Para((("Totaal: ", {}), ("€ 7.500.000", {}), (" per jaar", {"italic": True}))), "Slot"])
    out = run(old, new)
    assert [run_text(d) for d in revisions(out, "del")] == ["7.335.000"]
    assert [run_text(c.getparent().getparent()) for c in body(out).iter(w("rPrChange"))] == ["€ ", " per jaar"]
    assert_round_trip(old, new, out)
    assert texts(resolved(out, accept=False))["emphasis"] == texts(read_parts(build(old)))["emphasis"]

    def table(bold: bool) -> bytes:
        document = docx.Document()
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        cells[0].text = "ORV"
        cells[1].paragraphs[0].add_run("€ 3.100.000").bold = bold
        document.add_paragraph("Slot")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    out = run(table(False), table(True))
    (change,) = body(out).iter(w("rPrChange"))
    assert run_text(change.getparent().getparent()) == "€ 3.100.000"
    assert rv.row_mark(next(body(out).iter(w("tr")))) is None


def test_language_and_proofing_marks_are_not_formatting_changes():
    old = build(Doc(body=["Het bedrag is vast.", "Slot"]))
    parts = read_parts(old)
    root = parse_xml(parts["word/document.xml"])
    for r in root.iter(w("r")):
        rpr = r.find(w("rPr"))
        if rpr is None:
            rpr = etree.SubElement(r, w("rPr"))
            r.insert(0, rpr)
        etree.SubElement(rpr, w("noProof"))
        etree.SubElement(rpr, w("lang")).set(w("val"), "en-US")
    parts["word/document.xml"] = serialize(root)
    out = run(old, zip_bytes(parts))
    assert not list(body(out).iter(w("rPrChange")))


# --- paragraphs, tables, notes, headers -------------------------------------------------------------

def test_inserted_and_deleted_paragraphs_have_their_marks_tracked():
    old, new = Doc(body=["Een.", "Twee.", "Drie.", "Slot."]), Doc(body=["Een.", "Drie.", "Vier.", "Slot."])
    out = run(old, new)
    marks = [(paragraph_text(p, deleted=True), rv.paragraph_mark(p)) for p in body(out).iter(w("p"))]
    assert marks == [("Een.", None), ("Twee.", "del"), ("Drie.", None), ("Vier.", "ins"), ("Slot.", None)]
    ppr = body(out).findall(w("p"))[1].find(w("pPr"))
    assert [etree.QName(c).localname for c in ppr.find(w("rPr"))] == ["del"]
    assert_round_trip(old, new, out)


def test_paragraph_added_at_the_end_borrows_the_mark_before_it():
    old, new = Doc(body=["Een.", "Twee."]), Doc(body=["Een.", "Twee.", "Drie."])
    out = run(old, new)
    paragraphs = body(out).findall(w("p"))
    assert [rv.paragraph_mark(p) for p in paragraphs] == [None, "ins", None]  # the last mark exists in both
    assert_round_trip(old, new, out)


def test_table_rows_inserted_and_deleted_are_row_revisions():
    old = Doc(body=[Table((("Regeling", "Bedrag"), ("ORV", "€ 1"), ("Wbi", "€ 2"))), "Slot"])
    new = Doc(body=[Table((("Regeling", "Bedrag"), ("Wbi", "€ 2"), ("Capaciteit", "€ 3"))), "Slot"])
    out = run(old, new)
    rows = body(out).find(w("tbl")).findall(w("tr"))
    assert [rv.row_mark(tr) for tr in rows] == [None, "del", None, "ins"]
    deleted = rows[1]
    assert [etree.QName(c).localname for c in deleted.find(w("trPr"))] == ["gridBefore", "del"]
    assert {run_text(d) for d in deleted.iter(w("del")) if d.getparent().tag != w("trPr")} == {"ORV", "€ 1"}
    assert not list(deleted.iter(w("t")))
    assert_round_trip(old, new, out)


def test_changed_cell_is_compared_inside_the_cell():
    old = Doc(body=[Table((("ORV", "€ 3.100.000"),)), "Slot"])
    new = Doc(body=[Table((("ORV", "€ 3.250.000"),)), "Slot"])
    out = run(old, new)
    assert [rv.row_mark(tr) for tr in body(out).iter(w("tr"))] == [None]
    assert [run_text(d) for d in revisions(out, "del")] == ["3.100.000"]


def test_footnotes_pair_through_their_references_and_deleted_notes_come_back_with_fresh_ids():
    old = Doc(body=[Para.of("Een.", note="Noot A."), Para.of("Twee.", note="Noot B.")])
    new = Doc(body=[Para.of("Nul.", note="Noot N."), Para.of("Een.", note="Noot A, gewijzigd."), "Twee."])
    out = run(old, new)
    assert_round_trip(old, new, out)
    notes = parse_xml(out["word/footnotes.xml"])
    ids = [n.get(w("id")) for n in notes.iter(w("footnote"))]
    assert len(ids) == len(set(ids))
    refs = [r.get(w("id")) for r in parse_xml(out["word/document.xml"]).iter(w("footnoteReference"))]
    assert len(refs) == 3 and set(refs) <= set(ids)
    normal = [n.get(w("id")) for n in notes.iter(w("footnote")) if n.get(w("type")) is None]
    assert normal == refs  # notes in reference order, numbered after the separators
    deleted_note_text = [run_text(n) for n in notes.iter(w("footnote")) if next(n.iter(w("delText")), None) is not None
                         and not list(n.iter(w("t")))]
    assert deleted_note_text == [" Noot B."]


def test_header_and_footer_changes_are_tracked_in_their_parts():
    old = Doc(body=["x"], header=["Concept"], footer=["Versie 1"])
    new = Doc(body=["x"], header=["Definitief"], footer=["Versie 1"])
    out = run(old, new)
    header = next(n for n in out if n.startswith("word/header"))
    assert [run_text(d) for d in revisions(out, "del", header)] == ["Concept"]
    assert [run_text(i) for i in revisions(out, "ins", header)] == ["Definitief"]
    assert_round_trip(old, new, out)


def test_simple_field_in_a_changed_paragraph_becomes_a_trackable_complex_field():
    old_parts = read_parts(build(Doc(body=["x"], footer=["Pagina"])))
    new_parts = read_parts(build(Doc(body=["x"], footer=["Blz"])))
    for parts in (old_parts, new_parts):
        name = next(n for n in parts if n.startswith("word/footer"))
        root = parse_xml(parts[name])
        p = root.find(w("p"))
        field = etree.SubElement(p, w("fldSimple"))
        field.set(w("instr"), " PAGE ")
        etree.SubElement(etree.SubElement(field, w("r")), w("t")).text = "1"
        parts[name] = serialize(root)
    out = redline(old_parts, new_parts, "Jurist", DATE)
    footer = next(n for n in out if n.startswith("word/footer"))
    root = parse_xml(out[footer])
    assert root.find(f".//{w('fldSimple')}") is None
    chars = list(root.iter(w("fldChar")))
    assert [c.get(w("fldCharType")) for c in chars] == ["begin", "separate", "end"]
    assert all(c.getparent().getparent().tag == w("p") for c in chars)  # the field itself is unchanged
    assert [paragraph_text(p) for p in rv.accept_all(parse_xml(out[footer])).iter(w("p"))] == ["Blz1"]
    assert [paragraph_text(p) for p in rv.reject_all(parse_xml(out[footer])).iter(w("p"))] == ["Pagina1"]


# --- ids, dates, determinism ------------------------------------------------------------------------

def test_revision_ids_are_unique_across_parts_and_carry_author_and_date():
    old = Doc(body=[Para.of("Een € 1.", note="Noot oud."), Table((("a", "b"),)), "Slot"], header=["Kop oud"])
    new = Doc(body=[Para.of("Een € 2.", note="Noot nieuw."), Table((("a", "c"), ("d", "e"))), "Slot."], header=["Kop nieuw"])
    out = run(old, new, author="Mr. J. de Vries")
    ids = []
    for name in out:
        if name.endswith(".xml") and name.startswith("word/"):
            for tag in REVISION_TAGS:
                for el in parse_xml(out[name]).iter(w(tag)):
                    if el.get(w("id")) is not None:
                        ids.append(el.get(w("id")))
                        assert el.get(w("author")) == "Mr. J. de Vries"
                        assert el.get(w("date")) == "2025-06-24T09:30:00Z"
    assert ids and len(ids) == len(set(ids))
    assert sorted(map(int, ids)) == list(range(1, len(ids) + 1))


def test_same_input_gives_the_same_bytes():
    old, new = build(Doc(body=["Een.", "Twee."])), build(Doc(body=["Een!", "Drie."]))
    first = zip_bytes(redline(read_parts(old), read_parts(new), "a", DATE))
    assert zip_bytes(redline(read_parts(old), read_parts(new), "a", DATE)) == first


def test_identical_documents_give_no_revisions():
    doc = Doc(body=[Para.of("Een.", note="Noot."), Table((("a", "b"),)), "Slot"], header=["Kop"])
    out = run(doc, doc)
    for name in out:
        if name.startswith("word/") and name.endswith(".xml"):
            root = parse_xml(out[name])
            assert not [el for tag in REVISION_TAGS for el in root.iter(w(tag))], name


def test_tracked_changes_already_in_the_input_are_accepted_first():
    new_parts = read_parts(build(Doc(body=["Een twee."])))
    root = parse_xml(new_parts["word/document.xml"])
    p = root.find(f".//{w('p')}")
    old_run = etree.SubElement(p, w("r"))
    etree.SubElement(old_run, w("t")).text = " weg"
    rv.tracked_deletion([old_run], rv.Revisions("iemand", "2024-01-01T00:00:00Z", 500))
    new_parts["word/document.xml"] = serialize(root)
    out = redline(read_parts(build(Doc(body=["Een drie."]))), new_parts, "Jurist", DATE)
    assert texts(resolved(out, accept=True))["body"] == ["Een twee."]
    assert texts(resolved(out, accept=False))["body"] == ["Een drie."]
    assert "iemand" not in out["word/document.xml"].decode()


def test_document_date_comes_from_core_properties():
    parts = read_parts(build(Doc(body=["x"])))
    core = parse_xml(parts["docProps/core.xml"])
    modified = core.find("{http://purl.org/dc/terms/}modified")
    modified.text = "2025-06-24T10:00:00Z"
    parts["docProps/core.xml"] = serialize(core)
    assert document_date(parts) == datetime(2025, 6, 24, 10, 0, tzinfo=timezone.utc)
    del parts["docProps/core.xml"]
    assert document_date(parts).year == 1970


# --- content that refers to other parts --------------------------------------------------------------

def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def test_deleted_picture_and_hyperlink_keep_working_relationships(tmp_path):
    image = tmp_path / "logo.png"
    image.write_bytes(_png())
    document = docx.Document()
    document.add_paragraph("Logo:")
    document.add_paragraph().add_run().add_picture(str(image))
    link = document.add_paragraph("Zie ")
    rid = document.part.relate_to("https://example.org/regeling", HYPERLINK, is_external=True)
    hyperlink = etree.SubElement(link._p, w("hyperlink"))
    hyperlink.set(f"{{{R_NS}}}id", rid)
    etree.SubElement(etree.SubElement(hyperlink, w("r")), w("t")).text = "de regeling"
    document.add_paragraph("Slot.")
    buffer = io.BytesIO()
    document.save(buffer)
    out = run(buffer.getvalue(), Doc(body=["Logo:", "Slot."]))
    rels = parse_xml(out["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    root = parse_xml(out["word/document.xml"])
    used = [v for el in root.iter() for k, v in el.attrib.items() if k.startswith(f"{{{R_NS}}}")]
    assert used and all(u in targets for u in used)
    assert "https://example.org/regeling" in targets.values()
    media = [t for t in targets.values() if t.startswith("media/")]
    assert media and all(f"word/{m}" in out for m in media)
    assert texts(resolved(out, accept=False))["body"] == ["Logo:", "", "Zie de regeling", "Slot."]


# --- untrusted input -------------------------------------------------------------------------------

def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content, message", [
    (b"this is no zip", "geen .docx"),
    (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "geen Word-document"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml":
           b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'}), "DOCTYPE"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (5 * 1024 * 1024)}), "zip-bom"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document xmlns:w='x'><broken"}), "ongeldige XML"),
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"}), "geen w:body"),
])
def test_unreadable_input_is_a_compare_error(tmp_path, content, message):
    good = tmp_path / "good.docx"
    good.write_bytes(build(Doc(body=["x"])))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    for old, new in ((bad, good), (good, bad)):
        with pytest.raises(CompareError, match=message):
            redline_file(old, new, tmp_path / "out.docx", "Jurist", DATE)
    assert not (tmp_path / "out.docx").exists()


def test_identical_unreadable_input_is_still_a_compare_error(tmp_path):
    bad = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b'<!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>'})
    with pytest.raises(CompareError, match="DOCTYPE"):
        redline(read_parts(bad), read_parts(bad), "Jurist", DATE)


def test_missing_file_is_a_compare_error(tmp_path):
    with pytest.raises(CompareError, match="bestaat niet"):
        redline_file(tmp_path / "nope.docx", tmp_path / "nope2.docx", tmp_path / "out.docx")


def test_redline_file_writes_atomically_with_the_new_documents_date(tmp_path):
    (tmp_path / "old.docx").write_bytes(build(Doc(body=["Een."])))
    new_parts = read_parts(build(Doc(body=["Twee."])))
    core = parse_xml(new_parts["docProps/core.xml"])
    core.find("{http://purl.org/dc/terms/}modified").text = "2025-07-01T08:00:00Z"
    new_parts["docProps/core.xml"] = serialize(core)
    (tmp_path / "new.docx").write_bytes(zip_bytes(new_parts))
    redline_file(tmp_path / "old.docx", tmp_path / "new.docx", tmp_path / "out" / "redline.docx")
    assert os.listdir(tmp_path / "out") == ["redline.docx"]  # no temporary file left behind
    out = read_parts(tmp_path / "out" / "redline.docx")
    dates = {el.get(w("date")) for el in parse_xml(out["word/document.xml"]).iter(w("ins"), w("del"))}
    assert dates == {"2025-07-01T08:00:00Z"}
    authors = {el.get(w("author")) for el in parse_xml(out["word/document.xml"]).iter(w("ins"), w("del"))}
    assert authors == {"afspraken"}


# --- random edits (hypothesis) ---------------------------------------------------------------------

WORDS = ["de", "gemeente", "het", "Rijk", "€", "7.335.000", "7.500.000", "woningen", "2029", "artikel", "NPLV-gebied",
         "bouwt", "extra", ",", ".", "en", "1.234,56"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join)
rows = st.tuples(sentences, sentences)


@st.composite
def base_documents(draw) -> Doc:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 4)) == 0:
            blocks.append(Table(tuple(draw(st.lists(rows, min_size=1, max_size=4)))))
        else:
            note = draw(st.one_of(st.none(), sentences)) if draw(st.booleans()) else None
            blocks.append(Para.of(draw(sentences), note=note, bold=draw(st.booleans())))
    blocks.append(Para.of(draw(sentences)))
    return Doc(body=blocks, header=[draw(sentences)])


@st.composite
def edited(draw, doc: Doc) -> Doc:
    blocks = list(doc.body)
    header = list(doc.header)
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["word", "word", "insert_paragraph", "delete_block", "insert_row", "delete_row",
                                       "note", "header", "insert_table", "format"]))
        index = draw(st.integers(0, max(0, len(blocks) - 1)))
        block = blocks[index] if blocks else None
        if action == "word" and isinstance(block, Para):
            words = block.text.split(" ")
            at = draw(st.integers(0, len(words) - 1))
            how = draw(st.sampled_from(["replace", "insert", "delete"]))
            if how == "replace":
                words[at] = draw(st.sampled_from(WORDS))
            elif how == "insert":
                words.insert(at, draw(st.sampled_from(WORDS)))
            elif len(words) > 1:
                del words[at]
            blocks[index] = Para(((" ".join(words), block.runs[0][1]),), block.note)
        elif action == "insert_paragraph":
            blocks.insert(draw(st.integers(0, len(blocks))), Para.of(draw(sentences)))
        elif action == "insert_table":
            blocks.insert(draw(st.integers(0, len(blocks))), Table(tuple(draw(st.lists(rows, min_size=1, max_size=3)))))
        elif action == "delete_block" and len(blocks) > 1:
            del blocks[index]
        elif action in ("insert_row", "delete_row") and isinstance(block, Table):
            table_rows = list(block.rows)
            at = draw(st.integers(0, len(table_rows) - (1 if action == "delete_row" else 0)))
            if action == "insert_row":
                table_rows.insert(at, draw(rows))
            elif len(table_rows) > 1:
                del table_rows[at]
            blocks[index] = Table(tuple(table_rows))
        elif action == "note" and isinstance(block, Para):
            blocks[index] = Para(block.runs, draw(st.one_of(st.none(), sentences)))
        elif action == "header":
            header = [draw(sentences)]
        elif action == "format" and isinstance(block, Para):
            blocks[index] = with_look(block, draw(st.integers(0, len(block.text.split(" ")) - 1)),
                                      {"bold": draw(st.booleans()), "italic": draw(st.booleans())})
    if not blocks or isinstance(blocks[-1], Table):
        blocks.append(Para.of("Slot."))
    return Doc(body=blocks, header=header)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_edits_accept_gives_new_and_reject_gives_old(data):
    base = data.draw(base_documents())
    old = data.draw(edited(base))
    new = data.draw(edited(base))
    old_bytes, new_bytes = build(old), build(new)
    out = redline(read_parts(old_bytes), read_parts(new_bytes), "Jurist", DATE)
    assert texts(resolved(out, accept=True)) == texts(read_parts(new_bytes))
    assert texts(resolved(out, accept=False)) == texts(read_parts(old_bytes))
    ids = Counter(el.get(w("id")) for name in out if name.startswith("word/") and name.endswith(".xml")
                  for tag in REVISION_TAGS for el in parse_xml(out[name]).iter(w(tag)) if el.get(w("id")))
    assert all(count == 1 for count in ids.values())
