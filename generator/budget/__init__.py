"""Budget changes through a spreadsheet: begroting.xlsx out (export), the controllers' figures back in (import).

figures.py  which figures a controller may change, where they stand in the data and on the sheets
export.py   the workbook: keys locked, input cells unlocked, derived figures as formulas
read.py     the workbook read back: every cell checked, every row matched to its item by key
apply.py    the changed figures validated like the YAML, written into the gebied files all or none
"""
