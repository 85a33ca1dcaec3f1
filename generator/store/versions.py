"""Versions of a gebied's agreement in OUT/<slug>/, recorded in manifest.json (store/manifest.py).

A new version is written only when the document differs from the latest one.
The .docx is written (atomically) before the manifest that names it, so a run
killed in between leaves a manifest that names only files that exist; the
unrecorded file is simply written again by the next run.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

from ..errors import OutputError, RecordError, UsageError, os_reason
from .manifest import NAME as MANIFEST
from . import adopt, journal
from .create import write_new
from .manifest import STATES, Attached, Entry, Manifest, Mark, dumps, read_if_there, read_manifest
from .write import Placed, write_atomic, write_for_people

SIGNED = "getekend"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def docx_name(slug: str, number: int, suffix: str = "") -> str:
    return f"{slug}-v{number}{suffix}.docx"


class Folder:
    """One gebied's output folder and its manifest."""

    def __init__(self, out: Path, slug: str):
        self.slug = slug
        self.path = out / slug
        self.manifest_path = self.path / MANIFEST
        self.journal_path = self.path / journal.NAME
        self.notes: list[str] = []  # what the engine restored or ignored, for the command to say
        self._restored_written: dict[str, str] | None = None
        # version files the record did not know, taken in (number → entry, journal event), journaled at its next change
        self._taken: dict[int, tuple[Entry, str]] = {}
        self._pending: dict[int, Entry] = {}  # versions a killed run began and did not finish writing, by number
        self._stale = False  # the manifest is behind its journal (restored from it)

    def versions(self) -> list[Entry]:
        """The versions recorded. A manifest that is gone or damaged is restored from the journal (and said in
        `notes`); a damaged one without a journal is refused (RecordError): the states (getekend) would be lost.
        Version files neither knows are taken in (adopt.py), so that none is ever written over."""
        try:
            manifest = read_manifest(self.manifest_path)
        except RecordError as exc:
            restored = self._restore(f"kan niet gelezen worden ({exc.reason})" if exc.reason else "kan niet gelezen worden")
            if restored is None:
                raise RecordError(f"{exc}; er is geen {self.journal_path.name} om het uit te herstellen") from None
            return self._said(self._with_files(restored))
        if manifest is None:
            found = self._restore("ontbreekt")
        elif self._behind(manifest):  # killed between the journal and the manifest: the journal has the last change
            found = self._restore(f"loopt achter op {self.journal_path.name} (een onderbroken run)")
        else:
            found = manifest.versions
        return self._said(self._with_files(found or []))

    def _behind(self, manifest: Manifest) -> bool:
        """Whether the journal holds a change the manifest does not (it grew since the manifest was written; a
        manifest written before it recorded the journal's length is taken as it is)."""
        try:
            grown = manifest.journal_bytes is not None and self.journal_path.stat().st_size > manifest.journal_bytes
            replayed = journal.replay(self.journal_path) if grown else None
        except (OSError, RecordError):  # no journal, or one damaged: the manifest as it is
            return False
        self._stale = replayed is not None and [e.as_json() for e in replayed.versions] != [e.as_json() for e in manifest.versions]
        return self._stale

    def _said(self, versions: list[Entry]) -> list[Entry]:
        unknown_states = adopt.unknown_states(self.slug, versions)  # said on every reading, until recorded
        if unknown_states:
            self._say(f"{self.path}: {unknown_states}")
        return versions

    def refusal(self) -> str | None:
        """Why the record of versions cannot be restored (what `versions` would raise), or None."""
        try:
            self.versions()
        except RecordError as exc:
            return str(exc)
        return None

    def _with_files(self, known: list[Entry]) -> list[Entry]:
        """`known` with every version file in the folder it does not name: from the journal when the manifest fell
        behind it (a run killed between the two), completed when a killed run began it, else taken in."""
        numbers = {entry.number for entry in known}
        unknown = {n: p for n, p in adopt.version_files(self.path, self.slug).items() if n not in numbers}
        if not unknown:
            return known
        replayed = journal.replay(self.journal_path) or journal.Replayed([], {})
        in_journal = {entry.number: entry for entry in replayed.versions}
        taken: list[Entry] = []
        for number, path in unknown.items():
            if number in self._taken:
                taken.append(self._taken[number][0])
                continue
            data = read_if_there(path)
            if data is None:  # gone since the folder was listed
                continue
            begun = replayed.begun.get(number)
            if number in in_journal:
                entry, event = in_journal[number], "hersteld"
                said = (f"{path}: stond nog niet in manifest.json (een onderbroken run); overgenomen uit "
                        f"{self.journal_path.name}")
            elif begun is not None and begun[1] == sha256(data):
                if not all((self.path / name).is_file() for name in begun[0].files):  # killed before the rest
                    self._pending[number] = begun[0]  # made again by generate at its time: pending_time
                    self._say(f"{path}: versie {number} van een onderbroken run is niet af (niet al haar bestanden "
                              "zijn geschreven); de volgende generate maakt haar af")
                    continue
                entry, event = begun[0], "nieuw"
                said = f"{path}: versie {number} van een onderbroken run is alsnog vastgelegd"
            else:
                entry, event = adopt.adopted(path, number, data, sha256(data), now()), "overgenomen"
                said = adopt.note(self.path, entry)
            self._taken[number] = (entry, event)
            self._say(said)
            taken.append(entry)
        versions = sorted(known + taken, key=lambda entry: entry.number)
        have = {entry.number for entry in versions}
        unheard = [f"v{n}" for n in range(1, versions[-1].number) if n not in have]
        if unheard:  # nothing can be said of them, and nothing is guessed
            self._say(f"{self.path}: van {', '.join(unheard)} is niets bekend: geen bestand in de map, en niet in "
                      f"manifest.json of {self.journal_path.name}")
        return versions

    def pending_time(self, number: int) -> str | None:
        """The time a killed run began version `number` at, when only some of its files are there (made again then)."""
        self.versions()
        entry = self._pending.get(number)
        return entry.time if entry is not None else None

    def keep_taken(self) -> None:
        """Record the version files taken in, or the change a manifest was behind its journal on (journal, then
        manifest), so that the next command finds them recorded. Only by a command that holds the folder's lock."""
        versions, written = self._recorded()
        if self._taken or self._stale:
            self._log(versions, [])
            self._write(versions, written)

    def _say(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def latest(self) -> Entry | None:
        return self.version()

    def latest_document(self) -> bytes | None:
        latest = self.latest()
        if latest is None:
            return None
        try:
            return (self.path / latest.file).read_bytes()
        except OSError:
            return None

    def has_file(self, entry: Entry) -> bool:
        """Whether the version's .docx is in the folder (one listed in the manifest but gone "ontbreekt")."""
        return (self.path / entry.file).is_file()

    def document(self, entry: Entry) -> bytes:
        """The stored .docx of a version; a missing file is reported, not skipped."""
        path = self.path / entry.file
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise OutputError(f"{path}: versie {entry.number} ontbreekt (staat in manifest.json, niet in de map); "
                              "zet het bestand terug uit wat verstuurd of bewaard is") from None
        except OSError as exc:
            raise OutputError(f"{path}: versie {entry.number} kan niet gelezen worden ({os_reason(exc)})") from None

    def _restore(self, what: str) -> list[Entry] | None:
        try:
            replayed = journal.replay(self.journal_path)
        except RecordError as exc:
            raise RecordError(f"{self.manifest_path}: {what}, en herstellen uit het journaal lukt niet: {exc}") from None
        if replayed is None or not replayed.versions:
            return None
        self._restored_written = replayed.written
        note = (f"{self.manifest_path}: {what}; hersteld uit {self.journal_path.name} ({len(replayed.versions)} "
                f"versie(s), de laatste v{replayed.versions[-1].number}, met hun staten); manifest.json wordt bij de "
                "volgende wijziging opnieuw geschreven")
        for text in [note, *replayed.notes]:
            self._say(text)
        return replayed.versions

    def _recorded(self) -> tuple[list[Entry], dict[str, str]]:
        """The versions and the hashes of the files written for people, from the manifest or, restored, the journal."""
        versions = self.versions()
        if self._restored_written is not None:
            return versions, dict(self._restored_written)
        found = read_manifest(self.manifest_path)
        return versions, dict(found.written) if found is not None else {}

    def _log(self, existing: list[Entry], lines: list[dict[str, object]]) -> None:
        """Append to the journal before the manifest changes; a folder from before the journal first gets
        what its manifest holds."""
        if not self.journal_path.exists() and existing:
            found = read_manifest(self.manifest_path)
            written = found.written if found is not None else {}
            lines = ([journal.version_line(e, "overgenomen") for e in existing]
                     + [journal.written_line(n, h) for n, h in sorted(written.items())] + lines)
        else:
            lines = [journal.version_line(entry, event) for entry, event in self._taken.values()] + lines
        self._taken = {}
        self.path.mkdir(parents=True, exist_ok=True)
        journal.append(self.journal_path, lines)

    def version(self, number: int | None = None) -> Entry | None:
        """Version `number`, or the latest when None; None when there is no such version."""
        versions = self.versions()
        if number is None:
            return versions[-1] if versions else None
        return next((v for v in versions if v.number == number), None)

    def attach(self, number: int, name: str, data: bytes, pdfa: str | None = None) -> None:
        """Write the PDF made from version `number` and record it, with its hash, in that version's entry;
        the file is written before the manifest that names it."""
        versions = self.versions()
        write_new(self.path / name, data)
        for entry in versions:
            if entry.number == number:
                entry.pdf = Attached(file=name, hash=sha256(data), pdfa=pdfa)
                self._log(versions, [journal.version_line(entry, "pdf")])
        self._write(versions)

    def record(self, version: Entry, files: dict[str, bytes]) -> None:
        """Write the version's files, then the manifest that names them."""
        versions, written = self._recorded()
        self._log(versions, [journal.begun_line(version, sha256(files[version.file]))])
        for name, data in files.items():
            write_new(self.path / name, data)
            written[name] = sha256(data)  # what compare may later write again under this name, unless changed
        # Its file was there already, with these very bytes (a killed run, taken in): this entry replaces that one.
        versions = [entry for entry in versions if entry.number != version.number]
        self._log(versions, [journal.version_line(version, "nieuw"),
                             *(journal.written_line(n, sha256(d)) for n, d in sorted(files.items()))])
        self._write(versions + [version], written)

    def _write(self, versions: list[Entry], written: dict[str, str] | None = None) -> None:
        if written is None:
            written = self._recorded()[1]
        size = self.journal_path.stat().st_size if self.journal_path.exists() else None
        write_atomic(self.manifest_path, dumps(self.slug, versions, written, size))

    def write_for_people(self, files: dict[str, bytes]) -> list[Placed]:
        """Write compare's review files as store/write.write_for_people does (a file a lawyer changed is kept,
        the new one written beside it); the manifest records what was written (`geschreven`)."""
        versions, written = self._recorded()
        placed = write_for_people(self.path, files, written)
        self._log(versions, [journal.written_line(p.name, written[p.name]) for p in placed])
        self._write(versions, written)
        return placed

    # --- states: verzonden, beoordeeld, getekend ---------------------------------------------

    def entry(self, number: int) -> Entry:
        """Version `number`; one that does not exist is the user's mistake, said with the versions there are."""
        versions = self.versions()
        for entry in versions:
            if entry.number == number:
                return entry
        known = ", ".join(f"v{v.number}" for v in versions) or "geen"
        raise UsageError(f"{self.slug}: versie {number} bestaat niet in {self.manifest_path} (bekend: {known})")

    def mark(self, number: int, state: str, note: str | None, time: str, correction: bool = False) -> Mark:
        """Record that version `number` was sent, reviewed or signed; returns the state as recorded. A version
        older than the signed one, or a state the version already has, is refused unless as a `correction`."""
        check_state(state)
        versions = self.versions()
        entry = self.entry(number)
        if not correction:
            self._check_mark(versions, entry, state)
        mark = Mark(state=state, time=time, note=note or None, correction=correction)
        for entry in versions:
            if entry.number == number:
                entry.marks.append(mark)
                self._log(versions, [journal.version_line(entry, "staat")])
        self._write(versions)
        return mark

    def _check_mark(self, versions: list[Entry], entry: Entry, state: str) -> None:
        from ..formatting import datum

        again = f"afspraken mark {self.slug} {entry.number} {state} --herstel"
        had = entry.state_time(state)
        if had is not None:
            raise UsageError(f"{self.slug}: v{entry.number} is al {state} (op {datum(parse_time(had).date())}); "
                             f"nogmaals vastleggen alleen als correctie: {again}")
        signed = last_in_state(versions, SIGNED)
        if signed is not None and signed.number > entry.number:
            when = signed.state_time(SIGNED)
            assert when is not None  # last_in_state found it in that state
            raise UsageError(f"{self.slug}: v{signed.number} is getekend op {datum(parse_time(when).date())}; "
                             f"v{entry.number} is ouder en wordt niet meer {state} (een correctie: {again})")

    def resolve(self, ref: str) -> int:
        """A version given as a number (3, v3) or as a state: the latest version in that state."""
        text = ref.strip().lower()
        if text in STATES:
            found = last_in_state(self.versions(), text)
            if found is None:
                raise UsageError(f"{self.slug}: geen versie is '{text}' (zet dat met: afspraken mark {self.slug} N {text})")
            return found.number
        digits = text[1:] if text.startswith("v") else text
        if not digits.isdigit():
            raise UsageError(f"versie '{ref}': verwacht een nummer (zoals 3) of een staat ({', '.join(STATES)})")
        return self.entry(int(digits)).number


def check_state(state: str) -> None:
    if state not in STATES:
        raise UsageError(f"onbekende staat '{state}'; kies uit: {', '.join(STATES)}")


def last_in_state(versions: list[Entry], state: str) -> Entry | None:
    for entry in reversed(versions):
        if entry.state_time(state) is not None:
            return entry
    return None


def signed_block(versions: list[Entry], slug: str) -> str | None:
    """Why no new version may follow: a version is signed (whichever it is), or may be (adopt.unknown_states_block),
    and no revision was begun with --herzien since (None when a new version may follow)."""
    from ..formatting import datum

    unknown = adopt.unknown_states_block(versions, slug)
    if unknown is not None:
        return unknown
    signed = last_in_state(versions, SIGNED)
    when = signed.state_time(SIGNED) if signed else None
    if when is None or signed is None or any(v.revision for v in versions if v.number > signed.number):
        return None
    return f"getekend op {datum(parse_time(when).date())} (v{signed.number}); een nieuwe versie alleen met --herzien {slug}"


def now() -> str:
    """The time a version or state is recorded (UTC); SOURCE_DATE_EPOCH fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit()
              else datetime.datetime.now(datetime.timezone.utc))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def version_label(number: int, time: str) -> str:
    """'versie 3 van 2 december 2026 23:13' (Europe/Amsterdam) for a version made at `time` (stored UTC)."""
    from ..formatting import tijdstip

    return f"versie {number} van {tijdstip(parse_time(time))}"


def parse_time(stamp: str) -> datetime.datetime:
    """A manifest time ('2026-12-01T08:50:08Z') as an aware datetime."""
    moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)
