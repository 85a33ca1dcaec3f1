"""Why each tracked change of a redline is there, and what the comparison did not look at.

Pure: it gets the changes read back from the redline (`ooxml.tracked`), the two
versions' input snapshots (with the line of every field, see batch._lines) and
the two documents' parts, and returns Dutch sentences:
- the data field with its file and line ("ORV – Herinrichting Plein 40-45, incl. btw:
  € 7.335.000 → € 7.500.000; data/gebieden/amsterdam-nieuw-west.yaml, regel 141"),
- a national parameter ("landelijk.yaml: bedrag per woning € 7.000 → € 7.200 (regel 21)"),
- "volgt uit …" for a computed figure, with the data changes it follows from,
- "tekst van het sjabloon gewijzigd", or, honestly, that no cause was found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from . import changes as ch
from .. import formatting as fmt
from ..data.load import field_path
from ..ooxml.tracked import Change

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Cause:
    change: ch.FieldChange
    national: bool
    file: str  # as given on the command line when the version was made: "data/gebieden/x.yaml"
    line: int | None

    def sentence(self) -> str:
        c = self.change
        if self.national:  # "landelijk.yaml: bedrag per woning € 7.000 → € 7.200 (regel 21)"
            name = str(c.path[-1]).replace("_", " ") if c.path else ""
            value = f"{c.before} → {c.after}" if c.before is not None and c.after is not None else c.text.split(": ", 1)[-1]
            line = f" (regel {self.line})" if self.line else ""
            return f"{PurePath(self.file).name or 'landelijk.yaml'}: {name} {value}{line}"
        where = ", ".join(filter(None, [self.file, f"regel {self.line}" if self.line else ""]))
        return c.text + (f"; {where}" if where else "")


@dataclass(frozen=True)
class Inputs:
    """What changed in the inputs between the two versions, with where each change stands."""

    gebied: list[Cause]
    landelijk: list[Cause]
    template_changed: bool
    figures: list[tuple[str, str, str, tuple[str, ...]]]  # (label, before, after, the data sections it follows from)

    @property
    def all(self) -> list[Cause]:
        return self.gebied + self.landelijk


def inputs(old: Mapping[str, Any], new: Mapping[str, Any]) -> Inputs:
    gebied = [_cause(c, old, new, "gebied") for c in ch.field_changes(old.get("gebied") or {}, new.get("gebied") or {})]
    landelijk = [_cause(c, old, new, "landelijk")
                 for c in ch.field_changes(old.get("landelijk") or {}, new.get("landelijk") or {}, prefix="Landelijk")]
    return Inputs(gebied, landelijk, old.get("sjabloon") != new.get("sjabloon"), _figures(old, new))


def _cause(change: ch.FieldChange, old: Mapping[str, Any], new: Mapping[str, Any], key: str) -> Cause:
    source = ((old if change.removed else new).get("bron") or {}).get(key) or {}
    lines = source.get("regels") or {}
    path, line = change.path, None
    while path and line is None:  # the field's own line, else its item's or section's
        line = lines.get(field_path(path))
        path = path[:-1]
    return Cause(change, key == "landelijk", source.get("bestand", ""), line)


def _figures(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """The computed figures that differ, as the document shows them, and the sections they are computed from."""
    from ..compute import agreement
    from ..data.models import Gebied, Landelijk

    def figures(snapshot: Mapping[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]] | None:
        try:
            a = agreement(Gebied.model_validate(snapshot["gebied"], strict=False), Landelijk.model_validate(snapshot["landelijk"], strict=False))
        except Exception:  # a snapshot of an earlier schema, or none: no figures to compare
            return None
        out = {
            "Totaal woningen": (fmt.aantal(a.woningbouw.total.woningen), ("woningbouw",)),
            "Totaal betaalbare woningen": (fmt.aantal(a.woningbouw.total.betaalbaar), ("woningbouw",)),
            "Realisatiestimulans (ondergrens)": (fmt.bedrag(a.realisatiestimulans.min), ("realisatiestimulans", "woningbouw", "*")),
            "Realisatiestimulans (bovengrens)": (fmt.bedrag(a.realisatiestimulans.max), ("realisatiestimulans", "woningbouw", "*")),
            "Totaal rijksbijdrage (ondergrens)": (fmt.bedrag(a.totaal.min), ("", "*")),
            "Totaal rijksbijdrage (bovengrens)": (fmt.bedrag(a.totaal.max), ("", "*")),
        }
        for section, table in (("orv", a.orv), ("capaciteit", a.capaciteit)):
            if table is None:
                continue
            name = ch._SECTIONS[section]
            out[f"Opslag {name} incl. btw"] = (fmt.bedrag(table.total.incl), (section, "*"))
            out[f"Opslag {name} excl. btw"] = (fmt.bedrag(table.total.excl), (section, "*"))
            for row in table.rows:
                out[f"{name} – {row.naam}, excl. btw"] = (fmt.bedrag(row.excl), (section, "*"))
        if a.wbi is not None:
            out["Wbi rijksbijdrage"] = (fmt.bedrag(a.wbi_rijksbijdrage), ("wbi", "*"))
        return out

    before, after = figures(old), figures(new)
    if before is None or after is None:
        return []
    return [(label, before[label][0], value, sources) for label, (value, sources) in after.items()
            if label in before and before[label][0] != value]


# --- matching a tracked change with its cause ------------------------------------------------------

def _norm(text: str | None) -> str:
    return (text or "").replace("\u00a0", " ").replace("€", "").replace(",-", "").strip(" .,;:")


def _matches(was: str, wordt: str, before: str | None, after: str | None) -> bool:
    a, b = _norm(was), _norm(wordt)
    if not (a or b) or max(len(a), len(b)) < 2 and not (a.isdigit() or b.isdigit()):
        return False
    old, new = _norm(before), _norm(after)
    if _NUMBER.fullmatch(a or "x") or _NUMBER.fullmatch(b or "x"):  # a figure: the whole number, not a digit of it
        return (not a or a in _NUMBER.findall(old)) and (not b or b in _NUMBER.findall(new)) and bool(old or new)
    return (not a or (bool(old) and a in old)) and (not b or (bool(new) and b in new))


def cause(change: Change, given: Inputs) -> str:
    """The Dutch sentence that says why this change is in the redline."""
    was, wordt = change.was, change.wordt
    for c in given.all:  # a field whose value is the changed text
        if c.change.before is not None or c.change.after is not None:
            if _matches(was, wordt, c.change.before, c.change.after):
                return c.sentence()
    for label, before, after, sources in given.figures:
        if _matches(was, wordt, before, after):
            valued = [c for c in given.all if c.change.before is not None and c.change.after is not None]
            origin = [c for c in valued if c.national and "*" in sources or
                      not c.national and any(s == "" or c.change.path[:1] == (s,) for s in sources if s != "*")]
            why = "; ".join(c.sentence() for c in origin) or "de gewijzigde gegevens"
            return f"{label}: {before} → {after}, volgt uit: {why}"
    for c in given.gebied:  # a changed sentence of a prose field
        for before, after in c.change.sentences:
            if (_norm(was) and _norm(was) in _norm(before)) or (_norm(wordt) and _norm(wordt) in _norm(after)):
                return c.sentence()
    if _NUMBER.search(was + wordt) and given.all:
        return "volgt uit: " + "; ".join(c.sentence() for c in given.all)
    if given.template_changed:
        return "tekst van het sjabloon gewijzigd" if change.kind != "opmaak" else "opmaak van het sjabloon gewijzigd"
    if given.all:
        return "volgt uit: " + "; ".join(c.sentence() for c in given.all)
    return "oorzaak niet gevonden in de gegevens of het sjabloon"

