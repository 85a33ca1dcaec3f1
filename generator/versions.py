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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError
from .write import write_atomic

MANIFEST = "manifest.json"


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
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OutputError(f"{self.manifest_path}: kan niet gelezen worden ({exc}); herstel of verwijder het bestand") from None

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


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
