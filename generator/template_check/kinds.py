"""Which contract `check-template` checks a template against: the agreement's (document/context.py) or the
lawyers' overview's (review/overview_doc.py), named with --soort or told from the names the template uses.

Apart from the check itself: the overview's contract lives beside the overview, which renders through
document/render.py, which runs the check; so only the command line comes here, and there is no cycle."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from . import contract_of

KINDS = {"afspraken": "het sjabloon van de afspraken", "overzicht": "het sjabloon van het wijzigingenoverzicht"}


def contracts() -> dict[str, type]:
    from ..document.context import Context
    from ..review.overview_doc import OverviewContext

    return {"afspraken": Context, "overzicht": OverviewContext}


def chosen(template: Path, soort: str | None) -> tuple[type, str]:
    """The contract to check `template` against, and the line that says which it is."""
    if soort is not None and soort not in KINDS:
        raise UsageError(f"--soort: «{soort}» is geen soort sjabloon; kies afspraken of overzicht")
    known = contracts()
    kind = soort or contract_of(template, known)
    return known[kind], f"gecontroleerd als {KINDS[kind]}" + ("" if soort else " (herkend aan de namen; anders: --soort)")
