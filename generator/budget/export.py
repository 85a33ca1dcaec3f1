"""begroting.xlsx: every figure a controller may change, per section a sheet, keys locked, inputs apart.

The shape of a SiSa-style return: keys that never change in locked columns (sheet protection without
a password), the figures in unlocked cells styled as Excel's "Invoer" cells with data validation,
everything derived (excl. btw, the band, the totals, the national sums) as formulas, so that the
controller sees the consequences of a change before importing it.

Every formula cell also stores its result (issue 23): openpyxl writes none, so previews, scripts (openpyxl's
data_only, pandas) and some viewers saw empty totals. The result stored is the engine's own figure
(compute.py), post-processed into the sheet XML (ooxml/spreadsheet.py), rather than switching to XlsxWriter:
the figures the agreements print are then by construction the ones the workbook shows, openpyxl keeps writing
(and import-budget reading) the same workbook, and the output stays byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..compute import Agreement, National, agreement, national

if TYPE_CHECKING:
    from ..store.write import Placed
from ..data.models import Gebied, Landelijk
from ..ooxml.spreadsheet import Number
from ..workbook.overview import xlsx_bytes
from ..workbook.sheets import (
    COUNT_FORMAT,
    EURO_FORMAT,
    FONT_SIZE,
    PERCENT_FORMAT,
    append,
    fit_row_height,
    formula,
    named_fonts,
    printed,
    put,
    wrap_long_text,
)
from .figures import SECTIONS, Item, Section, derived_result, items, key_headers

TITLE = "Begroting bestuurlijke afspraken NPLV"
NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
UNLOCKED = Protection(locked=False)

NOTE = ("Wijzig alleen de invoercellen (hele getallen; btw: ja of nee). Gebied, Nr en naam zijn de sleutel en "
        "staan vast. Nieuwe of vervallen posten kunnen niet via deze werkmap: pas daarvoor het YAML-bestand "
        "van het gebied aan en exporteer opnieuw.")

EXPLANATION = (
    TITLE,
    "",
    "Per blad de bedragen en aantallen die de budgetcontrollers kunnen wijzigen: Woningbouw, Realisatiestimulans, "
    "ORV, Capaciteit en Wbi. Gebieden en Landelijk tonen de gevolgen.",
    "Wijzig alleen de invoercellen (opmaak 'Invoer'): hele getallen, bedragen in hele euro's incl. btw; "
    "bij btw: ja of nee.",
    "Gebied, Nr en naam zijn de sleutel van een regel. Ze staan vast (bladbeveiliging, zonder wachtwoord): "
    "verander ze niet. Filteren mag.",
    "Nieuwe of vervallen posten (woningbouwregels, maatregelen, activiteiten, Wbi-aanvragen) kunnen niet via "
    "deze werkmap: de import weigert een regel zonder sleutel en een ontbrekende regel. Voeg ze toe of schrap "
    "ze in data/gebieden/<gebied>.yaml en exporteer daarna opnieuw.",
    "Een cijfer dat na de export in het YAML-bestand is gewijzigd en hier niet, blijft zoals het bestand het heeft; "
    "is het aan beide kanten gewijzigd, dan weigert de import het.",
    "Excl. btw, de bandbreedte van de realisatiestimulans, de totalen per gebied en de landelijke sommen "
    "tegenover de budgetten zijn formules. Bij de export staat in elke formulecel al de uitkomst die de "
    "afspraken zelf tonen; Excel rekent ze opnieuw uit zodra een invoercel wijzigt.",
    "Terug in de gegevens: afspraken import-budget begroting.xlsx --dry-run toont wat er verandert; "
    "zonder --dry-run worden de gebiedsbestanden bijgewerkt.",
)

# Landelijk: the national parameters the formulas use, by their place in landelijk.yaml.
PARAMETERS = (
    ("btw_procent", "Btw (%)", COUNT_FORMAT),
    ("realisatiestimulans.bedrag_per_woning", "Realisatiestimulans per betaalbare woning", EURO_FORMAT),
    ("realisatiestimulans.correctie.teller", "Correctie teller", COUNT_FORMAT),
    ("realisatiestimulans.correctie.noemer", "Correctie noemer", COUNT_FORMAT),
    ("realisatiestimulans.band.min_procent", "Bandbreedte min (%)", COUNT_FORMAT),
    ("realisatiestimulans.band.plus_procent", "Bandbreedte plus (%)", COUNT_FORMAT),
    ("realisatiestimulans.afronding", "Afronding", EURO_FORMAT),
)
BUDGETS = (("ORV", "orv"), ("Capaciteit", "capaciteit"))
EXPORT_SHEET, EXPORT_HEADERS = "Export", ("Blad", "Gebied", "Nr", "Veld", "Waarde")
BUDGET_HEADERS = ("Opslag", "Budget", "Som afspraken incl. btw", "Overprogrammering", "Overprogrammering %")
GEBIEDEN_HEADERS = ("Gebied", "Naam", "Woningen", "w.v. betaalbaar", "Realisatiestimulans min", "Realisatiestimulans max",
                    "ORV incl. btw", "ORV excl. btw", "Capaciteit incl. btw", "Capaciteit excl. btw",
                    "Wbi indicatie rijksbijdrage", "Totaal min", "Totaal max")


def parameter(landelijk: Landelijk, dotted: str) -> int:
    value: object = landelijk
    for part in dotted.split("."):
        value = getattr(value, part)
    assert isinstance(value, int)
    return value


def parameter_name(dotted: str) -> str:
    """The defined name of a national parameter in the workbook: 'realisatiestimulans.afronding' → 'p_afronding'."""
    return "p_" + dotted.split(".")[-1]


def budget_row(index: int) -> int:
    """The row of the index-th budget (0 = ORV) on the Landelijk sheet."""
    return HEADER_ROW + len(PARAMETERS) + 3 + index


def workbook(gebieden: list[Gebied], landelijk: Landelijk) -> bytes:
    wb = Workbook()
    computed = {g.slug: agreement(g, landelijk) for g in gebieden}
    results: Results = {}
    _explanation(wb.active)
    per_section = {s.sheet: [i for g in gebieden for i in items(g) if i.section is s] for s in SECTIONS}
    layouts: dict[str, Layout] = {}
    for section in SECTIONS:  # Woningbouw first: the Realisatiestimulans formulas refer to it
        layouts[section.sheet] = _section(wb.create_sheet(section.sheet), section, per_section[section.sheet], layouts,
                                          computed, results.setdefault(section.sheet, {}))
    _gebieden(wb.create_sheet("Gebieden"), gebieden, layouts, computed, results.setdefault("Gebieden", {}))
    _landelijk(wb.create_sheet("Landelijk"), landelijk, layouts, national(list(computed.values()), landelijk),
               results.setdefault("Landelijk", {}))
    _exported(wb.create_sheet(EXPORT_SHEET), [i for s in SECTIONS for i in per_section[s.sheet]])
    for dotted, _, _ in PARAMETERS:
        row = HEADER_ROW + 1 + [p[0] for p in PARAMETERS].index(dotted)
        wb.defined_names[parameter_name(dotted)] = DefinedName(parameter_name(dotted), attr_text=f"Landelijk!$B${row}")
    _presented(wb)
    return xlsx_bytes(wb, TITLE, landelijk.ondertekening.datum, results)


def _presented(wb: Workbook) -> None:
    """As a controller opens and prints it (sheets.py): header rows and the explanation's lines as high as
    their wrapped text, every font named, A4."""
    for sheet in wb.worksheets:
        rows = range(1, sheet.max_row + 1) if sheet.title == "Toelichting" else (HEADER_ROW,)
        for row in rows:
            fit_row_height(sheet, row, size=14 if (sheet.title, row) == ("Toelichting", 1) else FONT_SIZE)
        if sheet.title not in ("Toelichting", EXPORT_SHEET):
            wrap_long_text(sheet, FIRST_ROW)  # a long measure's name shown whole
        named_fonts(sheet)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    printed(wb["Toelichting"], landscape=False)  # its lines on the width of the page, not cut off at its edge


def export_file(data_dir: Path, out: Path) -> "Placed":
    """Load and check all gebieden (all must be valid: a budget with a gebied missing is no budget) and write;
    a workbook a controller changed since the engine wrote it is kept, the new one written beside it."""
    from .. import batch
    from ..errors import BudgetError
    from ..store.write import write_recorded

    the_plan = batch.plan(data_dir, batch.gebied_files(data_dir, [], everything=True))
    if the_plan.problems:
        raise BudgetError(the_plan.problems)
    return write_recorded(out.parent, {out.name: workbook([j.gebied for j in the_plan.jobs], the_plan.landelijk)})[0]


# --- the sheets ---------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where a section sheet's columns and rows are, for the formulas of other sheets."""

    sheet: str
    columns: dict[str, str]  # field or derived name → column letter
    last_row: int

    def range(self, name: str) -> str:
        column = self.columns[name]
        return f"'{self.sheet}'!${column}${FIRST_ROW}:${column}${self.last_row}"


