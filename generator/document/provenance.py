"""Where every value of the template's context comes from: a data field, a national parameter or a figure.

`context.build` says what the template shows; this says, for the same places (a leaf's path in the
context, "orv.rijen.1.incl"), which source it is made from, so that a later stage (a lawyer's edit
read back from a returned copy) can tell a typed input (written back into the YAML) from a computed
figure (refused, naming the inputs `compute.figures` records for it) without matching text.
Data fields are given as `compute.Input` paths, the form `compute.figures` and the field lines of
`data.load` share; figures by their label in `compute.figures`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from ..data.models import Gebied
from ..ooxml.marks import MARK_PREFIX, marked
from .prose import Block

ContextPath = tuple[str | int, ...]  # ("orv", "rijen", 1, "incl")


@dataclass(frozen=True)
class Source:
    """`gebied`: a field of the gebied's file (`path`); `landelijk`: a national parameter (`path`, the
    context's name under `landelijk`, or a field of landelijk.yaml); `figuur`: a computed figure (`label`)."""

    kind: Literal["gebied", "landelijk", "figuur"]
    path: tuple[str | int, ...] = ()
    label: str = ""


def _field(*path: str | int) -> Source:
    return Source("gebied", path)


def _national(*path: str | int) -> Source:
    return Source("landelijk", path)


def _figure(label: str) -> Source:
    return Source("figuur", label=label)


PROSE_FIELDS = ("programma", "woningbouwprogramma", "fysieke_ingrepen")


def _btw(section: str, name: str, items: list[str], lijst: str) -> Iterator[tuple[ContextPath, Source]]:
    for index, naam in enumerate(items):
        yield (section, "rijen", index, "naam"), _field(section, lijst, index, "naam")
        yield (section, "rijen", index, "incl"), _field(section, lijst, index, "bedrag_incl_btw")
        yield (section, "rijen", index, "excl"), _figure(f"{name} – {naam}, excl. btw")
    yield (section, "excl"), _figure(f"Opslag {name} excl. btw")
    yield (section, "incl"), _figure(f"Opslag {name} incl. btw")
    yield (section, "incl_streep"), _figure(f"Opslag {name} incl. btw")


def sources(gebied: Gebied, landelijk_names: list[str], revision: bool = False,
            blocks: dict[str, int] | None = None) -> dict[ContextPath, Source]:
    """Every leaf of `context.build`'s result that shows data or a figure, with its source.

    `landelijk_names`: the keys of the context's `landelijk`; `blocks`: per prose field the number of
    paragraphs it gave (each paragraph's `tekst` comes from that field as a whole)."""
    out: dict[ContextPath, Source] = {
        ("gebied", "naam"): _field("naam"),
        ("gebied", "gemeente"): _field("gemeente"),
        ("ondertekening", "plaats"): _national("ondertekening", "plaats"),
        ("ministerie", "naam"): _national("ministerie", "naam"),
        ("ministerie", "afkorting"): _national("ministerie", "afkorting"),
        ("minister", "naam"): _national("minister", "naam"),
        ("ondertekenaar", "naam"): _field("ondertekenaar", "naam"),
        ("ondertekenaar", "functie"): _field("ondertekenaar", "functie"),
        ("ondertekenaar", "mandaat"): _field("ondertekenaar", "mandaat"),
        ("woningbouw", "woningen"): _figure("Totaal woningen"),
        ("woningbouw", "betaalbaar"): _figure("Totaal betaalbare woningen"),
        ("realisatiestimulans", "min"): _figure("Realisatiestimulans (ondergrens)"),
        ("realisatiestimulans", "min_streep"): _figure("Realisatiestimulans (ondergrens)"),
        ("realisatiestimulans", "max"): _figure("Realisatiestimulans (bovengrens)"),
        ("realisatiestimulans", "max_streep"): _figure("Realisatiestimulans (bovengrens)"),
        ("samenvatting", "totaal_min"): _figure("Totaal rijksbijdrage (ondergrens)"),
        ("samenvatting", "totaal_max"): _figure("Totaal rijksbijdrage (bovengrens)"),
    }
    if not revision:  # a revision leaves the date open: template text, not data
        out[("datum",)] = out[("ondertekening", "datum")] = _national("ondertekening", "datum")
    out.update({("landelijk", name): _national(name) for name in landelijk_names})
    for field, count in (blocks or {}).items():
        out.update({(field, index, "tekst"): _field(field) for index in range(count)})
    for index in range(len(gebied.woningbouw)):
        out.update({("woningbouw", "rijen", index, key): _field("woningbouw", index, key)
                    for key in ("label", "woningen", "betaalbaar")})
    if gebied.orv:
        out.update(_btw("orv", "ORV", [m.naam for m in gebied.orv.maatregelen], "maatregelen"))
    if gebied.capaciteit:
        out.update(_btw("capaciteit", "Capaciteit", [m.naam for m in gebied.capaciteit.activiteiten], "activiteiten"))
    if gebied.wbi:
        for index in range(len(gebied.wbi)):
            out[("wbi", "rijen", index, "naam")] = _field("wbi", index, "naam")
            out[("wbi", "rijen", index, "cofinanciering")] = _field("wbi", index, "cofinanciering")
            out[("wbi", "rijen", index, "rijksbijdrage")] = _field("wbi", index, "indicatie_rijksbijdrage")
        out[("wbi", "cofinanciering")] = _figure("Wbi cofinanciering")
        out[("wbi", "rijksbijdrage")] = _figure("Wbi rijksbijdrage")
    return out




def bookmark_name(path: ContextPath) -> str:
    """The bookmark around a value shown from context place `path`: short (Word allows 40 characters) and
    the same in every version; `ooxml.marks` adds the occurrence."""
    return MARK_PREFIX + hashlib.sha256(repr(path).encode()).hexdigest()[:12]


def _mark(value: Any, name: str) -> Any:
    if isinstance(value, str):
        return marked(value, name) if value else value
    assert isinstance(value, Block) and value.runs, value
    opening, closing = marked("", name)[:-1], marked("", name)[-1]
    runs = list(value.runs)
    runs[0] = dataclasses.replace(runs[0], text=opening + runs[0].text)
    runs[-1] = dataclasses.replace(runs[-1], text=runs[-1].text + closing)
    return dataclasses.replace(value, runs=tuple(runs))


def mark(value: Any, places: dict[ContextPath, Source], path: ContextPath = ()) -> Any:
    """The context with every value that has a source marked where it stands (ooxml.marks makes the
    bookmarks); everything else as it was."""
    if path in places:
        return _mark(value, bookmark_name(path))
    if isinstance(value, dict):
        return {key: mark(item, places, path + (key,)) for key, item in value.items()}
    if isinstance(value, list):
        return [mark(item, places, path + (index,)) for index, item in enumerate(value)]
    return value
