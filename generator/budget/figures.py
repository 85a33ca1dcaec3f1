"""The figures a budget controller may change, as one catalogue shared by the export and the import.

A section is a sheet of begroting.xlsx and a place in a gebied file; an item is one row of it (a
woningbouw row, the realisatiestimulans basis, a measure, an activity, a Wbi request). The key of a
row is (sheet, gebied, nr): the gebied's slug and the item's place in its list. The item's name is
shown beside the key and checked on import, so that a row pasted over another, or a file reordered
since the export, is refused rather than written into the wrong item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from annotated_types import Ge, Gt
from pydantic import BaseModel

from ..compute import Agreement
from ..ooxml.spreadsheet import Number
from ..review.changes import field_label
from ..data.load import FieldPath
from ..data.models import Gebied, Maatregel, Realisatiestimulans, WbiAanvraag, WoningbouwRegel

Kind = Literal["aantal", "bedrag", "ja/nee"]


@dataclass(frozen=True)
class Input:
    """One changeable figure of an item: its field in the YAML and how the sheet shows it."""

    field: str
    kind: Kind
    model: type[BaseModel]  # whose field it is: the minimum comes from there, not from here

    @property
    def header(self) -> str:
        label = field_label(self.field)
        return label[0].upper() + label[1:]

    @property
    def minimum(self) -> int | None:
        """The smallest whole number the model accepts (gt=0 → 1, ge=0 → 0), for the sheet's validation."""
        for rule in self.model.model_fields[self.field].metadata:
            if isinstance(rule, Gt):
                return int(rule.gt) + 1  # type: ignore[call-overload]  # annotated_types' bound is a protocol; here a whole number
            if isinstance(rule, Ge):
                return int(rule.ge)  # type: ignore[call-overload]  # as above
        return None


@dataclass(frozen=True)
class Section:
    sheet: str
    path: tuple[str, ...]  # where the list (or the single item) stands in a gebied file
    name_field: str | None  # the field that names an item; None for the one item per gebied
    item_word: str  # what an item is called, as the header of its name column
    inputs: tuple[Input, ...]

    @property
    def is_list(self) -> bool:
        return self.name_field is not None


_AMOUNT_AND_BTW = (Input("bedrag_incl_btw", "bedrag", Maatregel), Input("btw", "ja/nee", Maatregel))

SECTIONS: tuple[Section, ...] = (
    Section("Woningbouw", ("woningbouw",), "label", "Onderdeel",
            (Input("woningen", "aantal", WoningbouwRegel), Input("betaalbaar", "aantal", WoningbouwRegel))),
    Section("Realisatiestimulans", ("realisatiestimulans",), None, "",
            (Input("basis_betaalbare_woningen", "aantal", Realisatiestimulans),)),
    Section("ORV", ("orv", "maatregelen"), "naam", "Maatregel", _AMOUNT_AND_BTW),
    Section("Capaciteit", ("capaciteit", "activiteiten"), "naam", "Activiteit", _AMOUNT_AND_BTW),
    Section("Wbi", ("wbi",), "naam", "Aanvraag",
            (Input("cofinanciering", "bedrag", WbiAanvraag), Input("indicatie_rijksbijdrage", "bedrag", WbiAanvraag))),
)

KEY_HEADERS = ("Gebied", "Nr")


def key_headers(section: Section) -> tuple[str, ...]:
    """The locked columns that identify a row: gebied and nr, and for a list the item's name."""
    return (*KEY_HEADERS, section.item_word) if section.is_list else KEY_HEADERS[:1]


@dataclass(frozen=True)
class Item:
    section: Section
    slug: str
    gebied: str  # the gebied's naam, for messages
    nr: int | None  # 1-based place in the list; None for the single item of a gebied
    name: str | None
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, int | None]:
        return (self.section.sheet, self.slug, self.nr)

    def path(self, field: str) -> FieldPath:
        return self.section.path + ((self.nr - 1,) if self.nr is not None else ()) + (field,)

    def describe(self, field: str | None = None) -> str:
        """'Rotterdam-Zuid – ORV – Sport- en talentcampus, incl. btw', as the change summaries name it."""
        what = f"{self.gebied} – {self.section.sheet}" + (f" – {self.name}" if self.name else "")
        return what + (f", {field_label(field)}" if field else "")


def items(gebied: Gebied) -> list[Item]:
    """Every row of every section for one gebied, in the order of its file."""
    found: list[Item] = []
    for section in SECTIONS:
        node: Any = gebied
        for part in section.path:
            node = getattr(node, part) if node is not None else None
        if node is None:
            continue
        if section.is_list:
            assert section.name_field is not None  # a list section names its items
            for nr, entry in enumerate(node, start=1):
                found.append(Item(section, gebied.slug, gebied.naam, nr, getattr(entry, section.name_field),
                                  {i.field: getattr(entry, i.field) for i in section.inputs}))
        else:
            found.append(Item(section, gebied.slug, gebied.naam, None, None, {i.field: getattr(node, i.field) for i in section.inputs}))
    return found


def set_in(data: dict[str, Any], path: FieldPath, value: Any) -> None:
    """Put `value` at `path` of a gebied's plain data (dicts and lists, as load.read_yaml gives them)."""
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def derived_result(name: str, item: Item, computed: Agreement) -> Number:
    """The engine's figure for a derived column of an item's row: what its formula in begroting.xlsx computes."""
    if name == "excl":
        table = computed.orv if item.section.sheet == "ORV" else computed.capaciteit
        assert table is not None and item.nr is not None
        return table.rows[item.nr - 1].excl
    if name == "betaalbaar":
        return computed.woningbouw.total.betaalbaar
    if name in ("min", "max"):
        return computed.realisatiestimulans.min if name == "min" else computed.realisatiestimulans.max
    assert computed.wbi is not None and item.nr is not None
    row = computed.wbi.rows[item.nr - 1]
    kosten = row.cofinanciering + row.rijksbijdrage
    if name == "kosten":
        return kosten
    if name == "aandeel":
        return 0 if kosten == 0 else row.cofinanciering / kosten
    raise AssertionError(name)