def _explanation(sheet: Worksheet) -> None:
    sheet.title = "Toelichting"
    for line in EXPLANATION:
        append(sheet, (line,))
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 72  # within the width of an A4 page (LibreOffice does not scale this sheet)
    sheet.protection.sheet = True


def _derived(section: Section) -> tuple[tuple[str, str, str], ...]:
    """(name, header, number format) of the formula columns of a section sheet."""
    if section.sheet in ("ORV", "Capaciteit"):
        return (("excl", "Excl. btw", EURO_FORMAT),)
    if section.sheet == "Realisatiestimulans":
        return (("betaalbaar", "Betaalbaar volgens woningbouw", COUNT_FORMAT),
                ("min", "Realisatiestimulans min", EURO_FORMAT), ("max", "Realisatiestimulans max", EURO_FORMAT))
    if section.sheet == "Wbi":
        return (("kosten", "Totale kosten", EURO_FORMAT), ("aandeel", "Aandeel cofinanciering", PERCENT_FORMAT))
    return ()


Results = dict[str, dict[str, Number]]  # sheet → cell → the engine's figure for its formula


def _formula(name: str, c: dict[str, str], row: int, layouts: dict[str, Layout]) -> str:
    if name == "excl":
        amount, btw = f"{c['bedrag_incl_btw']}{row}", f"{c['btw']}{row}"
        return f'=IF({btw}="ja",ROUND({amount}*100/(100+p_btw_procent),0),{amount})'
    if name == "betaalbaar":
        woningbouw = layouts["Woningbouw"]
        return f"=SUMIFS({woningbouw.range('betaalbaar')},{woningbouw.range('Gebied')},$A{row})"
    if name in ("min", "max"):
        # One division of whole numbers, as compute.realisatiestimulans_band: exact halves stay exact.
        share = "(100-p_min_procent)" if name == "min" else "(100+p_plus_procent)"
        basis = f"{c['basis_betaalbare_woningen']}{row}"
        return (f"=ROUND({basis}*p_bedrag_per_woning*p_teller*{share}/(p_noemer*100*p_afronding),0)"
                f"*p_afronding")
    if name == "kosten":
        return f"={c['cofinanciering']}{row}+{c['indicatie_rijksbijdrage']}{row}"
    if name == "aandeel":
        return f"=IF({c['kosten']}{row}=0,0,{c['cofinanciering']}{row}/{c['kosten']}{row})"
    raise AssertionError(name)


