"""Writing files atomically: a crash or kill at any moment leaves either the old file or the new one."""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, os_reason


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: map kan niet beschreven worden ({_reason(exc)})") from None
    tmp = temporary(path, data)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: kan niet geschreven worden ({_reason(exc)})") from None
    sync_directory(path.parent)


def replace_all(files: Mapping[Path, tuple[bytes, bytes]]) -> None:
    """Replace several files together, each given as (what it held when read, what it is to hold): all are
    replaced or none. Every new content is first written to a temporary file beside its target; only then
    are they renamed into place, and if a rename fails the files already replaced get their old content back.
    A file that changed since it was read is not overwritten (someone saved it meanwhile)."""
    temporaries: dict[Path, str] = {}
    replaced: list[Path] = []
    try:
        for path, (old, new) in files.items():
            try:
                current = path.read_bytes()
            except OSError as exc:
                raise OutputError(f"{path}: kan niet gelezen worden ({_reason(exc)})") from None
            if current != old:
                raise OutputError(f"{path}: is gewijzigd sinds het lezen; er is niets geschreven, probeer het opnieuw")
            temporaries[path] = temporary(path, new, _mode(path))
        for path, tmp in temporaries.items():
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"{path}: kan niet geschreven worden ({_reason(exc)}); er is niets gewijzigd") from None
            replaced.append(path)
    except BaseException:
        for path in replaced:
            write_atomic(path, files[path][0])
        for path, tmp in temporaries.items():
            if path not in replaced:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        raise
    for directory in {p.parent for p in replaced}:
        sync_directory(directory)


