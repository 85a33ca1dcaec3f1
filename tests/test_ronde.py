"""Every gebied accounted for: the round's list in landelijk.yaml against the files in data/gebieden/.

Each case is run through the command line as a policy officer would, with its message quoted, its exit
status, and what was (not) written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator import cli

from .conftest import TEMPLATE


def run(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """The command line in this process: (exit status, stdout, stderr), whitespace joined as one line."""
    monkeypatch.setattr(sys, "argv", ["afspraken", *args])
    try:
        cli.main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    captured = capsys.readouterr()
    return code, " ".join(captured.out.split()), " ".join(captured.err.split())


def generate(capsys, monkeypatch, data: Path, out: Path, *slugs: str):
    return run(capsys, monkeypatch, "generate", *(slugs or ["--all"]), "--data", str(data), "--out", str(out),
               "--template", str(TEMPLATE))


def validate(capsys, monkeypatch, data: Path):
    return run(capsys, monkeypatch, "validate", "--data", str(data))


def gebieden(data: Path) -> Path:
    return data / "gebieden"


# --- a file that is not <slug>.yaml is never skipped -------------------------------------------------

RENAMED = [
    ("amsterdam-nieuw-west.yml", "wordt niet gelezen: in {folder} hoort alleen per gebied van de ronde een bestand "
                                 "<slug>.yaml; hernoem het naar amsterdam-nieuw-west.yaml"),
    ("amsterdam-nieuw-west.yaml.txt", "wordt niet gelezen: in {folder} hoort alleen per gebied van de ronde een bestand "
                                      "<slug>.yaml; hernoem het naar amsterdam-nieuw-west.yaml"),
    ("Amsterdam-Nieuw-West.yaml", "wordt niet gelezen: in {folder} hoort alleen per gebied van de ronde een bestand "
                                  "<slug>.yaml; hernoem het naar amsterdam-nieuw-west.yaml"),
]


@pytest.mark.parametrize(("name", "message"), RENAMED, ids=[r[0] for r in RENAMED])
def test_a_gebied_file_under_another_name_is_an_error_and_the_gebied_is_missing(capsys, monkeypatch, data_copy, tmp_path,
                                                                                name, message):
    folder = gebieden(data_copy)
    (folder / "amsterdam-nieuw-west.yaml").rename(folder / name)
    code, out, err = validate(capsys, monkeypatch, data_copy)
    assert code == 2
    assert f"fout {folder / name}: {message.format(folder=folder)}" in err
    assert f"ontbreekt Amsterdam Nieuw-West: geen bestand {folder / 'amsterdam-nieuw-west.yaml'}" in out

    code, out, err = generate(capsys, monkeypatch, data_copy, tmp_path / "out")
    assert code == 2 and "Traceback" not in err
    assert f"fout {folder / name}: {message.format(folder=folder)}" in err
    assert "18 nieuw, 0 ongewijzigd, 1 met fouten, 1 ontbreekt" in out
    assert "Onvolledig, niet meegeteld – ontbreekt: Amsterdam Nieuw-West" in out
    assert not (tmp_path / "out" / "amsterdam-nieuw-west").exists()
    sheet = load_workbook(tmp_path / "out" / "overzicht.xlsx").active
    assert ["Amsterdam Nieuw-West", None, "ontbreekt (niet meegeteld)"] in [[c.value for c in row[:3]] for row in sheet.iter_rows()]
    notes = [row[0].value for row in load_workbook(tmp_path / "out" / "overzicht.xlsx")["Budgetten"].iter_rows()]
    assert "Niet meegeteld – ontbreekt: Amsterdam Nieuw-West" in notes


@pytest.mark.parametrize(("name", "message"), [
    ("amsterdam-nieuw-west.yaml~", "is geen gebiedsbestand (een kopie of reservebestand van amsterdam-nieuw-west.yaml?)"),
    ("amsterdam-nieuw-west (1).yaml", "is geen gebiedsbestand (een kopie of reservebestand van amsterdam-nieuw-west.yaml?)"),
    ("Kopie van amsterdam-nieuw-west.yaml", "is geen gebiedsbestand (een kopie of reservebestand van amsterdam-nieuw-west.yaml?)"),
    (".amsterdam-nieuw-west.yaml.swp", "is geen gebiedsbestand (een kopie of reservebestand van amsterdam-nieuw-west.yaml?)"),
    ("notities.txt", "is geen gebiedsbestand; in {folder} hoort alleen per gebied van de ronde een bestand <slug>.yaml"),
    ("almere-haven.yaml", "gebied 'almere-haven' staat niet in de lijst gebieden in landelijk.yaml (een gebied van de "
                          "ronde moet daar eerst bij)"),
    ("breda-nord.yaml", "gebied 'breda-nord' staat niet in de lijst gebieden in landelijk.yaml; bedoelde u breda-noord.yaml?"),
    ("lelystad.yaml", "Lelystad is geen onderdeel van deze ronde (landelijk.yaml, gebieden: lelystad: ronde: false)"),
])
def test_a_copy_a_backup_or_a_gebied_outside_the_round_is_an_error_naming_the_file(capsys, monkeypatch, data_copy, tmp_path,
                                                                                  name, message):
    folder = gebieden(data_copy)
    (folder / name).write_bytes((folder / "breda-noord.yaml").read_bytes())
    code, out, err = validate(capsys, monkeypatch, data_copy)
    assert code == 2 and "Traceback" not in err
    assert f"fout {folder / name}: {message.format(folder=folder)}" in err
    assert "ontbreekt" not in out  # every gebied of the round still has its file
    code, out, err = generate(capsys, monkeypatch, data_copy, tmp_path / "out")
    assert code == 2 and f"fout {folder / name}:" in err
    assert "19 nieuw" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")) == sorted(
        p.stem for p in folder.glob("*.yaml") if p.name != name)


def test_a_deleted_gebied_is_named_in_every_summary_and_its_output_folder_too(capsys, monkeypatch, data_copy, tmp_path):
    out = tmp_path / "out"
    assert generate(capsys, monkeypatch, data_copy, out)[0] == 0
    (gebieden(data_copy) / "amsterdam-nieuw-west.yaml").unlink()
    before = {p: p.read_bytes() for p in (out / "amsterdam-nieuw-west").iterdir()}
    code, stdout, err = generate(capsys, monkeypatch, data_copy, out)
    assert code == 0, err  # a gebied not yet (or no longer) delivered is reported, not an error
    assert "0 nieuw, 18 ongewijzigd, 0 met fouten, 1 ontbreekt" in stdout
    assert "Onvolledig, niet meegeteld – ontbreekt: Amsterdam Nieuw-West" in stdout
    assert f"Uitvoermap zonder gebied: {out / 'amsterdam-nieuw-west'}" in stdout
    assert {p: p.read_bytes() for p in (out / "amsterdam-nieuw-west").iterdir()} == before  # nothing lost
    book = load_workbook(out / "overzicht.xlsx")
    assert ["Amsterdam Nieuw-West", None, "ontbreekt (niet meegeteld)"] in [[c.value for c in r[:3]] for r in book.active.iter_rows()]
    notes = [row[0].value for row in book["Budgetten"].iter_rows()]
    assert "uitvoermap zonder gebied: amsterdam-nieuw-west" in notes
    # the totals are the sums of the rows that are counted (the missing one has no figures)
    table = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
    (totals,) = [r for r in table if r[0] == "Totaal"]
    counted = [r for r in table if r[1] is not None]  # a version counted; the missing one has no figures
    figures = range(7, len(totals))  # Woningen … Totaal max (Eindhoven's n.v.t. counts as nothing)
    assert len(counted) == 18
    assert totals[7:] == [sum(r[i] for r in counted if isinstance(r[i], int)) for i in figures]
    code, stdout, err = validate(capsys, monkeypatch, data_copy)
    assert code == 0 and f"ontbreekt Amsterdam Nieuw-West: geen bestand {gebieden(data_copy) / 'amsterdam-nieuw-west.yaml'}" in stdout
    # one gebied by name: the rest is "niet gevraagd", and the missing one is still named
    code, stdout, err = generate(capsys, monkeypatch, data_copy, out, "breda-noord")
    assert code == 0 and "1 ontbreekt" in stdout and "Ontbreekt: Amsterdam Nieuw-West (geen bestand amsterdam-nieuw-west.yaml)" in stdout


def test_asking_for_a_missing_or_unknown_gebied(capsys, monkeypatch, data_copy, tmp_path):
    (gebieden(data_copy) / "amsterdam-nieuw-west.yaml").rename(gebieden(data_copy) / "amsterdam-nieuw-west.yml")
    code, out, err = generate(capsys, monkeypatch, data_copy, tmp_path / "out", "amsterdam-nieuw-west")
    assert code == 2
    assert (f"gebied amsterdam-nieuw-west ontbreekt: geen bestand {gebieden(data_copy) / 'amsterdam-nieuw-west.yaml'} "
            f"{gebieden(data_copy) / 'amsterdam-nieuw-west.yml'}: wordt niet gelezen") in err
    code, out, err = generate(capsys, monkeypatch, data_copy, tmp_path / "out", "lelystad")
    assert code == 2 and "onbekend gebied 'lelystad'; de gebieden van de ronde (landelijk.yaml): amsterdam-nieuw-west," in err
    assert not (tmp_path / "out").exists()


# --- what a gebied may claim, and the list itself ----------------------------------------------------

ORV = """orv:
  maatregelen:
    - naam: Herinrichting Winkelcentrum Woensel
      bedrag_incl_btw: 2500000
      btw: true
