"""The options several commands share, and what some options ask for, checked before a command does anything:
--date as a moment, --pdf's LibreOffice. No `from __future__ import annotations`: typer reads these types."""

import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import UsageError

DataOption = Annotated[Path, typer.Option("--data", help="Map met landelijk.yaml en gebieden/.")]
OutOption = Annotated[Path, typer.Option("--out", help="Uitvoermap (met per gebied de versies).")]
SlugArgument = Annotated[str, typer.Argument(help="Het gebied (slug), bv. amsterdam-nieuw-west.", show_default=False)]
SlugsArgument = Annotated[Optional[list[str]], typer.Argument(help="Gebieden (slug), bv. amsterdam-nieuw-west.", show_default=False)]
TemplateOption = Annotated[Path, typer.Option("--template", help="Word-sjabloon (.docx).")]
OverviewTemplateOption = Annotated[Optional[Path], typer.Option(
    "--overzicht-sjabloon", help="Word-sjabloon van het wijzigingenoverzicht (standaard het meegeleverde, "
    "templates/docx/wijzigingen-overzicht.docx).", show_default=False)]


def soffice_program() -> str:
    from ..pdf import soffice

    program = soffice()
    if not program:
        raise UsageError("een PDF vraagt om LibreOffice (soffice), dat hier niet geïnstalleerd is")
    return program


def moment(date: str | None) -> datetime.datetime | None:
    """--date as an aware datetime (UTC when no zone is given)."""
    from ..store.versions import parse_time

    try:
        return None if date is None else parse_time(date)
    except ValueError:
        raise UsageError(f"--date: geen datum als 2025-06-24 of 2025-06-24T10:00:00Z: {date}") from None
