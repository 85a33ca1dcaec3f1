"""`afspraken verwerk`: a lawyer's returned copy taken into the gebied's file, through the command as a drafter runs it.

The returned copies are made as Word records edits (tests/test_returned.py's lxml helpers) on a version the
command line generated; the expectations are the gebied's file as the drafter wrote it (the line holding a
value, the value in whole numbers) and the ORV measures written out by hand, not the engine's output.
"""

from __future__ import annotations

import re

import pytest

from .cli import afspraken, generate
from .test_returned import returned

SLUG, OTHER = "amsterdam-nieuw-west", "arnhem-oost"
MEASURE = "€\xa07.335.000"  # ANW's first ORV measure incl. btw: bedrag_incl_btw: 7335000 in its file
MANDAAT = "met mandaat van de burgemeester, als voorzitter van de alliantie, namens de alliantie"
SIGNATORY = "Wethouder Woningbouw en Stedelijke Ontwikkeling, "  # functie in its file, then the mandate, then ","


def version(data, out, slug=SLUG):
    result = generate(data, out, slug)
    assert result.returncode == 0, result.stderr
    return next((out / slug).glob("*.docx"))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def verwerk(data, out, file, *args):
    return afspraken("verwerk", SLUG, str(file), "--data", str(data), "--out", str(out), *args)


def test_a_changed_amount_is_written_only_with_toepassen_and_the_next_version_shows_it(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(MEASURE, "€ 7.500.000")], comment_on=("Dhr. S.P.R.A. van Weyenberg", "Klopt deze naam?")))
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    before = yaml.read_text(encoding="utf-8")
    line = line_of(before, "bedrag_incl_btw: 7335000")

    dry = verwerk(data_copy, out, copy_)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert re.search(rf"yaml regel {line}: orv\.maatregelen\[\d\]\.bedrag_incl_btw", dry.stdout), dry.stdout
    assert "€\xa07.335.000» → «€ 7.500.000" in dry.stdout
    assert "Klopt deze naam?" in dry.stdout and "opmerking" in dry.stdout
    assert yaml.read_text(encoding="utf-8") == before

    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    after = yaml.read_text(encoding="utf-8")
    changed = [n for n, (a, b) in enumerate(zip(before.splitlines(), after.splitlines()), 1) if a != b]
    assert changed == [line] and "bedrag_incl_btw: 7500000" in after.splitlines()[line - 1]

    again = generate(data_copy, out, SLUG)
    assert again.returncode == 0 and "nieuw v2" in again.stdout, again.stdout
    from generator.ooxml.canonical import reader_texts
    from generator.ooxml.package import read_parts

    newest = max((out / SLUG).glob("*v2*.docx"))
    assert "7.500.000" in " ".join(reader_texts(read_parts(newest.read_bytes())))


def test_a_changed_mandate_is_written_as_text(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(MANDAAT, "namens het college van burgemeester en wethouders")]))
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    text = (data_copy / "gebieden" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    assert "  mandaat: namens het college van burgemeester en wethouders\n" in text and MANDAAT not in text


def test_the_orv_total_is_refused_naming_its_inputs_and_nothing_is_written(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    from generator.data.load import load_gebied

    gebied, _ = load_gebied(data_copy / "gebieden" / f"{SLUG}.yaml")
    total = f"€\xa0{sum(m.bedrag_incl_btw for m in gebied.orv.maatregelen):,}".replace(",", ".")
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(MEASURE, "€ 7.500.000"), (total, "€ 20.000.000")]))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "geweigerd" in result.stdout and "berekend bedrag" in result.stdout
    for index in range(len(gebied.orv.maatregelen)):
        assert f"orv.maatregelen[{index}].bedrag_incl_btw" in result.stdout
    assert "er is niets geschreven" in result.stderr and "Traceback" not in result.stderr
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


