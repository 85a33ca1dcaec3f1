"""journaal.jsonl: the append-only record of a gebied's versions, from which manifest.json can be restored.

manifest.json is an index that is rewritten on every change; a crash, a careless edit or a deletion can
damage or lose it, and with it the numbering and the states (a signed version). Before the manifest is
written, every change is appended here as one line: the version's whole entry as it stands after the
change (written, marked, its PDF attached), or the hash of a review file written for people. Replaying
the lines gives the manifest back. A last line cut off (a run killed while appending) is ignored and said;
a damaged line before the last cannot be replayed without guessing and is refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import OutputError, RecordError, os_reason
from .manifest import Entry, problem, read_if_there

NAME = "journaal.jsonl"


@dataclass
class Replayed:
    versions: list[Entry]
    written: dict[str, str]
    notes: list[str] = field(default_factory=list)  # what was ignored, said to the user
    # versions a run began to write and did not record (killed in between): number → (entry, hash of its .docx)
    begun: dict[int, tuple[Entry, str]] = field(default_factory=dict)


def append(path: Path, lines: list[dict[str, object]]) -> None:
    """Append `lines` and flush them to disk before the manifest is written."""
    text = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet geschreven worden ({os_reason(exc)}); er is niets vastgelegd") from None


def version_line(entry: Entry, event: str) -> dict[str, object]:
    return {"gebeurtenis": event, "versie": entry.as_json()}


def begun_line(entry: Entry, digest: str) -> dict[str, object]:
    """Written before a new version's files: a run killed after writing them and before recording the version
    leaves this, from which the next run completes it (versions.Folder) instead of taking in an unknown file."""
    return {"gebeurtenis": "begonnen", "versie": entry.as_json(), "hash": digest}


def written_line(name: str, digest: str) -> dict[str, object]:
    return {"gebeurtenis": "geschreven", "bestand": name, "hash": digest}


UNRECOVERABLE = ("het verslag van de versies kan niet zonder gissen hersteld worden; er is niets geschreven; zet "
                 "het journaal terug uit een back-up")


class _Damaged(ValueError):
    """A journal line that is JSON but not one the engine wrote (its text is Dutch)."""


def _field(line: dict[str, object], name: str) -> object:
    if name not in line:
        raise _Damaged(f"het veld '{name}' ontbreekt")
    return line[name]


def replay(path: Path) -> Replayed | None:
    """The versions as the journal last recorded them; None when there is no journal."""
    data = read_if_there(path)
    if data is None:
        return None
    lines = data.split(b"\n")
    complete, last = lines[:-1], lines[-1]  # a journal ends in a newline: anything after the last is cut off
    result = Replayed([], {})
    if last.strip():
        result.notes.append(f"{path.name}: de laatste regel ({len(lines)}) is afgebroken (een onderbroken run) "
                            "en is niet meegenomen")
    versions: dict[int, Entry] = {}
    for number, raw in enumerate(complete, start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            if not isinstance(line, dict):
                raise _Damaged("is geen JSON-object")
            if line.get("gebeurtenis") == "geschreven":
                result.written[str(_field(line, "bestand"))] = str(_field(line, "hash"))
                continue
            entry = Entry.model_validate(_field(line, "versie"))
            if line.get("gebeurtenis") == "begonnen":
                result.begun[entry.number] = (entry, str(_field(line, "hash")))
                continue
        except ValidationError as exc:
            raise RecordError(f"{path}: regel {number} is beschadigd: versie.{problem(exc)}; {UNRECOVERABLE}") from None
        except ValueError as exc:  # json's own errors (English), said by what they mean
            what = str(exc) if isinstance(exc, _Damaged) else ("geen geldige JSON (afgebroken, of met de hand "
                                                               "verkeerd bewerkt)")
            raise RecordError(f"{path}: regel {number} is beschadigd: {what}; {UNRECOVERABLE}") from None
        versions[entry.number] = entry
        result.begun.pop(entry.number, None)
    result.versions = [versions[n] for n in sorted(versions)]
    return result