def cell_value(kind: str, value: int | bool) -> int | str:
    """A figure as its input cell holds it: a number, or ja/nee for btw."""
    return ("ja" if value else "nee") if kind == "ja/nee" else value


def _exported(sheet: Worksheet, rows: list[Item]) -> None:
    """Every figure as exported, hidden: the import tells a change in the workbook from a change made
    in the YAML since the export, and refuses to write a figure that was changed on both sides."""
    append(sheet, EXPORT_HEADERS)
    for item in rows:
        for spec in item.section.inputs:
            append(sheet, (item.section.sheet, item.slug, item.nr, spec.field,
                           cell_value(spec.kind, item.values[spec.field])))
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


def _section(sheet: Worksheet, section: Section, rows: list[Item], layouts: dict[str, Layout],
             computed: dict[str, Agreement], results: dict[str, Number]) -> Layout:
    keys = key_headers(section)
    derived = _derived(section)
    headers = (*keys, *(i.header for i in section.inputs), *(h for _, h, _ in derived))
    columns = {name: get_column_letter(index) for index, name in enumerate(
        (*keys, *(i.field for i in section.inputs), *(n for n, _, _ in derived)), start=1)}
    last = max(FIRST_ROW, FIRST_ROW + len(rows) - 1)
    _note_and_header(sheet, headers)
    for offset, item in enumerate(rows):
        row = FIRST_ROW + offset
        key_values = (item.slug, item.nr, item.name) if section.is_list else (item.slug,)
        for index, value in enumerate(key_values, start=1):
            put(sheet, row, index, value)
        for column_index, spec in enumerate(section.inputs, start=len(keys) + 1):
            value = item.values[spec.field]
            cell = put(sheet, row, column_index, cell_value(spec.kind, value))
            cell.style = "Input"
            cell.protection = UNLOCKED
            cell.number_format = {"bedrag": EURO_FORMAT, "aantal": COUNT_FORMAT}.get(spec.kind, "@")
            if spec.kind == "ja/nee":
                cell.alignment = Alignment(horizontal="center")
        for column_index, (name, _, number_format) in enumerate(derived, start=len(keys) + len(section.inputs) + 1):
            cell = formula(sheet, row, column_index, _formula(name, columns, row, layouts))
            results[cell.coordinate] = derived_result(name, item, computed[item.slug])
            cell.style = "Calculation"
            cell.number_format = number_format
    for spec in section.inputs:
        _validation(sheet, spec.kind, spec.minimum, f"{columns[spec.field]}{FIRST_ROW}:{columns[spec.field]}{last}")
    _finish(sheet, headers, last, frozen=get_column_letter(len(keys) + 1))
    widths = {"Gebied": 26, "Nr": 5}
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(header, 60 if header == section.item_word else 18)
    return Layout(section.sheet, columns, last)


