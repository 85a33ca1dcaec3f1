"""Checks across fields and files that the models alone cannot make.

Each check returns problems as values (file, line, field), so that everything
wrong with a file, or with a batch, is reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import Problem
from ..compute import agreement
from ..document.context import prose_values
from .load import FieldPath, SourceMap
from .models import Gebied, Landelijk
from ..document.prose import placeholders, references, too_deep
from . import ronde

PROSE_FIELDS = ("programma", "woningbouwprogramma", "fysieke_ingrepen")

# Every named list of a gebied: (where it stands, the field that names an item, what an item is called).
# The name keys an item in begroting.xlsx and in the explanations, so two items may not share one.
NAMED_LISTS: tuple[tuple[FieldPath, str, str], ...] = (
    (("woningbouw",), "label", "onderdeel van de woningbouw"),
    (("orv", "maatregelen"), "naam", "ORV-maatregel"),
    (("capaciteit", "activiteiten"), "naam", "capaciteitsactiviteit"),
    (("wbi",), "naam", "Wbi-aanvraag"),
)


def gebied_problems(gebied: Gebied, source: SourceMap, landelijk: Landelijk) -> list[Problem]:
    # The names prose may use are exactly the values the context offers it.
    known = list(prose_values(gebied, agreement(gebied, landelijk), landelijk))
    return [
        *_slug_matches_file(gebied, source),
        *ronde.gebied_problems(gebied, source, landelijk),
        *_illustrative_is_not_definitief(gebied, source),
        *_prose(gebied, source, known),
        *_basis_within_affordable(gebied, source),
        *_wbi_cofinanciering(gebied, source, landelijk),
        *_no_placeholders_when_definitief(gebied, source),
        *_unique_names(gebied, source),
    ]


def name_key(name: str) -> str:
    """A name as two items are told apart: without case and without any spaces."""
    return "".join(name.split()).casefold()


def _unique_names(gebied: Gebied, source: SourceMap) -> Iterator[Problem]:
    data = gebied.model_dump()
    for path, name_field, word in NAMED_LISTS:
        items: Any = data
        for key in path:
            items = items.get(key) if isinstance(items, dict) else None
        first: dict[str, int] = {}
        for index, item in enumerate(items or []):
            name = item[name_field]
            earlier = first.setdefault(name_key(name), index)
            if earlier == index:
                continue
            at = (*path, index, name_field)
            earlier_line = source.value_line((*path, earlier, name_field))
            where = f" (regel {earlier_line})" if earlier_line is not None else ""
            yield source.problem(
                at, f"{word} '{name}' heeft dezelfde naam als nummer {earlier + 1}{where} (hoofdletters en spaties "
                    f"tellen niet mee); geef elke {word} een eigen naam: de begroting en de toelichting kennen "
                    f"hem daaraan", source.value_line(at))


def _slug_matches_file(gebied: Gebied, source: SourceMap) -> Iterator[Problem]:
    if gebied.slug != source.file.stem:
        yield source.problem(("slug",), f"'{gebied.slug}' hoort gelijk te zijn aan de bestandsnaam '{source.file.stem}'",
                             source.value_line(("slug",)))


def _illustrative_is_not_definitief(gebied: Gebied, source: SourceMap) -> Iterator[Problem]:
    # An illustrative file's figures are invented and its text says so: it can never be signed.
    if gebied.illustratief and gebied.status == "definitief":
        yield source.problem(("status",), "een illustratief gebied (illustratief: true) kan niet definitief zijn: het document "
                                          "zegt dat de cijfers verzonnen zijn; zet status: concept, of illustratief: false als "
                                          "de gegevens echt zijn", source.value_line(("status",)))


def _prose_line(source: SourceMap, field: str, text: str, offset: int) -> int | None:
    start = source.value_line((field,))
    if start is None:
        return None
    # A block scalar (|) starts on the line after the key; the text's own newlines count on from there.
    first = start + (1 if start == source.line((field,)) else 0)
    return first + text.count("\n", 0, offset)


def _prose(gebied: Gebied, source: SourceMap, known: list[str]) -> Iterator[Problem]:
    for field in PROSE_FIELDS:
        text = getattr(gebied, field)
        for ref in references(text):
            if ref.name not in known:
                yield source.problem(
                    (field,),
                    f"onbekende waarde '{{{ref.name}}}'; te gebruiken zijn: " + ", ".join(f"{{{n}}}" for n in known),
                    _prose_line(source, field, text, ref.offset),
                )
        deep = too_deep(text)
        if deep is not None:
            yield source.problem((field,), "opsommingen kunnen hooguit twee niveaus diep", _prose_line(source, field, text, _offset_of_line(text, deep)))


def _offset_of_line(text: str, line: int) -> int:
    return sum(len(l) + 1 for l in text.split("\n")[:line])


def _basis_within_affordable(gebied: Gebied, source: SourceMap) -> Iterator[Problem]:
    affordable = sum(r.betaalbaar for r in gebied.woningbouw)
    basis = gebied.realisatiestimulans.basis_betaalbare_woningen
    if basis > affordable:
        path = ("realisatiestimulans", "basis_betaalbare_woningen")
        yield source.problem(path, f"{basis} is meer dan het totaal van {affordable} betaalbare woningen in de woningbouwtabel",
                             source.value_line(path))


def _wbi_cofinanciering(gebied: Gebied, source: SourceMap, landelijk: Landelijk) -> Iterator[Problem]:
    """Footnote 5: a cofinanciering of at least the national minimum share of the cost (50%)."""
    share = landelijk.wbi.cofinanciering_min_procent
    for index, aanvraag in enumerate(gebied.wbi):
        cost = aanvraag.cofinanciering + aanvraag.indicatie_rijksbijdrage
        if aanvraag.cofinanciering * 100 < share * cost:
            path = ("wbi", index, "cofinanciering")
            yield source.problem(path, f"cofinanciering is minder dan {share}% van cofinanciering plus rijksbijdrage", source.value_line(path))


def _no_placeholders_when_definitief(gebied: Gebied, source: SourceMap) -> Iterator[Problem]:
    if gebied.status != "definitief":
        return
    for path, text in _texts(gebied, ()):
        found = placeholders(text)
        if found:
            field = path[0]
            line = (_prose_line(source, field, text, text.index(found[0])) if isinstance(field, str) and field in PROSE_FIELDS
                    else source.value_line(path))
            yield source.problem(path, f"een definitieve afspraak mag geen invulplek bevatten: {', '.join(found)}", line)


def _texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, path + (index,))
    elif isinstance(value, str):
        yield path, value


def duplicate_problems(loaded: list[tuple[Gebied, SourceMap]]) -> list[Problem]:
    """Two files for the same gebied (same naam) are refused: which one would be signed?"""
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    for gebied, source in loaded:
        key = gebied.naam.casefold()
        if key in first:
            problems.append(source.problem(("naam",), f"gebied '{gebied.naam}' staat ook in {first[key]}", source.value_line(("naam",))))
        else:
            first[key] = source.file
    return problems


# --- landelijk.yaml ---------------------------------------------------------------


def landelijk_problems(landelijk: Landelijk, source: SourceMap) -> list[Problem]:
    """The round's list, and the years the text states beside the period, agree with each other."""
    return [*ronde.list_problems(landelijk, source), *_years_agree_with_the_period(landelijk, source)]


