"""Every input bounded: workbooks checked before they are parsed, amounts and counts within plausible bounds,
import-budget that keeps each file's mode, refuses a read-only file and warns for a signed gebied."""

from __future__ import annotations

import io
import stat
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.budget.apply import import_file
from generator.errors import BudgetError, DataError
from generator.data.load import load_gebied, load_landelijk
from tests.cli import afspraken
from tests.budget_helpers import cell_of, edit, export, snapshot
from tests.conftest import AMSTERDAM, ROOT

ORIGINAL = AMSTERDAM.read_text(encoding="utf-8")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return afspraken(*args, cwd=cwd)


# --- workbooks: limits checked before parsing ------------------------------------------------------------


def _with_part(book: Path, name: str, data: bytes, out: Path) -> Path:
    """The exported workbook with one part replaced (or added)."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, data)
    return out


def _orv_part(book: Path) -> str:
    """The part of sheet ORV, found through the workbook's relationships as a reader would."""
    loaded = openpyxl.load_workbook(book)
    index = loaded.sheetnames.index("ORV") + 1
    return f"xl/worksheets/sheet{index}.xml"


def _rows(count: int, cells: int = 1) -> bytes:
    row = "".join(f'<c r="{chr(65 + c)}{{r}}"><v>1</v></c>' for c in range(cells))
    body = "".join(f'<row r="{r}">' + row.replace("{r}", str(r)) + "</row>" for r in range(1, count + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def test_a_workbook_that_unpacks_to_a_huge_sheet_is_refused_within_seconds(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    # 100 MB of the same row compresses to a few hundred kB: a zip bomb of the kind that took 4 GB.
    huge = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + \
        b'<row><c t="s"><v>0</v></c></row>' * 3_000_000 + b"</sheetData></worksheet>"
    bomb = _with_part(book, _orv_part(book), huge, tmp_path / "bom.xlsx")
    assert bomb.stat().st_size < 2_000_000
    before = snapshot(data_copy)
    start = time.monotonic()
    with pytest.raises(BudgetError) as caught:
        import_file(bomb, data_copy)
    assert time.monotonic() - start < 10
    text = str(caught.value)
    assert "bom.xlsx" in text and "uitgepakt te groot" in text or "zip-bom" in text, text
    assert snapshot(data_copy) == before
    # As a command: within seconds, in bounded memory (the reported case took 4,3 GB), a Dutch message.
    import resource

    start = time.monotonic()
    done = run("import-budget", str(bomb), "--data", str(data_copy))
    assert time.monotonic() - start < 10 and done.returncode == 2
    size = f"{len(huge):,}".replace(",", ".")  # 3.000.000 rows of 32 bytes, and the sheet's start and end
    assert f"blad 'ORV' (onderdeel {_orv_part(book)}) is uitgepakt te groot ({size} bytes; hooguit 16.777.216)" in done.stderr, done.stderr
    assert "geen wijzigingen" not in done.stdout
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 400 * 1024  # kB: no child of this test run got near


def test_a_workbook_with_too_many_rows_is_refused_before_it_is_parsed(data_copy, tmp_path, monkeypatch):
    book = export(data_copy, tmp_path)
    many = _with_part(book, _orv_part(book), _rows(30_000), tmp_path / "rijen.xlsx")
    import openpyxl.reader.excel as excel

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(excel, "load_workbook", never)
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    with pytest.raises(BudgetError, match=r"blad 'ORV' \(onderdeel xl/worksheets/sheet\d+.xml\): te veel rijen \(meer dan 10.000\)"):
        import_file(many, data_copy)


def test_a_workbook_with_too_many_cells_is_refused(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    wide = _with_part(book, _orv_part(book), _rows(4_000, 26), tmp_path / "cellen.xlsx")
    with pytest.raises(BudgetError, match="te veel cellen"):
        import_file(wide, data_copy)


def test_a_workbook_with_a_broken_sheet_is_refused_naming_the_sheet(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    broken = _with_part(book, _orv_part(book), b"<worksheet><sheetData><row>", tmp_path / "kapot.xlsx")
    with pytest.raises(BudgetError, match=r"blad 'ORV' \(onderdeel .*\) is beschadigd \(geen leesbare XML\)"):
        import_file(broken, data_copy)


def test_a_workbook_with_too_many_parts_is_refused(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    out = tmp_path / "delen.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for i in range(3000):
            target.writestr(f"xl/extra/{i}.xml", b"<a/>")
    with pytest.raises(BudgetError, match="te veel onderdelen"):
        import_file(out, data_copy)


@pytest.mark.parametrize("content", [b"PK\x03\x04 no zip at all", b"plain text", b""])
def test_not_a_workbook_is_said_in_dutch_without_a_class_name(data_copy, tmp_path, content):
    (tmp_path / "nep.xlsx").write_bytes(content)
    done = run("import-budget", str(tmp_path / "nep.xlsx"), "--data", str(data_copy))
    assert done.returncode == 2, done.stderr
    assert "geen Excel-werkmap" in done.stderr or "geen leesbare Excel-werkmap" in done.stderr, done.stderr
    for english in ("Exception", "BadZipFile", "Error", "Traceback"):
        assert english not in done.stderr


def test_a_zip_that_is_no_workbook_is_said_in_dutch(data_copy, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "geen werkmap")
    (tmp_path / "zip.xlsx").write_bytes(buffer.getvalue())
    done = run("import-budget", str(tmp_path / "zip.xlsx"), "--data", str(data_copy))
    assert done.returncode == 2 and "Excel-werkmap" in done.stderr, done.stderr
    assert "Exception" not in done.stderr and "Error" not in done.stderr


def test_a_missing_workbook_is_said_in_dutch(data_copy, tmp_path):
    done = run("import-budget", str(tmp_path / "weg.xlsx"), "--data", str(data_copy))
    assert done.returncode == 2
    assert "bestaat niet" in done.stderr and "No such file" not in done.stderr, done.stderr


# --- plausible bounds on amounts and counts -------------------------------------------------------------


def _line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


@pytest.mark.parametrize("old, new, field, words", [
    ("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 1000000000000000", "orv.maatregelen[2].bedrag_incl_btw",
     "mag niet groter zijn dan 10.000.000.000"),
    ("cofinanciering: 907500", "cofinanciering: 10000000001", "wbi[0].cofinanciering", "mag niet groter zijn dan 10.000.000.000"),
    ("    woningen: 2076", "    woningen: 5000000", "woningbouw[1].woningen", "mag niet groter zijn dan 100.000"),
    ("basis_betaalbare_woningen:", "basis_betaalbare_woningen: 900000 #", "realisatiestimulans.basis_betaalbare_woningen",
     "mag niet groter zijn dan 100.000"),
])
def test_an_implausible_figure_is_refused_at_its_line(tmp_path, old, new, field, words):
    assert old in ORIGINAL
    text = ORIGINAL.replace(old, new, 1)
    path = tmp_path / "amsterdam-nieuw-west.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_gebied(path)
    problem = next(p for p in caught.value.problems if p.field == field)
    assert words in problem.message, problem.message
    assert problem.line == _line_of(text, new.strip())


def test_the_bound_itself_is_accepted(tmp_path):
    path = tmp_path / "amsterdam-nieuw-west.yaml"
    path.write_text(ORIGINAL.replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 10000000000", 1), encoding="utf-8")
    gebied, _ = load_gebied(path)
    assert gebied.orv.maatregelen[2].bedrag_incl_btw == 10_000_000_000


def test_an_implausible_national_figure_is_refused(data_copy):
    path = data_copy / "landelijk.yaml"
    path.write_text(path.read_text().replace("budget: 180000000", "budget: 1000000000000000"))
    with pytest.raises(DataError) as caught:
        load_landelijk(data_copy)
    assert any(p.field == "orv.budget" and "10.000.000.000" in p.message for p in caught.value.problems)


def test_an_implausible_amount_in_the_workbook_is_refused_at_its_cell(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    cell = cell_of(openpyxl.load_workbook(book), "ORV", "rotterdam-zuid", 4, "Incl. btw")
    edited = edit(book, [("ORV", cell, 10**15)], tmp_path / "e.xlsx")
    before = snapshot(data_copy)
    with pytest.raises(BudgetError) as caught:
        import_file(edited, data_copy)
    assert f"blad 'ORV', cel {cell}" in str(caught.value) and "10.000.000.000" in str(caught.value)
    assert snapshot(data_copy) == before


# --- import-budget: modes, read-only files, items added after the export, signed gebieden -------------------


def _one_change(data: Path, tmp: Path, slug: str = "rotterdam-zuid") -> tuple[Path, Path]:
    book = export(data, tmp)
    cell = cell_of(openpyxl.load_workbook(book), "ORV", slug, 1, "Incl. btw")
    return edit(book, [("ORV", cell, 1234567)], tmp / "e.xlsx"), data / "gebieden" / f"{slug}.yaml"


def test_import_keeps_the_mode_of_the_file(data_copy, tmp_path):
    edited, target = _one_change(data_copy, tmp_path)
    target.chmod(0o664)
    import_file(edited, data_copy)
    assert "1234567" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_a_read_only_file_is_refused_by_name_and_nothing_changes(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    loaded = openpyxl.load_workbook(book)
    changes = [("ORV", cell_of(loaded, "ORV", slug, 1, "Incl. btw"), 1234567) for slug in ("amsterdam-nieuw-west", "rotterdam-zuid")]
    edited = edit(book, changes, tmp_path / "e.xlsx")
    target = data_copy / "gebieden" / "rotterdam-zuid.yaml"
    target.chmod(0o444)
    before = snapshot(data_copy)
    done = run("import-budget", str(edited), "--data", str(data_copy), "--out", str(tmp_path / "output"))
    assert done.returncode == 2, done.stderr
    assert f"{target}: alleen-lezen" in done.stderr, done.stderr
    assert snapshot(data_copy) == before
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_an_item_added_after_the_export_is_said_so(data_copy, tmp_path):
    book = export(data_copy, tmp_path)
    target = data_copy / "gebieden" / "rotterdam-zuid.yaml"
    text = target.read_text()
    anchor = "    - naam: Sport- en talentcampus\n      bedrag_incl_btw: 3850000\n      btw: false\n"
    assert anchor in text
    target.write_text(text.replace(anchor, anchor + "    - naam: Nieuwe buurtkamer\n      bedrag_incl_btw: 250000\n      btw: true\n"))
    with pytest.raises(BudgetError) as caught:
        import_file(book, data_copy)
    text = str(caught.value)
    assert "Nieuwe buurtkamer" in text and "na de export toegevoegd" in text, text
    assert "schrappen" not in text


def _signed(out: Path, slug: str) -> None:
    from generator.store.manifest import Entry
    from generator.store.versions import Folder

    folder = Folder(out, slug)
    folder.record(Entry(number=1, file=f"{slug}-v1.docx", time="2026-11-30T10:00:00Z", input_hash="x", document_hash="y"), {f"{slug}-v1.docx": b"docx"})
    # Through the states in their order, as a version is reviewed and then signed.
    for hour, state in enumerate(("verzonden", "beoordeeld", "getekend"), start=8):
        folder.mark(1, state, None, f"2026-12-01T{hour:02d}:00:00Z")


def test_import_into_a_signed_gebied_warns_that_it_needs_herzien(data_copy, tmp_path):
    edited, target = _one_change(data_copy, tmp_path)
    out = tmp_path / "output"
    _signed(out, "rotterdam-zuid")
    _signed(out, "delft-west")  # signed but not changed by the workbook: no warning
    done = run("import-budget", str(edited), "--data", str(data_copy), "--out", str(out))
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "rotterdam-zuid" in said and "getekend" in said and "--herzien rotterdam-zuid" in said, said
    assert "delft-west" not in said
    assert "1234567" in target.read_text()


# --- every message in Dutch, without Python's or the operating system's words ----------------------------

ENGLISH = ("Error", "Exception", "BadZipFile", "No such file", "Expecting value", "mismatch", "Traceback", "line 1 column")


def _broken_manifest(tmp: Path) -> list[str]:
    folder = tmp / "output" / "amsterdam-nieuw-west"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{kapot")
    return ["history", "amsterdam-nieuw-west", "--out", str(tmp / "output")]


def _broken_docx(tmp: Path) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><open></w:document>")
    (tmp / "kapot.docx").write_bytes(buffer.getvalue())
    return ["redline", str(tmp / "kapot.docx"), str(tmp / "kapot.docx"), "-o", str(tmp / "r.docx")]


def _no_landelijk(tmp: Path) -> list[str]:
    (tmp / "leeg").mkdir()
    return ["validate", "--data", str(tmp / "leeg")]


@pytest.mark.parametrize("case, words", [(_broken_manifest, "manifest.json: kan niet gelezen worden (geen geldige lijst versies"),
                                         (_broken_docx, "ongeldige XML (regel 1"),
                                         (_no_landelijk, "landelijk.yaml: kan niet gelezen worden (bestaat niet)")],
                         ids=["manifest", "docx", "landelijk"])
def test_messages_are_dutch_without_python_words(tmp_path, case, words):
    done = run(*case(tmp_path), cwd=tmp_path)
    assert done.returncode in (1, 2) and words in done.stderr, done.stderr
    for english in ENGLISH:
        assert english not in done.stderr, done.stderr


# --- the template's mistakes: Jinja's English said in Dutch ---------------------------------------------------


@pytest.mark.parametrize("old, new, words", [
    ("{{ orv.excl }}", "{{ orv.excl + }}", "Jinja kan deze tag niet lezen: onverwacht het einde van de tag (}})"),
    ("{{ orv.excl }}", "{{ orv.excl orv }}", "Jinja kan deze tag niet lezen: hier hoort het einde van de tag (}}), maar er staat «orv»"),
])
def test_a_template_syntax_error_is_said_in_dutch(tmp_path, old, new, words):
    from generator.template_check import check
    from tests import template_edits as edits

    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", old, new))
    problems = [str(p) for p in check(path).problems]
    assert any(words in p for p in problems), problems
    for english in ("unexpected", "expected token", "got '", "end of print statement"):
        assert not any(english in p for p in problems), problems


def test_a_failure_while_filling_in_is_said_in_dutch(tmp_path, amsterdam, landelijk):
    from generator.errors import TemplateError
    from generator.document.render import Template
    from tests import template_edits as edits
    from generator.document import context
    from generator.compute import agreement

    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ orv.excl }}", "{{ orv.excl ~ (1 // 0) }}"))
    with pytest.raises(TemplateError) as caught:
        Template(path).render(context.build(amsterdam, agreement(amsterdam, landelijk), landelijk))
    assert "fout bij het invullen van het sjabloon: deling door nul" in str(caught.value)
    assert "division" not in str(caught.value)
