"""The round: which gebieden the agreements are made with, which file is each one's, and what each may claim.

landelijk.yaml lists the NPLV-gebieden (`gebieden`). Every file in
data/gebieden/ must be `<slug>.yaml` of a gebied of the round: anything else
there (another extension, a copy, an editor's backup, a gebied that is not in
the round) is a problem naming the file, so that no file is ever skipped
without a word. A gebied of the round without a file is `missing`, and every
summary names it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, os_reason
from .load import SourceMap
from .models import Gebied, Landelijk, RondeGebied

SUFFIX = ".yaml"


@dataclass(frozen=True)
class Inventory:
    folder: Path
    files: dict[str, Path]  # slug → its file, for every gebied of the round that has one, in the list's order
    problems: list[Problem]  # files in the folder that are not a gebied file of the round
    missing: list[RondeGebied]  # gebieden of the round without a file


def inventory(data_dir: Path, landelijk: Landelijk) -> Inventory:
    folder = data_dir / "gebieden"
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError as exc:
        return Inventory(folder, {}, [Problem(folder, None, "", f"map kan niet gelezen worden ({os_reason(exc)})")],
                         list(landelijk.in_ronde))
    listed = {g.slug: g for g in landelijk.gebieden}
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for entry in entries:
        slug = entry.name[: -len(SUFFIX)] if entry.name.endswith(SUFFIX) else None
        if entry.is_file() and slug in listed and listed[slug].ronde:
            found[slug] = entry
        elif entry.is_file() and slug in listed:
            problems.append(Problem(entry, None, "", f"{listed[slug].naam} is geen onderdeel van deze ronde (landelijk.yaml, "
                                                     f"gebieden: {slug}: ronde: false); verwijder het bestand of zet het buiten {folder}"))
        else:
            problems.append(Problem(entry, None, "", _not_a_gebied_file(entry, listed, folder)))
    files = {g.slug: found[g.slug] for g in landelijk.gebieden if g.slug in found}
    missing = [g for g in landelijk.in_ronde if g.slug not in files]
    return Inventory(folder, files, problems, missing)


def _not_a_gebied_file(entry: Path, listed: dict[str, RondeGebied], folder: Path) -> str:
    rule = f"in {folder} hoort alleen per gebied van de ronde een bestand <slug>.yaml"
    if entry.is_dir():
        return f"is een map; {rule}"
    slug = _slug_in(entry.name)
    if entry.name.endswith(SUFFIX) and slug not in listed:
        guess = difflib.get_close_matches(slug, list(listed), n=1)
        hint = f"; bedoelde u {guess[0]}{SUFFIX}?" if guess else ""
        return (f"gebied '{entry.name[: -len(SUFFIX)]}' staat niet in de lijst gebieden in landelijk.yaml{hint} "
                f"(een gebied van de ronde moet daar eerst bij)")
    if slug in listed:
        proper = folder / f"{slug}{SUFFIX}"
        if proper.exists():
            return f"is geen gebiedsbestand (een kopie of reservebestand van {proper.name}?); {rule}: verwijder het of zet het elders"
        return f"wordt niet gelezen: {rule}; hernoem het naar {proper.name}"
    return f"is geen gebiedsbestand; {rule}"


def _slug_in(name: str) -> str:
    """The slug a file name probably means: 'amsterdam-nieuw-west.yml', '.amsterdam-nieuw-west.yaml.swp', 'Kopie van ….yaml'."""
    stem = name.lstrip(".#~").split(".")[0]
    stem = re.sub(r"^(kopie van |copy of )", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"[ _]*(\(\d+\)|kopie|copy|backup|bak|oud|old)$", "", stem, flags=re.IGNORECASE)
    return stem.strip().lower().replace(" ", "-").replace("_", "-")


def unknown_slugs(slugs: list[str], landelijk: Landelijk) -> list[str]:
    known = {g.slug for g in landelijk.in_ronde}
    return [s for s in slugs if s not in known]


def unknown_gebied(slug: str, known: list[str], where: str = "de gebieden van de ronde (landelijk.yaml)") -> str:
    """What to say of a slug that is no gebied: the closest slug when one is close, otherwise those there are."""
    guess = difflib.get_close_matches(slug, known, n=1)
    hint = f"bedoelt u {guess[0]}?" if guess else f"{where}: {', '.join(known) or 'geen'}"
    return f"onbekend gebied '{slug}'; {hint}"


# --- a gebied file against its entry in the list ------------------------------------------


def gebied_problems(gebied: Gebied, source: SourceMap, landelijk: Landelijk) -> Iterator[Problem]:
    entry = next((g for g in landelijk.gebieden if g.slug == gebied.slug), None)
    if entry is None or not entry.ronde:
        # A file with a name of the round but another slug inside is reported by the slug check.
        return
    for field in ("naam", "gemeente"):
        value, expected = getattr(gebied, field), getattr(entry, field)
        if value != expected:
            yield source.problem((field,), f"'{value}' is niet de {field} van dit gebied in landelijk.yaml ('{expected}'); "
                                           "maak ze gelijk", source.value_line((field,)))
    for section, label in (("orv", "de ORV"), ("capaciteit", "capaciteit")):
        if getattr(gebied, section) is not None and not getattr(entry, section):
            yield source.problem((section,), f"{entry.naam} kan geen aanspraak maken op {label} (landelijk.yaml, gebieden: "
                                             f"{entry.slug}: {section}: false); laat {section} weg")


# --- the list itself, and the footnote that counts it ------------------------------------------


def list_problems(landelijk: Landelijk, source: SourceMap) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, entry in enumerate(landelijk.gebieden):
        for field in ("slug", "naam"):
            value = getattr(entry, field)
            key = f"{field}:{value.casefold()}"
            path = ("gebieden", index, field)
            if key in seen:
                yield source.problem(path, f"'{value}' staat al eerder in de lijst (gebieden[{seen[key]}])", source.value_line(path))
            else:
                seen[key] = index
    if not landelijk.in_ronde:
        yield source.problem(("gebieden",), "geen enkel gebied hoort bij de ronde (allemaal ronde: false)")


def joined(names: list[str]) -> str:
    """['Lelystad'] → 'Lelystad'; ['A', 'B', 'C'] → 'A, B en C' (unique, in the list's order)."""
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def footnote(landelijk: Landelijk) -> dict[str, object]:
    """What footnote 1 says about the round: the counts, who is not in it, who may not claim which opslag."""
    outside = [g.gemeente for g in landelijk.gebieden if not g.ronde]
    groups: dict[str, list[str]] = {}
    for g in landelijk.in_ronde:
        # The seed's wording, "de ORV en personele capaciteit", with the part that applies.
        what = " en ".join(w for w, allowed in (("de ORV", g.orv), ("personele capaciteit", g.capaciteit)) if not allowed)
        if what:
            groups.setdefault(what, []).append(g.gemeente)
    return {
        "gebieden_totaal": len(landelijk.gebieden),
        "gebieden_in_afspraken": len(landelijk.in_ronde),
        "buiten_ronde": joined(outside) if outside else "",
        "buiten_ronde_is": "is" if len(set(outside)) == 1 else "zijn",
        "uitgesloten": [{"gemeenten": joined(names), "kan": "kan" if len(set(names)) == 1 else "kunnen", "middelen": what}
                        for what, names in groups.items()],
    }
