"""The national overview for the budget controllers: OUT/overzicht.xlsx and the same table in the terminal.

Rows are built once (`rows`), as formatted-free numbers; the workbook keeps
them as numbers with a Dutch number format so that Excel can sum and filter.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import formatting as fmt
from ..compute import Agreement, National
from ..data.models import Gebied, Landelijk, RondeGebied
from .sheets import (COUNT_FORMAT, EURO_FORMAT, MOMENT_FORMAT, PERCENT_FORMAT, append, font, header_row, named_fonts,
                     printed)
from ..review.status import GebiedStatus
from ..store.manifest import Entry
from ..ooxml.finish import CORE_PART, core_properties
from ..ooxml.package import read_parts, serialize, zip_bytes
from ..ooxml.spreadsheet import Number, store_formula_results

TITLE = "Landelijk overzicht bestuurlijke afspraken NPLV"

VERSION_FORMAT = '"v"0'

COLUMNS = (
    "Gebied", "Versie", "Staat", "Datum staat", "Versie gemaakt", "Status", "Illustratief", "Woningen", "w.v. betaalbaar", "Realisatiestimulans min",
    "Realisatiestimulans max", "ORV incl. btw", "Capaciteit incl. btw", "Wbi", "Totaal min", "Totaal max",
)


@dataclass(frozen=True)
class Row:
    naam: str
    status: str
    illustratief: bool
    figures: tuple[int, ...]  # in the order of COLUMNS[7:]


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


@dataclass(frozen=True)
class Line:
    """A gebied of the round in overzicht.xlsx: its latest version (status.py) and that version's figures."""

    ronde: RondeGebied
    status: GebiedStatus
    row: Row | None  # None: not counted (no version, or no data file)
    reason: str = ""  # why it is not counted


def from_output(out: Path, landelijk: Landelijk, missing: frozenset[str] = frozenset()) -> tuple[list[Line], National]:
    """Every gebied of the round from the latest version in OUT, figures as in that version's document (its
    own inputs, kept in the manifest); `missing`: slugs without a data file (their output is not counted)."""
    from ..compute import agreement, national
    from ..review.status import of_gebied

    lines: list[Line] = []
    counted: list[Agreement] = []
    for ronde in landelijk.in_ronde:
        state = of_gebied(out, ronde.slug, ronde.naam)
        if ronde.slug in missing or state.entry is None or not state.entry.inputs().gebied:
            reason = ("ontbreekt" if ronde.slug in missing else state.state if state.problem else
                      "geen versie" if state.entry is None else
                      f"v{state.entry.number} overgenomen zonder de gegevens waaruit ze gemaakt is")
            lines.append(Line(ronde, state, None, reason))
            continue
        gebied, own = _inputs(out, ronde.slug, state.entry, landelijk)
        figures = agreement(gebied, own)
        counted.append(figures)
        lines.append(Line(ronde, state, rows([(gebied, figures)])[0]))
    return lines, national(counted, landelijk)


def _inputs(out: Path, slug: str, entry: Entry, landelijk: Landelijk) -> tuple[Gebied, Landelijk]:
    """The gebied and national data a stored version was made from."""
    import json

    from pydantic import ValidationError

    from ..errors import OutputError

    snapshot = entry.inputs()
    try:
        gebied = Gebied.model_validate_json(json.dumps(snapshot.gebied))
        own = Landelijk.model_validate_json(json.dumps(snapshot.landelijk)) if snapshot.landelijk else landelijk
    except ValidationError:
        raise OutputError(f"{out / slug / 'manifest.json'}: de gegevens van versie {entry.number} kunnen niet "
                          "gelezen worden voor het overzicht; maak het gebied opnieuw") from None
    return gebied, own


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A stored UTC time as Excel keeps times: the wall clock in Amsterdam, without a zone."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(fmt.AMSTERDAM)).replace(tzinfo=None) if moment else None


NOT_APPLICABLE = "n.v.t."
RIGHT = Alignment(horizontal="right")


