"""The workbooks for the budget controllers: overzicht.xlsx and how both workbooks look."""
