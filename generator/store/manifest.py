"""manifest.json, the index of a gebied's versions, as typed models: the one module that reads and writes it.

The JSON keys are the Dutch ones already on disk ("versie", "bestand", "tijd", ...), so every output
folder made before keeps working; the code reads attributes. A manifest carries its schema version
("schema"); one without it is of the format before that field existed (schema 1, the same fields) and
is read as it is, then written as the current schema. One of a newer schema than this engine knows is
refused, naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from ..errors import OutputError, RecordError, os_reason

NAME = "manifest.json"
# What happened to a version after it was written, in the order of the review process (versions.py).
STATES = ("verzonden", "beoordeeld", "getekend")
SCHEMA = 2  # 1: before the manifest said its schema (no "schema" field); the fields are the same


class Record(BaseModel):
    # Keys the engine does not know (written by a later version, or by hand) are kept, not dropped on rewrite.
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class Source(Record):
    """Where each field stood in its file when the version was made (batch._lines)."""

    file: str = Field(default="", validation_alias="bestand", serialization_alias="bestand")
    lines: dict[str, int] = Field(default_factory=dict, validation_alias="regels", serialization_alias="regels")


class Snapshot(Record):
    """The inputs a version was made from ("invoer"): to tell later what changed, and where."""

    gebied: dict[str, Any] = Field(default_factory=dict)
    landelijk: dict[str, Any] = Field(default_factory=dict)
    # the template's hash; where each field stood, in "gebied" and "landelijk"
    template: str | None = Field(default=None, validation_alias="sjabloon", serialization_alias="sjabloon")
    sources: dict[str, Source] = Field(default_factory=dict, validation_alias="bron", serialization_alias="bron")

    def signing_date(self) -> str | None:
        """The signing date of the round the version was made in (landelijk.ondertekening.datum), as stored."""
        signing = self.landelijk.get("ondertekening")
        found = signing.get("datum") if isinstance(signing, dict) else None
        return found if isinstance(found, str) else None


class Mark(Record):
    """A state a version was put in: verzonden, beoordeeld, getekend (store/versions.STATES)."""

    state: str = Field(validation_alias="staat", serialization_alias="staat")
    time: str = Field(validation_alias="tijd", serialization_alias="tijd")
    note: str | None = Field(default=None, validation_alias="notitie", serialization_alias="notitie")
    # recorded with --herstel: a correction of the record, past the rules a mark otherwise follows
    correction: bool = Field(default=False, validation_alias="herstel", serialization_alias="herstel")


class Attached(Record):
    """A file made from the version later (its PDF), with its hash."""

    file: str = Field(validation_alias="bestand", serialization_alias="bestand")
    hash: str
    pdfa: str | None = None


class Adopted(Record):
    """How a version file the record did not know was taken in (store/adopt.py): with its number and hash, its
    states not known."""

    hash: str  # sha256 of the file as taken in
    time: str = Field(validation_alias="tijd", serialization_alias="tijd")  # when it was taken in (UTC)
    # where the version's own time comes from: "document" (its version stamp) or "bestand" (the file's
    # modification time: the document carries no stamp)
    time_from: str = Field(validation_alias="tijd_uit", serialization_alias="tijd_uit")


class Entry(Record):
    """One version."""

    number: int = Field(validation_alias="versie", serialization_alias="versie", ge=1)
    file: str = Field(validation_alias="bestand", serialization_alias="bestand")
    time: str = Field(validation_alias="tijd", serialization_alias="tijd")  # UTC, "2026-12-01T08:50:08Z"
    input_hash: str = Field(default="", validation_alias="invoer_hash", serialization_alias="invoer_hash")
    document_hash: str = ""  # of the document as built, before its version stamp
    files: list[str] = Field(default_factory=list, validation_alias="bestanden", serialization_alias="bestanden")
    snapshot: Snapshot | None = Field(default=None, validation_alias="invoer", serialization_alias="invoer")
    marks: list[Mark] = Field(default_factory=list, validation_alias="staten", serialization_alias="staten")
    pdf: Attached | None = None
    # made with --herzien: it opens the revision of a signed version, which later versions may then follow
    revision: bool = Field(default=False, validation_alias="herziening", serialization_alias="herziening")
    adopted: Adopted | None = Field(default=None, validation_alias="overgenomen", serialization_alias="overgenomen")

    @property
    def states_unknown(self) -> bool:
        """Taken in from a file the record did not know, and no state recorded since: it may have been signed."""
        return self.adopted is not None and not self.marks

    def state_time(self, state: str) -> str | None:
        """When the version was last put in `state`, or None."""
        times = [m.time for m in self.marks if m.state == state]
        return times[-1] if times else None

    def inputs(self) -> Snapshot:
        """Its input snapshot; an empty one for a version recorded without (the fields are then unknown)."""
        return self.snapshot if self.snapshot is not None else Snapshot()

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)


class Manifest(Record):
    schema_version: int = Field(default=1, validation_alias="schema", serialization_alias="schema")
    gebied: str
    versions: list[Entry] = Field(validation_alias="versies", serialization_alias="versies")
    # Every file rewritten for people (compare's review files): name → sha256 of what the engine last wrote
    # there, to tell a file a lawyer annotated from one the engine may write again.
    written: dict[str, str] = Field(default_factory=dict, validation_alias="geschreven", serialization_alias="geschreven")
    # The journal's length when this manifest was written: a journal that grew since holds a change the manifest
    # missed (a run killed between the two), restored from it.
    journal_bytes: int | None = Field(default=None, validation_alias="journaal_bytes", serialization_alias="journaal_bytes")


def read_manifest(path: Path) -> Manifest | None:
    """The versions in the manifest at `path`; None when there is no manifest. A manifest that cannot be read,
    is no manifest, or is of a newer schema is an OutputError naming the file, the version and the field."""
    text = read_if_there(path)
    if text is None:
        return None
    try:
        manifest = Manifest.model_validate_json(text, strict=True)
    except ValidationError as exc:
        reason = f"geen geldige lijst versies: {problem(exc)}"
    else:
        reason = inconsistency(manifest.versions) or ""
    if reason:
        raise RecordError(f"{path}: kan niet gelezen worden ({reason}); er is niets geschreven en geen versie "
                          "aangeraakt; zet het bestand terug uit een back-up of herstel wat hier genoemd is",
                          reason) from None
    if manifest.schema_version > SCHEMA:
        raise RecordError(f"{path}: geschreven door een nieuwere afspraken (schema {manifest.schema_version}; deze "
                          f"kent schema {SCHEMA}); werk afspraken bij voordat u deze map gebruikt")
    return manifest


def inconsistency(versions: list[Entry]) -> str | None:
    """What in a list of versions the engine never writes (a hand edit), located: a file that is not its version's,
    a version twice, a state that does not exist."""
    seen: dict[int, int] = {}
    for index, entry in enumerate(versions):
        where = f"versies[{index}]"
        if not entry.file.endswith(f"-v{entry.number}.docx"):
            return f"{where}, bestand: {entry.file} is niet het bestand van versie {entry.number}"
        if entry.number in seen:
            return f"{where}, versie: versie {entry.number} staat er twee keer in (ook versies[{seen[entry.number]}])"
        seen[entry.number] = index
        for number, mark in enumerate(entry.marks):
            if mark.state not in STATES:
                return (f"{where}, staten[{number}], staat: onbekende staat '{mark.state}' (bekend: "
                        f"{', '.join(STATES)})")
    return None


def read_if_there(path: Path) -> bytes | None:
    """A record file's bytes; None when it is not there; another OS error said in Dutch, naming the file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{path}: kan niet gelezen worden ({os_reason(exc)})") from None


