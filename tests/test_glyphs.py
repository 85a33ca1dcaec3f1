"""Text no installed font can show is refused before a PDF/A is made: named, with its code point and place."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.document import agreement as document
from generator.errors import FontError
from generator.data.load import load_gebied, load_landelijk
from generator.ooxml.package import read_parts
from generator.document.render import Template
from tests.cli import afspraken
from tests.conftest import AMSTERDAM, DATA, ROOT, TEMPLATE

HOUSE = "\U0001F3E0"  # an emoji, as in a measure's name in the issue
WARNING = "\u26a0"  # in DejaVu Sans, not in Liberation Sans: LibreOffice draws it with DejaVu

pytestmark = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is what the check asks")


def _no_font_has(char: str) -> bool:
    """Independently of the check: fontconfig's answer, font by font (fc-query of every font file)."""
    files = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True).stdout.split()
    for file in files:
        charset = subprocess.run(["fc-query", "--format", "%{charset}", file], capture_output=True, text=True).stdout
        for span in charset.split():
            low, _, high = span.partition("-")
            if int(low, 16) <= ord(char) <= int(high or low, 16):
                return False
    return True


def _gebied_with(tmp: Path, extra: str) -> Path:
    text = AMSTERDAM.read_text(encoding="utf-8")
    assert "naam: Herinrichting Plein 40-45" in text
    path = tmp / "data" / "gebieden" / "amsterdam-nieuw-west.yaml"
    path.write_text(text.replace("naam: Herinrichting Plein 40-45", f"naam: Herinrichting Plein 40-45 {extra}", 1), encoding="utf-8")
    return path


def _parts(path: Path) -> dict[str, bytes]:
    gebied, _ = load_gebied(path)
    return read_parts(document.build(gebied, load_landelijk(DATA), Template(TEMPLATE)))


def test_a_character_no_font_has_is_named_with_its_code_point_and_place(data_copy, tmp_path):
    from generator.glyphs import check

    if not _no_font_has(HOUSE):
        pytest.skip("a font here has the emoji")
    parts = _parts(_gebied_with(tmp_path, f"{HOUSE} bij de school"))
    with pytest.raises(FontError) as caught:
        check(parts, "a.docx")
    message = str(caught.value)
    assert f"'{HOUSE}' (U+1F3E0) in de hoofdtekst, alinea «Herinrichting Plein 40-45 {HOUSE} bij de school" in message, message


def test_a_character_another_installed_font_has_is_accepted(data_copy, tmp_path):
    from generator.glyphs import check

    if _no_font_has(WARNING):
        pytest.skip("no font here has the warning sign")
    check(_parts(_gebied_with(tmp_path, WARNING)), "a.docx")  # no error
    check(read_parts(TEMPLATE.read_bytes()), "sjabloon")


@pytest.mark.libreoffice
def test_generate_pdf_refuses_a_pdf_with_empty_boxes(data_copy, tmp_path):
    if not _no_font_has(HOUSE):
        pytest.skip("a font here has the emoji")
    _gebied_with(tmp_path, HOUSE)
    out = tmp_path / "output"
    # Run under `flock /tmp/lo.lock` like every libreoffice test (with the check, LibreOffice is not even started).
    done = afspraken("generate", "amsterdam-nieuw-west", "--pdf", "--data", str(data_copy), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "U+1F3E0" in done.stderr and "PDF/A" not in done.stdout
    assert not list(out.rglob("*.pdf"))


@pytest.mark.libreoffice
def test_in_a_batch_the_other_gebieden_still_get_their_pdf(data_copy, tmp_path):
    if not _no_font_has(HOUSE):
        pytest.skip("a font here has the emoji")
    _gebied_with(tmp_path, HOUSE)
    out = tmp_path / "output"
    done = afspraken("generate", "amsterdam-nieuw-west", "delft-west", "--pdf", "--data", str(data_copy), "--out",
                     str(out))
    assert done.returncode == 2 and "amsterdam-nieuw-west-v1.docx: geen PDF gemaakt" in done.stderr, done.stderr
    assert sorted(p.name for p in out.rglob("*.pdf")) == ["delft-west-v1.pdf"]
    assert (out / "overzicht.xlsx").exists()
