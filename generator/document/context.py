"""The template's context: every value the Word template shows, formatted the Dutch way.

This is the contract between the engine and the template. Values are strings
ready to print (or booleans/None that switch sections on and off); the
template does no arithmetic. `prose_values` is the list of names the gebied's
prose may refer to.

The typed definitions below (`Context` and the dictionaries inside it) are the
contract in code: `afspraken check-template` reads every name and attribute the
template may use from them, including those only used in some branches, and a
test holds `build` to them.
"""

from __future__ import annotations

from typing import Literal, Optional, TypedDict, cast

from .. import formatting as fmt
from ..compute import Agreement, BtwRow, Table, ienw_totaal
from ..data.models import Gebied, Landelijk, Opslag
from .prose import Block, blocks
from . import provenance
from .provenance import PROSE_FIELDS, ContextPath, Source
from ..data.ronde import footnote


class Blok(TypedDict):
    """One paragraph of the gebied's prose; `tekst` is shown with {{r blok.tekst }}."""

    soort: Literal["alinea", "opsomming1", "opsomming2", "vervolg1", "vervolg2"]
    tekst: Block


class GebiedContext(TypedDict):
    naam: str
    gemeente: str
    concept: bool
    illustratief: bool


class Ondertekening(TypedDict):
    plaats: str
    datum: str


class Minister(TypedDict):
    naam: str


class Ministerie(TypedDict):
    naam: str
    afkorting: str


class Ondertekenaar(TypedDict):
    naam: str
    functie: str
    mandaat: str


class BtwRij(TypedDict):
    naam: str
    excl: str
    incl: str


class BtwTabel(TypedDict):
    rijen: list[BtwRij]
    excl: str
    incl: str
    incl_streep: str


class WoningbouwRij(TypedDict):
    label: str
    woningen: str
    betaalbaar: str


class WoningbouwTabel(TypedDict):
    rijen: list[WoningbouwRij]
    woningen: str
    betaalbaar: str


class RealisatiestimulansContext(TypedDict):
    min: str
    max: str
    min_streep: str
    max_streep: str


class WbiRij(TypedDict):
    naam: str
    cofinanciering: str
    rijksbijdrage: str


class WbiTabel(TypedDict):
    rijen: list[WbiRij]
    cofinanciering: str
    rijksbijdrage: str


class Samenvatting(TypedDict):
    totaal_min: str
    totaal_max: str


class Uitgesloten(TypedDict):
    """Footnote 1: gebieden of the round that may not claim an opslag."""

    gemeenten: str
    kan: str
    middelen: str


class LandelijkContext(TypedDict):
    gebieden_totaal: str
    gebieden_in_afspraken: str
    buiten_ronde: str
    buiten_ronde_is: str
    uitgesloten: list[Uitgesloten]
    woontop: str
    woningen_versneld: str
    woningen_extra: str
    periode_start: str
    periode_eind: str
    periode: str
    periode_streep: str
    periode_jaren: str
    laatste_uitkering: str
    eerste_uitbetaling: str
    eerste_uitbetaling_kwartaal: str
    zorg_bestaande_regelingen: str
    mid_term_review: str
    prijspeil: str
    btw: str
    bedrag_per_woning: str
    correctie: str
    band_min: str
    band_plus: str
    orv_budget: str
    orv_afspraken: str
    capaciteit_budget: str
    capaciteit_afspraken: str
    wbi_cofinanciering: str
    ienw_totaal: str
    ienw_grootschalig: str
    ienw_overig: str
    soo_open_tot: str
    soo_max_per_m2: str
    zorg_opslag_vanaf: str


class Context(TypedDict):
    """Every top-level name of the template; a section a gebied does not have is None."""

    titel: str
    gebied: GebiedContext
    datum: str
    ondertekening: Ondertekening
    ministerie: Ministerie
    minister: Minister
    ondertekenaar: Ondertekenaar
    landelijk: LandelijkContext
    programma: list[Blok]
    woningbouwprogramma: list[Blok]
    fysieke_ingrepen: list[Blok]
    woningbouw: WoningbouwTabel
    realisatiestimulans: RealisatiestimulansContext
    orv: Optional[BtwTabel]
    capaciteit: Optional[BtwTabel]
    wbi: Optional[WbiTabel]
    samenvatting: Samenvatting


def title(gebied: Gebied) -> str:
    return f"Bestuurlijke afspraken NPLV-gebied {gebied.naam}"


