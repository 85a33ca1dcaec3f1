"""LibreOffice Calc through UNO: open a workbook hidden, type figures into cells, recalculate, report every
cell as Calc sees it, and save it again as .xlsx — a real spreadsheet program as the controller's editor.

Runs under Debian's /usr/bin/python3 (python3-uno), like tests/lo_uno.py whose wiring it uses:

    /usr/bin/python3 tests/lo_calc.py REQUEST.json RESULT.json

REQUEST is {"path": ..., "edits": [{"sheet": ..., "cell": "D7", "value": 3600000}], "save": optional .xlsx path}.
RESULT is {"sheets": {name: {"protected": bool, "cells": {"D7": {"type": "VALUE"|"TEXT"|"FORMULA",
"value": number, "string": text, "formula": text, "result": "VALUE"|"TEXT"|"ERROR", "locked": bool}}}},
"error": null or a message}; empty cells are left out.
"""

from __future__ import annotations

from lo_uno import failure, load_hidden, serve, store  # noqa: E402  (beside this script)

# com.sun.star.sheet.FormulaResult
RESULT_TYPES = {1: "VALUE", 2: "TEXT", 4: "ERROR"}


def column_name(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read_sheet(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    cells = {}
    for row in range(end.EndRow + 1):
        for column in range(end.EndColumn + 1):
            cell = sheet.getCellByPosition(column, row)
            kind = cell.getType().value
            if kind == "EMPTY":
                continue
            entry = {"type": kind, "value": cell.getValue(), "string": cell.getString(),
                     "locked": bool(cell.CellProtection.IsLocked)}
            if kind == "FORMULA":
                entry["formula"] = cell.getFormula()
                entry["result"] = "ERROR" if cell.getError() else RESULT_TYPES.get(cell.FormulaResultType2, "?")
            cells[f"{column_name(column)}{row + 1}"] = entry
    return {"protected": bool(sheet.isProtected()), "cells": cells}


def run(office, request):
    doc = load_hidden(office, request["path"])
    if doc is None:
        return {"error": "LibreOffice could not load the workbook"}
    try:
        sheets = doc.getSheets()
        for edit in request.get("edits", []):
            # Through the API as a user types: only unlocked cells of a protected sheet take a value.
            sheets.getByName(edit["sheet"]).getCellRangeByName(edit["cell"]).setValue(edit["value"])
        doc.calculateAll()
        result = {"sheets": {name: read_sheet(sheets.getByName(name)) for name in sheets.getElementNames()},
                  "error": None}
        if request.get("save"):
            store(doc, request["save"], "Calc MS Excel 2007 XML")
        return result
    finally:
        doc.close(True)


def run_safely(office, request):
    try:
        return run(office, request)
    except Exception as exc:
        return failure(exc)


if __name__ == "__main__":
    serve(run_safely)
