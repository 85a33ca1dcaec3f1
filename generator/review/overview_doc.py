"""The lawyers' overview of a comparison as a Word document (`…-wijzigingen-overzicht.docx`).

Rendered from templates/docx/wijzigingen-overzicht.docx, which drafters may restyle in Word, through the
same machinery as the agreements (render.Template: autoescape on, undefined names fail) and finished the
same way (properties from the data, never the clock), so the same comparison gives the same bytes.
The template's names: titel, vergelijking, notities [text], wijzigingen [{nr, waar, was, wordt, oorzaak}],
dekking [text].
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from ..defaults import BATCH_AUTHOR
from ..ooxml.finish import finish
from ..ooxml.package import zip_bytes
from ..document.render import Template

OVERVIEW_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "docx" / "wijzigingen-overzicht.docx"
CREATOR = BATCH_AUTHOR


@dataclass(frozen=True)
class Row:
    nr: int
    waar: str
    was: str
    wordt: str
    oorzaak: str


class Wijziging(TypedDict):
    nr: str
    waar: str
    was: str
    wordt: str
    oorzaak: str


class OverviewContext(TypedDict):
    """Every name the overview template may use (checked like the agreement's template)."""

    titel: str
    vergelijking: str
    notities: list[str]
    wijzigingen: list[Wijziging]
    dekking: list[str]


_compiled: dict[Path, Template] = {}


def template(path: Path | None = None) -> Template:
    """The overview template (the shipped one when None), checked against OverviewContext and compiled once."""
    path = OVERVIEW_TEMPLATE if path is None else path
    if path not in _compiled:
        _compiled[path] = Template(path, OverviewContext)
    return _compiled[path]


def document(title: str, comparison: str, notes: list[str], rows: list[Row], coverage: list[str],
             date: datetime.date, path: Path | None = None) -> bytes:
    context: OverviewContext = {
        "titel": title,
        "vergelijking": comparison,
        "notities": list(notes),
        "wijzigingen": [{"nr": str(r.nr), "waar": r.waar, "was": r.was or "—", "wordt": r.wordt or "—",
                         "oorzaak": r.oorzaak} for r in rows],
        "dekking": list(coverage),
    }
    parts = template(path).render(context)
    parts = finish(parts, title=title, subject=comparison, date=date, creator=CREATOR)
    return zip_bytes(parts)
