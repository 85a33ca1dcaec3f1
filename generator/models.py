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


def _one_line(text: str) -> str:
    if "\n" in text.strip():
        raise ValueError("moet op één regel staan")
    return text.strip()


Text = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_word_can_hold), AfterValidator(_one_line)]
Prose = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_word_can_hold)]
Euros = Annotated[int, Field(strict=True, gt=0)]
Count = Annotated[int, Field(strict=True, ge=0)]
PositiveCount = Annotated[int, Field(strict=True, gt=0)]
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
    woningen: PositiveCount
    betaalbaar: Count

    @field_validator("betaalbaar")
    @classmethod
    def _not_above_total(cls, betaalbaar: int, info: ValidationInfo) -> int:
        woningen = info.data.get("woningen")
        if woningen is not None and betaalbaar > woningen:
            raise ValueError(f"{betaalbaar} betaalbare woningen is meer dan het totaal van {woningen} woningen")
        return betaalbaar


class Realisatiestimulans(Model):
    # Affordable homes after cleaning for earlier subsidies (Wbi, SBI, RHA, SFT).
    basis_betaalbare_woningen: PositiveCount


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


class Programma(Model):
    gebieden_totaal: PositiveCount
    gebieden_in_afspraken: PositiveCount
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


class RealisatiestimulansRegeling(Model):
    bedrag_per_woning: Euros
    correctie: Correctie
    band: Band
    afronding: Euros
    eerste_uitbetaling: Year


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
    soo_open_tot: Date
    soo_max_per_m2: Euros
    opslag_vanaf: Year


class Ondertekening(Model):
    plaats: Text
    datum: Date


class Minister(Model):
    naam: Text
    functie: Text


class Landelijk(Model):
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
    minister: Minister
