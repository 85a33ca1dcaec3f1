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

import difflib
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from pydantic import ValidationError

from . import changes as ch
from .. import formatting as fmt
from ..compute import Figure, Input, figures
from ..data.load import field_path, shown_path
from ..data.models import Gebied, Landelijk
from ..store.manifest import Snapshot
from ..ooxml.tracked import Change

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Cause:
    change: ch.FieldChange
    national: bool
    file: str  # as the user knows it: "data/gebieden/x.yaml" (load.shown_path), never a path of their disk
    line: int | None
    text_lines: tuple[tuple[str, int], ...] = ()  # a prose field: its changed lines of the new text, with their line in the file
    forms: tuple[tuple[str, str], ...] = ()  # an amount as the document may write it too: (€ 180 mln., € 190 mln.)

    @property
    def input(self) -> Input:
        return ("landelijk" if self.national else "gebied", tuple(self.change.path))

    @property
    def valued(self) -> bool:
        """A value that a figure can be computed from (not a prose text, an order or a section added)."""
        return self.change.before is not None or self.change.after is not None

    def shows(self, was: str, wordt: str) -> bool:
        """Whether the changed text is this field's value, in any way the document writes it."""
        return self.valued and any(_matches(was, wordt, before, after)
                                   for before, after in ((self.change.before, self.change.after), *self.forms))

    def feeds(self, inputs: frozenset[Input]) -> bool:
        """Whether this change is of one of `inputs` (or of the item or section that holds it)."""
        scope, path = self.input
        return self.valued and any(s == scope and p[:len(path)] == path for s, p in inputs)

    def line_of(self, was: str, wordt: str) -> int | None:
        """The line of the changed value; in a block of text, the line that holds the changed word."""
        for words in (_norm(wordt), _norm(was)):
            for text, line in self.text_lines:
                if words and words in _norm(text):
                    return line
        return self.text_lines[0][1] if self.text_lines else self.line

    def sentence(self, line: int | None = None) -> str:
        c = self.change
        line = line if line is not None else self.line
        if self.national:  # "landelijk.yaml: bedrag per woning € 7.000 → € 7.200 (regel 21)"
            name = str(c.path[-1]).replace("_", " ") if c.path else ""
            value = f"{c.before} → {c.after}" if c.before is not None and c.after is not None else c.text.split(": ", 1)[-1]
            shown = f" (regel {line})" if line else ""
            return f"{PurePath(self.file).name or 'landelijk.yaml'}: {name} {value}{shown}"
        where = ", ".join(filter(None, [self.file, f"regel {line}" if line else ""]))
        return c.text + (f"; {where}" if where else "")