def test_template_text_is_reported_and_not_written(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    import io
    import zipfile

    from lxml import etree

    from .conftest import TEMPLATE
    from .test_returned import W

    shown = {t.text for t in etree.fromstring(zipfile.ZipFile(io.BytesIO(docx.read_bytes())).read("word/document.xml")).iter(W + "t")}
    sentence = next(t.text for t in etree.fromstring(zipfile.ZipFile(TEMPLATE).read("word/document.xml")).iter(W + "t")
                    if t.text and len(t.text) > 40 and "{" not in t.text and t.text in shown)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(sentence, "Een andere zin van de jurist.")]))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sjabloontekst" in result.stdout and "Een andere zin van de jurist." in result.stdout
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


def test_another_gebieds_file_is_refused_by_name(data_copy, tmp_path):
    out = tmp_path / "out"
    version(data_copy, out)
    other = version(data_copy, out, OTHER)
    result = verwerk(data_copy, out, other, "--toepassen")
    assert result.returncode == 2
    assert re.search(rf"is een versie van {OTHER} \({OTHER} v1\), niet van {SLUG}", result.stderr), result.stderr


def test_a_value_the_models_refuse_is_named_at_its_line_and_nothing_is_written(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(MEASURE, "€ 0")]))  # an amount must be more than nothing
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    before = yaml.read_bytes()
    line = line_of(before.decode("utf-8"), "bedrag_incl_btw: 7335000")
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{SLUG}.yaml:{line}" in result.stderr or f"regel {line}" in result.stderr, result.stderr
    assert "bedrag_incl_btw" in result.stderr and "Traceback" not in result.stderr
    assert yaml.read_bytes() == before


def test_a_read_only_gebied_file_is_refused_and_kept(data_copy, tmp_path):
    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(returned(docx.read_bytes(), [(MEASURE, "€ 7.500.000")]))
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    before = yaml.read_bytes()
    yaml.chmod(0o444)
    try:
        result = verwerk(data_copy, out, copy_, "--toepassen")
    finally:
        yaml.chmod(0o644)
    assert result.returncode == 2 and "alleen-lezen" in result.stderr, result.stdout + result.stderr
    assert yaml.read_bytes() == before