def _validation(sheet: Worksheet, kind: str, minimum: int | None, cells: str) -> None:
    if kind == "ja/nee":
        rule = DataValidation(type="list", formula1='"ja,nee"', allow_blank=False, showErrorMessage=True,
                              errorTitle="Btw", error="Vul ja of nee in.")
    else:
        low = minimum if minimum is not None else 0
        what = "hele euro's" if kind == "bedrag" else "een geheel aantal"
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(low), allow_blank=False,
                              showErrorMessage=True, errorTitle="Geheel getal",
                              error=f"Vul {what} in, zonder decimalen, van minstens {low}.")
    rule.add(cells)
    sheet.add_data_validation(rule)


def _note_and_header(sheet: Worksheet, headers: tuple[str, ...], note: str = NOTE) -> None:
    put(sheet, NOTE_ROW, 1, note).font = Font(italic=True, color="9C0006")
    for index, header in enumerate(headers, start=1):
        cell = put(sheet, HEADER_ROW, index, header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _finish(sheet: Worksheet, headers: tuple[str, ...], last: int, frozen: str) -> None:
    sheet.freeze_panes = f"{frozen}{FIRST_ROW}"
    _printed(sheet)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last}"
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = False  # filtering stays allowed on the protected sheet
    protection.formatColumns = False
    protection.formatRows = False


