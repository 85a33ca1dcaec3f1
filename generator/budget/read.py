"""begroting.xlsx read back: every input cell checked, every row matched to its item by its key.

Nothing here decides what is written; it returns the figures found (each with its sheet and cell)
and every problem, each naming the sheet, the cell, the value found and what is expected.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import Problem
from ..data.models import Landelijk
from .export import BUDGETS, EXPORT_HEADERS, EXPORT_SHEET, FIRST_ROW, HEADER_ROW, PARAMETERS, budget_row, parameter
from .figures import SECTIONS, Input, Item, Section, key_headers

@dataclass(frozen=True)
class Figure:
    """One changeable figure as the workbook has it."""

    item: Item
    field: str
    value: Any
    exported: Any  # as it was exported (the hidden sheet Export)
    sheet: str
    cell: str

    @property
    def old(self) -> Any:
        """As the gebied file has it now."""
        return self.item.values[self.field]

    @property
    def changed(self) -> bool:
        """Changed in the workbook, into something the file does not already hold."""
        return _differs(self.value, self.exported) and _differs(self.value, self.old)

    @property
    def conflict(self) -> bool:
        """Changed in the workbook and, since the export, in the file too, to something else."""
        return self.changed and _differs(self.old, self.exported)


@dataclass
class Reading:
    figures: list[Figure]
    problems: list[Problem]


def cell_problem(workbook: Path, sheet: str, cell: str, message: str) -> Problem:
    return Problem(workbook, None, f"blad '{sheet}', cel {cell}", message)


def read_workbook(path: Path, expected: list[Item], landelijk: Landelijk) -> Reading:
    book = _open(path)
    reading = Reading([], [])
    by_key = {item.key: item for item in expected}
    if EXPORT_SHEET not in book.sheetnames:
        reading.problems.append(Problem(path, None, f"blad '{EXPORT_SHEET}'", "ontbreekt in de werkmap; gebruik een werkmap van afspraken export-budget"))
        return reading
    exported = _exported(book[EXPORT_SHEET])
    for section in SECTIONS:
        if section.sheet not in book.sheetnames:
            reading.problems.append(Problem(path, None, f"blad '{section.sheet}'", "ontbreekt in de werkmap; gebruik een werkmap van afspraken export-budget"))
            continue
        _section(path, book[section.sheet], section, by_key, exported, reading)
    if "Landelijk" in book.sheetnames:
        reading.problems.extend(_national_unchanged(path, book["Landelijk"], landelijk))
    else:
        reading.problems.append(Problem(path, None, "blad 'Landelijk'", "ontbreekt in de werkmap; gebruik een werkmap van afspraken export-budget"))
    return reading


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    from ..errors import BudgetError
    from .limits import KIND, check_workbook

    check_workbook(path)  # size, parts, compression, rows and cells, before anything is parsed
    try:
        return load_workbook(path, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises whatever its zip and XML readers raise; all mean the same to the user
        raise BudgetError([Problem(path, None, "", f"is geen leesbare {KIND}: het bestand is beschadigd of van een "
                                                   "ander soort; gebruik een werkmap van afspraken export-budget")]) from None


def _exported(sheet: Worksheet) -> dict[tuple, Any]:
    """(sheet, gebied, nr, field) → the figure as exported."""
    found = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if len(row) >= len(EXPORT_HEADERS) and row[0] is not None:
            name, slug, nr, field, value = row[: len(EXPORT_HEADERS)]
            found[(name, slug, _whole(nr), field)] = (value == "ja") if value in ("ja", "nee") else _whole(value)
    return found


def _section(path: Path, sheet: Worksheet, section: Section, by_key: dict, exported: dict, reading: Reading) -> None:
    keys = key_headers(section)
    headers = (*keys, *(i.header for i in section.inputs))
    for column, header in enumerate(headers, start=1):
        found = sheet.cell(HEADER_ROW, column).value
        if found != header:
            reading.problems.append(cell_problem(path, section.sheet, sheet.cell(HEADER_ROW, column).coordinate,
                                                 f"kolomkop {_shown(found)}; verwacht '{header}' (de indeling van het blad is veranderd)"))
            return
    seen: dict[tuple, int] = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        cells = [sheet.cell(row, column) for column in range(1, len(headers) + 1)]
        if all(_empty(c.value) for c in cells):
            continue
        item = _match(path, section, cells[: len(keys)], by_key, seen, reading.problems)
        if item is None:
            continue
        for spec, cell in zip(section.inputs, cells[len(keys):]):
            value, problem = _value(spec, cell)
            what = item.describe(spec.field)
            if problem:
                reading.problems.append(cell_problem(path, section.sheet, cell.coordinate, f"{what}: {problem}"))
                continue
            before = exported.get((section.sheet, item.slug, item.nr, spec.field))
            figure = Figure(item, spec.field, value, before, section.sheet, cell.coordinate)
            if before is None:
                reading.problems.append(cell_problem(path, section.sheet, cell.coordinate, (
                    f"{what}: de geëxporteerde waarde ontbreekt in blad '{EXPORT_SHEET}'; gebruik een werkmap van afspraken export-budget")))
            elif figure.conflict:
                reading.problems.append(cell_problem(path, section.sheet, cell.coordinate, (
                    f"{what}: {_shown(value)} in de werkmap, maar ook in {item.slug}.yaml gewijzigd sinds de export "
                    f"(bij de export {_shown(before)}, nu {_shown(figure.old)}); exporteer opnieuw en breng de wijziging daarin aan")))
            else:
                reading.figures.append(figure)
    was_exported = {(sheet_name, slug, nr) for sheet_name, slug, nr, _ in exported}
    for key, item in by_key.items():
        if key[0] == section.sheet and key not in seen:
            what = f"regel ontbreekt: {item.describe()}" + (f" (nr {item.nr})" if item.nr else "")
            if key not in was_exported:
                why = (f"; die post is na de export toegevoegd aan {item.slug}.yaml en staat daarom niet in de werkmap: "
                       "exporteer opnieuw en breng de wijzigingen daarin aan")
            else:
                why = f"; een post schrappen kan niet via de werkmap: doe dat in {item.slug}.yaml en exporteer opnieuw"
            reading.problems.append(Problem(path, None, f"blad '{section.sheet}'", what + why))


def _match(path: Path, section: Section, keys: list[Cell], by_key: dict, seen: dict, problems: list[Problem]) -> Item | None:
    """The item a row's key cells name, or None with the reason added to `problems`."""
    where = keys[0].coordinate
    for cell in keys:
        if _is_formula(cell):
            problems.append(cell_problem(path, section.sheet, cell.coordinate, f"sleutel bevat een formule ({cell.value}); de sleutel staat vast"))
            return None
    slug = keys[0].value
    if _empty(slug):
        problems.append(cell_problem(path, section.sheet, where, (
            f"regel {keys[0].row} heeft geen sleutel (Gebied leeg): een nieuwe post kan niet via de werkmap; voeg hem toe "
            "in data/gebieden/<gebied>.yaml en exporteer opnieuw")))
        return None
    nr = _whole(keys[1].value) if section.is_list else None
    key = (section.sheet, str(slug).strip(), nr)
    item = by_key.get(key)
    if item is None:
        known = {k[1] for k in by_key if k[0] == section.sheet}
        if key[1] not in known:
            what = f"gebied {_shown(slug)} komt in dit blad niet voor"
        else:
            what = f"{key[1]} heeft geen {section.item_word.lower()} nr {_shown(keys[1].value)}"
            where = keys[1].coordinate
        problems.append(cell_problem(path, section.sheet, where, f"onbekende sleutel: {what}; de sleutel staat vast en nieuwe posten kunnen niet via de werkmap"))
        return None
    if key in seen:
        problems.append(cell_problem(path, section.sheet, where, f"dubbele regel: {item.describe()} staat ook in rij {seen[key]}"))
        return None
    seen[key] = keys[0].row
    if section.is_list and keys[2].value != item.name:
        problems.append(cell_problem(path, section.sheet, keys[2].coordinate, (
            f"sleutel gewijzigd: {section.item_word.lower()} nr {nr} van {item.slug} heet '{item.name}', in het blad staat "
            f"{_shown(keys[2].value)}; de sleutel staat vast (is het bestand na de export veranderd? exporteer dan opnieuw)")))
        return None
    return item


