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


def written_line(name: str, digest: str) -> dict[str, object]:
    return {"gebeurtenis": "geschreven", "bestand": name, "hash": digest}


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
            if line.get("gebeurtenis") == "geschreven":
                result.written[str(line["bestand"])] = str(line["hash"])
                continue
            entry = Entry.model_validate(line["versie"])
        except (ValueError, KeyError, TypeError, AttributeError):
            raise RecordError(f"{path}: regel {number} is beschadigd; het verslag van de versies kan niet zonder "
                              "gissen hersteld worden; zet het bestand terug uit een back-up") from None
        except ValidationError as exc:
            raise RecordError(f"{path}: regel {number} is beschadigd ({problem(exc)}); het verslag van de versies "
                              "kan niet zonder gissen hersteld worden; zet het bestand terug uit een back-up") from None
        versions[entry.number] = entry
    result.versions = [versions[n] for n in sorted(versions)]
    return result
