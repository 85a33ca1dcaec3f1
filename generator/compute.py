"""The arithmetic of an agreement: pure functions, no I/O, no formatting.

Every figure the document shows that is not typed in the data is computed
here, once. Money is whole euros; divisions are exact (Fraction) and rounded
half up, the way the signed agreement rounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import Any, Generic, TypeVar

from .data.models import Gebied, Landelijk, Maatregel, Opslag


def round_half_up(value: Fraction, step: int = 1) -> int:
    """Round to a whole multiple of `step`, halves away from zero (amounts are positive)."""
    units = value / step
    whole = units.numerator // units.denominator
    if units - whole >= Fraction(1, 2):
        whole += 1
    return whole * step


def excl_btw(incl: int, btw_procent: int) -> int:
    """The amount excluding btw, in whole euros: € 7.335.000 incl. 21% is € 6.061.983."""
    return round_half_up(Fraction(incl * 100, 100 + btw_procent))


@dataclass(frozen=True)
class Range:
    """A lower and an upper bound, as the realisatiestimulans band and the total are given."""

    min: int
    max: int

    def __add__(self, other: int) -> Range:
        return Range(self.min + other, self.max + other)


def realisatiestimulans_band(basis: int, landelijk: Landelijk) -> Range:
    """basis × bedrag × correctie × (1 − min%) and × (1 + plus%), each rounded to the afronding.

    A basis of 9.976 gives € 37.600.000 / € 56.400.000, as in the signed agreement.
    """
    regeling = landelijk.realisatiestimulans
    estimate = Fraction(basis * regeling.bedrag_per_woning * regeling.correctie.teller, regeling.correctie.noemer)
    low = estimate * Fraction(100 - regeling.band.min_procent, 100)
    high = estimate * Fraction(100 + regeling.band.plus_procent, 100)
    return Range(round_half_up(low, regeling.afronding), round_half_up(high, regeling.afronding))


@dataclass(frozen=True)
class BtwRow:
    naam: str
    excl: int
    incl: int


@dataclass(frozen=True)
class WoningbouwRow:
    label: str
    woningen: int
    betaalbaar: int


@dataclass(frozen=True)
class WbiRow:
    naam: str
    cofinanciering: int
    rijksbijdrage: int


Row = TypeVar("Row", BtwRow, WoningbouwRow, WbiRow)


@dataclass(frozen=True)
class Table(Generic[Row]):
    """Rows and their totals, which are a row of the same kind: every figure column summed, no name."""

    rows: tuple[Row, ...]
    total: Row

    @classmethod
    def of(cls, kind: type[Row], rows: Iterable[Row]) -> Table[Row]:
        rows = tuple(rows)
        name, *columns = (f.name for f in fields(kind))
        totals: dict[str, Any] = {name: "", **{c: sum(getattr(r, c) for r in rows) for c in columns}}
        return cls(rows, kind(**totals))


def btw_table(maatregelen: list[Maatregel], btw_procent: int) -> Table[BtwRow]:
    """Rows with excl. and incl. btw; the totals add the rounded rows, as the signed table does."""
    return Table.of(BtwRow, (
        BtwRow(m.naam, excl_btw(m.bedrag_incl_btw, btw_procent) if m.btw else m.bedrag_incl_btw, m.bedrag_incl_btw)
        for m in maatregelen
    ))


def woningbouw_table(gebied: Gebied) -> Table[WoningbouwRow]:
    return Table.of(WoningbouwRow, (WoningbouwRow(r.label, r.woningen, r.betaalbaar) for r in gebied.woningbouw))


def wbi_table(gebied: Gebied) -> Table[WbiRow] | None:
    if not gebied.wbi:
        return None
    return Table.of(WbiRow, (WbiRow(a.naam, a.cofinanciering, a.indicatie_rijksbijdrage) for a in gebied.wbi))


@dataclass(frozen=True)
class Agreement:
    """Every computed figure of one gebied's agreement."""

    woningbouw: Table[WoningbouwRow]
    realisatiestimulans: Range
    orv: Table[BtwRow] | None
    capaciteit: Table[BtwRow] | None
    wbi: Table[WbiRow] | None

    @property
    def totaal(self) -> Range:
        """The summary table's total: the band plus every contribution incl. btw."""
        return self.realisatiestimulans + self.orv_incl + self.capaciteit_incl + self.wbi_rijksbijdrage

    @property
    def orv_incl(self) -> int:
        return self.orv.total.incl if self.orv else 0

    @property
    def capaciteit_incl(self) -> int:
        return self.capaciteit.total.incl if self.capaciteit else 0

    @property
    def wbi_rijksbijdrage(self) -> int:
        return self.wbi.total.rijksbijdrage if self.wbi else 0


