"""What some options ask for, checked before a command does anything: --date as a moment, --pdf's LibreOffice."""

from __future__ import annotations

import datetime

from ..errors import UsageError


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