"""


def test_a_gebied_claiming_what_the_list_says_it_cannot_is_refused(capsys, monkeypatch, data_copy, tmp_path):
    path = gebieden(data_copy) / "eindhoven-woensel-zuid.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nwbi:", "\n" + ORV + "\nwbi:", 1)
    assert ORV in text
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("orv:") + 1
    code, out, err = generate(capsys, monkeypatch, data_copy, tmp_path / "out")
    assert code == 2
    assert (f"fout {path}:{line}: orv: Eindhoven Woensel-Zuid kan geen aanspraak maken op de ORV (landelijk.yaml, "
            "gebieden: eindhoven-woensel-zuid: orv: false); laat orv weg") in err
    assert not (tmp_path / "out" / "eindhoven-woensel-zuid").exists()
    assert "Onvolledig, niet meegeteld – fout in de gegevens: Eindhoven Woensel-Zuid" in out


def test_a_gebied_file_must_agree_with_the_list(capsys, monkeypatch, data_copy):
    path = gebieden(data_copy) / "zaandam-oost.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("gemeente: Zaanstad", "gemeente: Zaandam"), encoding="utf-8")
    code, out, err = validate(capsys, monkeypatch, data_copy)
    assert code == 2
    assert "gemeente: 'Zaandam' is niet de gemeente van dit gebied in landelijk.yaml ('Zaanstad'); maak ze gelijk" in err


def test_the_list_in_landelijk_yaml_is_checked(capsys, monkeypatch, data_copy):
    path = data_copy / "landelijk.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - naam: Arnhem Oost\n    slug: arnhem-oost\n",
                                 "  - naam: Arnhem Oost\n    slug: amsterdam-zuidoost\n"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = [i for i, l in enumerate(lines, 1) if l == "    slug: amsterdam-zuidoost"][1]
    code, out, err = validate(capsys, monkeypatch, data_copy)
    assert code == 2
    assert f"fout {path}:{line}: gebieden[2].slug: 'amsterdam-zuidoost' staat al eerder in de lijst (gebieden[1])" in err