def agreement(gebied: Gebied, landelijk: Landelijk) -> Agreement:
    btw = landelijk.btw_procent
    orv = btw_table(gebied.orv.maatregelen, btw) if gebied.orv else None
    capaciteit = btw_table(gebied.capaciteit.activiteiten, btw) if gebied.capaciteit else None
    band = realisatiestimulans_band(gebied.realisatiestimulans.basis_betaalbare_woningen, landelijk)
    return Agreement(woningbouw_table(gebied), band, orv, capaciteit, wbi_table(gebied))


def ienw_totaal(landelijk: Landelijk) -> int:
    return landelijk.ienw.grootschalig + landelijk.ienw.overig


# --- the national picture ---------------------------------------------------


@dataclass(frozen=True)
class BudgetCheck:
    """A national budget against what all agreements together claim (overprogrammering)."""

    budget: int
    total: int
    claim: int  # what the boilerplate says the agreements add up to
    ruim: bool  # the boilerplate says "ruim" (somewhat more than) the claim

    @property
    def over(self) -> int:
        return self.total - self.budget

    @property
    def over_percent(self) -> Fraction:
        return Fraction(self.over * 100, self.budget)

    @property
    def supports_claim(self) -> bool:
        """'ruim € 200 mln' holds from € 200 mln up to (not including) 5% more;
        '€ 60 mln' holds for what rounds to € 60 mln."""
        if self.ruim:
            return self.claim <= self.total < self.claim * Fraction(105, 100)
        return abs(self.total - self.claim) < 500_000


@dataclass(frozen=True)
class National:
    agreements: tuple[Agreement, ...]
    orv: BudgetCheck
    capaciteit: BudgetCheck

    @property
    def woningen(self) -> int:
        return sum(a.woningbouw.total.woningen for a in self.agreements)

    @property
    def betaalbaar(self) -> int:
        return sum(a.woningbouw.total.betaalbaar for a in self.agreements)

    @property
    def realisatiestimulans(self) -> Range:
        return Range(sum(a.realisatiestimulans.min for a in self.agreements), sum(a.realisatiestimulans.max for a in self.agreements))

    @property
    def wbi(self) -> int:
        return sum(a.wbi_rijksbijdrage for a in self.agreements)

    @property
    def totaal(self) -> Range:
        return Range(sum(a.totaal.min for a in self.agreements), sum(a.totaal.max for a in self.agreements))


def national(agreements: list[Agreement], landelijk: Landelijk) -> National:
    def check(total: int, opslag: Opslag) -> BudgetCheck:
        return BudgetCheck(opslag.budget, total, opslag.afspraken_totaal, opslag.ruim)

    return National(
        tuple(agreements),
        check(sum(a.orv_incl for a in agreements), landelijk.orv),
        check(sum(a.capaciteit_incl for a in agreements), landelijk.capaciteit),
    )


# --- provenance: which inputs every figure is computed from ------------------------------------------

Input = tuple[str, tuple[str | int, ...]]  # ("gebied", ("woningbouw", 0, "betaalbaar")) or ("landelijk", ("btw_procent",))


@dataclass(frozen=True)
class Figure:
    """A computed figure (whole euros or a count) and the inputs it is computed from, field by field."""

    label: str  # as the summaries name it: "Totaal betaalbare woningen"
    value: int
    inputs: frozenset[Input]
    unit: str = "bedrag"  # how the document writes it: "bedrag" (€ 37.600.000), "aantal" (11.230), "miljard"