def _years_agree_with_the_period(landelijk: Landelijk, source: SourceMap) -> Iterator[Problem]:
    p = landelijk.periode
    within = f"binnen de periode {p.start} t/m {p.eind}"
    zorg = landelijk.zorg
    checks = [
        (("realisatiestimulans", "eerste_uitbetaling", "jaar"), landelijk.realisatiestimulans.eerste_uitbetaling.jaar == p.start + 1,
         f"moet {p.start + 1} zijn: de eerste uitbetaling is voor de woningen gestart in {p.start} (het eerste jaar van de "
         "periode) en de bijdrage wordt in het jaar na registratie uitgekeerd"),
        (("mid_term_review",), p.start <= landelijk.mid_term_review <= p.eind, f"de mid-term review moet {within} liggen"),
        (("zorg", "bestaande_regelingen"), p.start <= zorg.bestaande_regelingen <= p.eind,
         f"het jaar van de bestaande regelingen (\"Voor {zorg.bestaande_regelingen} kunnen gemeenten ...\") moet {within} liggen"),
        (("zorg", "opslag_vanaf"), zorg.opslag_vanaf == zorg.bestaande_regelingen + 1 and zorg.opslag_vanaf <= p.eind,
         f"de nieuwe regeling \"zal in {zorg.opslag_vanaf} ingaan\" na de bestaande regelingen van {zorg.bestaande_regelingen}: "
         f"verwacht {zorg.bestaande_regelingen + 1}, {within}"),
        (("zorg", "soo_open_tot"), zorg.soo_open_tot.year >= zorg.bestaande_regelingen,
         f"de SOO staat in de tekst bij de regelingen die \"in {zorg.bestaande_regelingen} nog bestaan\"; hij moet dan in "
         f"{zorg.bestaande_regelingen} nog open staan"),
    ]
    for path, holds, message in checks:
        if not holds:
            yield source.problem(path, message, source.value_line(path))


def checked_landelijk(data_dir: Path) -> tuple[Landelijk, SourceMap]:
    """landelijk.yaml loaded and checked, with the line of every field; a problem there stops everything
    (every document uses it)."""
    from ..errors import DataError
    from .load import load

    landelijk, source = load(Landelijk, data_dir / "landelijk.yaml")
    problems = landelijk_problems(landelijk, source)
    if problems:
        raise DataError(problems)
    return landelijk, source
