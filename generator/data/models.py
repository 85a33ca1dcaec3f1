"""The data model: what a gebied file and the national file may contain.

Strict on purpose: amounts and counts are whole numbers written as numbers
(never "7.335.000" as text, never 7335000.5), unknown keys are refused (a typo
such as `bedrag_incl_bwt` must not silently drop an amount), and every text
must be something Word can hold. Figures that can be computed are not fields.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# XML 1.0 allows tab, newline and carriage return below U+0020, nothing else;
# U+FFFE/U+FFFF and lone surrogates are not characters at all.
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _word_can_hold(text: str) -> str:
    bad = _NOT_XML_CHAR.search(text)
    if bad:
        raise ValueError(
            f"bevat een teken dat Word niet kan bevatten (U+{ord(bad.group()):04X}) "
            f"op positie {bad.start() + 1}"
        )
    return text


# Characters that look like a space or nothing at all; named in messages so that a person can find them.
INVISIBLE = {
    "\u00a0": "harde spatie",
    "\u202f": "smalle harde spatie",
    "\u2007": "cijferspatie",
    "\u2009": "dunne spatie",
    "\u200b": "onzichtbare spatie (zero-width space)",
    "\u2060": "onzichtbare verbinding (word joiner)",
    "\ufeff": "onzichtbaar BOM-teken",
    "\t": "tab",
}


def readable(value: object) -> str:
    """A value as a person reads it in a message: no Python escapes; invisible characters shown as a space and named."""
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "een lijst" if isinstance(value, list) else "velden"
    if not isinstance(value, str):
        return str(value)
    text = value if len(value) <= 60 else value[:57] + "..."
    named = [name for char, name in INVISIBLE.items() if char in text]
    shown = "".join(" " if c in INVISIBLE else ("⏎" if c == "\n" else c) for c in text)
    if isinstance(value, Unquoted):
        return shown
    return f"'{shown}'" + (f" (met {', '.join(named)})" if named else "")


class Unquoted(str):
    """A plain YAML scalar that looked like a number but is not written in decimal digits (0x6fed18, 7.335e6, 7_335_000):
    kept as the text the person typed, so that a whole-number field refuses it and a text field reads it as typed."""


# Quotes that are text, not YAML syntax: pasted around a name, they would be printed in the table cell.
_QUOTES = "“”„‟‘’‚‛«»‹›\"'"
_SPACES = " \t\u00a0\u202f\u2007\u2009\u200b\u2060\ufeff"


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise ValueError("moet op één regel staan")
    if text[0] in _SPACES or text[-1] in _SPACES:
        where = "begint" if text[0] in _SPACES else "eindigt"
        char = text[0] if text[0] in _SPACES else text[-1]
        raise ValueError(f"{where} met een {INVISIBLE.get(char, 'spatie')}: {readable(text)}; haal die weg, "
                         "anders staat hij zo in het document")
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        raise ValueError(f"staat tussen aanhalingstekens: {readable(text)}; laat de aanhalingstekens weg "
                         f"(schrijf {readable(text[1:-1])}), anders komen ze zo in het document")
    return text


Text = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_word_can_hold), AfterValidator(_one_line)]
Prose = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_word_can_hold)]
# Plausible bounds: beyond them a figure is a typing mistake (a few zeros too many), refused at its line
# before it reaches a document. No amount of the programme comes near € 10 mld (the national IenW budget
# is € 1,5 mld); no gebied builds 100.000 homes (the whole programme counts 50.000).
MAX_EUROS = 10_000_000_000
MAX_HOMES = 100_000  # in one gebied
MAX_COUNT = 1_000_000  # any other count (the national programme's homes, a correction's terms)
Euros = Annotated[int, Field(strict=True, gt=0, le=MAX_EUROS)]
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_COUNT)]
PositiveCount = Annotated[int, Field(strict=True, gt=0, le=MAX_COUNT)]
Homes = Annotated[int, Field(strict=True, ge=0, le=MAX_HOMES)]
PositiveHomes = Annotated[int, Field(strict=True, gt=0, le=MAX_HOMES)]
Percent = Annotated[int, Field(strict=True, ge=0, le=100)]
Year = Annotated[int, Field(strict=True, ge=2000, le=2100)]
Date = Annotated[datetime.date, Field(strict=True)]
Slug = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Flag = Annotated[bool, Field(strict=True)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# --- gebied ---------------------------------------------------------------


class Ondertekenaar(Model):
    naam: Text
    functie: Text
    mandaat: Text


class WoningbouwRegel(Model):
    label: Text
    woningen: PositiveHomes
    betaalbaar: Homes

    @field_validator("betaalbaar")
    @classmethod
    def _not_above_total(cls, betaalbaar: int, info: ValidationInfo) -> int:
        woningen = info.data.get("woningen")
        if woningen is not None and betaalbaar > woningen:
            raise ValueError(f"{betaalbaar} betaalbare woningen is meer dan het totaal van {woningen} woningen")
        return betaalbaar


class Realisatiestimulans(Model):
    # Affordable homes after cleaning for earlier subsidies (Wbi, SBI, RHA, SFT).
    basis_betaalbare_woningen: PositiveHomes


class Maatregel(Model):
    """An ORV measure or a capaciteit activity: the state's contribution incl. btw."""

    naam: Text
    bedrag_incl_btw: Euros
    btw: Flag  # whether btw applies; without it excl. equals incl.


