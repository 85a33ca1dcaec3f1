"""LibreOffice as the PDF converter: one process for many documents, in a profile of its own kept between runs.

Starting LibreOffice costs more than converting an agreement, so all documents of a run go to one
`soffice --convert-to` (or to a few, one per profile). The profile (user installation) is never the user's
own: it lives in the cache folder ($XDG_CACHE_HOME, else ~/.cache: afspraken/libreoffice/…), one per
LibreOffice installation and slot, each slot held by a lock while a run uses it. Its state can change the
PDF (a font replacement table, for one), so a profile is used again only while its files are exactly those
it had after its first run (a digest kept beside it); otherwise it is made again, and so is one left by a
crash. Without a usable cache folder a scratch profile serves for the run.

A document LibreOffice cannot open, or a crash or hang while it converts one, costs only that document:
LibreOffice converts in the order given, so the document it was on is known, and a new process takes the
rest. A PDF is handed over only when it is complete (LibreOffice has gone past it, and it ends as a PDF
ends); LibreOffice writes into a scratch folder, never into the output folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

TIMEOUT = 300  # seconds LibreOffice may spend on one document (its start included) before it is stopped
POLL = 0.05  # seconds between looks at what LibreOffice has written
SLOTS = 4  # profiles per installation in the cache: runs at the same time each take a free one
DIGEST = "profiel.sha256"


@dataclass(frozen=True)
class Conversion:
    source: Path
    data: bytes | None  # LibreOffice's PDF; None when it made none
    reason: str = ""  # why not, in Dutch


def cache_folder() -> Path | None:
    """Where the profiles are kept: $XDG_CACHE_HOME (when absolute) or ~/.cache, under afspraken/libreoffice."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return root / "afspraken" / "libreoffice"


def installation_key(program: str) -> str:
    """The LibreOffice installation (and its version): a profile is never carried over to another one."""
    real = Path(shutil.which(program) or program).resolve()
    with contextlib.suppress(OSError):
        return hashlib.sha256(str(real).encode() + (real.parent / "versionrc").read_bytes()).hexdigest()[:16]
    return hashlib.sha256(str(real).encode()).hexdigest()[:16]


