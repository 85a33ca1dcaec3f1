"""Versions of a gebied's agreement in OUT/<slug>/, recorded in manifest.json.

A new version is written only when the document differs from the latest one.
The .docx is written (atomically) before the manifest that names it, so a run
killed in between leaves a manifest that names only files that exist; the
unrecorded file is simply written again by the next run.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError, UsageError, os_reason
from .write import write_atomic

MANIFEST = "manifest.json"

# What happened to a version after it was written, in the order of the review process.
STATES = ("verzonden", "beoordeeld", "getekend")
SIGNED = "getekend"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Version:
    number: int
    file: str
    time: str
    input_hash: str
    document_hash: str
    extra: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "versie": self.number,
            "bestand": self.file,
            "tijd": self.time,
            "invoer_hash": self.input_hash,
            "document_hash": self.document_hash,
            **self.extra,
        }


def docx_name(slug: str, number: int, suffix: str = "") -> str:
    return f"{slug}-v{number}{suffix}.docx"


class Folder:
    """One gebied's output folder and its manifest."""

    def __init__(self, out: Path, slug: str):
        self.slug = slug
        self.path = out / slug
        self.manifest_path = self.path / MANIFEST

    def versions(self) -> list[dict[str, Any]]:
        if not self.manifest_path.exists():
            return []
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            return list(manifest["versies"])
        except OSError as exc:
            raise OutputError(f"{self.manifest_path}: kan niet gelezen worden ({os_reason(exc)})") from None
        except (ValueError, KeyError, TypeError):
            raise OutputError(f"{self.manifest_path}: kan niet gelezen worden (geen geldige lijst versies in JSON); "
                              "herstel of verwijder het bestand") from None

    def latest(self) -> dict[str, Any] | None:
        return self.version()

    def latest_document(self) -> bytes | None:
        latest = self.latest()
        if latest is None:
            return None
        try:
            return (self.path / latest["bestand"]).read_bytes()
        except OSError:
            return None

    def document(self, entry: dict[str, Any]) -> bytes:
        """The stored .docx of a version; a missing file is reported, not skipped."""
        path = self.path / entry["bestand"]
        try:
            return path.read_bytes()
        except OSError as exc:
            raise OutputError(f"{path}: versie {entry['versie']} kan niet gelezen worden ({os_reason(exc)})") from None

    def version(self, number: int | None = None) -> dict[str, Any] | None:
        """Version `number`, or the latest when None; None when there is no such version."""
        versions = self.versions()
        if number is None:
            return versions[-1] if versions else None
        return next((v for v in versions if v.get("versie") == number), None)

    def attach(self, number: int, key: str, name: str, data: bytes, extra: dict[str, Any] | None = None) -> None:
        """Write a file made from version `number` (its PDF) and record it, with its hash, in that
        version's entry under `key`; the file is written before the manifest that names it."""
        write_atomic(self.path / name, data)
        versions = self.versions()
        for entry in versions:
            if entry.get("versie") == number:
                entry[key] = {"bestand": name, "hash": sha256(data), **(extra or {})}
        self._write(versions)

    def record(self, version: Version, files: dict[str, bytes]) -> None:
        """Write the version's files, then the manifest that names them."""
        for name, data in files.items():
            write_atomic(self.path / name, data)
        self._write(self.versions() + [version.as_json()])

    def _write(self, versions: list[dict[str, Any]]) -> None:
        manifest = {"gebied": self.slug, "versies": versions}
        write_atomic(self.manifest_path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    # --- states: verzonden, beoordeeld, getekend ---------------------------------------------

    def entry(self, number: int) -> dict[str, Any]:
        """Version `number`; one that does not exist is the user's mistake, said with the versions there are."""
        versions = self.versions()
        for entry in versions:
            if entry["versie"] == number:
                return entry
        known = ", ".join(f"v{v['versie']}" for v in versions) or "geen"
        raise UsageError(f"{self.slug}: versie {number} bestaat niet in {self.manifest_path} (bekend: {known})")

    def mark(self, number: int, state: str, note: str | None, time: str) -> dict[str, Any]:
        """Record that version `number` was sent, reviewed or signed; returns the state as recorded."""
        check_state(state)
        versions = self.versions()
        entry = self.entry(number)
        mark: dict[str, Any] = {"staat": state, "tijd": time}
        if note:
            mark["notitie"] = note
        entry.setdefault("staten", []).append(mark)
        self._write([entry if v["versie"] == number else v for v in versions])
        return mark

    def resolve(self, ref: str) -> int:
        """A version given as a number (3, v3) or as a state: the latest version in that state."""
        text = ref.strip().lower()
        if text in STATES:
            found = last_in_state(self.versions(), text)
            if found is None:
                raise UsageError(f"{self.slug}: geen versie is '{text}' (zet dat met: afspraken mark {self.slug} N {text})")
            return found["versie"]
        digits = text[1:] if text.startswith("v") else text
        if not digits.isdigit():
            raise UsageError(f"versie '{ref}': verwacht een nummer (zoals 3) of een staat ({', '.join(STATES)})")
        return self.entry(int(digits))["versie"]


def check_state(state: str) -> None:
    if state not in STATES:
        raise UsageError(f"onbekende staat '{state}'; kies uit: {', '.join(STATES)}")


def states(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return list(entry.get("staten") or [])


def state_time(entry: dict[str, Any], state: str) -> str | None:
    """When the version was last put in `state`, or None."""
    times = [m["tijd"] for m in states(entry) if m.get("staat") == state]
    return times[-1] if times else None


def last_in_state(versions: list[dict[str, Any]], state: str) -> dict[str, Any] | None:
    for entry in reversed(versions):
        if state_time(entry, state) is not None:
            return entry
    return None


def signed_block(latest: dict[str, Any] | None, slug: str) -> str | None:
    """Why no new version may follow the latest one: it is signed (None when it is not)."""
    from ..formatting import datum

    when = state_time(latest, SIGNED) if latest else None
    if when is None or latest is None:
        return None
    return f"getekend op {datum(parse_time(when).date())} (v{latest['versie']}); een nieuwe versie alleen met --herzien {slug}"


def now() -> str:
    """The time a version or state is recorded (UTC); SOURCE_DATE_EPOCH fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(stamp: str) -> datetime.datetime:
    """A manifest time ('2026-12-01T08:50:08Z') as an aware datetime."""
    moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