@dataclass(frozen=True)
class FigureChange:
    """A computed figure that differs, as the document shows it, with the inputs it is computed from."""

    label: str
    before: str
    after: str
    inputs: frozenset[Input]

    @property
    def line(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


@dataclass(frozen=True)
class Inputs:
    """What changed in the inputs between the two versions, with where each change stands."""

    gebied: list[Cause]
    landelijk: list[Cause]
    template_changed: bool
    figures: list[FigureChange]

    @property
    def all(self) -> list[Cause]:
        return self.gebied + self.landelijk

    def origin(self, figure: FigureChange) -> list[Cause]:
        """The changed inputs this figure is computed from: its provenance record, nothing else."""
        return [c for c in self.all if c.feeds(figure.inputs)]


def inputs(old: Snapshot, new: Snapshot) -> Inputs:
    gebied = [_cause(c, old, new, "gebied") for c in ch.field_changes(old.gebied, new.gebied)]
    landelijk = [_cause(c, old, new, "landelijk") for c in ch.field_changes(old.landelijk, new.landelijk, prefix="Landelijk")]
    return Inputs(gebied, landelijk, old.template != new.template, figure_changes(old, new) or [])


def _cause(change: ch.FieldChange, old: Snapshot, new: Snapshot, key: str) -> Cause:
    source = (old if change.removed else new).sources.get(key)
    lines = source.lines if source is not None else {}
    path, line = change.path, None
    while path and line is None:  # the field's own line, else its item's or section's
        line = lines.get(field_path(path))
        path = path[:-1]
    before, after = _value(getattr(old, key), change.path), _value(getattr(new, key), change.path)
    text_lines: tuple[tuple[str, int], ...] = ()
    if change.sentences and line is not None and isinstance(before, str) and isinstance(after, str):
        text_lines = _changed_lines(before, after, line)
    forms: tuple[tuple[str, str], ...] = ()
    if type(before) is int and type(after) is int:
        forms = tuple((shown(before), shown(after)) for shown in (fmt.miljoen, fmt.miljard))
    return Cause(change, key == "landelijk", shown_path(source.file) if source is not None and source.file else "",
                 line, text_lines, forms)


def _value(snapshot: Any, path: tuple) -> Any:
    for part in path:
        try:
            snapshot = snapshot[part]
        except (KeyError, IndexError, TypeError):
            return None
    return snapshot


def _changed_lines(old: str, new: str, key_line: int) -> tuple[tuple[str, int], ...]:
    """The lines of a text that changed, each with its line in the file: a block scalar (`programma: |`)
    starts on the line after its key, one text line to a file line; a one-line text stands on the key's."""
    a, b = old.split("\n"), new.split("\n")
    if "\n" not in old.rstrip("\n") and "\n" not in new.rstrip("\n"):
        return ((new, key_line),)
    out: list[tuple[str, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if j2 > j1:
            out += [(b[j], key_line + 1 + j) for j in range(j1, j2)]
        else:  # only removed lines: where they stood in the new text, with their words to find them by
            out += [(a[i], key_line + 1 + min(j1, len(b) - 1)) for i in range(i1, i2)]
    return tuple(out)


def figure_changes(old: Snapshot, new: Snapshot) -> list[FigureChange] | None:
    """The computed figures that differ, as the document shows them, with the inputs each is computed from
    (compute.figures: the provenance record of either version); None if a snapshot cannot be computed."""
    before, after = _recorded(old), _recorded(new)
    if before is None or after is None:
        return None
    return [FigureChange(label, _shown(before[label]), _shown(figure), before[label].inputs | figure.inputs)
            for label, figure in after.items() if label in before and _shown(before[label]) != _shown(figure)]


def _recorded(snapshot: Snapshot) -> dict[str, Figure] | None:
    """The figures of a version's inputs; None when its snapshot is not of the current data models (recorded
    before a field was added, or a version recorded without its inputs): no figures to compare then."""
    try:
        gebied = Gebied.model_validate(snapshot.gebied, strict=False)
        landelijk = Landelijk.model_validate(snapshot.landelijk, strict=False)
    except ValidationError:
        return None
    return figures(gebied, landelijk)


def _shown(figure: Figure) -> str:
    if figure.unit == "aantal":
        return fmt.aantal(figure.value)
    if figure.unit == "miljard":
        return fmt.miljard(figure.value)
    return fmt.bedrag(figure.value)


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
    """The Dutch sentence that says why this change is in the redline: the field whose value is the changed
    text, a computed figure with the changed inputs its record says it follows from, a changed sentence of
    a text (with the line of the changed word), the template; or, honestly, that no cause was found."""
    was, wordt = change.was, change.wordt
    for c in given.all:  # a field whose value is the changed text
        if c.shows(was, wordt):
            return c.sentence()
    for figure in given.figures:
        if _matches(was, wordt, figure.before, figure.after):
            origin = given.origin(figure)
            if origin:  # else the figure is not what changed here, whatever its text: look further
                return f"{figure.line}, volgt uit: " + "; ".join(c.sentence() for c in origin)
    for c in given.all:  # a changed sentence of a prose field
        for before, after in c.change.sentences:
            if (_norm(was) and _norm(was) in _norm(before)) or (_norm(wordt) and _norm(wordt) in _norm(after)):
                return c.sentence(c.line_of(was, wordt))
    if given.template_changed:
        return "tekst van het sjabloon gewijzigd" if change.kind != "opmaak" else "opmaak van het sjabloon gewijzigd"
    return "oorzaak niet gevonden in de gegevens of het sjabloon"