def profile_digest(profile: Path) -> str:
    """Every file of a profile with its content, as one hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in profile.rglob("*") if p.is_file() or p.is_symlink()):
        digest.update(str(path.relative_to(profile)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"link")
    return digest.hexdigest()


class Profile:
    """A LibreOffice user installation for one process: a cache slot (kept) or a scratch folder (thrown away)."""

    def __init__(self, folder: Path, lock: IO[bytes] | None) -> None:
        self.folder, self.lock = folder, lock
        self.path = folder / "profiel"
        self.fresh = not self.path.exists()

    @property
    def url(self) -> str:
        return "file://" + quote(str(self.path))

    def reset(self) -> None:
        """Made again by LibreOffice at its next start."""
        shutil.rmtree(self.path, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.folder / DIGEST).unlink()
        self.fresh = True

    def check(self) -> None:
        """A kept profile whose files are not what they were after its first run is made again."""
        try:
            recorded = (self.folder / DIGEST).read_text(encoding="ascii").strip()
            same = recorded == profile_digest(self.path)
        except OSError:
            same = False
        if not same:
            self.reset()

    def settled(self, clean: bool) -> None:
        """After a process: a fresh profile that served a clean run is kept with its digest; after a crash the
        profile is made again next time (its digest is no longer that of its files)."""
        if self.lock is None:
            return
        if clean and self.fresh:
            with contextlib.suppress(OSError):
                (self.folder / DIGEST).write_text(profile_digest(self.path) + "\n", encoding="ascii")
            self.fresh = False
        elif not clean:
            with contextlib.suppress(OSError):
                (self.folder / DIGEST).unlink()


@contextlib.contextmanager
def profiles(program: str, count: int) -> Iterator[list[Profile]]:
    """`count` profiles: free cache slots first (checked), scratch folders for the rest."""
    import fcntl

    found: list[Profile] = []
    with contextlib.ExitStack() as stack:
        cache = cache_folder()
        if cache is not None:
            base = cache / installation_key(program)
            for slot in range(SLOTS):
                if len(found) == count:
                    break
                try:
                    folder = base / f"slot-{slot}"
                    folder.mkdir(parents=True, exist_ok=True)
                    handle = stack.enter_context(open(folder / ".lock", "a+b"))
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:  # taken by another run, or no cache folder to be had
                    continue
                profile = Profile(folder, handle)
                if not profile.fresh:
                    profile.check()
                found.append(profile)
        while len(found) < count:
            found.append(Profile(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="afspraken-lo-"))), None))
        yield found


class Batch:
    """One `soffice --convert-to` over documents in order, watched: PDFs handed over as LibreOffice goes past them;
    after a crash or a hang the document it was on is named and a new process takes the rest."""

    def __init__(self, program: str, profile: Profile, sources: Sequence[Path], filter_argument: str, scratch: Path) -> None:
        self.program, self.profile, self.filter_argument, self.scratch = program, profile, filter_argument, scratch
        self.pending = list(sources)
        self.process: subprocess.Popen[bytes] | None = None
        self.round = 0
        if self.pending:
            self.start()

    def start(self) -> None:
        self.round += 1
        self.outdir = self.scratch / f"ronde-{self.round}"
        self.outdir.mkdir(parents=True)
        self.process = subprocess.Popen(
            [self.program, f"-env:UserInstallation={self.profile.url}", "--headless", "--norestore", "--nologo",
             "--convert-to", self.filter_argument, "--outdir", str(self.outdir), *map(str, self.pending)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            process_group=0, pass_fds=(self.profile.lock.fileno(),) if self.profile.lock else ())
        self.progress_at = time.monotonic()
        self.stopped = False

    @property
    def busy(self) -> bool:
        return bool(self.pending)

    def output(self, source: Path) -> Path:
        return self.outdir / (source.stem + ".pdf")

    def complete(self, source: Path) -> bytes | None:
        try:
            data = self.output(source).read_bytes()
        except OSError:
            return None
        return data if data.rstrip(b"\r\n\0 ").endswith(b"%%EOF") else None

    def take(self, count: int, reason: str = "LibreOffice kon er geen PDF van maken") -> list[Conversion]:
        done = []
        for source in self.pending[:count]:
            data = self.complete(source)
            done.append(Conversion(source, data, "" if data is not None else reason))
        del self.pending[:count]
        return done

    def poll(self) -> list[Conversion]:
        """What is settled since the last look."""
        assert self.process is not None
        status = self.process.poll()
        if status is None:
            written = [i for i, source in enumerate(self.pending) if self.output(source).exists()]
            if written and written[-1] > 0:  # LibreOffice is past everything before the last PDF it began
                self.progress_at = time.monotonic()
                return self.take(written[-1])
            if time.monotonic() - self.progress_at > TIMEOUT:
                self.stop()
                self.stopped = True
            return []
        clean = status == 0 and not self.stopped
        self.profile.settled(clean)
        if clean:
            return self.take(len(self.pending))
        # Crashed or stopped: complete PDFs are kept; it went past those without one before the last complete one;
        # the one after that is the one it was on; a new process takes the rest (in a profile made again).
        complete = [i for i, source in enumerate(self.pending) if self.complete(source) is not None]
        past = complete[-1] + 1 if complete else 0
        done = self.take(past)
        if self.pending:
            why = (f"LibreOffice maakte binnen {TIMEOUT} s geen PDF en is gestopt" if self.stopped
                   else "LibreOffice stopte onverwacht tijdens dit document")
            done += self.take(1, why)
        if self.pending:
            self.profile.reset()
            self.start()
        return done

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def convert_all(program: str, sources: Sequence[Path], filter_argument: str,
                processes: int = 1) -> Generator[Conversion, None, None]:
    """LibreOffice's PDF of each source (absolute paths with different names), as each is settled.

    With `processes` > 1 the sources are shared out over that many LibreOffice processes, each in its own profile."""
    sources = [Path(s).resolve() for s in sources]
    if len({s.stem for s in sources}) != len(sources):
        raise ValueError("documents to convert together need different names")
    count = max(1, min(processes, len(sources)))
    share = -(-len(sources) // count)
    with profiles(program, count) as found, tempfile.TemporaryDirectory(prefix="afspraken-pdf-") as scratch:
        batches = [Batch(program, profile, sources[i * share:(i + 1) * share], filter_argument, Path(scratch) / str(i))
                   for i, profile in enumerate(found)]
        try:
            while any(b.busy for b in batches):
                for batch in batches:
                    if batch.busy:
                        yield from batch.poll()
                if any(b.busy for b in batches):
                    time.sleep(POLL)
        finally:
            for batch in batches:
                batch.stop()