def test_an_edit_over_a_value_and_the_text_after_it_is_refused(data_copy, tmp_path):
    """Typed over the signatory's name and the comma after it (template text) in one stroke."""
    import io
    import zipfile

    from lxml import etree

    from .test_returned import W, first_run_with, replace_tracked

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    parts = {n: zipfile.ZipFile(io.BytesIO(docx)).read(n) for n in zipfile.ZipFile(io.BytesIO(docx)).namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    name = first_run_with(root, "Dhr. S.P.R.A. van Weyenberg")
    comma = next(e for e in name.itersiblings() if e.tag == W + "r")
    assert "".join(t.text for t in comma.iter(W + "t")) == ","
    replace_tracked(name, "Mw. A. de Vries", 0)
    replace_tracked(comma, ";", 1)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    copy_ = tmp_path / "terug.docx"
    with zipfile.ZipFile(copy_, "w") as package:
        for part, data in parts.items():
            package.writestr(part, data)
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "loopt over twee waarden" in result.stdout
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


PROGRAMMA_1, PROGRAMMA_2 = "Samen Nieuw-West is een 20-jarig programma", "Het programma geeft ons de kans"  # its file
TEMPLATE_1, TEMPLATE_2, TEMPLATE_3 = ("Het bouwen van woningen heeft in de NPLV-gebieden", "Rijk en gemeente erkennen",
                                      "Er zijn evenwel goede afspraken")  # the template's, one after the other


def number_of(docx, words):
    import io
    import zipfile

    from lxml import etree

    from .test_returned import paragraph_starting

    return paragraph_starting(etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")), words)[1]


def test_edits_made_without_track_changes_are_found_by_comparison_said_so_and_written(data_copy, tmp_path):
    from .test_returned import typed_over

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(typed_over(docx.read_bytes(), [(MEASURE, "€ 7.500.000"), (MANDAAT, "namens het college")]))
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    before = yaml.read_text(encoding="utf-8")
    lines = [line_of(before, "bedrag_incl_btw: 7335000"), line_of(before, "mandaat:")]

    dry = verwerk(data_copy, out, copy_)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    said = [row for row in dry.stdout.splitlines() if "zonder wijzigingen bijhouden" in row and "regel" in row]
    assert len(said) == 2, dry.stdout
    assert f"yaml regel {lines[0]}: orv.maatregelen" in said[0] and "» → «€ 7.500.000»" in said[0]
    assert f"yaml regel {lines[1]}: ondertekenaar.mandaat" in said[1] and "» → «namens het college»" in said[1]
    assert yaml.read_text(encoding="utf-8") == before

    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    after = yaml.read_text(encoding="utf-8").splitlines()
    assert [n for n, (a, b) in enumerate(zip(before.splitlines(), after), 1) if a != b] == sorted(lines)
    assert after[lines[0] - 1].endswith("bedrag_incl_btw: 7500000") and after[lines[1] - 1] == "  mandaat: namens het college"


def test_without_the_bookmarks_an_untracked_edit_is_traced_by_where_it_stood(data_copy, tmp_path):
    """A word processor that dropped the hidden bookmarks: the stored version says which value stood there."""
    from .test_returned import typed_over

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(typed_over(docx.read_bytes(), [(MEASURE, "€ 7.500.000")], keep_bookmarks=False))
    import zipfile

    assert b"_af" not in zipfile.ZipFile(copy_).read("word/document.xml")
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "zonder wijzigingen bijhouden" in done.stdout
    assert "    bedrag_incl_btw: 7500000" in (data_copy / "gebieden" / f"{SLUG}.yaml").read_text(encoding="utf-8")


def test_a_copy_with_tracked_and_untracked_edits_takes_both_and_says_which_was_untracked(data_copy, tmp_path):
    from .test_returned import typed_over

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(typed_over(returned(docx.read_bytes(), [(MEASURE, "€ 7.500.000")]), [(MANDAAT, "namens het college")]))
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    measure = next(row for row in done.stdout.splitlines() if "bedrag_incl_btw" in row)
    mandate = next(row for row in done.stdout.splitlines() if "ondertekenaar.mandaat" in row)
    assert "zonder wijzigingen bijhouden" not in measure and "zonder wijzigingen bijhouden" in mandate, done.stdout
    text = (data_copy / "gebieden" / f"{SLUG}.yaml").read_text(encoding="utf-8")
    assert "    bedrag_incl_btw: 7500000" in text and "  mandaat: namens het college\n" in text


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_two_data_paragraphs_merged_are_refused_naming_part_and_paragraph(data_copy, tmp_path, tracked):
    from .test_returned import paragraph_merged

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(paragraph_merged(docx, PROGRAMMA_1, tracked))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(rf"geweigerd.* word/document\.xml alinea {number_of(docx, PROGRAMMA_1)}: .*samengevoegd", result.stdout)
    assert f"gebieden/{SLUG}.yaml: programma" in result.stdout and "alinea-einde is verwijderd" in result.stdout
    assert ("zonder wijzigingen bijhouden" in result.stdout) is not tracked
    assert "er is niets geschreven" in result.stderr and "Traceback" not in result.stderr
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_a_whole_data_paragraph_deleted_is_refused_naming_part_and_paragraph(data_copy, tmp_path, tracked):
    from .test_returned import paragraph_deleted

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(paragraph_deleted(docx, PROGRAMMA_2, tracked))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    refused = [row for row in result.stdout.splitlines() if row.startswith("geweigerd")]
    assert len(refused) == 1, result.stdout  # the paragraph, not each of its values
    assert f"word/document.xml alinea {number_of(docx, PROGRAMMA_2)}: «{PROGRAMMA_2}" in refused[0]
    assert "de hele alinea is verwijderd" in refused[0] and f"gebieden/{SLUG}.yaml: programma" in refused[0]
    assert "er is niets geschreven" in result.stderr
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_template_paragraphs_merged_or_deleted_are_reported_as_template_text(data_copy, tmp_path, tracked):
    from .test_returned import paragraph_deleted, paragraph_merged

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(paragraph_deleted(paragraph_merged(docx, TEMPLATE_1, tracked), TEMPLATE_3, tracked))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [row for row in result.stdout.splitlines() if row.startswith("sjabloontekst")]
    assert len(rows) == 2, result.stdout
    assert f"alinea {number_of(docx, TEMPLATE_1)}: " in rows[0] and "samengevoegd" in rows[0]
    assert "de hele alinea is verwijderd" in rows[1]
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_a_change_in_a_table_of_computed_figures_is_refused(data_copy, tmp_path, tracked):
    """The ORV table's total row: its label typed over (the template's word in a computed table)."""
    import io
    import zipfile

    from lxml import etree

    from .test_returned import W, edited, replace_tracked

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    total_row = [p for p in root.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) == "Totaal"]
    assert total_row and all(any(a.tag == W + "tbl" for a in p.iterancestors()) for p in total_row)

    def change(root):
        run = next(p for p in root.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")) == "Totaal") \
            .find(W + "r")
        if tracked:
            replace_tracked(run, "Totaal generaal", 0)
        else:
            run.find(W + "t").text = "Totaal generaal"

    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(edited(docx, change))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "wijziging in een tabel met berekende bedragen" in result.stdout and "geweigerd" in result.stdout
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


def test_template_text_typed_over_without_track_changes_is_reported(data_copy, tmp_path):
    from .test_returned import edited, paragraph_starting

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()

    def change(root):
        t = next(paragraph_starting(root, TEMPLATE_2)[0].iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        t.text = t.text.replace("erkennen", "weten", 1)

    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(edited(docx, change))
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 0, result.stdout + result.stderr
    row = next(row for row in result.stdout.splitlines() if row.startswith("sjabloontekst"))
    assert "(zonder wijzigingen bijhouden)" in row and "«erkennen» → «weten»" in row
    assert f"alinea {number_of(docx, TEMPLATE_2)}:" in row


def dutch_euros(amount: int) -> str:
    return f"€\xa0{amount:,}".replace(",", ".")


@pytest.mark.libreoffice
def test_libreoffice_reads_the_copy_and_the_next_version_as_the_lawyer_wrote_them(data_copy, tmp_path):
    """A copy with one tracked change, one made without tracking and a comment. LibreOffice converts it to PDF
    (the lawyer's wording on the page) and, the comment taken out of a copy (LibreOffice 7.4's UNO cannot load a
    .docx with comments), reads it with Accept All (the lawyer's wording) and Reject All (the engine's, but for
    the untracked edit); after --toepassen and generate it reads the new version so, its ORV total summed here by
    hand."""
    from generator.data.load import load_gebied

    import subprocess

    from .libreoffice import convert, review
    from .test_returned import typed_over, without_comments

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(typed_over(returned(docx.read_bytes(), [(MEASURE, "€ 7.500.000")],
                                          comment_on=("Dhr. S.P.R.A. van Weyenberg", "Klopt deze naam?")),
                                 [(MANDAAT, "namens het college")]))
    (tmp_path / "pdf").mkdir()
    pdf = convert(copy_, "pdf", tmp_path / "pdf")
    on_paper = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
    assert "€ 7.500.000" in on_paper and "Stedelijke Ontwikkeling, namens het college," in on_paper  # changes shown
    for_uno = tmp_path / "terug-zonder-opmerkingen.docx"
    for_uno.write_bytes(without_comments(copy_.read_bytes()))
    accepted, rejected = review([(for_uno, "accept"), (for_uno, "reject")])
    assert accepted["error"] is None and accepted["redlines"] == 2  # the deletion and the insertion
    assert "€ 7.500.000" in accepted["body"] and MEASURE not in accepted["body"]
    assert MEASURE in rejected["body"] and "€ 7.500.000" not in rejected["body"]
    for reading in (accepted, rejected):  # untracked: there whichever way the tracked changes go
        assert SIGNATORY + "namens het college," in reading["body"] and SIGNATORY + MANDAAT + "," not in reading["body"]

    gebied, _ = load_gebied(data_copy / "gebieden" / f"{SLUG}.yaml")
    total = sum(m.bedrag_incl_btw for m in gebied.orv.maatregelen) - 7_335_000 + 7_500_000
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Klopt deze naam?" in done.stdout
    again = generate(data_copy, out, SLUG)
    assert again.returncode == 0 and "nieuw v2" in again.stdout, again.stdout
    (newest,) = review([(max((out / SLUG).glob("*v2*.docx")), "none")])
    assert newest["error"] is None and newest["redlines"] == 0
    assert dutch_euros(7_500_000) in newest["body"] and dutch_euros(total) in newest["body"], newest["body"]
    assert MEASURE not in newest["body"] and SIGNATORY + "namens het college," in newest["body"]


@pytest.mark.libreoffice
def test_an_edit_libreoffice_made_without_tracking_it_and_saved_is_taken_in(data_copy, tmp_path):
    """A second word processor types over the amount (recording off) and saves the copy as .docx."""
    from .libreoffice import run_jobs

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    (edited_,) = run_jobs([{"path": str(docx), "replace": [MEASURE, "€ 7.500.000"], "save": str(copy_)}])
    assert edited_["redlines_after"] == 0 and copy_.exists()
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    line = line_of(yaml.read_text(encoding="utf-8"), "bedrag_incl_btw: 7335000")
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [row for row in done.stdout.splitlines() if row.startswith(("overgenomen", "sjabloontekst", "geweigerd"))]
    assert len(rows) == 1 and "(zonder wijzigingen bijhouden)" in rows[0] and f"yaml regel {line}:" in rows[0], done.stdout
    assert yaml.read_text(encoding="utf-8").splitlines()[line - 1].endswith("bedrag_incl_btw: 7500000")


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_an_edit_in_the_header_is_read_too(data_copy, tmp_path, tracked):
    """The header's date is the national signing date (landelijk.yaml: ondertekening.datum, 24 juni 2025)."""
    from .test_returned import W, edited, first_run_with, replace_tracked

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()

    def change(root):
        run = first_run_with(root, "24 juni 2025")
        if tracked:
            replace_tracked(run, "25 juni 2025", 0)
        else:
            run.find(W + "t").text = "25 juni 2025"

    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(edited(docx, change, "word/header1.xml"))
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    row = next(row for row in result.stdout.splitlines() if row.startswith("geweigerd"))
    assert "word/header1.xml alinea" in row and "landelijke parameter ondertekening.datum" in row, result.stdout
    assert ("zonder wijzigingen bijhouden" in row) is not tracked


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_words_changed_in_two_paragraphs_of_one_text_field_change_only_their_lines(data_copy, tmp_path, tracked):
    """programma is one field of several paragraphs, its lines wrapped in the file (a line break there is a space
    in the document): two paragraphs edited, each line keeps its place and only the two lines change."""
    from .test_returned import words_replaced

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(words_replaced(docx, [(PROGRAMMA_2, "te versnellen, te versterken", "te versnellen en te versterken"),
                                            ("Dat doet Samen Nieuw-West", "vijf deels overlappende", "vijf overlappende")],
                                     tracked))
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    before = yaml.read_text(encoding="utf-8").splitlines()
    done = verwerk(data_copy, out, copy_, "--toepassen")
    assert done.returncode == 0, done.stdout + done.stderr
    after = yaml.read_text(encoding="utf-8").splitlines()
    first = line_of("\n".join(before), "  Alliantiepartners te versnellen, te versterken en waar nodig te vernieuwen.")
    second = line_of("\n".join(before), "  Dat doet Samen Nieuw-West binnen vijf deels overlappende domeinen:")
    assert [n for n, (a, b) in enumerate(zip(before, after), 1) if a != b] == [first, second] and len(after) == len(before)
    assert after[first - 1] == "  Alliantiepartners te versnellen en te versterken en waar nodig te vernieuwen."
    assert after[second - 1] == "  Dat doet Samen Nieuw-West binnen vijf overlappende domeinen: kansen voor de jeugd;"


def test_a_returned_redline_is_read_as_the_version_it_leads_to(data_copy, tmp_path):
    """The lawyer edits the redline generate wrote (v1 → v2, tracked by the engine): the engine's own changes
    and notes are not the lawyer's; the lawyer's tracked and untracked edits are."""
    import io

    from .test_returned import words_replaced

    out = tmp_path / "out"
    version(data_copy, out)
    yaml = data_copy / "gebieden" / f"{SLUG}.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(f"  mandaat: {MANDAAT}\n", "  mandaat: namens het college\n"),
                    encoding="utf-8")
    assert generate(data_copy, out, SLUG).returncode == 0
    redline = next((out / SLUG).glob("*v2-wijzigingen.docx")).read_bytes()
    import zipfile

    assert b"<w:del " in zipfile.ZipFile(io.BytesIO(redline)).read("word/document.xml")  # the engine's, tracked
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(words_replaced(returned(redline, [(MEASURE, "€ 7.500.000")]), [(TEMPLATE_2, "erkennen", "weten")],
                                     tracked=False))
    result = verwerk(data_copy, out, copy_)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{SLUG} v2" in result.stdout and "opmerking" not in result.stdout
    rows = [row for row in result.stdout.splitlines() if row.startswith(("over te nemen", "sjabloontekst", "geweigerd"))]
    assert len(rows) == 2, result.stdout
    template, measure = rows  # in document order
    assert "«erkennen» → «weten»" in template and "(zonder wijzigingen bijhouden)" in template
    assert "bedrag_incl_btw" in measure and "zonder wijzigingen bijhouden" not in measure


@pytest.mark.parametrize("tracked", [True, False], ids=["bijgehouden", "zonder"])
def test_a_data_paragraph_split_in_two_is_refused_and_a_template_one_reported(data_copy, tmp_path, tracked):
    from .test_returned import paragraph_split

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(paragraph_split(paragraph_split(docx, PROGRAMMA_2, "te versnellen", tracked),
                                      TEMPLATE_2, "Gemeente en Rijk zijn", tracked))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    rows = [row for row in result.stdout.splitlines() if row.startswith(("geweigerd", "sjabloontekst"))]
    assert len(rows) == 2, result.stdout
    template, data = rows  # in document order
    assert template.startswith("sjabloontekst") and "in tweeën gesplitst" in template
    assert data.startswith("geweigerd") and "in tweeën gesplitst" in data and f"gebieden/{SLUG}.yaml: programma" in data
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


def test_a_file_that_is_no_version_of_the_gebied_is_refused_and_nothing_is_written(data_copy, tmp_path):
    """Another document in the same package shape: a letter of two sentences (its header still the version's)."""
    from .test_returned import edited

    out = tmp_path / "out"
    docx = version(data_copy, out).read_bytes()

    def letter(root):
        body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
        for child in [c for c in body if not c.tag.endswith("sectPr")]:
            body.remove(child)
        for sentence in ("Geachte heer, mevrouw,", "Hierbij zend ik u de stukken voor de vergadering van maandag."):
            p = etree.SubElement(body, W + "p")
            etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = sentence
            body.insert(0, p)

    from lxml import etree

    from .test_returned import W

    copy_ = tmp_path / "brief.docx"
    copy_.write_bytes(edited(docx, letter))
    before = (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes()
    result = verwerk(data_copy, out, copy_, "--toepassen")
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(rf"is geen versie van {SLUG} \(het meest gelijk aan {SLUG} v1, maar slechts \d+% van de woorden\)",
                     result.stderr), result.stderr
    assert "er is niets verwerkt" in result.stderr and "Traceback" not in result.stderr
    assert (data_copy / "gebieden" / f"{SLUG}.yaml").read_bytes() == before


def test_one_word_edited_in_a_long_text_is_shown_as_that_word_in_its_context(data_copy, tmp_path):
    """A lawyer's one-word edit in a paragraph of prose is said as the summary says it, not as the paragraph twice."""
    from .test_returned import words_replaced

    out = tmp_path / "out"
    docx = version(data_copy, out)
    copy_ = tmp_path / "terug.docx"
    copy_.write_bytes(words_replaced(docx.read_bytes(), [("Als onderdeel van de gebiedsontwikkeling", "in Nieuw-West",
                                                          "in Nieuw West")], tracked=False))
    dry = verwerk(data_copy, out, copy_)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    (row,) = [row for row in dry.stdout.splitlines() if "zonder wijzigingen bijhouden" in row and "regel" in row]
    assert "«Nieuw-West» → «Nieuw West» (in «… gemeente heeft besloten in Nieuw West ongelijk te" in row, row
    assert "grondexploitaties" not in row, "the rest of the paragraph is not repeated"
