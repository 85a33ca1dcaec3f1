"""A returned copy's edits traced to their source: a data field, a computed figure, a national parameter or
the template's text, through the hidden bookmarks the document carries (document/provenance.py).

This is the reading half of `verwerk` (issue 25): tracked changes by anyone but the engine and the reader's
comments, each with where it belongs. Writing accepted edits into the YAML is not part of it yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..compute import agreement, figures
from ..data.models import Gebied, Landelijk
from ..defaults import BATCH_AUTHOR, DEFAULT_AUTHOR
from ..document import context
from ..document.provenance import MARK_PREFIX, ContextPath, Source, bookmark_name
from ..ooxml import edits as read_edits
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


def trace(docx: bytes, gebied: Gebied, landelijk: Landelijk, revision: bool = False
          ) -> tuple[list[Traced], list[read_edits.Note]]:
    """Every edit of the returned copy `docx` with its source, and the reader's comments."""
    built = context.build(gebied, agreement(gebied, landelijk), landelijk, revision)
    places = context.sources(gebied, built, revision)
    by_name = {bookmark_name(path): path for path in places}
    found, notes = read_edits.read(read_parts(docx), {DEFAULT_AUTHOR, BATCH_AUTHOR})
    traced = []
    for edit in found:
        stems = [name.rpartition("_")[0] for name in edit.inside if name.startswith(MARK_PREFIX)]
        place = next((by_name[s] for s in reversed(stems) if s in by_name), None)
        source = places[place] if place is not None else None
        verdict, where = describe(source, gebied, landelijk)
        traced.append(Traced(edit, verdict, place, source, where))
    return traced, notes