class Orv(Model):
    maatregelen: list[Maatregel] = Field(min_length=1)


class Capaciteit(Model):
    activiteiten: list[Maatregel] = Field(min_length=1)


class WbiAanvraag(Model):
    naam: Text
    cofinanciering: Euros
    indicatie_rijksbijdrage: Euros


class Gebied(Model):
    slug: Slug
    naam: Text
    gemeente: Text
    status: Literal["concept", "definitief"]
    illustratief: Flag
    ondertekenaar: Ondertekenaar
    programma: Prose
    woningbouwprogramma: Prose
    fysieke_ingrepen: Prose
    woningbouw: list[WoningbouwRegel] = Field(min_length=1)
    realisatiestimulans: Realisatiestimulans
    orv: Orv | None = None
    capaciteit: Capaciteit | None = None
    wbi: list[WbiAanvraag] = Field(default_factory=list)


# --- landelijk ------------------------------------------------------------


class RondeGebied(Model):
    """One NPLV-gebied as the round knows it: which file is its, and what it may claim."""

    naam: Text
    slug: Slug
    gemeente: Text  # footnote 1 names the gebieden outside the round, or without ORV/capaciteit, by their gemeente
    ronde: Flag = True  # false: an NPLV-gebied that is not part of this round's agreements (Lelystad)
    orv: Flag = True  # false: may not claim the ORV opslag (Eindhoven)
    capaciteit: Flag = True  # false: may not claim the capaciteit opslag (Eindhoven)


class Programma(Model):
    woontop: Date
    woningen_versneld: PositiveCount
    woningen_extra: PositiveCount


class Periode(Model):
    start: Year
    eind: Year

    @field_validator("eind")
    @classmethod
    def _after_start(cls, eind: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and eind < start:
            raise ValueError(f"eindjaar {eind} ligt vóór beginjaar {start}")
        return eind

    @property
    def jaren(self) -> int:
        return self.eind - self.start + 1


class Correctie(Model):
    teller: PositiveCount
    noemer: PositiveCount


class Band(Model):
    min_procent: Percent
    plus_procent: Percent


class Uitbetaling(Model):
    """When the first payment is expected: "in het vierde kwartaal van 2026"."""

    jaar: Year
    kwartaal: Annotated[int, Field(strict=True, ge=1, le=4)]


class RealisatiestimulansRegeling(Model):
    bedrag_per_woning: Euros
    correctie: Correctie
    band: Band
    afronding: Euros
    eerste_uitbetaling: Uitbetaling


class Opslag(Model):
    """A national budget and what the agreements together claim of it (overprogrammering)."""

    budget: Euros
    afspraken_totaal: Euros
    ruim: Flag  # the text says "ruim" (somewhat more than) the afspraken_totaal


class Wbi(Model):
    cofinanciering_min_procent: Percent


class Ienw(Model):
    grootschalig: Euros
    overig: Euros


class Zorg(Model):
    bestaande_regelingen: Year  # "Voor 2025 kunnen gemeenten een beroep doen op de bestaande regelingen"
    opslag_vanaf: Year  # "... zal in 2026 ingaan", "In 2026 kan de gemeente ... gebruik maken van de opslag"
    soo_open_tot: Date
    soo_max_per_m2: Euros


class Ondertekening(Model):
    plaats: Text
    datum: Date


class Ministerie(Model):
    naam: Text  # "het Ministerie van Volkshuisvesting en Ruimtelijke Ordening", "De minister van ..."
    afkorting: Text  # "VRO"


class Minister(Model):
    naam: Text


class Landelijk(Model):
    gebieden: list[RondeGebied] = Field(min_length=1)
    programma: Programma
    periode: Periode
    mid_term_review: Year
    prijspeil: Year
    btw_procent: Percent
    realisatiestimulans: RealisatiestimulansRegeling
    orv: Opslag
    capaciteit: Opslag
    wbi: Wbi
    ienw: Ienw
    zorg: Zorg
    ondertekening: Ondertekening
    ministerie: Ministerie
    minister: Minister

    @property
    def in_ronde(self) -> list[RondeGebied]:
        return [g for g in self.gebieden if g.ronde]