def subject(landelijk: Landelijk) -> str:
    p = landelijk.periode
    return f"Woningbouw, openbare ruimte en rijksbijdragen {fmt.periode(p.start, p.eind)}"


def prose_values(gebied: Gebied, agreement: Agreement, landelijk: Landelijk) -> dict[str, str]:
    """The computed values the gebied's prose may name, as `{woningen}`."""
    p = landelijk.periode
    values = {
        "gebied": gebied.naam,
        "gemeente": gebied.gemeente,
        "periode": fmt.periode(p.start, p.eind),
        "woningen": fmt.aantal(agreement.woningbouw.total.woningen),
        "betaalbaar": fmt.aantal(agreement.woningbouw.total.betaalbaar),
        "realisatiestimulans_min": fmt.bedrag(agreement.realisatiestimulans.min),
        "realisatiestimulans_max": fmt.bedrag(agreement.realisatiestimulans.max),
    }
    if agreement.orv:
        values["orv_totaal"] = fmt.bedrag(agreement.orv.total.incl)
    if agreement.capaciteit:
        values["capaciteit_totaal"] = fmt.bedrag(agreement.capaciteit.total.incl)
    if agreement.wbi:
        values["wbi_totaal"] = fmt.bedrag(agreement.wbi.total.rijksbijdrage)
    return values


def _blokken(text: str, values: dict[str, str]) -> list[Blok]:
    return [{"soort": block.soort, "tekst": block} for block in blocks(text, values)]  # type: ignore[typeddict-item]


def _btw_table(table: Table[BtwRow] | None) -> BtwTabel | None:
    if table is None:
        return None
    return {
        "rijen": [{"naam": r.naam, "excl": fmt.bedrag(r.excl), "incl": fmt.bedrag(r.incl)} for r in table.rows],
        "excl": fmt.bedrag(table.total.excl),
        "incl": fmt.bedrag(table.total.incl),
        "incl_streep": fmt.bedrag_streep(table.total.incl),
    }


def _afspraken_totaal(opslag: Opslag) -> str:
    return ("ruim " if opslag.ruim else "") + fmt.miljoen(opslag.afspraken_totaal)


def _landelijk(landelijk: Landelijk) -> LandelijkContext:
    prog, regeling, p = landelijk.programma, landelijk.realisatiestimulans, landelijk.periode
    ronde = footnote(landelijk)
    return {
        # Footnote 1, from the round's list: "19 van de 20", who is not in it, who cannot claim what.
        "gebieden_totaal": fmt.aantal(ronde["gebieden_totaal"]),
        "gebieden_in_afspraken": fmt.aantal(ronde["gebieden_in_afspraken"]),
        "buiten_ronde": str(ronde["buiten_ronde"]),
        "buiten_ronde_is": str(ronde["buiten_ronde_is"]),
        "uitgesloten": cast("list[Uitgesloten]", ronde["uitgesloten"]),  # made to that shape by ronde.footnote
        "woontop": fmt.dag_maand(prog.woontop),
        "woningen_versneld": fmt.aantal(prog.woningen_versneld),
        "woningen_extra": fmt.aantal(prog.woningen_extra),
        "periode_start": str(p.start),
        "periode_eind": str(p.eind),
        "periode": fmt.periode(p.start, p.eind),
        "periode_streep": f"{p.start}-{p.eind}",
        "periode_jaren": fmt.in_woorden(p.jaren),
        # Paid the year after start bouw is registered, so the last payment follows the last year.
        "laatste_uitkering": str(p.eind + 1),
        "eerste_uitbetaling": str(regeling.eerste_uitbetaling.jaar),
        "eerste_uitbetaling_kwartaal": fmt.rangtelwoord(regeling.eerste_uitbetaling.kwartaal),
        "mid_term_review": str(landelijk.mid_term_review),
        "prijspeil": str(landelijk.prijspeil),
        "btw": fmt.procent(landelijk.btw_procent),
        "bedrag_per_woning": fmt.bedrag_streep(regeling.bedrag_per_woning),
        "correctie": f"({regeling.correctie.teller}/{regeling.correctie.noemer})%",
        "band_min": f"-{fmt.procent(regeling.band.min_procent)}",
        "band_plus": f"+{fmt.procent(regeling.band.plus_procent)}",
        "orv_budget": fmt.miljoen(landelijk.orv.budget),
        "orv_afspraken": _afspraken_totaal(landelijk.orv),
        "capaciteit_budget": fmt.miljoen(landelijk.capaciteit.budget),
        "capaciteit_afspraken": _afspraken_totaal(landelijk.capaciteit),
        "wbi_cofinanciering": fmt.procent(landelijk.wbi.cofinanciering_min_procent),
        "ienw_totaal": fmt.miljard(ienw_totaal(landelijk)),
        "ienw_grootschalig": fmt.miljard(landelijk.ienw.grootschalig),
        "ienw_overig": fmt.miljard(landelijk.ienw.overig),
        "soo_open_tot": fmt.datum(landelijk.zorg.soo_open_tot),
        "soo_max_per_m2": fmt.bedrag(landelijk.zorg.soo_max_per_m2),
        "zorg_bestaande_regelingen": str(landelijk.zorg.bestaande_regelingen),
        "zorg_opslag_vanaf": str(landelijk.zorg.opslag_vanaf),
    }