def _mode(path: Path) -> int:
    """The permission bits of an existing file, which its replacement keeps (a group-writable file stays so)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet gelezen worden ({_reason(exc)})") from None


def temporary(path: Path, data: bytes, mode: int = 0o644) -> str:
    """`data` in a temporary file beside `path`, on disk, ready to be renamed over it (or linked to it: create.py)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path.parent}: map kan niet beschreven worden ({_reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: kan niet geschreven worden ({_reason(exc)})") from None
    return tmp


def sync_directory(directory: Path) -> None:
    """A new or renamed file is durable only once its directory entry is on disk."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "geen schrijfrechten"
    return os_reason(exc)


LOCK_FILE = ".afspraken.lock"
HOLDER_FILE = ".afspraken.lock.json"  # who holds the lock and since when, for the message to whoever waits
LOCK_WAIT_SECONDS = 5.0  # how long a second command waits for the first before it is refused
LOCK_WAIT_VARIABLE = "AFSPRAKEN_LOCK_WAIT"  # seconds, to wait longer or shorter (the tests use it)


@contextlib.contextmanager
def exclusive(folder: Path, command: str) -> Iterator[None]:
    """Hold the output folder for one `afspraken COMMAND`: a second command on the same folder waits a few
    seconds, then is refused with who holds it, never interleaved. The lock is the kernel's (flock through
    filelock): a holder that died, even by kill -9, holds nothing, and its holder file is no longer believed."""
    from filelock import FileLock, Timeout

    for attempt in range(3):
        created = not folder.exists()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{folder}: map kan niet beschreven worden ({_reason(exc)})") from None
        lock = FileLock(folder / LOCK_FILE, timeout=_lock_wait())
        try:
            lock.acquire()
            break
        except Timeout:
            raise OutputError(f"{folder}: {_held_by(folder / HOLDER_FILE)} schrijft al in deze map; "
                              "probeer het opnieuw als die klaar is") from None
        except FileNotFoundError:
            # The folder was removed while this command waited: the holder was refused in a folder it had made
            # (below). filelock does not take a lock whose file was unlinked meanwhile; the folder is made again.
            if folder.exists() or attempt == 2:
                raise OutputError(f"{folder}: map kan niet beschreven worden (verdwenen terwijl erop gewacht werd)") from None
        except OSError as exc:
            raise OutputError(f"{folder}: map kan niet beschreven worden ({_reason(exc)})") from None
    try:
        holder = {"opdracht": command, "pid": os.getpid(),
                  "sinds": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        write_atomic(folder / HOLDER_FILE, json.dumps(holder).encode())
        try:
            yield
        except BaseException:
            if created:  # a command refused before it wrote anything leaves no folder it made behind
                _remove_if_only_the_lock(folder)
            raise
        finally:
            with contextlib.suppress(OSError):  # removed while still held: nobody reads a finished holder
                os.unlink(folder / HOLDER_FILE)
    finally:
        lock.release()


def _remove_if_only_the_lock(folder: Path) -> None:
    """The folder this command made, removed again when nothing but its lock and holder files are in it. Done
    while the lock is held: a command waiting for it then finds its lock file unlinked, which filelock (4.x)
    does not count as taken, and it makes the folder again (exclusive)."""
    try:
        if {p.name for p in folder.iterdir()} <= {LOCK_FILE, HOLDER_FILE}:
            for name in (HOLDER_FILE, LOCK_FILE):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(folder / name)
            folder.rmdir()
    except OSError:
        pass  # something else is in it now, or it cannot be removed: it stays, as any folder the user made


def _lock_wait() -> float:
    text = os.environ.get(LOCK_WAIT_VARIABLE, "").strip()
    try:
        return max(0.0, float(text)) if text else LOCK_WAIT_SECONDS
    except ValueError:
        return LOCK_WAIT_SECONDS


HOLDER_GRACE_SECONDS = 1.0  # a holder that has just taken the lock writes its name within milliseconds


def _held_by(holder_file: Path) -> str:
    """Who holds the lock, as its holder file says; a holder that has just taken it is given a moment to write
    its name. Unnamed if it does not, or if the process named is gone (it died; someone else holds it now)."""
    import time

    deadline = time.monotonic() + HOLDER_GRACE_SECONDS
    while (named := _named_holder(holder_file)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return named or "een andere afspraken-opdracht"


def _named_holder(holder_file: Path) -> str | None:
    """'afspraken generate' (sinds 3 december 2026 06:41), as the holder file says, if that process lives."""
    try:
        holder = json.loads(holder_file.read_bytes())
        command, pid, since = str(holder["opdracht"]), int(holder["pid"]), str(holder["sinds"])
        os.kill(pid, 0)  # only asks whether the process exists
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists, under another account
    except (OSError, ValueError, KeyError, TypeError):  # no holder file (yet, or any more), or not one of ours
        return None
    from ..formatting import tijdstip

    try:
        moment = tijdstip(datetime.datetime.fromisoformat(since.replace("Z", "+00:00")))
    except ValueError:
        return f"'afspraken {command}'"
    return f"'afspraken {command}' (sinds {moment})"


WRITTEN_RECORD = ".geschreven.json"  # outside a gebied's folder: name → sha256 of what the engine last wrote there


@dataclass(frozen=True)
class Placed:
    """A file written for people: the name it was written under, and the name of the file a person changed that
    was kept instead of being overwritten (None when there was none)."""

    name: str
    kept: str | None = None


def write_for_people(folder: Path, files: Mapping[str, bytes], written: dict[str, str]) -> list[Placed]:
    """Write files a person may open and change (review files, the workbooks). `written` holds, per name, the
    sha256 of what the engine last wrote there, and is brought up to date. A file there that differs from that
    (a lawyer's comments, a controller's figures) is kept as it is: the new one is written beside it as
    '<name> (nieuw).<ext>', '(nieuw 2)', …; such a file the engine wrote earlier and nobody changed is used again.
    A file nobody changed is written again in place. The caller holds the folder's lock."""
    placed = []
    for name, data in files.items():
        target, kept = name, None
        if not _may_replace(folder / name, data, written):
            kept, target = name, _beside(folder, name, data, written)
        write_atomic(folder / target, data)
        written[target] = hashlib.sha256(data).hexdigest()
        placed.append(Placed(target, kept))
    return placed


def _may_replace(path: Path, data: bytes, written: Mapping[str, str]) -> bool:
    """Whether `path` may get `data`: it is absent, holds `data` already, or holds what the engine last wrote."""
    from .manifest import read_if_there

    current = read_if_there(path)
    return current is None or current == data or written.get(path.name) == hashlib.sha256(current).hexdigest()


def _beside(folder: Path, name: str, data: bytes, written: Mapping[str, str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    for count in range(1, 1000):
        candidate = f"{stem} (nieuw{'' if count == 1 else f' {count}'}){dot}{suffix}"
        if _may_replace(folder / candidate, data, written):
            return candidate
    raise OutputError(f"{folder / name}: te veel bewaarde versies van dit bestand naast elkaar; ruim ze eerst op")


def write_recorded(folder: Path, files: Mapping[str, bytes]) -> list[Placed]:
    """write_for_people for a folder that is not a gebied's (the output folder's overzicht.xlsx, begroting.xlsx
    wherever it is exported): what the engine wrote there is recorded in the folder's .geschreven.json."""
    from .manifest import read_if_there

    record_path = folder / WRITTEN_RECORD
    try:
        record = json.loads(read_if_there(record_path) or b"{}")
    except ValueError:  # damaged: nothing is known to be the engine's, so a file that differs is kept
        record = {}
    written = {str(k): str(v) for k, v in record.items()} if isinstance(record, dict) else {}
    placed = write_for_people(folder, files, written)
    write_atomic(record_path, (json.dumps(written, sort_keys=True, indent=1) + "\n").encode("utf-8"))
    return placed
