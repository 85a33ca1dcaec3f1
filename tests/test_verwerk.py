"""`afspraken verwerk`: a lawyer's returned copy taken into the gebied's file, through the command as a drafter runs it.

The returned copies are made as Word records edits (tests/test_returned.py's lxml helpers) on a version the
command line generated; the expectations are the gebied's file as the drafter wrote it (the line holding a
value, the value in whole numbers) and the ORV measures written out by hand, not the engine's output.
"""

from __future__ import annotations

import re

from .cli import afspraken, generate
from .test_returned import returned

SLUG, OTHER = "amsterdam-nieuw-west", "arnhem-oost"
MEASURE = "€\xa07.335.000"  # ANW's first ORV measure incl. btw: bedrag_incl_btw: 7335000 in its file
MANDAAT = "met mandaat van de burgemeester, als voorzitter van de alliantie, namens de alliantie"


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