UNSIGNED_DATE = "[datum van ondertekening]"  # a revision of a signed agreement before it has a date of its own


def build(gebied: Gebied, agreement: Agreement, landelijk: Landelijk, revision: bool = False) -> Context:
    """`revision`: a version after a signed one whose data gives no new signing date: a concept, and the
    date it is to be signed is left open rather than repeating the signed version's."""
    values = prose_values(gebied, agreement, landelijk)
    signing_date = UNSIGNED_DATE if revision else fmt.datum(landelijk.ondertekening.datum)
    w, band, totaal = agreement.woningbouw, agreement.realisatiestimulans, agreement.totaal
    return {
        "titel": title(gebied),
        "gebied": {
            "naam": gebied.naam,
            "gemeente": gebied.gemeente,
            "concept": gebied.status == "concept" or revision,
            "illustratief": gebied.illustratief,
        },
        "datum": signing_date,
        "ondertekening": {"plaats": landelijk.ondertekening.plaats, "datum": signing_date},
        "ministerie": {"naam": landelijk.ministerie.naam, "afkorting": landelijk.ministerie.afkorting},
        "minister": {"naam": landelijk.minister.naam},
        "ondertekenaar": {
            "naam": gebied.ondertekenaar.naam,
            "functie": gebied.ondertekenaar.functie,
            "mandaat": gebied.ondertekenaar.mandaat,
        },
        "landelijk": _landelijk(landelijk),
        "programma": _blokken(gebied.programma, values),
        "woningbouwprogramma": _blokken(gebied.woningbouwprogramma, values),
        "fysieke_ingrepen": _blokken(gebied.fysieke_ingrepen, values),
        "woningbouw": {
            "rijen": [
                {"label": r.label, "woningen": fmt.aantal(r.woningen), "betaalbaar": fmt.aantal(r.betaalbaar)}
                for r in w.rows
            ],
            "woningen": fmt.aantal(w.total.woningen),
            "betaalbaar": fmt.aantal(w.total.betaalbaar),
        },
        "realisatiestimulans": {
            "min": fmt.bedrag(band.min),
            "max": fmt.bedrag(band.max),
            "min_streep": fmt.bedrag_streep(band.min),
            "max_streep": fmt.bedrag_streep(band.max),
        },
        "orv": _btw_table(agreement.orv),
        "capaciteit": _btw_table(agreement.capaciteit),
        "wbi": None if not agreement.wbi else {
            "rijen": [
                {"naam": r.naam, "cofinanciering": fmt.bedrag(r.cofinanciering), "rijksbijdrage": fmt.bedrag(r.rijksbijdrage)}
                for r in agreement.wbi.rows
            ],
            "cofinanciering": fmt.bedrag(agreement.wbi.total.cofinanciering),
            "rijksbijdrage": fmt.bedrag(agreement.wbi.total.rijksbijdrage),
        },
        "samenvatting": {"totaal_min": fmt.bedrag(totaal.min), "totaal_max": fmt.bedrag(totaal.max)},
    }


def sources(gebied: Gebied, built: Context, revision: bool = False) -> dict[ContextPath, Source]:
    """For every leaf of `built` (`build`'s result) that shows data or a figure, where it comes from
    (provenance.py). The title is left out: it is template text around the gebied's name."""
    counts = {field: len(cast("list[Blok]", built[field])) for field in PROSE_FIELDS}  # type: ignore[literal-required]
    national = [k for k, v in built["landelijk"].items() if isinstance(v, str)]
    return provenance.sources(gebied, national, revision, counts)


def marked(gebied: Gebied, built: Context, revision: bool = False) -> Context:
    """`built` with every value that has a source marked, for hidden bookmarks around it in the document."""
    return cast(Context, provenance.mark(built, sources(gebied, built, revision)))