def _printed(sheet: Worksheet) -> None:
    """Printed: landscape, all columns on the width of a page, the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _gebieden(sheet: Worksheet, gebieden: list[Gebied], layouts: dict[str, Layout], computed: dict[str, Agreement],
              results: dict[str, Number]) -> None:
    _note_and_header(sheet, GEBIEDEN_HEADERS, "Per gebied de totalen van de bladen ervoor (formules).")
    w, r, o, c, b = (layouts[n] for n in ("Woningbouw", "Realisatiestimulans", "ORV", "Capaciteit", "Wbi"))

    def sum_of(layout: Layout, name: str, row: int) -> str:
        return f"SUMIFS({layout.range(name)},{layout.range('Gebied')},$A{row})"

    ordered = sorted(gebieden, key=lambda g: g.naam)
    for offset, gebied in enumerate(ordered):
        row = FIRST_ROW + offset
        put(sheet, row, 1, gebied.slug)
        put(sheet, row, 2, gebied.naam)
        formulas = (
            "=" + sum_of(w, "woningen", row), "=" + sum_of(w, "betaalbaar", row),
            "=" + sum_of(r, "min", row), "=" + sum_of(r, "max", row),
            "=" + sum_of(o, "bedrag_incl_btw", row), "=" + sum_of(o, "excl", row),
            "=" + sum_of(c, "bedrag_incl_btw", row), "=" + sum_of(c, "excl", row),
            "=" + sum_of(b, "indicatie_rijksbijdrage", row),
            f"=E{row}+G{row}+I{row}+K{row}", f"=F{row}+G{row}+I{row}+K{row}",
        )
        a = computed[gebied.slug]
        figures = (a.woningbouw.total.woningen, a.woningbouw.total.betaalbaar, a.realisatiestimulans.min,
                   a.realisatiestimulans.max, a.orv_incl, a.orv.total.excl if a.orv else 0, a.capaciteit_incl,
                   a.capaciteit.total.excl if a.capaciteit else 0, a.wbi_rijksbijdrage, a.totaal.min, a.totaal.max)
        for index, expression in enumerate(formulas, start=3):
            cell = formula(sheet, row, index, expression)
            results[cell.coordinate] = figures[index - 3]
    last = FIRST_ROW + len(ordered) - 1
    total = last + 1
    put(sheet, total, 1, "Totaal").font = Font(bold=True)
    for index in range(3, len(GEBIEDEN_HEADERS) + 1):
        letter = get_column_letter(index)
        cell = formula(sheet, total, index, f"=SUM({letter}{FIRST_ROW}:{letter}{last})")
        results[cell.coordinate] = sum(results[f"{letter}{row}"] for row in range(FIRST_ROW, last + 1))
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=FIRST_ROW, max_row=total, min_col=3):
        for cell in row:
            cell.number_format = COUNT_FORMAT if cell.column <= 4 else EURO_FORMAT
    _finish(sheet, GEBIEDEN_HEADERS, last, frozen="C")
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 28
    for index in range(3, len(GEBIEDEN_HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16


def _landelijk(sheet: Worksheet, landelijk: Landelijk, layouts: dict[str, Layout], sums: National,
               results: dict[str, Number]) -> None:
    _note_and_header(sheet, ("Parameter", "Waarde"),
                     "Landelijke parameters en budgetten uit data/landelijk.yaml; ze veranderen alleen daar.")
    for offset, (dotted, label, number_format) in enumerate(PARAMETERS):
        row = HEADER_ROW + 1 + offset
        put(sheet, row, 1, label)
        put(sheet, row, 2, parameter(landelijk, dotted)).number_format = number_format
    header = budget_row(0) - 1
    for index, text in enumerate(BUDGET_HEADERS, start=1):
        put(sheet, header, index, text).font = Font(bold=True)
    for index, (label, field) in enumerate(BUDGETS):
        row = budget_row(index)
        put(sheet, row, 1, label)
        put(sheet, row, 2, getattr(landelijk, field).budget).number_format = EURO_FORMAT
        formula(sheet, row, 3, f"=SUM({layouts[label].range('bedrag_incl_btw')})").number_format = EURO_FORMAT
        formula(sheet, row, 4, f"=C{row}-B{row}").number_format = EURO_FORMAT
        formula(sheet, row, 5, f"=D{row}/B{row}").number_format = PERCENT_FORMAT
        check = sums.orv if field == "orv" else sums.capaciteit
        results.update({f"C{row}": check.total, f"D{row}": check.over, f"E{row}": check.over / check.budget})
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.protection.sheet = True
    _printed(sheet)
    sheet.column_dimensions["A"].width = 42
    for letter in "BCDE":
        sheet.column_dimensions[letter].width = 22
