"""A returned copy's edits traced to their source: a data field, a computed figure, a national parameter or
the template's text, through the hidden bookmarks the document carries (document/provenance.py).

This is the reading half of `verwerk` (issue 25): tracked changes by anyone but the engine, edits made without
tracking them (handed in, found by ooxml/untracked.py), paragraphs merged, split or deleted whole, and the
reader's comments, each with where it belongs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..compute import agreement, figures
from ..data.models import Gebied, Landelijk
from ..defaults import BATCH_AUTHOR, DEFAULT_AUTHOR
from ..document import context
from ..document.provenance import ContextPath, Source, bookmark_name
from ..ooxml import edits as read_edits
from ..ooxml.marks import MARK_PREFIX
from ..ooxml.package import read_parts

Verdict = Literal["gegevens", "berekend", "landelijk", "sjabloon"]


@dataclass(frozen=True)
class Traced:
    """An edit with its source: `verdict` says what may be done with it, `where` in Dutch."""

    edit: read_edits.Edit
    verdict: Verdict
    place: ContextPath | None
    source: Source | None
    where: str


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(f"[{p}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def describe(source: Source | None, gebied: Gebied, landelijk: Landelijk) -> tuple[Verdict, str]:
    if source is None:
        return "sjabloon", "tekst van het sjabloon"
    if source.kind == "gebied":
        return "gegevens", f"data/gebieden/{gebied.slug}.yaml: {_field(source.path)}"
    if source.kind == "landelijk":
        return "landelijk", f"landelijke parameter {_field(source.path)} (data/landelijk.yaml); geldt voor elk gebied"
    figure = figures(gebied, landelijk)[source.label]
    inputs = ", ".join(sorted(("data/landelijk.yaml: " if file == "landelijk" else f"data/gebieden/{gebied.slug}.yaml: ")
                              + _field(path) for file, path in figure.inputs))
    return "berekend", f"berekend bedrag «{figure.label}», volgt uit {inputs}"


@dataclass(frozen=True)
class TracedJoint:
    """A paragraph merged, split or deleted, with the values with a source it holds (`where`, in Dutch)."""

    joint: read_edits.Joint
    values: tuple[str, ...]


OWN_AUTHORS = frozenset({DEFAULT_AUTHOR, BATCH_AUTHOR})  # the engine's own tracked changes (its redlines)


class _Places:
    """Which source each bookmark's value has, for one gebied."""

    def __init__(self, gebied: Gebied, landelijk: Landelijk, revision: bool):
        self.gebied, self.landelijk = gebied, landelijk
        built = context.build(gebied, agreement(gebied, landelijk), landelijk, revision)
        self.places = context.sources(gebied, built, revision)
        self.by_name = {bookmark_name(path): path for path in self.places}

    def innermost(self, marks: Sequence[str]) -> ContextPath | None:
        stems = [name.rpartition("_")[0] for name in marks if name.startswith(MARK_PREFIX)]
        return next((self.by_name[s] for s in reversed(stems) if s in self.by_name), None)

    def every(self, marks: Sequence[str]) -> list[ContextPath]:
        stems = (name.rpartition("_")[0] for name in marks if name.startswith(MARK_PREFIX))
        return list(dict.fromkeys(self.by_name[s] for s in stems if s in self.by_name))


def trace(docx: bytes, gebied: Gebied, landelijk: Landelijk, revision: bool = False,
          untracked: Sequence[read_edits.Edit] = ()) -> tuple[list[Traced], list[read_edits.Note]]:
    """Every edit of the returned copy `docx` (its tracked changes, then the `untracked` ones) with its source,
    and the reader's comments."""
    places = _Places(gebied, landelijk, revision)
    found, notes = read_edits.read(read_parts(docx), OWN_AUTHORS)
    traced = []
    for edit in [*found, *untracked]:
        place = places.innermost(edit.inside)
        source = places.places[place] if place is not None else None
        verdict, where = describe(source, gebied, landelijk)
        traced.append(Traced(edit, verdict, place, source, where))
    return traced, notes


def trace_joints(docx: bytes, gebied: Gebied, landelijk: Landelijk, revision: bool = False,
                 untracked: Sequence[read_edits.Joint] = ()) -> list[TracedJoint]:
    """Every paragraph of `docx` merged, split or deleted with track changes, then the `untracked` ones."""
    places = _Places(gebied, landelijk, revision)
    traced = []
    for joint in [*read_edits.joints(read_parts(docx), OWN_AUTHORS), *untracked]:
        values = tuple(dict.fromkeys(describe(places.places[p], gebied, landelijk)[1] for p in places.every(joint.holds)))
        traced.append(TracedJoint(joint, values))
    return traced
