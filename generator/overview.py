"""The national overview for the budget controllers: OUT/overzicht.xlsx and the same table in the terminal.

Rows are built once (`rows`), as formatted-free numbers; the workbook keeps
them as numbers with a Dutch number format so that Excel can sum and filter.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from . import formatting as fmt
from .compute import Agreement, National
from .data.models import Gebied
from .ooxml.finish import CORE_PART, core_properties
from .ooxml.package import read_parts, serialize, zip_bytes

TITLE = "Landelijk overzicht bestuurlijke afspraken NPLV"

EURO_FORMAT = '"€" #,##0'
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0%"

COLUMNS = (
    "Gebied", "Status", "Illustratief", "Woningen", "w.v. betaalbaar", "Realisatiestimulans min",
    "Realisatiestimulans max", "ORV incl. btw", "Capaciteit incl. btw", "Wbi", "Totaal min", "Totaal max",
)


@dataclass(frozen=True)
class Row:
    naam: str
    status: str
    illustratief: bool
    figures: tuple[int, ...]  # in the order of COLUMNS[3:]


def rows(pairs: list[tuple[Gebied, Agreement]]) -> list[Row]:
    return [
        Row(g.naam, g.status, g.illustratief, (
            a.woningbouw.total.woningen, a.woningbouw.total.betaalbaar, a.realisatiestimulans.min, a.realisatiestimulans.max,
            a.orv_incl, a.capaciteit_incl, a.wbi_rijksbijdrage, a.totaal.min, a.totaal.max,
        ))
        for g, a in sorted(pairs, key=lambda p: p[0].naam)
    ]


def totals(national: National) -> tuple[int, ...]:
    band, totaal = national.realisatiestimulans, national.totaal
    return (national.woningen, national.betaalbaar, band.min, band.max, national.orv.total,
            national.capaciteit.total, national.wbi, totaal.min, totaal.max)


def budget_lines(national: National) -> list[tuple[str, int, int, int, float, str]]:
    """(naam, budget, som, overprogrammering, percentage, oordeel) for ORV and capaciteit."""
    lines = []
    for name, check in (("ORV", national.orv), ("Capaciteit", national.capaciteit)):
        claim = ("ruim " if check.ruim else "") + fmt.miljoen(check.claim)
        verdict = f"ondersteunt '{claim}'" if check.supports_claim else f"LET OP: ondersteunt '{claim}' niet"
        lines.append((name, check.budget, check.total, check.over, float(check.over_percent) / 100, verdict))
    return lines


def incomplete(absent: dict[str, list[str]]) -> list[str]:
    """'Onvolledig, niet meegeteld – ontbreekt: Amsterdam Nieuw-West' per reason."""
    return [f"Onvolledig, niet meegeteld – {reason}: {', '.join(names)}" for reason, names in absent.items()]


def workbook(table: list[Row], national: National, absent: dict[str, list[str]], date: datetime.date,
             notes: list[str] = ()) -> bytes:
    """`absent`: gebieden of the round that are not in the table, by reason ("ontbreekt", ...); each gets a row
    without figures, so that a missing gebied is seen where the others are counted."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Overzicht"
    bold = Font(bold=True)
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table:
        sheet.append((row.naam, row.status, "ja" if row.illustratief else "nee", *row.figures))
    for reason, names in absent.items():
        for name in names:
            sheet.append((name, f"{reason} (niet meegeteld)"))
            sheet.cell(sheet.max_row, 2).font = Font(bold=True, color="9C0006")
    sheet.append(("Totaal", "", "", *totals(national)))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column in range(4, len(COLUMNS) + 1):
        number_format = COUNT_FORMAT if column <= 5 else EURO_FORMAT
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    sheet.column_dimensions["A"].width = 30
    for letter in "DEFGHIJKL":
        sheet.column_dimensions[letter].width = 16
    sheet.freeze_panes = "B2"

    budgets = wb.create_sheet("Budgetten")
    budgets.append(("Opslag", "Budget", "Som afspraken", "Overprogrammering", "Overprogrammering %", "Oordeel"))
    for cell in budgets[1]:
        cell.font = bold
    warn = PatternFill("solid", fgColor="FFC7CE")
    for line in budget_lines(national):
        budgets.append(line)
        if line[-1].startswith("LET OP"):
            for cell in budgets[budgets.max_row]:
                cell.fill = warn
    for (b, s, o, p) in budgets.iter_rows(min_row=2, min_col=2, max_col=5):
        b.number_format = s.number_format = o.number_format = EURO_FORMAT
        p.number_format = PERCENT_FORMAT
    if absent or notes:
        budgets.append(())
    for line in incomplete(absent) + list(notes):
        budgets.append((line,))
        budgets.cell(budgets.max_row, 1).font = Font(bold=True, color="9C0006")
    budgets.column_dimensions["A"].width = 14
    for letter in "BCDE":
        budgets.column_dimensions[letter].width = 20
    budgets.column_dimensions["F"].width = 40

    return xlsx_bytes(wb, TITLE, date)


def xlsx_bytes(wb: Workbook, title: str, date: datetime.date) -> bytes:
    """The workbook as bytes, the same for the same content."""
    buffer = io.BytesIO()
    wb.save(buffer)
    # Deterministic: openpyxl stamps the clock into the properties and the zip entries; replace both.
    parts = read_parts(buffer.getvalue(), "werkmap.xlsx", required=("[Content_Types].xml", CORE_PART))
    parts[CORE_PART] = serialize(core_properties(title, "", date, "afspraken"))
    return zip_bytes(parts)