def _value(spec: Input, cell: Cell) -> tuple[Any, str | None]:
    """The figure in an input cell, or what is wrong with it."""
    value = cell.value
    if _is_formula(cell):
        return None, f"bevat een formule ({value}); hier hoort een getal, geen formule"
    if spec.kind == "ja/nee":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().lower() in ("ja", "nee"):
            return value.strip().lower() == "ja", None
        return None, f"{_shown(value)}; verwacht ja of nee"
    low = spec.minimum if spec.minimum is not None else 0
    expected = (f"verwacht een bedrag in hele euro's (een getal zonder decimalen, minstens {low})" if spec.kind == "bedrag"
                else f"verwacht een geheel aantal (minstens {low})")
    if _empty(value):
        return None, f"is leeg; {expected}"
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return None, f"{_shown(value)} is geen getal; {expected}"
    if isinstance(value, str):
        return None, f"is tekst ({_shown(value)}), geen getal; {expected}"
    whole = _whole(value)
    if whole is None:
        return None, f"{_shown(value)} is geen geheel getal; {expected}"
    return whole, None


def _national_unchanged(path: Path, sheet: Worksheet, landelijk: Landelijk) -> list[Problem]:
    """The national figures on the sheet are shown, not imported: a change there would be lost, so it is refused."""
    cells = [(HEADER_ROW + 1 + i, label, parameter(landelijk, dotted)) for i, (dotted, label, _) in enumerate(PARAMETERS)]
    cells += [(budget_row(i), f"budget {label}", getattr(landelijk, field).budget) for i, (label, field) in enumerate(BUDGETS)]
    problems = []
    for row, label, value in cells:
        cell = sheet.cell(row, 2)
        if cell.value != value or _is_formula(cell):
            problems.append(cell_problem(path, "Landelijk", cell.coordinate, (
                f"{label} is {_shown(cell.value)}, in landelijk.yaml {value}; landelijke waarden veranderen alleen in "
                "data/landelijk.yaml")))
    return problems


def _is_formula(cell: Cell) -> bool:
    # By the cell's type, not its text: a name that starts with '=' is written as text, and stays a key.
    return cell.data_type == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula))


def _differs(a: Any, b: Any) -> bool:
    return type(a) is not type(b) or a != b  # True is not 1


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value: Any) -> str:
    if value is None:
        return "(leeg)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")
    return repr(value) if isinstance(value, str) else str(value)
