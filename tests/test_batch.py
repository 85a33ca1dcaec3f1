"""All gebieden in one batch: versions, manifest, determinism, overview."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import paragraph_text

from . import seed
from .cli import afspraken, generate
from .conftest import DATA, TEMPLATE


def docx_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.docx"))}


SLUGS = sorted(p.stem for p in (DATA / "gebieden").glob("*.yaml"))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = generate(DATA, out, "--all")
    assert result.returncode == 0, result.stderr + result.stdout
    return out, result


def test_all_gebieden_are_generated_with_a_manifest(first_run):
    out, result = first_run
    assert len(SLUGS) == 19
    for slug in SLUGS:
        assert (out / slug / f"{slug}-v1.docx").exists()
        manifest = json.loads((out / slug / "manifest.json").read_text())
        (version,) = manifest["versies"]
        assert version["versie"] == 1 and version["bestand"] == f"{slug}-v1.docx"
        assert len(version["invoer_hash"]) == len(version["document_hash"]) == 64
    assert "19 nieuw" in " ".join(result.stdout.split())


def test_a_second_run_writes_nothing(first_run, tmp_path):
    out, _ = first_run
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    result = generate(DATA, out, "--all")
    assert result.returncode == 0
    assert "0 nieuw, 19 ongewijzigd" in " ".join(result.stdout.split())
    # the overview is made again by every run, and with it the record of what the engine wrote there
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name not in ("overzicht.xlsx", ".geschreven.json")}
    assert all(before.get(p) == t for p, t in after.items())


def test_two_folders_get_byte_identical_files(tmp_path):
    # A version carries its time (stamp.py): SOURCE_DATE_EPOCH fixes it, as for any reproducible build.
    out, other, fixed = tmp_path / "out", tmp_path / "other", {"SOURCE_DATE_EPOCH": "1767600000"}
    assert generate(DATA, out, "--all", env=fixed).returncode == 0
    assert generate(DATA, other, "--all", env=fixed).returncode == 0
    assert docx_files(other) == docx_files(out)
    assert (other / "overzicht.xlsx").read_bytes() == (out / "overzicht.xlsx").read_bytes()


def test_changing_one_amount_gives_a_new_version_of_that_gebied_only(data_copy, tmp_path):
    out = tmp_path / "out"
    assert generate(data_copy, out, "--all").returncode == 0
    path = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    path.write_text(path.read_text().replace("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000"))
    result = generate(data_copy, out, "--all")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.rglob("*-v2*")) == [
        "amsterdam-nieuw-west-v2-wijzigingen-overzicht.docx", "amsterdam-nieuw-west-v2-wijzigingen.docx",
        "amsterdam-nieuw-west-v2-wijzigingen.md", "amsterdam-nieuw-west-v2.docx"]
    assert (out / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v1.docx").exists()
    summary = (out / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v2-wijzigingen.md").read_text().replace("\u00a0", " ")
    assert "- ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.500.000" in summary
    assert "Opslag ORV incl. btw: € 19.035.000 → € 19.200.000" in summary
    # the excl. btw figures too: 7.500.000 × 100/121 = 6.198.347,1; 5.700.000 + 6.000.000 (no btw) + 6.198.347
    assert "ORV – Herinrichting Plein 40-45, excl. btw: € 6.061.983 → € 6.198.347" in summary
    assert "Opslag ORV excl. btw: € 17.761.983 → € 17.898.347" in summary
    versions = json.loads((out / "amsterdam-nieuw-west" / "manifest.json").read_text())["versies"]
    assert [v["versie"] for v in versions] == [1, 2] and versions[0]["document_hash"] != versions[1]["document_hash"]


def test_an_invalid_gebied_is_reported_while_the_others_are_generated(data_copy, tmp_path):
    path = data_copy / "gebieden" / "breda-noord.yaml"
    path.write_text(path.read_text().replace("status: concept", "status: klaar"))
    out = tmp_path / "out"
    result = generate(data_copy, out, "--all")
    assert result.returncode == 2
    assert "breda-noord.yaml" in result.stderr and "status" in result.stderr and "Traceback" not in result.stderr
    assert not (out / "breda-noord").exists()
    assert len(list(out.rglob("*-v1.docx"))) == 18


def table_rows(parts) -> list[list[str]]:
    body = parse_xml(parts["word/document.xml"])
    return [
        [" ".join(paragraph_text(p) for p in tc.iter(w("p"))).replace("\u00a0", " ").strip() for tc in tr.iter(w("tc"))]
        for tr in body.iter(w("tr"))
    ]


def euros(cell: str) -> int:
    return int(cell.replace("€", "").replace(".", "").strip())


def test_overview_sums_equal_the_documents_own_tables(first_run):
    out, result = first_run
    orv = capaciteit = wbi = woningen = 0
    for slug in SLUGS:
        rows = table_rows(read_parts((out / slug / f"{slug}-v1.docx").read_bytes()))
        for row in rows:
            if row[0] == "Opslag ORV":
                orv += euros(row[1])
            elif row[0] == "Benodigde ambtelijke capaciteit puur NPLV":
                capaciteit += euros(row[1])
            elif row[0] == "Inschatting mogelijke Wbi":
                wbi += euros(row[1])
        totaal = [r for r in rows if r and r[0] == "Totaal" and len(r) == 3 and "/" not in r[1] and "€" not in r[1]]
        woningen += int(totaal[0][1].replace(".", ""))
    sheet = load_workbook(out / "overzicht.xlsx").active
    header = [c.value for c in sheet[1]]
    (total_row,) = [row for row in sheet.iter_rows() if row[0].value == "Totaal"]
    totals = dict(zip(header, [c.value for c in total_row]))
    assert totals["Gebied"] == "Totaal"
    assert totals["ORV incl. btw"] == orv
    assert totals["Capaciteit incl. btw"] == capaciteit
    assert totals["Wbi"] == wbi
    assert totals["Woningen"] == woningen
    # The terminal shows the same sums, in € mln, and piped into a log no column is cut off.
    (line,) = [line.split() for line in result.stdout.splitlines() if line.startswith("Totaal")]
    in_mln = [f"{amount / 1_000_000:.1f}".replace(".", ",") for amount in (orv, capaciteit, wbi)]
    assert line[1] == f"{woningen:,}".replace(",", ".") and line[4:7] == in_mln
    # The boilerplate's claims hold for the shipped data: "ruim € 200 mln" and "€ 60 mln".
    assert 200_000_000 <= orv < 210_000_000 and abs(capaciteit - 60_000_000) < 500_000
    budgets = load_workbook(out / "overzicht.xlsx")["Budgetten"]
    assert all(not str(row[-1].value).startswith("LET OP") for row in budgets.iter_rows(min_row=2, max_row=3))


def test_eindhoven_has_no_orv_or_capaciteit_section(first_run):
    out, _ = first_run
    parts = read_parts((out / "eindhoven-woensel-zuid" / "eindhoven-woensel-zuid-v1.docx").read_bytes())
    text = " ".join(paragraph_text(p) for p in parse_xml(parts["word/document.xml"]).iter(w("p")))
    assert "Opslag realisatiestimulans voor bovenplanse" not in text
    assert "Opslag realisatiestimulans voor capaciteitsondersteuning" not in text
    assert "Opslag ORV" not in text
    assert "opslagen voor ORV en ambtelijke capaciteit" not in text
    assert "daadwerkelijke startbouw." in text


def test_illustrative_gebieden_say_so(first_run):
    out, _ = first_run
    for slug in SLUGS:
        parts = read_parts((out / slug / f"{slug}-v1.docx").read_bytes())
        text = " ".join(paragraph_text(p) for p in parse_xml(parts["word/document.xml"]).iter(w("p")))
        assert ("Illustratief" in text) == (slug != "amsterdam-nieuw-west"), slug


@pytest.mark.libreoffice
def test_every_gebied_opens_in_libreoffice_and_concepts_are_marked_on_every_page(first_run, tmp_path):
    from .libreoffice import convert_many, pdf_page_texts

    out, _ = first_run
    pdfs = convert_many([out / slug / f"{slug}-v1.docx" for slug in SLUGS], "pdf", tmp_path)
    for slug, pdf in zip(SLUGS, pdfs):
        pages = pdf_page_texts(pdf)
        assert len(pages) >= 8, slug
        marked = ["CONCEPT" in page for page in pages]
        if slug == "amsterdam-nieuw-west":
            assert not any(marked)
        else:
            assert all(marked), f"{slug}: CONCEPT missing on pages {[i + 1 for i, m in enumerate(marked) if not m]}"


def test_every_document_passes_both_validators(first_run):
    from .validators import all_errors

    out, _ = first_run
    assert all_errors(sorted(out.rglob("*-v1.docx"))) == []


def test_pdf_without_libreoffice_is_refused_before_anything_is_written(tmp_path):
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)}
    result = afspraken("generate", "amsterdam-nieuw-west", "--pdf", "--data", str(DATA), "--out", str(tmp_path / "out"),
                       "--template", str(TEMPLATE), env=env, replace_env=True)
    assert result.returncode == 2 and "LibreOffice" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_pdf_of_each_new_version(tmp_path):
    from .libreoffice import pdf_pages

    out = tmp_path / "out"
    result = generate(DATA, out, "amsterdam-nieuw-west", "--pdf")
    assert result.returncode == 0, result.stderr
    pdf = out / "amsterdam-nieuw-west" / "amsterdam-nieuw-west-v1.pdf"
    assert pdf_pages(pdf) == seed.pages()  # as signed: "Pagina 5 van 13"


def test_a_national_parameter_gives_every_gebied_a_version_a_redline_and_a_summary(data_copy, tmp_path):
    out = tmp_path / "out"
    assert generate(data_copy, out, "--all").returncode == 0
    landelijk = data_copy / "landelijk.yaml"
    landelijk.write_text(landelijk.read_text().replace("bedrag_per_woning: 7000", "bedrag_per_woning: 7500"))
    result = generate(data_copy, out, "--all")
    assert result.returncode == 0, result.stderr
    for slug in SLUGS:
        folder = out / slug
        assert (folder / f"{slug}-v2.docx").exists() and (folder / f"{slug}-v2-wijzigingen.docx").exists()
        summary = (folder / f"{slug}-v2-wijzigingen.md").read_text().replace("\u00a0", " ")
        assert "Landelijk – realisatiestimulans.bedrag_per_woning: € 7.000 → € 7.500" in summary, summary
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["versies"][1]["bestanden"] == sorted([f"{slug}-v2.docx", f"{slug}-v2-wijzigingen.docx", f"{slug}-v2-wijzigingen.md",
                                                              f"{slug}-v2-wijzigingen-overzicht.docx"])
    from .validators import all_errors

    assert all_errors(sorted(out.rglob("*-wijzigingen.docx"))[:4]) == []
