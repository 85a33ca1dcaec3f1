"""`afspraken controleer`: a file that came back is recognised by its content, never by its name."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from .cli import afspraken, generate
from .conftest import DATA
from .libreoffice import convert

ANW = "amsterdam-nieuw-west"


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """Two versions of Amsterdam Nieuw-West (an ORV amount changed between them); v2 signed."""
    root = tmp_path_factory.mktemp("controleer")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA, data)
    assert generate(data, out, ANW).returncode == 0
    path = data / "gebieden" / f"{ANW}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000"),
                    encoding="utf-8")
    assert generate(data, out, ANW).returncode == 0
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(out), env={"SOURCE_DATE_EPOCH": "1750766400"}).returncode == 0
    return out


def rezipped(source: Path, target: Path, edit: tuple[bytes, bytes] | None = None) -> Path:
    """The same parts zipped again (other compression, other order: other bytes), optionally one text replaced."""
    with zipfile.ZipFile(source) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    if edit:
        assert parts["word/document.xml"].count(edit[0]) >= 1
        parts["word/document.xml"] = parts["word/document.xml"].replace(edit[0], edit[1], 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zout:
        for name in reversed(list(parts)):
            zout.writestr(name, parts[name])
    target.write_bytes(buffer.getvalue())
    return target


def controleer(path: Path, out: Path):
    return afspraken("controleer", str(path), "--out", str(out))


def test_a_stored_version_is_found_by_its_bytes_whatever_its_name(stored, tmp_path):
    copy = tmp_path / "afspraken-teruggestuurd.docx"
    shutil.copyfile(stored / ANW / f"{ANW}-v1.docx", copy)
    done = controleer(copy, stored)
    assert done.returncode == 0, done.stderr
    assert "versie 1 van amsterdam-nieuw-west, zonder staat (hetzelfde bestand)" in done.stdout


def test_a_rezipped_copy_is_the_same_version_by_what_a_reader_sees(stored, tmp_path):
    copy = rezipped(stored / ANW / f"{ANW}-v2.docx", tmp_path / "kopie.docx")
    assert copy.read_bytes() != (stored / ANW / f"{ANW}-v2.docx").read_bytes()
    done = controleer(copy, stored)
    assert done.returncode == 0, done.stderr
    assert "versie 2 van amsterdam-nieuw-west, getekend op 24 juni 2025 14:00" in done.stdout  # 12:00 UTC, summer time
    assert "opnieuw opgeslagen" in done.stdout


def test_an_edited_copy_is_none_and_its_difference_is_shown(stored, tmp_path):
    # The ORV amount of v2 (€ 7.500.000) typed over by hand as € 7.600.000.
    copy = rezipped(stored / ANW / f"{ANW}-v2.docx", tmp_path / "bewerkt.docx", (b"7.500.000", b"7.600.000"))
    done = controleer(copy, stored)
    assert done.returncode == 1, done.stderr
    assert "geen opgeslagen versie; het meest gelijk aan versie 2 van amsterdam-nieuw-west, getekend" in done.stdout
    assert ": «7.500.000» → «7.600.000»" in done.stdout


def test_a_file_that_is_no_document_is_refused_with_status_2(stored, tmp_path):
    bad = tmp_path / "notitie.docx"
    bad.write_text("geen Word-document", encoding="utf-8")
    done = controleer(bad, stored)
    assert done.returncode == 2
    assert "notitie.docx: is geen Word-document (.docx) en geen PDF" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.libreoffice
def test_a_pdf_is_the_signed_version_only_with_its_text(stored, tmp_path):
    assert afspraken("pdf", ANW, "2", "--out", str(stored)).returncode == 0
    pdf = stored / ANW / f"{ANW}-v2.pdf"
    same = controleer(pdf, stored)
    assert same.returncode == 0 and "versie 2 van amsterdam-nieuw-west, getekend" in same.stdout
    # The signed version with one amount changed, made into a PDF by LibreOffice (not by the engine).
    edited = rezipped(stored / ANW / f"{ANW}-v2.docx", tmp_path / "getekend.docx", (b"7.500.000", b"7.600.000"))
    other = convert(edited, "pdf", tmp_path)
    differs = controleer(other, stored)
    assert differs.returncode == 1, differs.stdout + differs.stderr
    assert "geen opgeslagen versie" in differs.stdout and "7.600.000" in differs.stdout.replace("\u00a0", " ")
