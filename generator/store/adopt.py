"""Version files the record does not know, taken in with their number and hash (issue 26).

A `<slug>-vN.docx` in a gebied's folder that neither manifest.json nor journaal.jsonl names (both lost, a
file copied back from an e-mail, a run killed after it wrote the file and before it recorded it) is a version
all the same: it may have been sent out or signed. It is never written over, and the next version is numbered
after it. Its number comes from its name, and is checked against the version stamp in its document
(ooxml/stamp.py); its time from that stamp, or, for a document made before versions were stamped, the file's
modification time, said as such. Whether it was sent, reviewed or signed cannot be known and is not guessed:
until a state is recorded (`afspraken mark … --herstel`) or a new version is asked for with --herzien, no new
version of that gebied is written (versions.signed_block).

A file of such a name that is no readable Word document, or whose stamp names another version, cannot be taken
in without guessing: the gebied is refused (RecordError) until the right file is back.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import AfsprakenError, RecordError
from .manifest import Adopted, Entry

NUMBER = re.compile(r"[1-9][0-9]{0,5}")
RESTORE = "zet het goede bestand terug uit wat verstuurd of bewaard is, of zet dit bestand buiten de map"


def version_files(folder: Path, slug: str) -> dict[int, Path]:
    """Every `<slug>-vN.docx` in `folder`, by number (review files, '(nieuw)' copies and temporaries are others)."""
    if not folder.is_dir():
        return {}
    prefix, found = f"{slug}-v", {}
    for path in folder.iterdir():
        digits = path.name[len(prefix):-len(".docx")]
        if path.name.startswith(prefix) and path.name.endswith(".docx") and NUMBER.fullmatch(digits) and path.is_file():
            found[int(digits)] = path
    return dict(sorted(found.items()))


def adopted(path: Path, number: int, data: bytes, digest: str, now: str) -> Entry:
    """The entry of version `number` taken in from the file at `path` (holding `data`, of hash `digest`)."""
    from ..ooxml.finish import CORE_PART
    from ..ooxml.package import parse_xml, read_parts
    from ..ooxml.stamp import version_stamp

    try:
        parts = read_parts(data, str(path), error=RecordError)
        stamp = version_stamp(parse_xml(parts[CORE_PART], CORE_PART, RecordError)) if CORE_PART in parts else None
    except AfsprakenError as exc:
        raise RecordError(f"{exc}; het staat niet in manifest.json of journaal.jsonl en kan zo niet als versie "
                          f"{number} overgenomen worden; er is niets geschreven; {RESTORE}") from None
    if stamp is not None and stamp[0] != number:
        raise RecordError(f"{path}: de naam zegt versie {number}, het document zelf (documenteigenschappen) versie "
                          f"{stamp[0]}; het staat niet in manifest.json of journaal.jsonl en kan niet zonder gissen "
                          f"overgenomen worden; er is niets geschreven; {RESTORE}")
    if stamp is not None:
        time, source = stamp[1], "document"
    else:
        moment = datetime.datetime.fromtimestamp(int(path.stat().st_mtime), datetime.timezone.utc)
        time, source = moment.isoformat().replace("+00:00", "Z"), "bestand"
    return Entry(number=number, file=path.name, time=time, adopted=Adopted(hash=digest, time=now, time_from=source))


def note(folder: Path, entry: Entry) -> str:
    """What was taken in, said to the user: the file, its number, its hash and where its time came from."""
    from ..formatting import tijdstip

    assert entry.adopted is not None
    moment = tijdstip(datetime.datetime.fromisoformat(entry.time.replace("Z", "+00:00")))
    when = (f"gemaakt {moment} volgens het document" if entry.adopted.time_from == "document" else
            f"wanneer gemaakt is onbekend (het document heeft geen versiestempel); als tijd is de wijzigingstijd van "
            f"het bestand genomen, {moment}")
    return (f"{folder / entry.file}: stond niet in manifest.json of journaal.jsonl; overgenomen als versie "
            f"{entry.number} (sha256 {entry.adopted.hash[:12]}…, {when})")


def unknown_states(slug: str, versions: list[Entry]) -> str | None:
    """Which taken-in versions have no known state, and how to record them; None when there are none."""
    unknown = [f"v{v.number}" for v in versions if v.states_unknown]
    if not unknown:
        return None
    return (f"van {', '.join(unknown)} is niet bekend of ze verzonden, beoordeeld of getekend zijn (dat stond alleen in "
            f"manifest.json en journaal.jsonl); leg het vast met: afspraken mark {slug} N <staat> --herstel")


def unknown_states_block(versions: list[Entry], slug: str) -> str | None:
    """A version taken in from a file the record did not know (adopt.py) and without a state recorded since may
    have been signed: no new version follows it until its states are recorded or --herzien says so."""
    unknown = [v for v in versions if v.states_unknown]
    if not unknown or any(v.revision for v in versions if v.number > unknown[-1].number):
        return None
    numbers = ", ".join(f"v{v.number}" for v in unknown)
    return (f"{numbers} overgenomen zonder staten: of een ervan getekend is, is niet bekend; leg de staten vast met "
            f"afspraken mark {slug} N <staat> --herstel, of maak toch een nieuwe versie met --herzien {slug}")
