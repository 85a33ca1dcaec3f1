"""The budget workbook: export-budget's shape, import-budget's round trip, and every bad workbook refused."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from ruamel.yaml import YAML

from generator.budget.apply import import_file
from generator.budget.yaml_edit import replace_values
from generator.errors import AfsprakenError, BudgetError, DataError, OutputError
from tests.budget_helpers import SHEETS, cell_of, changed_lines, edit, export, row_of, snapshot
from tests.cli import afspraken
from tests.conftest import DATA, ROOT

NBSP = "\u00a0"


def euro(n: int) -> str:
    """Dutch amount, written out here independently of generator.formatting."""
    return f"€{NBSP}{n:,}".replace(",", ".")


def plain(path: Path) -> dict:
    """A gebied file read independently of the engine (ruamel's safe loader, no models)."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def files() -> list[Path]:
    return sorted((DATA / "gebieden").glob("*.yaml"))


# --- export ---------------------------------------------------------------------


def test_export_is_deterministic_protected_and_keeps_inputs_apart(tmp_path):
    first = export(DATA, tmp_path).read_bytes()
    assert export_file_bytes(tmp_path / "again") == first
    book = openpyxl.load_workbook(tmp_path / "begroting.xlsx")
    assert book.sheetnames == ["Toelichting", *SHEETS, "Gebieden", "Landelijk", "Export"]
    assert book["Export"].sheet_state == "hidden"
    assert any("Nieuwe of vervallen posten" in (c.value or "") for c in book["Toelichting"]["A"])
    for name in book.sheetnames:
        assert book[name].protection.sheet, f"{name} is not protected"
    orv = book["ORV"]
    assert "Nieuwe of vervallen posten kunnen niet via deze werkmap" in orv["A1"].value
    assert [c.value for c in orv[2]] == ["Gebied", "Nr", "Maatregel", "Incl. btw", "Btw van toepassing", "Excl. btw"]
    assert orv.freeze_panes == "D3" and orv.auto_filter.ref.startswith("A2:F")
    assert orv.protection.autoFilter is False  # filtering allowed on the protected sheet
    row = row_of(orv, "rotterdam-zuid", 4)
    key, amount, btw, excl = orv[f"A{row}"], orv[f"D{row}"], orv[f"E{row}"], orv[f"F{row}"]
    assert key.protection.locked and orv[f"C{row}"].protection.locked and excl.protection.locked
    assert not amount.protection.locked and not btw.protection.locked
    assert amount.style == "Input" and btw.style == "Input" and key.style != "Input"
    # The figure is a number with a euro format, not text; the derived figure is a formula.
    assert amount.data_type == "n" and amount.value == 3850000 and amount.number_format == '[$-413]"€ "#,##0'  # Dutch locale-tagged
    assert btw.value == "nee"
    assert excl.data_type == "f" and excl.value.startswith("=IF(")
    rules = {(r.type, r.operator, r.formula1): str(r.sqref) for r in orv.data_validations.dataValidation}
    assert rules[("whole", "greaterThanOrEqual", "1")].startswith("D3:D")  # Euros: gt=0 in the model
    assert rules[("list", None, '"ja,nee"')].startswith("E3:E")
    woningbouw = {(r.type, r.formula1): str(r.sqref) for r in book["Woningbouw"].data_validations.dataValidation}
    assert woningbouw[("whole", "1")].startswith("D3") and woningbouw[("whole", "0")].startswith("E3")  # betaalbaar ≥ 0
    assert book["Realisatiestimulans"]["D3"].value.startswith("=ROUND(")
    assert book["Landelijk"]["C12"].value == f"=SUM('ORV'!$D$3:$D${orv.max_row})"


def export_file_bytes(folder: Path) -> bytes:
    folder.mkdir()
    return export(DATA, folder).read_bytes()


def test_export_has_a_row_with_the_figures_of_every_item(tmp_path):
    book = openpyxl.load_workbook(export(DATA, tmp_path))
    for path in files():
        data = plain(path)
        slug = data["slug"]
        lists = {"Woningbouw": data["woningbouw"], "ORV": (data.get("orv") or {}).get("maatregelen", []),
                 "Capaciteit": (data.get("capaciteit") or {}).get("activiteiten", []), "Wbi": data.get("wbi", [])}
        for sheet, entries in lists.items():
            rows = [r for r in range(3, book[sheet].max_row + 1) if book[sheet].cell(r, 1).value == slug]
            assert len(rows) == len(entries), (slug, sheet)
            for nr, (row, entry) in enumerate(zip(rows, entries), start=1):
                values = [book[sheet].cell(row, c).value for c in range(2, 6)]
                if sheet == "Woningbouw":
                    assert values[:4] == [nr, entry["label"], entry["woningen"], entry["betaalbaar"]]
                elif sheet == "Wbi":
                    assert values[:4] == [nr, entry["naam"], entry["cofinanciering"], entry["indicatie_rijksbijdrage"]]
                else:
                    assert values == [nr, entry["naam"], entry["bedrag_incl_btw"], "ja" if entry["btw"] else "nee"]
        basis = book["Realisatiestimulans"][f"B{row_of(book['Realisatiestimulans'], slug)}"].value
        assert basis == data["realisatiestimulans"]["basis_betaalbare_woningen"]


def test_export_refuses_invalid_data_and_writes_nothing(data_copy, tmp_path):
    target = data_copy / "gebieden" / "rotterdam-zuid.yaml"
    target.write_text(target.read_text().replace("bedrag_incl_btw: 3850000", "bedrag_incl_btw: 3.850.000"))
    with pytest.raises(DataError) as caught:
        export(data_copy, tmp_path)
    assert any("rotterdam-zuid.yaml" in str(p) for p in caught.value.problems)
    assert not (tmp_path / "begroting.xlsx").exists()


# --- import: good workbooks ----------------------------------------------------------


def test_exported_unchanged_imported_changes_no_byte(data_copy, tmp_path):
    before = snapshot(data_copy)
    result = import_file(export(data_copy, tmp_path), data_copy)
    assert result.changes == [] and result.files == [] and not result.written
    assert snapshot(data_copy) == before
    # The same after openpyxl opened and saved it without a change.
    result = import_file(edit(tmp_path / "begroting.xlsx", [], tmp_path / "saved.xlsx"), data_copy)
    assert result.changes == [] and snapshot(data_copy) == before


def test_two_amounts_changed_with_openpyxl_change_exactly_two_lines(data_copy, tmp_path):
    before = snapshot(data_copy)
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    orv = cell_of(book, "ORV", "rotterdam-zuid", 4, "Incl. btw")  # Sport- en talentcampus, 3.850.000
    cap = cell_of(book, "Capaciteit", "amsterdam-nieuw-west", 1, "Incl. btw")
    old_cap = book["Capaciteit"][cap].value
    edited = edit(book_path, [("ORV", orv, 3600000), ("Capaciteit", cap, old_cap - 100000)], tmp_path / "edited.xlsx")
    result = import_file(edited, data_copy)
    assert changed_lines(before, data_copy) == sorted([
        ("gebieden/amsterdam-nieuw-west.yaml", f"      bedrag_incl_btw: {old_cap}", f"      bedrag_incl_btw: {old_cap - 100000}"),
        ("gebieden/rotterdam-zuid.yaml", "      bedrag_incl_btw: 3850000", "      bedrag_incl_btw: 3600000"),
    ])
    name = plain(DATA / "gebieden" / "amsterdam-nieuw-west.yaml")["capaciteit"]["activiteiten"][0]["naam"]
    assert result.changes == [
        f"Amsterdam Nieuw-West – Capaciteit – {name}, incl. btw: {euro(old_cap)} → {euro(old_cap - 100000)}",
        f"Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw: €{NBSP}3.850.000 → €{NBSP}3.600.000",
    ]
    orv_sum = sum(m["bedrag_incl_btw"] for p in files() for m in (plain(p).get("orv") or {}).get("maatregelen", []))
    cap_sum = sum(m["bedrag_incl_btw"] for p in files() for m in (plain(p).get("capaciteit") or {}).get("activiteiten", []))
    assert euro(orv_sum) + " → " + euro(orv_sum - 250000) in result.national[0]
    assert "budget " + euro(180000000) in result.national[0]
    assert euro(cap_sum) + " → " + euro(cap_sum - 100000) in result.national[1]
    assert result.written and len(result.files) == 2


def test_dry_run_reports_and_writes_nothing(data_copy, tmp_path):
    before = snapshot(data_copy)
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    edited = edit(book_path, [("ORV", cell_of(book, "ORV", "rotterdam-zuid", 4, "Incl. btw"), 3600000)], tmp_path / "e.xlsx")
    result = import_file(edited, data_copy, dry_run=True)
    assert len(result.changes) == 1 and result.files and not result.written
    assert snapshot(data_copy) == before


def test_cli_import_prints_the_changes_and_dry_run_writes_nothing(data_copy, tmp_path):
    before = snapshot(data_copy)
    book_path = tmp_path / "b.xlsx"
    run = afspraken
    assert run("export-budget", "--data", str(data_copy), "--out", str(book_path)).returncode == 0
    book = openpyxl.load_workbook(book_path)
    edited = edit(book_path, [("Woningbouw", cell_of(book, "Woningbouw", "rotterdam-zuid", 1, "Woningen"), 4100)], tmp_path / "e.xlsx")
    shown = run("import-budget", str(edited), "--data", str(data_copy), "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "Rotterdam-Zuid – Woningbouw – Puur NPLV, woningen: 4.010 → 4.100" in shown.stdout
    assert "--dry-run: niets geschreven" in shown.stdout and snapshot(data_copy) == before
    done = run("import-budget", str(edited), "--data", str(data_copy))
    assert done.returncode == 0 and "bijgewerkt:" in done.stdout
    assert changed_lines(before, data_copy) == [("gebieden/rotterdam-zuid.yaml", "    woningen: 4010", "    woningen: 4100")]


# --- the YAML kept as it was written ----------------------------------------------------


def _figures(data: dict) -> list[tuple[tuple, object]]:
    found = [(("realisatiestimulans", "basis_betaalbare_woningen"), data["realisatiestimulans"]["basis_betaalbare_woningen"])]
    for i, row in enumerate(data["woningbouw"]):
        found += [(("woningbouw", i, f), row[f]) for f in ("woningen", "betaalbaar")]
    for section, key in (("orv", "maatregelen"), ("capaciteit", "activiteiten")):
        for i, m in enumerate((data.get(section) or {}).get(key, [])):
            found += [((section, key, i, f), m[f]) for f in ("bedrag_incl_btw", "btw")]
    for i, a in enumerate(data.get("wbi", [])):
        found += [(("wbi", i, f), a[f]) for f in ("cofinanciering", "indicatie_rijksbijdrage")]
    return found


@pytest.mark.parametrize("path", files(), ids=lambda p: p.stem)
def test_every_figure_of_every_file_changes_its_own_line_only(path):
    raw = path.read_bytes()
    figures = _figures(plain(path))
    assert replace_values(raw, {p: v for p, v in figures}, path.name) == raw  # the same figures: the same bytes
    old_lines = raw.decode().split("\n")
    for field, value in figures:
        new = (not value) if isinstance(value, bool) else value + 7
        out = replace_values(raw, {field: new}, path.name).decode().split("\n")
        differ = [(a, b) for a, b in zip(old_lines, out) if a != b]
        literal = ("true" if new else "false") if isinstance(new, bool) else str(new)
        assert len(out) == len(old_lines) and len(differ) == 1, (field, differ)
        assert differ[0][1].endswith(f"{field[-1]}: {literal}"), differ


def test_a_layout_ruamel_would_rewrite_is_patched_in_place():
    # Four-space indentation, CRLF line ends and a comment after the figure: ruamel's dump would change
    # other lines, so only the value's characters are replaced.
    text = ("slug: x\r\norv:\r\n    maatregelen:\r\n        -   naam: Plein   # the square\r\n"
            "            bedrag_incl_btw: 7335000    # incl. btw, afgerond\r\n            btw: True\r\n")
    out = replace_values(text.encode(), {("orv", "maatregelen", 0, "bedrag_incl_btw"): 7500000,
                                         ("orv", "maatregelen", 0, "btw"): False}, "x.yaml").decode()
    assert out == text.replace("7335000", "7500000").replace("btw: True", "btw: False")


@pytest.mark.parametrize("wrong", [lambda t: t.replace("7335000", "1").replace("Plein", "Plain"), lambda t: t,
                                   lambda t: t.replace("7335000", "2")], ids=["other byte", "no change", "wrong value"])
def test_a_result_that_is_not_exactly_the_change_is_never_returned(wrong, monkeypatch):
    # The guard behind both ways of editing: whatever produced the text, another changed byte (or a
    # missing or wrong new value) is refused.
    from generator.budget import yaml_edit

    text = "orv:\n    maatregelen:\n        - naam: Plein\n          bedrag_incl_btw: 7335000\n          btw: true\n"
    monkeypatch.setattr(yaml_edit, "_patch", lambda t, tree, changes: wrong(t))
    with pytest.raises(AfsprakenError, match="niet veilig"):
        replace_values(text.encode(), {("orv", "maatregelen", 0, "bedrag_incl_btw"): 1}, "x.yaml")


# --- import: bad workbooks, each refused with its sheet and cell, nothing written ------------------


def _orv_row(book) -> int:
    return row_of(book["ORV"], "rotterdam-zuid", 4)


def _set(sheet, column, value):
    def change(book):
        row = _orv_row(book) if sheet == "ORV" else row_of(book[sheet], "rotterdam-zuid", 1 if sheet != "Realisatiestimulans" else None)
        book[sheet][f"{column}{row}"].value = value(book[sheet], row) if callable(value) else value
        return f"{column}{row}"
    return change


def _duplicate(book):
    sheet, row = book["ORV"], _orv_row(book)
    sheet.append([c.value for c in sheet[row]])
    return f"A{sheet.max_row}"


def _new_row(book):
    sheet = book["ORV"]
    sheet.append([None, None, "Nieuwe maatregel", 1000000, "ja"])
    return f"A{sheet.max_row}"


def _removed_row(book):
    book["ORV"].delete_rows(_orv_row(book))
    return None


def _landelijk(book):
    book["Landelijk"]["B12"].value = 170000000
    return "B12"


def _header(book):
    book["ORV"]["D2"].value = "Bedrag"
    return "D2"


def _sheet_gone(book):
    del book["Wbi"]
    return None


BAD = {
    "unknown gebied": (_set("ORV", "A", "nergens"), "onbekende sleutel: gebied 'nergens' komt in dit blad niet voor"),
    "unknown nr": (_set("ORV", "B", 99), "onbekende sleutel: rotterdam-zuid heeft geen maatregel nr 99"),
    "changed key": (_set("ORV", "C", "Sportcampus"), "sleutel gewijzigd: maatregel nr 4 van rotterdam-zuid heet 'Sport- en talentcampus', in het blad staat 'Sportcampus'"),
    "duplicate row": (_duplicate, "dubbele regel: Rotterdam-Zuid – ORV – Sport- en talentcampus staat ook in rij"),
    "formula": (_set("ORV", "D", "=3600000+0"), "bevat een formule (=3600000+0); hier hoort een getal"),
    "text": (_set("ORV", "D", "3.600.000"), "is tekst ('3.600.000'), geen getal; verwacht een bedrag in hele euro's"),
    "decimals": (_set("ORV", "D", 3600000.5), "3.600.000,5 is geen geheel getal; verwacht een bedrag in hele euro's"),
    "empty": (_set("ORV", "D", None), "Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw: is leeg"),
    "btw": (_set("ORV", "E", "misschien"), "'misschien'; verwacht ja of nee"),
    "zero": (_set("ORV", "D", 0), f"Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw {euro(0)}: moet groter zijn dan 0, gevonden: 0"),
    "affordable above homes": (_set("Woningbouw", "E", lambda s, r: s[f"D{r}"].value + 1),
                               "4.011: 4011 betaalbare woningen is meer dan het totaal van 4010 woningen"),
    "basis above affordable": (_set("Realisatiestimulans", "B", 99999), "99999 is meer dan het totaal van 4640 betaalbare woningen"),
    "wbi share": (_set("Wbi", "D", 1), f"cofinanciering {euro(1)}: cofinanciering is minder dan 50%"),
    "new row": (_new_row, "heeft geen sleutel (Gebied leeg): een nieuwe post kan niet via de werkmap"),
    "removed row": (_removed_row, "regel ontbreekt: Rotterdam-Zuid – ORV – Sport- en talentcampus (nr 4); een post schrappen kan niet via de werkmap"),
    "national figure": (_landelijk, "budget ORV is 170000000, in landelijk.yaml 180000000; landelijke waarden veranderen alleen in data/landelijk.yaml"),
    "header": (_header, "kolomkop 'Bedrag'; verwacht 'Incl. btw'"),
    "sheet missing": (_sheet_gone, "blad 'Wbi': ontbreekt in de werkmap"),
    "export sheet missing": (lambda book: book.remove(book["Export"]), "blad 'Export': ontbreekt in de werkmap"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_workbook_is_refused_with_sheet_cell_and_expectation(case, data_copy, tmp_path):
    change, message = BAD[case]
    before = snapshot(data_copy)
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    # A good change beside the bad one: it must not be written either.
    book["ORV"][cell_of(book, "ORV", "amsterdam-nieuw-west", 1, "Incl. btw")].value = 1234567
    cell = change(book)
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(BudgetError) as caught:
        import_file(tmp_path / "bad.xlsx", data_copy)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert message in text, text
    if cell:
        sheet = next(s for s in ("ORV", "Woningbouw", "Realisatiestimulans", "Wbi", "Landelijk") if f"blad '{s}', cel {cell}" in text)
        assert sheet
    assert snapshot(data_copy) == before


def test_cli_refuses_a_bad_workbook_with_exit_2(data_copy, tmp_path):
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    cell = cell_of(book, "ORV", "rotterdam-zuid", 4, "Incl. btw")
    edit(book_path, [("ORV", cell, "drie miljoen")], tmp_path / "bad.xlsx")
    before = snapshot(data_copy)
    done = afspraken("import-budget", str(tmp_path / "bad.xlsx"), "--data", str(data_copy))
    assert done.returncode == 2
    assert f"blad 'ORV', cel {cell}: Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw: is tekst ('drie miljoen')" in done.stderr
    assert "er is niets geschreven" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(data_copy) == before


def test_not_a_workbook_is_refused(data_copy, tmp_path):
    (tmp_path / "nep.xlsx").write_bytes(b"PK\x03\x04 no zip at all")
    with pytest.raises(DataError, match="geen Excel-werkmap \\(.xlsx\\) \\(geen geldig zip-archief\\)"):
        import_file(tmp_path / "nep.xlsx", data_copy)


def _exported_then_yaml_edited(data: Path, tmp: Path, slug: str, nr: int, value: int):
    """Export; a drafter then changes Rotterdam-Zuid's Sport- en talentcampus in the YAML (3.850.000 →
    3.800.000); the controller changes (slug, ORV nr) to `value` in the workbook."""
    book_path = export(data, tmp)
    target = data / "gebieden" / "rotterdam-zuid.yaml"
    target.write_text(target.read_text().replace("bedrag_incl_btw: 3850000", "bedrag_incl_btw: 3800000"))
    cell = cell_of(openpyxl.load_workbook(book_path), "ORV", slug, nr, "Incl. btw")
    return snapshot(data), cell, edit(book_path, [("ORV", cell, value)], tmp / "e.xlsx")


def test_a_figure_changed_in_the_yaml_since_the_export_is_kept(data_copy, tmp_path):
    before, _, edited = _exported_then_yaml_edited(data_copy, tmp_path, "amsterdam-nieuw-west", 1, 5600000)
    result = import_file(edited, data_copy)
    # The workbook still says 3.850.000 for Rotterdam-Zuid, but the controller did not change it: the file's
    # newer 3.800.000 stays; only the controller's own change is written.
    assert changed_lines(before, data_copy) == [
        ("gebieden/amsterdam-nieuw-west.yaml", "      bedrag_incl_btw: 5700000", "      bedrag_incl_btw: 5600000")]
    assert len(result.changes) == 1


def test_a_figure_changed_in_both_is_refused(data_copy, tmp_path):
    before, cell, edited = _exported_then_yaml_edited(data_copy, tmp_path, "rotterdam-zuid", 4, 3600000)
    with pytest.raises(BudgetError) as caught:
        import_file(edited, data_copy)
    assert (f"blad 'ORV', cel {cell}: Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw: 3600000 in de werkmap, "
            "maar ook in rotterdam-zuid.yaml gewijzigd sinds de export (bij de export 3850000, nu 3800000)") in str(caught.value)
    assert snapshot(data_copy) == before


# --- all files or none ----------------------------------------------------------------


def test_a_failure_part_way_leaves_every_file_as_it_was(data_copy, tmp_path, monkeypatch):
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    changes = [("ORV", cell_of(book, "ORV", slug, 1, "Incl. btw"), 1000000)
               for slug in ("amsterdam-nieuw-west", "rotterdam-zuid", "utrecht-overvecht")]
    edited = edit(book_path, changes, tmp_path / "e.xlsx")
    before = snapshot(data_copy)
    import generator.store.write as write

    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", failing)
    with pytest.raises(OutputError, match="schijf is vol"):
        import_file(edited, data_copy)
    assert len(calls) == 3 and calls[2] == calls[0]  # the file already replaced was put back
    monkeypatch.setattr(write.os, "replace", real)
    assert snapshot(data_copy) == before  # no file changed, no temporary left behind


def test_a_file_saved_meanwhile_is_not_overwritten(data_copy, tmp_path):
    from generator.store.write import replace_all

    target = data_copy / "gebieden" / "rotterdam-zuid.yaml"
    other = data_copy / "gebieden" / "delft-west.yaml"
    old = target.read_bytes()
    target.write_bytes(old + b"# saved by a drafter\n")
    with pytest.raises(OutputError, match="gewijzigd sinds het lezen"):
        replace_all({other: (other.read_bytes(), b"x"), target: (old, b"y")})
    assert target.read_bytes() == old + b"# saved by a drafter\n" and other.read_bytes() != b"x"


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def test_every_formula_stores_its_result_as_the_yaml_gives_it(tmp_path):
    """Issue 23: a script reading begroting.xlsx (openpyxl data_only, as pandas does) sees every derived figure;
    for Amsterdam Nieuw-West they are checked against arithmetic on its YAML file, read here."""
    path = export(DATA, tmp_path)
    formulas, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    stored = values[sheet.title][cell.coordinate].value
                    assert isinstance(stored, (int, float)), (sheet.title, cell.coordinate, stored)
    plain = YAML(typ="safe").load((DATA / "gebieden" / "amsterdam-nieuw-west.yaml").read_text(encoding="utf-8"))
    btw = YAML(typ="safe").load((DATA / "landelijk.yaml").read_text(encoding="utf-8"))["btw_procent"]

    def excl(m: dict) -> int:
        return _half_up(m["bedrag_incl_btw"] * 100, 100 + btw) if m["btw"] else m["bedrag_incl_btw"]

    measures = plain["orv"]["maatregelen"]
    activities = (plain.get("capaciteit") or {}).get("activiteiten") or []
    orv = values["ORV"]
    for nr, measure in enumerate(measures, start=1):
        assert orv[f"F{row_of(formulas['ORV'], 'amsterdam-nieuw-west', nr)}"].value == excl(measure)
    assert excl(measures[2]) == 6_061_983  # € 7.335.000 incl. 21% btw, as the signed agreement has it
    gebieden = values["Gebieden"]
    r = row_of(formulas["Gebieden"], "amsterdam-nieuw-west")
    wbi = sum(a["indicatie_rijksbijdrage"] for a in plain.get("wbi") or [])
    orv_incl = sum(m["bedrag_incl_btw"] for m in measures)
    capaciteit_incl = sum(a["bedrag_incl_btw"] for a in activities)
    assert [gebieden[f"{c}{r}"].value for c in "CDEFGHIJK"] == [
        sum(w["woningen"] for w in plain["woningbouw"]), sum(w["betaalbaar"] for w in plain["woningbouw"]),
        37_600_000, 56_400_000,  # the band of the signed agreement
        orv_incl, sum(excl(m) for m in measures), capaciteit_incl, sum(excl(a) for a in activities), wbi]
    assert gebieden[f"L{r}"].value == 37_600_000 + orv_incl + capaciteit_incl + wbi
    assert values["Realisatiestimulans"][f"D{row_of(formulas['Realisatiestimulans'], 'amsterdam-nieuw-west')}"].value == 37_600_000


HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


def hostile_names(data: Path) -> list[str]:
    """Amsterdam Nieuw-West's ORV measures renamed to texts a spreadsheet would read as formulas."""
    path = data / "gebieden" / "amsterdam-nieuw-west.yaml"
    text = path.read_text(encoding="utf-8")
    olds = ["Maatschappelijke voorziening De Centrale", "Maatschappelijke voorziening Talentontwikkeling Meervaart",
            "Herinrichting Plein 40-45"]
    for old, new in zip(olds, HOSTILE_NAMES):
        quoted = '"' + new.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'
        assert text.count(f"naam: {old}\n") == 1, old
        text = text.replace(f"naam: {old}\n", f"naam: {quoted}\n")
    path.write_text(text, encoding="utf-8")
    return HOSTILE_NAMES[:len(olds)]


def test_a_measure_name_that_looks_like_a_formula_is_written_as_text(data_copy, tmp_path):
    names = hostile_names(data_copy)
    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    orv = book["ORV"]
    found = {orv.cell(row, 3).value: orv.cell(row, 3).data_type for row in range(3, orv.max_row + 1)
             if orv.cell(row, 1).value == "amsterdam-nieuw-west"}
    assert {name: found.get(name) for name in names} == {name: "s" for name in names}
    import zipfile

    from lxml import etree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(book_path) as package:
        sheets = [etree.fromstring(package.read(n)) for n in package.namelist() if n.startswith("xl/worksheets/")]
    formulas = [f.text or "" for tree in sheets for f in tree.iter(f"{main}f")]
    assert formulas and not [f for f in formulas if "HYPERLINK" in f or "SUM(A1)" in f or f in ("1", "+1", "-1")]
    written = {"".join(c.itertext()): c.get("t") for tree in sheets for c in tree.iter(f"{main}c")
               if c.find(f"{main}f") is None}
    assert {name: written.get(name) for name in names} == {name: "inlineStr" for name in names}
    # The engine's own formulas stay formulas.
    assert orv.cell(3, len([c for c in orv[2] if c.value])).data_type == "f"


def test_a_measure_name_that_looks_like_a_formula_is_read_back_as_its_key(data_copy, tmp_path):
    # Export and import again without a change: the names are keys, not formulas in a key cell.
    hostile_names(data_copy)
    before = snapshot(data_copy)
    result = import_file(export(data_copy, tmp_path), data_copy)
    assert result.changes == [] and snapshot(data_copy) == before


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_every_text_cell_helper_keeps_a_text_a_text(name, tmp_path):
    from generator.workbook.sheets import append, formula, put

    book = openpyxl.Workbook()
    sheet = book.active
    put(sheet, 1, 1, name)
    append(sheet, (name, 3))
    formula(sheet, 3, 1, "=1+1")
    book.save(tmp_path / "t.xlsx")
    again = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert (again["A1"].value, again["A1"].data_type) == (name, "s")
    assert (again["A2"].value, again["A2"].data_type, again["B2"].value) == (name, "s", 3)
    assert (again["A3"].value, again["A3"].data_type) == ("=1+1", "f")


def test_a_workbook_a_controller_changed_is_kept_when_exported_again(data_copy, tmp_path):
    book_path = tmp_path / "begroting.xlsx"
    run = afspraken
    assert run("export-budget", "--data", str(data_copy), "--out", str(book_path)).returncode == 0
    book = openpyxl.load_workbook(book_path)
    # She changes a figure and saves the file under its own name, as Excel does.
    edit(book_path, [("Woningbouw", cell_of(book, "Woningbouw", "rotterdam-zuid", 1, "Woningen"), 4100)], book_path)
    hers = book_path.read_bytes()
    again = run("export-budget", "--data", str(data_copy), "--out", str(book_path))
    assert again.returncode == 0, again.stderr
    said = " ".join(again.stdout.split())
    beside = tmp_path / "begroting (nieuw).xlsx"
    assert f"bewaard {book_path}" in said and "niet overschreven" in said and f"geschreven: {beside}" in said, said
    assert book_path.read_bytes() == hers, "her figures are not overwritten"
    assert openpyxl.load_workbook(beside)["Woningbouw"][cell_of(book, "Woningbouw", "rotterdam-zuid", 1, "Woningen")].value == 4010
    # Exported once more: the file beside hers, which nobody changed, is written again; no third file.
    assert run("export-budget", "--data", str(data_copy), "--out", str(book_path)).returncode == 0
    assert not (tmp_path / "begroting (nieuw 2).xlsx").exists() and book_path.read_bytes() == hers


def test_a_workbook_nobody_changed_is_exported_again_in_place(data_copy, tmp_path):
    book_path = tmp_path / "begroting.xlsx"
    assert afspraken("export-budget", "--data", str(data_copy), "--out", str(book_path)).returncode == 0
    first = book_path.read_bytes()
    path = data_copy / "gebieden" / "rotterdam-zuid.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    woningen: 4010\n" in text
    path.write_text(text.replace("    woningen: 4010\n", "    woningen: 4020\n", 1), encoding="utf-8")
    again = afspraken("export-budget", "--data", str(data_copy), "--out", str(book_path))
    assert again.returncode == 0 and "bewaard" not in again.stdout, again.stdout
    assert book_path.read_bytes() != first and not (tmp_path / "begroting (nieuw).xlsx").exists()