def workbook(lines: list[Line], national: National, made: datetime.datetime, notes: Sequence[str] = ()) -> bytes:
    """overzicht.xlsx: Overzicht (a row per gebied of the round; one not counted says why), Budgetten (with a
    chart of each budget against the sum of the agreements) and Status (the round at a glance)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Overzicht"
    for letter, width in zip("ABCDEFGHIJKLMNOP", (30, 8, 12, 23, 23, 11, 12, 12, 12, 22, 22, 16, 16, 16, 16, 16)):
        sheet.column_dimensions[letter].width = width
    header_row(sheet, 1, COLUMNS)
    for line in lines:
        state = line.status
        version = (state.latest, state.state, _local(state.state_time), _local(state.made))
        if line.row is None:
            append(sheet, (line.ronde.naam, None, f"{line.reason} (niet meegeteld)"))
            sheet.cell(sheet.max_row, 3).font = font(bold=True, color="9C0006")
            continue
        row = line.row
        figures: list[int | str] = list(row.figures)
        if not line.ronde.orv:
            figures[4] = NOT_APPLICABLE
        if not line.ronde.capaciteit:
            figures[5] = NOT_APPLICABLE
        append(sheet, (row.naam, *version, row.status, "ja" if row.illustratief else "nee", *figures))
    last = sheet.max_row
    append(sheet, ("Totaal", None, None, None, None, None, None, *totals(national)))
    for cell in sheet[sheet.max_row]:
        cell.font = font(bold=True)
    first_figure = len(COLUMNS) - len(totals(national)) + 1
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.column == 2:
                cell.number_format = VERSION_FORMAT
            elif cell.column in (4, 5):
                cell.number_format = MOMENT_FORMAT
            elif cell.column >= first_figure:
                cell.number_format = COUNT_FORMAT if cell.column < first_figure + 2 else EURO_FORMAT
                if cell.value == NOT_APPLICABLE:
                    cell.alignment = RIGHT
    append(sheet, ())
    append(sheet, (f"Gemaakt op {fmt.tijdstip(made)} uit de laatste versie van elk gebied",))
    sheet.cell(sheet.max_row, 1).font = font(italic=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    sheet.freeze_panes = "B2"
    printed(sheet, "1:1")
    sheet.oddFooter.left.text = f"{TITLE} – gemaakt op {fmt.tijdstip(made)}"
    sheet.oddFooter.right.text = "Pagina &P van &N"

    budgets = wb.create_sheet("Budgetten")
    for letter, width in zip("ABCDEF", (14, 20, 20, 20, 20, 44)):
        budgets.column_dimensions[letter].width = width
    header_row(budgets, 1, ("Opslag", "Budget", "Som afspraken", "Overprogrammering", "Overprogrammering %", "Oordeel"))
    warn = PatternFill("solid", fgColor="FFC7CE")
    for budget_line in budget_lines(national):
        append(budgets, budget_line)
        if budget_line[-1].startswith("LET OP"):
            for cell in budgets[budgets.max_row]:
                cell.fill = warn
    for (b, s, o, p) in budgets.iter_rows(min_row=2, min_col=2, max_col=5):
        b.number_format = s.number_format = o.number_format = EURO_FORMAT
        p.number_format = PERCENT_FORMAT
    uncounted = [f"Niet meegeteld – {line.reason}: {line.ronde.naam}" for line in lines if line.row is None]
    if uncounted or notes:
        append(budgets, ())
    for note in uncounted + list(notes):
        append(budgets, (note,))
        budgets.cell(budgets.max_row, 1).font = font(bold=True, color="9C0006")
    budgets.add_chart(_budget_chart(budgets), "A8" if not (uncounted or notes) else f"A{budgets.max_row + 2}")
    printed(budgets, "1:1")

    status = wb.create_sheet("Status")
    for letter, width in zip("ABCDEFG", (30, 10, 12, 23, 12, 24, 30)):
        status.column_dimensions[letter].width = width
    header_row(status, 1, ("Gebied", "Laatste versie", "Staat", "Datum staat", "Getekende versie",
                             "Gewijzigd sinds beoordeeld", "Bestand niet in de map"))
    for line in lines:
        state = line.status
        append(status, (line.ronde.naam, state.latest, state.state, _local(state.state_time), state.signed,
                       state.review_text(), state.missing_text() or None))
        if state.missing or state.problem:
            status.cell(status.max_row, 7 if state.missing else 3).font = font(bold=True, color="9C0006")
    for row_cells in status.iter_rows(min_row=2):
        row_cells[1].number_format = row_cells[4].number_format = VERSION_FORMAT
        row_cells[3].number_format = MOMENT_FORMAT
    status.auto_filter.ref = f"A1:G{status.max_row}"
    status.freeze_panes = "B2"
    printed(status, "1:1")
    for each in wb.worksheets:
        named_fonts(each)
    return xlsx_bytes(wb, TITLE, made.date())


def _budget_chart(budgets: Worksheet) -> BarChart:
    """Each budget (ORV, capaciteit) beside the sum of the agreements."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Budget en som van de afspraken"
    chart.y_axis.title = "euro"
    chart.y_axis.numFmt = EURO_FORMAT
    chart.add_data(Reference(budgets, min_col=2, max_col=3, min_row=1, max_row=3), titles_from_data=True)
    chart.set_categories(Reference(budgets, min_col=1, min_row=2, max_row=3))
    chart.width, chart.height = 16, 8
    return chart


def xlsx_bytes(wb: Workbook, title: str, date: datetime.date,
               formula_results: dict[str, dict[str, Number]] | None = None) -> bytes:
    """The workbook as bytes, the same for the same content; formula cells with their results, when given
    (sheet → cell → number: every formula cell of those sheets)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    # Deterministic: openpyxl stamps the clock into the properties and the zip entries; replace both.
    parts = read_parts(buffer.getvalue(), "werkmap.xlsx", required=("[Content_Types].xml", CORE_PART))
    parts[CORE_PART] = serialize(core_properties(title, "", date, "afspraken"))
    if formula_results:
        store_formula_results(parts, formula_results)
    return zip_bytes(parts)
