"""The round at a glance: per gebied of the round its latest version, that version's state and when, the
version signed, and whether the latest differs from what legal last reviewed (beoordeeld).

Read from the manifests in the output folder; shown by `afspraken status` and in overzicht.xlsx (Status).
Times are as stored (UTC); the callers show them in Europe/Amsterdam.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from ..data.models import Landelijk
from ..errors import RecordError
from ..store.manifest import Entry
from ..store.versions import Folder, last_in_state, parse_time

MADE = "gemaakt"  # the state of a version nobody has marked yet


@dataclass(frozen=True)
class GebiedStatus:
    slug: str
    naam: str
    latest: int | None  # None: no version in the output folder
    state: str  # the latest version's last state, or MADE
    state_time: datetime.datetime | None  # when it got that state (when it was made, for MADE)
    made: datetime.datetime | None  # when the latest version was made
    signed: int | None  # the latest version that is getekend
    reviewed: int | None  # the latest version that is beoordeeld
    entry: Entry | None  # the latest version's manifest entry
    missing: tuple[int, ...] = ()  # versions listed whose file is not in the folder ("ontbreekt")
    problem: str | None = None  # the record of versions is refused (RecordError): why, said by the caller

    def missing_text(self) -> str:
        """'ontbreekt: v2, v4' (the files of versions listed but not in the folder), or ""."""
        return f"ontbreekt: {', '.join(f'v{n}' for n in self.missing)}" if self.missing else ""

    @property
    def changed_since_review(self) -> bool | None:
        """Whether the latest version is not the one legal last reviewed (None: none reviewed yet).
        A version is only made when it differs from the one before, so a later number is a difference."""
        if self.latest is None or self.reviewed is None:
            return None
        return self.latest != self.reviewed

    def review_text(self) -> str:
        if self.latest is None:
            return "–"
        if self.reviewed is None:
            return "niet beoordeeld"
        return f"gewijzigd (beoordeeld: v{self.reviewed})" if self.changed_since_review else "ongewijzigd"


REFUSED = "verslag geweigerd"  # the state shown for a gebied whose record of versions cannot be restored


def of_gebied(out: Path, slug: str, naam: str) -> GebiedStatus:
    folder = Folder(out, slug)
    try:
        versions = folder.versions()
    except RecordError as exc:  # one gebied's record is said, the round's others still shown
        return GebiedStatus(slug, naam, None, REFUSED, None, None, None, None, None, problem=str(exc))
    if not versions:
        return GebiedStatus(slug, naam, None, "geen versie", None, None, None, None, None)
    latest = versions[-1]
    made = parse_time(latest.time)
    marks = latest.marks
    state, when = (marks[-1].state, parse_time(marks[-1].time)) if marks else (MADE, made)
    signed, reviewed = last_in_state(versions, "getekend"), last_in_state(versions, "beoordeeld")
    return GebiedStatus(slug, naam, latest.number, state, when, made, signed.number if signed else None,
                        reviewed.number if reviewed else None, latest,
                        tuple(v.number for v in versions if not folder.has_file(v)))


def of_round(out: Path, landelijk: Landelijk) -> list[GebiedStatus]:
    """Every gebied of the round, also those without output, in the order of landelijk.yaml."""
    return [of_gebied(out, g.slug, g.naam) for g in landelijk.in_ronde]
