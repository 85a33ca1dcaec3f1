"""Creating a file that must not exist yet (a version's .docx, its PDF): exclusive and, where it can be, atomic.

A version file is written once and never replaced. Checking that the name is free and then writing would
leave a moment in between; here the file is created by the kernel only if the name is free. Its content is
written to a temporary file beside it and flushed to disk, then hard-linked to its name (`link` fails when
the name exists, and the whole file appears at once), then the temporary name is removed. A file system
that refuses hard links (some network shares, FAT) gets the file created with O_EXCL and written in place:
still never over another file, but a run killed while writing leaves that file incomplete, which the next
run refuses to take for the version (it differs from what is written then, and is not a valid document).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from ..errors import OutputError, RecordError, os_reason
from .manifest import read_if_there
from .write import sync_directory, temporary

# link(2) refused by the file system itself, not because of the name: then O_EXCL in place.
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV, errno.ENOSYS}


def create_new(path: Path, data: bytes) -> bool:
    """Write `data` as a new file at `path`; False (nothing written) when a file of that name is already there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: map kan niet beschreven worden ({os_reason(exc)})") from None
    tmp = temporary(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in NO_HARD_LINKS:
                raise
            return _create_in_place(path, data)
    except OSError as exc:
        raise OutputError(f"{path}: kan niet geschreven worden ({os_reason(exc)})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    sync_directory(path.parent)
    return True


def write_new(path: Path, data: bytes) -> None:
    """A version's file is written once: one that is there with other content (sent out, signed) is never
    overwritten, whatever the manifest says; the same content again completes a run that was killed before
    its manifest. The file is created exclusively (create_new): even a writer that does not hold the folder's
    lock cannot be overwritten in between."""
    if create_new(path, data):
        return
    if read_if_there(path) != data:
        raise RecordError(f"{path}: bestaat al, met een andere inhoud, en wordt niet overschreven (een versie of PDF "
                          "wordt één keer geschreven); er is niets geschreven")


def _create_in_place(path: Path, data: bytes) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError:
        with contextlib.suppress(OSError):  # this run made it and it is incomplete: no version, nobody's file
            os.unlink(path)
        raise
    sync_directory(path.parent)
    return True


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files of a run that was killed (here and in write.py); only ever called while holding the
    folder's lock."""
    for stale in out.glob("**/.*.tmp"):
        stale.unlink(missing_ok=True)
