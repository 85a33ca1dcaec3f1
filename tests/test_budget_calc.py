"""LibreOffice Calc as the controller's spreadsheet: it edits begroting.xlsx, computes its formulas, saves it;
the import reads what Calc wrote, and the next generate makes new versions of the changed gebieden only."""

from __future__ import annotations

import openpyxl
import pytest

from generator import batch
from generator.budget.apply import import_file
from generator.compute import agreement, national
from generator.data.load import load_gebied, load_landelijk
from tests.budget_helpers import cell_of, changed_lines, export, row_of, snapshot
from tests.conftest import DATA, TEMPLATE
from tests.libreoffice import SOFFICE, calc

pytestmark = [pytest.mark.libreoffice, pytest.mark.skipif(not SOFFICE, reason="LibreOffice not installed")]

# The input columns of each sheet and what Calc must see in them: figures as numbers; btw as ja/nee.
INPUT_COLUMNS = {"Woningbouw": {"D": "VALUE", "E": "VALUE"}, "Realisatiestimulans": {"B": "VALUE"},
                 "ORV": {"D": "VALUE", "E": "TEXT"}, "Capaciteit": {"D": "VALUE", "E": "TEXT"},
                 "Wbi": {"D": "VALUE", "E": "VALUE"}}


def test_calc_edits_two_amounts_and_the_import_changes_those_two_lines(data_copy, tmp_path):
    out = tmp_path / "output"
    paths = batch.gebied_files(data_copy, [], everything=True)
    first = batch.run(data_copy, paths, TEMPLATE, out)
    assert all(o.status == "nieuw" and o.version == 1 for o in first.outcomes)
    before = snapshot(data_copy)

    book_path = export(data_copy, tmp_path)
    book = openpyxl.load_workbook(book_path)
    orv = cell_of(book, "ORV", "rotterdam-zuid", 4, "Incl. btw")  # Sport- en talentcampus, € 3.850.000
    wbi = cell_of(book, "Wbi", "utrecht-overvecht", 1, "Indicatie rijksbijdrage")
    old_wbi = book["Wbi"][wbi].value
    saved = tmp_path / "begroting-calc.xlsx"
    seen = calc(book_path, [("ORV", orv, 3600000), ("Wbi", wbi, old_wbi - 50000)], saved)

    result = import_file(saved, data_copy)
    assert changed_lines(before, data_copy) == [
        ("gebieden/rotterdam-zuid.yaml", "      bedrag_incl_btw: 3850000", "      bedrag_incl_btw: 3600000"),
        ("gebieden/utrecht-overvecht.yaml", f"    indicatie_rijksbijdrage: {old_wbi}", f"    indicatie_rijksbijdrage: {old_wbi - 50000}"),
    ]
    assert len(result.changes) == 2

    second = batch.run(data_copy, paths, TEMPLATE, out)
    assert {o.slug for o in second.outcomes if o.status == "nieuw"} == {"rotterdam-zuid", "utrecht-overvecht"}
    assert all(o.version == 2 for o in second.outcomes if o.status == "nieuw")
    assert (out / "rotterdam-zuid" / "rotterdam-zuid-v2-wijzigingen.md").exists()

    _calc_computes_what_the_engine_computes(seen, data_copy, book)


def _calc_computes_what_the_engine_computes(seen: dict, data, book) -> None:
    """Every derived figure as Calc computed it (after the edits) against compute.py on the imported data;
    every figure and every formula result a number, not text."""
    sheets = seen["sheets"]
    for name, columns in INPUT_COLUMNS.items():
        cells = sheets[name]["cells"]
        assert sheets[name]["protected"]
        for address, cell in cells.items():
            row = int("".join(c for c in address if c.isdigit()))
            if row < 3:
                continue
            column = address.rstrip("0123456789")
            if column in columns:
                assert cell["type"] == columns[column] and not cell["locked"], (name, address, cell)
            elif cell["type"] == "FORMULA":
                assert cell["result"] == "VALUE" and cell["locked"], (name, address, cell)
            else:
                assert cell["locked"], (name, address, cell)
    landelijk = load_landelijk(data)
    loaded = {p.stem: load_gebied(p)[0] for p in sorted((data / "gebieden").glob("*.yaml"))}
    computed = {slug: agreement(g, landelijk) for slug, g in loaded.items()}

    def value(sheet: str, address: str) -> float:
        cell = sheets[sheet]["cells"][address]
        assert cell["type"] == "FORMULA" and cell["result"] == "VALUE", (sheet, address, cell)
        return cell["value"]

    for sheet, table in (("ORV", "orv"), ("Capaciteit", "capaciteit")):
        for slug, a in computed.items():
            for nr, row in enumerate(getattr(a, table).rows if getattr(a, table) else (), start=1):
                assert value(sheet, f"F{row_of(book[sheet], slug, nr)}") == row.excl, (sheet, slug, nr)
    gebieden = book["Gebieden"]
    for slug, a in computed.items():
        r = row_of(gebieden, slug)
        assert [value("Gebieden", f"{c}{r}") for c in "CDEFGHIJKLM"] == [
            a.woningbouw.total.woningen, a.woningbouw.total.betaalbaar, a.realisatiestimulans.min, a.realisatiestimulans.max,
            a.orv_incl, a.orv.total.excl if a.orv else 0, a.capaciteit_incl, a.capaciteit.total.excl if a.capaciteit else 0,
            a.wbi_rijksbijdrage, a.totaal.min, a.totaal.max], slug
        stimulans = book["Realisatiestimulans"]
        assert value("Realisatiestimulans", f"D{row_of(stimulans, slug)}") == a.realisatiestimulans.min
    # The signed agreement: Amsterdam Nieuw-West's band is € 37.600.000 – € 56.400.000.
    assert value("Realisatiestimulans", f"D{row_of(book['Realisatiestimulans'], 'amsterdam-nieuw-west')}") == 37_600_000
    assert value("Realisatiestimulans", f"E{row_of(book['Realisatiestimulans'], 'amsterdam-nieuw-west')}") == 56_400_000
    sums = national(list(computed.values()), landelijk)
    assert [value("Landelijk", a) for a in ("C12", "D12", "C13", "D13")] == [
        sums.orv.total, sums.orv.over, sums.capaciteit.total, sums.capaciteit.over]
    assert value("Landelijk", "E12") == pytest.approx(float(sums.orv.over_percent) / 100)


def test_every_stored_result_is_what_calc_computes(tmp_path):
    """Issue 23: the result stored with each formula (what previews and scripts read) is what LibreOffice
    computes for that formula; calculateAll recomputes every cell, so Calc does not just read them back."""
    book_path = export(DATA, tmp_path)
    stored = openpyxl.load_workbook(book_path, data_only=True)
    seen = calc(book_path, [])["sheets"]
    checked = 0
    for name, sheet in seen.items():
        for address, cell in sheet["cells"].items():
            if cell["type"] == "FORMULA":
                assert cell["result"] == "VALUE", (name, address, cell)
                assert stored[name][address].value == pytest.approx(cell["value"], rel=1e-12, abs=0), (name, address)
                checked += 1
    assert checked > 100


def test_calc_reads_measure_names_that_look_like_formulas_as_text(data_copy, tmp_path):
    from tests.test_budget import hostile_names

    names = hostile_names(data_copy)
    seen = calc(export(data_copy, tmp_path), [])
    cells = seen["sheets"]["ORV"]["cells"]
    texts = {cell.get("string"): cell["type"] for address, cell in cells.items() if address.startswith("C")}
    assert {name: texts.get(name) for name in names} == {name: "TEXT" for name in names}
