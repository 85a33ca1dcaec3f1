"""Writing files atomically: a crash or kill at any moment leaves either the old file or the new one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..errors import OutputError, os_reason


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: map kan niet beschreven worden ({_reason(exc)})") from None
    tmp = _temporary(path, data)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: kan niet geschreven worden ({_reason(exc)})") from None
    _sync_directory(path.parent)


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
            temporaries[path] = _temporary(path, new, _mode(path))
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
        _sync_directory(directory)


def _mode(path: Path) -> int:
    """The permission bits of an existing file, which its replacement keeps (a group-writable file stays so)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet gelezen worden ({_reason(exc)})") from None


def _temporary(path: Path, data: bytes, mode: int = 0o644) -> str:
    """`data` in a temporary file beside `path`, on disk, ready to be renamed over it."""
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


def _sync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk.
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


@contextlib.contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold the output folder for one run: a second run at the same time is refused, never interleaved."""
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".afspraken.lock", "a+b")
    except OSError as exc:
        raise OutputError(f"{folder}: map kan niet beschreven worden ({_reason(exc)})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{folder}: een andere afspraken-run schrijft al in deze map; probeer het opnieuw als die klaar is") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