def dumps(slug: str, versions: list[Entry], written: dict[str, str] | None = None,
          journal_bytes: int | None = None) -> bytes:
    """The manifest as stored: always of the current schema."""
    import json

    manifest: dict[str, Any] = {"schema": SCHEMA, "gebied": slug, "versies": [entry.as_json() for entry in versions]}
    if written:
        manifest["geschreven"] = dict(sorted(written.items()))
    if journal_bytes is not None:
        manifest["journaal_bytes"] = journal_bytes
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def problem(exc: ValidationError) -> str:
    """The first thing wrong, in Dutch, located ("versie 2 (versies[1]), tijd: ontbreekt"); never the parser's
    English."""
    error = exc.errors(include_url=False)[0]
    return f"{location(error)}{': ' if location(error) else ''}{_what(error)}"


def location(error: ErrorDetails) -> str:
    loc = [str(p) for p in error["loc"]]
    if len(loc) >= 2 and loc[0] == "versies" and loc[1].isdigit():
        where = f"versies[{loc[1]}]"
        return ", ".join([where, ".".join(loc[2:])] if loc[2:] else [where])
    return ".".join(loc)


def _what(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "json_invalid":
        return "de JSON is onvolledig of beschadigd (afgebroken, of met de hand verkeerd bewerkt)"
    if kind == "missing":
        return "ontbreekt"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "moet een geheel getal zijn"
    if kind == "greater_than_equal":
        return "moet 1 of meer zijn"
    if kind == "string_type":
        return "moet tekst zijn"
    if kind in ("list_type", "tuple_type"):
        return "moet een lijst zijn"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "moet velden hebben (een JSON-object)"
    if kind == "bool_type":
        return "moet true of false zijn"
    return "ongeldige waarde"
