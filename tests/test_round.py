"""Versions a reader can tell apart (their number and time in the document and its PDF), and the round at a
glance: overzicht.xlsx from the latest versions, `afspraken status`, and both workbooks as LibreOffice prints them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from generator.ooxml.names import CP_NS, DC_NS, DCTERMS_NS, W_NS
from generator.ooxml.package import parse_xml, read_parts

from . import sheet_pdf
from .conftest import DATA
from .libreoffice import convert_many
from .test_states import ANW, afspraken, edit, epoch, generate, manifest, plain

ROTTERDAM = "rotterdam-zuid"
# Two version times, one in winter time and one in summer time (Amsterdam: UTC+1, UTC+2).
T1, T2 = "2026-01-05T09:00:00Z", "2026-06-01T12:30:00Z"
PLEIN = ("bedrag_incl_btw: 7335000", "bedrag_incl_btw: 7500000")  # ORV – Herinrichting Plein 40-45


def core(docx: Path) -> dict[str, str]:
    root = parse_xml(read_parts(docx.read_bytes())["docProps/core.xml"])
    return {etree.QName(e).localname: e.text or "" for e in root}


def header_text(docx: Path) -> str:
    parts = read_parts(docx.read_bytes())
    # Paragraph by paragraph, as lines are read: the version mark stands on two lines ("Versie 2 van", its time).
    return " ".join(" ".join("".join(p.itertext()) for p in parse_xml(data).iter(f"{{{W_NS}}}p"))
                    for name, data in sorted(parts.items()) if name.startswith("word/header"))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[Path, Path]:
    """--all at T1, then only Amsterdam Nieuw-West at T2 with a changed ORV amount; Rotterdam-Zuid (a concept)
    changed and regenerated at T2 as well."""
    root = tmp_path_factory.mktemp("ronde")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA, data)
    first = generate(data, out, "--all", env=epoch(T1))
    assert first.returncode == 0, first.stderr
    edit(data, ANW, PLEIN[0], PLEIN[1])
    second = generate(data, out, ANW, env=epoch(T2))
    assert second.returncode == 0, second.stderr
    edit(data, ROTTERDAM, "bedrag_incl_btw: 6050000", "bedrag_incl_btw: 6150000")
    third = generate(data, out, ROTTERDAM, env=epoch(T2))
    assert third.returncode == 0, third.stderr
    return data, out


def test_each_version_carries_its_number_and_time(two_runs):
    _, out = two_runs
    v1, v2 = (core(out / ANW / f"{ANW}-v{n}.docx") for n in (1, 2))
    assert (v1["version"], v2["version"]) == ("1", "2")
    assert v1["created"] == v1["modified"] == T1 and v2["created"] == v2["modified"] == T2
    assert v1["title"] == v2["title"] == "Bestuurlijke afspraken NPLV-gebied Amsterdam Nieuw-West"
    # The subject says it in Amsterdam's time: 09:00 UTC in January is 10:00, 12:30 UTC in June is 14:30.
    assert v1["subject"].endswith("versie 1 van 5 januari 2026 10:00")
    assert v2["subject"].endswith("versie 2 van 1 juni 2026 14:30")
    # The manifest's own time is the stored UTC one, and its hash is of the document as built (unstamped).
    assert [v["tijd"] for v in manifest(out)] == [T1, T2]


def test_a_concept_shows_its_version_on_the_page_and_a_definitief_one_does_not(two_runs):
    _, out = two_runs
    concept = header_text(out / ROTTERDAM / f"{ROTTERDAM}-v2.docx")
    assert "CONCEPT" in concept and "Versie 2 van 1 juni 2026 14:30" in concept
    assert "Versie 1 van 5 januari 2026 10:00" in header_text(out / ROTTERDAM / f"{ROTTERDAM}-v1.docx")
    signed_text = header_text(out / ANW / f"{ANW}-v2.docx")  # definitief: the page is the text for signature
    assert "Versie" not in signed_text and "24 juni 2025" in signed_text


def test_the_mark_makes_no_new_version(two_runs, tmp_path):
    data, out = two_runs
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    again = generate(data, copy, ANW, ROTTERDAM, env=epoch("2026-07-01T08:00:00Z"))
    assert again.returncode == 0, again.stderr
    assert len(manifest(copy)) == 2 and len(manifest(copy, ROTTERDAM)) == 2
    # ... also when the stored document is compared by what a reader sees (its hash no longer matches)
    for slug in (ANW, ROTTERDAM):
        entries = manifest(copy, slug)
        entries[-1]["document_hash"] = "0" * 64
        path = copy / slug / "manifest.json"
        import json

        path.write_text(json.dumps({"gebied": slug, "versies": entries}), encoding="utf-8")
    again = generate(data, copy, ANW, ROTTERDAM, env=epoch("2026-07-01T08:00:00Z"))
    assert again.returncode == 0 and "2 ongewijzigd" in plain(again.stdout), again.stdout


def test_the_overview_after_a_run_for_one_gebied(two_runs):
    _, out = two_runs
    book = load_workbook(out / "overzicht.xlsx")
    sheet = book["Overzicht"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    anw = rows["Amsterdam Nieuw-West"]
    # The signed seed's ORV (€ 19.035.000) with Plein 40-45 raised by € 165.000 (7.335.000 → 7.500.000).
    assert anw["ORV incl. btw"] == 19_035_000 + 165_000 and anw["Versie"] == 2
    assert rows["Eindhoven Woensel-Zuid"]["ORV incl. btw"] == "n.v.t."
    assert rows["Eindhoven Woensel-Zuid"]["Capaciteit incl. btw"] == "n.v.t."
    assert anw["Staat"] == "gemaakt" and anw["Versie gemaakt"].isoformat() == "2026-06-01T14:30:00"
    counted = [r for name, r in rows.items() if name not in ("Totaal",) and not str(name).startswith("Gemaakt")]
    assert len(counted) == 19
    assert rows["Totaal"]["ORV incl. btw"] == sum(r["ORV incl. btw"] for r in counted
                                                  if isinstance(r["ORV incl. btw"], int))
    assert any(str(name).startswith("Gemaakt op 1 juni 2026 14:30") for name in rows)
    assert sheet.auto_filter.ref == "A1:P20" and sheet.freeze_panes == "B2"
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.row_dimensions[1].height >= 30  # its wrapped headings
    status = {r[0]: r for r in book["Status"].iter_rows(min_row=2, values_only=True)}
    assert status["Amsterdam Nieuw-West"][1] == 2 and status["Rotterdam-Zuid"][1] == 2
    assert book["Budgetten"]._charts


def test_status_shows_the_round(two_runs, tmp_path):
    data, out = two_runs
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    marked = afspraken("mark", ANW, "1", "beoordeeld", "--out", str(copy), env=epoch("2026-02-01T10:00:00Z"))
    assert marked.returncode == 0 and "1 februari 2026 11:00" in marked.stdout, marked.stdout
    afspraken("mark", ROTTERDAM, "2", "getekend", "--out", str(copy), env=epoch("2026-06-02T08:00:00Z"))
    shutil.rmtree(copy / "breda-noord")
    result = afspraken("status", "--out", str(copy), "--data", str(data), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    lines = {line.split("  ")[0].strip(): plain(line) for line in result.stdout.splitlines() if line.strip()}
    assert lines["Amsterdam Nieuw-West"].startswith("Amsterdam Nieuw-West v2 gemaakt 1 jun 2026 14:30 – gewijzigd")
    assert lines["Rotterdam-Zuid"] == "Rotterdam-Zuid v2 getekend 2 jun 2026 10:00 v2 niet beoordeeld"
    assert lines["Breda Noord"].startswith("Breda Noord – geen versie")


@pytest.mark.libreoffice
def test_libreoffice_prints_both_workbooks_without_overlap_on_a4(two_runs, tmp_path):
    data, out = two_runs
    exported = afspraken("export-budget", "--data", str(data), "--out", str(tmp_path / "begroting.xlsx"))
    assert exported.returncode == 0, exported.stderr
    shutil.copy(out / "overzicht.xlsx", tmp_path / "overzicht.xlsx")
    overview_pdf, budget_pdf = convert_many([tmp_path / "overzicht.xlsx", tmp_path / "begroting.xlsx"], "pdf", tmp_path)
    for pdf in (overview_pdf, budget_pdf):
        pages = sheet_pdf.pages(pdf)
        assert pages and all(p.is_a4 for p in pages), pdf.name
        for number, page in enumerate(pages, 1):
            assert sheet_pdf.overlapping(page) == [], f"{pdf.name}, pagina {number}"
            assert sheet_pdf.cut_off(page) == [], f"{pdf.name}, pagina {number}"
    first = sheet_pdf.pages(overview_pdf)[0]
    assert sheet_pdf.below(first, "Amsterdam", ["betaalbaar", "btw", "min", "max", "staat", "Realisatiestimulans"]) == []
    words = [w.text for w in first.words]
    assert "19.200.000" in words and "€" in words  # Dutch separators whatever the machine's locale (LANG=C here)
    assert "n.v.t." in words and "1 juni 2026 14:30" in " ".join(words)


def body_text(docx: Path) -> str:
    return " ".join("".join(parse_xml(read_parts(docx.read_bytes())["word/document.xml"]).itertext()).split())


def test_a_revision_after_the_signed_version_is_a_concept_without_its_date(two_runs, tmp_path):
    data, out = two_runs
    copy, revised_data = tmp_path / "out", tmp_path / "data"
    shutil.copytree(out, copy)
    shutil.copytree(data, revised_data)
    assert afspraken("mark", ANW, "2", "getekend", "--out", str(copy)).returncode == 0
    assert "Utrecht, 24 juni 2025" in body_text(copy / ANW / f"{ANW}-v2.docx")  # the signed one, as signed
    edit(revised_data, ANW, PLEIN[1], "bedrag_incl_btw: 7600000")
    revised = generate(revised_data, copy, ANW, "--herzien", ANW, env=epoch("2026-09-01T10:00:00Z"))
    assert revised.returncode == 0, revised.stderr
    v3 = copy / ANW / f"{ANW}-v3.docx"
    assert "24 juni 2025" not in body_text(v3) and "[datum van ondertekening]" in body_text(v3)
    assert "CONCEPT" in header_text(v3) and "Versie 3 van 1 september 2026 12:00" in header_text(v3)
    # Still a concept in the next run without --herzien (the revision is not signed), and no new version.
    again = generate(revised_data, copy, ANW, env=epoch("2026-09-02T10:00:00Z"))
    assert again.returncode == 0 and len(manifest(copy)) == 3, again.stdout + again.stderr
    # A new signing date in the data makes it the text for signature again: definitief, with that date.
    landelijk = revised_data / "landelijk.yaml"
    text = landelijk.read_text(encoding="utf-8")
    assert text.count("2025-06-24") == 1
    landelijk.write_text(text.replace("2025-06-24", "2026-10-01"), encoding="utf-8")
    dated = generate(revised_data, copy, ANW, env=epoch("2026-09-03T10:00:00Z"))
    assert dated.returncode == 0, dated.stderr
    v4 = copy / ANW / f"{ANW}-v4.docx"
    assert "Utrecht, 1 oktober 2026" in body_text(v4) and "CONCEPT" not in header_text(v4)


@pytest.mark.libreoffice
def test_the_pdfs_of_two_versions_say_which_they_are(two_runs, tmp_path):
    import pikepdf

    _, out = two_runs
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    for number in (1, 2):
        made = afspraken("pdf", ANW, str(number), "--out", str(copy))
        assert made.returncode == 0, made.stderr
    seen = []
    for number, stamp, label in ((1, "20260105090000Z", "versie 1 van 5 januari 2026 10:00"),
                                 (2, "20260601123000Z", "versie 2 van 1 juni 2026 14:30")):
        with pikepdf.open(copy / ANW / f"{ANW}-v{number}.pdf") as pdf:
            info = pdf.docinfo
            assert str(info["/CreationDate"]) == str(info["/ModDate"]) == f"D:{stamp}"
            assert str(info["/Subject"]).endswith(label)
            with pdf.open_metadata() as xmp:  # in step with the info dictionary (PDF/A)
                assert xmp["xmp:CreateDate"].replace("-", "").replace(":", "").replace("T", "") == stamp
                assert xmp["dc:description"].endswith(label)
            seen.append((str(info["/Title"]), str(info["/Subject"])))
    assert seen[0][0] == seen[1][0] and seen[0][1] != seen[1][1]


def test_stamped_documents_and_their_redline_are_valid_ooxml(two_runs):
    from .validators import all_errors

    _, out = two_runs
    folder = out / ROTTERDAM
    assert all_errors([folder / f"{ROTTERDAM}-v2.docx", folder / f"{ROTTERDAM}-v2-wijzigingen.docx",
                       out / ANW / f"{ANW}-v2.docx"]) == []


def test_an_overview_a_controller_changed_is_kept_beside_the_new_one(data_copy, tmp_path):
    from .cli import generate

    out = tmp_path / "out"
    assert generate(data_copy, out, "amsterdam-nieuw-west").returncode == 0
    theirs = (out / "overzicht.xlsx").read_bytes() + b"\0"  # stands for any change a controller saved
    (out / "overzicht.xlsx").write_bytes(theirs)
    again = generate(data_copy, out, "amsterdam-nieuw-west")
    assert again.returncode == 0, again.stderr
    said = " ".join((again.stdout + again.stderr).split())
    assert "bewaard zoals het is, het nieuwe overzicht staat in overzicht (nieuw).xlsx" in said, said
    assert (out / "overzicht.xlsx").read_bytes() == theirs, "the controller's file stays where she saved it"
    beside = out / "overzicht (nieuw).xlsx"
    assert beside.read_bytes() != theirs
    # the new overview the engine wrote beside hers, nobody changed: it is written again, also when its figures change
    path = data_copy / "gebieden" / "amsterdam-nieuw-west.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    woningen: 12475\n" in text
    path.write_text(text.replace("    woningen: 12475\n", "    woningen: 12480\n", 1), encoding="utf-8")
    before = beside.read_bytes()
    assert generate(data_copy, out, "amsterdam-nieuw-west").returncode == 0
    assert beside.read_bytes() != before
    assert (out / "overzicht.xlsx").read_bytes() == theirs
    assert not (out / "overzicht (nieuw 2).xlsx").exists()