def _gebied(*path: str | int) -> Input:
    return ("gebied", path)


def _landelijk(*path: str | int) -> Input:
    return ("landelijk", path)


def _band_inputs(bound: str) -> frozenset[Input]:
    return frozenset({
        _gebied("realisatiestimulans", "basis_betaalbare_woningen"),
        _landelijk("realisatiestimulans", "bedrag_per_woning"),
        _landelijk("realisatiestimulans", "correctie", "teller"),
        _landelijk("realisatiestimulans", "correctie", "noemer"),
        _landelijk("realisatiestimulans", "band", bound),
        _landelijk("realisatiestimulans", "afronding"),
    })


def _btw_figures(section: str, name: str, items: list[Maatregel], table: Table[BtwRow]) -> list[Figure]:
    lijst = "maatregelen" if section == "orv" else "activiteiten"
    incl: set[Input] = set()
    excl: set[Input] = set()
    out = []
    for index, (item, row) in enumerate(zip(items, table.rows)):
        amount = _gebied(section, lijst, index, "bedrag_incl_btw")
        row_excl = {amount, _gebied(section, lijst, index, "btw")} | ({_landelijk("btw_procent")} if item.btw else set())
        incl.add(amount)
        excl |= row_excl
        out.append(Figure(f"{name} – {row.naam}, excl. btw", row.excl, frozenset(row_excl)))
    out.append(Figure(f"Opslag {name} incl. btw", table.total.incl, frozenset(incl)))
    out.append(Figure(f"Opslag {name} excl. btw", table.total.excl, frozenset(excl)))
    return out


def figures(gebied: Gebied, landelijk: Landelijk) -> dict[str, Figure]:
    """Every figure the document computes (not typed in the data), by its label, with its inputs."""
    a = agreement(gebied, landelijk)
    rows = range(len(gebied.woningbouw))
    woningen = frozenset(_gebied("woningbouw", i, "woningen") for i in rows)
    betaalbaar = frozenset(_gebied("woningbouw", i, "betaalbaar") for i in rows)
    low, high = _band_inputs("min_procent"), _band_inputs("plus_procent")
    out = [
        Figure("Totaal woningen", a.woningbouw.total.woningen, woningen, "aantal"),
        Figure("Totaal betaalbare woningen", a.woningbouw.total.betaalbaar, betaalbaar, "aantal"),
        Figure("Realisatiestimulans (ondergrens)", a.realisatiestimulans.min, low),
        Figure("Realisatiestimulans (bovengrens)", a.realisatiestimulans.max, high),
    ]
    contributions: frozenset[Input] = frozenset()
    for section, name, items, table in (("orv", "ORV", gebied.orv.maatregelen if gebied.orv else [], a.orv),
                                        ("capaciteit", "Capaciteit", gebied.capaciteit.activiteiten if gebied.capaciteit else [], a.capaciteit)):
        if table is not None:
            made = _btw_figures(section, name, items, table)
            out += made
            contributions |= made[-2].inputs
    if a.wbi is not None:
        wbi = range(len(gebied.wbi))
        rijks = frozenset(_gebied("wbi", i, "indicatie_rijksbijdrage") for i in wbi)
        out.append(Figure("Wbi rijksbijdrage", a.wbi.total.rijksbijdrage, rijks))
        out.append(Figure("Wbi cofinanciering", a.wbi.total.cofinanciering, frozenset(_gebied("wbi", i, "cofinanciering") for i in wbi)))
        contributions |= rijks
    out.append(Figure("Totaal rijksbijdrage (ondergrens)", a.totaal.min, low | contributions))
    out.append(Figure("Totaal rijksbijdrage (bovengrens)", a.totaal.max, high | contributions))
    out.append(Figure("IenW bovenplanse infrastructuur", ienw_totaal(landelijk),
                      frozenset({_landelijk("ienw", "grootschalig"), _landelijk("ienw", "overig")}), "miljard"))
    return {f.label: f for f in out}
