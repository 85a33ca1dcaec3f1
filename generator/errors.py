"""The one exception tree of the engine.

Library code raises these; only the command line catches them (in one place)
and turns them into a message and an exit status. Problems in user data are
collected as `Problem` values first, so that all problems of a file, or of a
batch, are reported together.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a user's file: where it is and what is expected."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


_REASONS = {
    errno.ENOENT: "bestaat niet",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.EISDIR: "is een map",
    errno.EACCES: "geen rechten",
    errno.EPERM: "geen rechten",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENOSPC: "schijf is vol",
    errno.EDQUOT: "schijfquotum is vol",
    errno.ENAMETOOLONG: "naam is te lang",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EIO: "leesfout van de schijf",
    errno.EBUSY: "is in gebruik",
}


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Dutch: never the operating system's English words."""
    return _REASONS.get(exc.errno or 0, f"systeemfout {errno.errorcode.get(exc.errno or 0, exc.errno)}")


def error_text(exc: Exception) -> str:
    """An error as its user reads it: an OSError in Dutch, with its path (Python's own text is English)."""
    if isinstance(exc, OSError) and not isinstance(exc, AfsprakenError):
        return (f"{exc.filename}: " if exc.filename else "") + os_reason(exc)
    return str(exc)


class AfsprakenError(Exception):
    """Base of every error the engine reports to its user."""

    exit_status = 1


class DataError(AfsprakenError):
    """Invalid user data; carries every problem found, each with file, line and field."""

    exit_status = 2
    consequence = "deze gebieden zijn niet gemaakt."  # what the command line says after the problems

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(AfsprakenError):
    """The command was called in a way that cannot work (missing tool, unknown gebied)."""

    exit_status = 2


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with the Word template: the part, the first words of the paragraph, the tag."""

    part: str  # "hoofdtekst", "koptekst", "voettekst", "voetnoot 3", ...
    paragraph: str  # the first words of the paragraph, as the drafter sees them in Word
    tag: str  # the tag as typed, or "" when the problem is not one tag's
    message: str

    def __str__(self) -> str:
        where = self.part + (f", alinea «{self.paragraph}»" if self.paragraph else "")
        tag = f" {self.tag}:" if self.tag else ""
        return f"{where}:{tag} {self.message}"


class TemplateError(AfsprakenError):
    """The Word template is broken: bad Jinja, an unknown name, a tag that would swallow text, ...

    Carries every problem found (each located), or one message when there is nothing to locate."""

    exit_status = 2

    def __init__(self, message: str | list[TemplateProblem] | tuple[TemplateProblem, ...], file: Path | None = None):
        if isinstance(message, str):
            self.problems: tuple[TemplateProblem, ...] = ()
            super().__init__(message)
        else:
            self.problems = tuple(message)
            prefix = f"{file}: " if file else ""
            super().__init__("\n".join(prefix + str(p) for p in self.problems))
        self.file = file


class CompareError(AfsprakenError):
    """A document given for comparison cannot be read safely (not a .docx, too big, broken)."""

    exit_status = 2


class OutputError(AfsprakenError):
    """The output folder cannot be written (permissions, disk full, locked by another run)."""

    exit_status = 1


class RecordError(AfsprakenError):
    """A gebied's record of its versions cannot be read, or writing would overwrite a version file: nothing written."""

    exit_status = 2

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason  # what is wrong, without the file's name or advice (said again where it is restored)


class FontError(AfsprakenError):
    """The document has text that no installed font can show: its PDF would have empty boxes; none is made."""

    exit_status = 2


class BudgetError(DataError):
    """A budget workbook (or the data it is to be written into) that cannot be imported: nothing is written."""

    consequence = "er is niets geschreven."


class NotWritten(AfsprakenError):
    """Not every gebied asked for got its new version (a signed version blocks it); the others were written."""

    exit_status = 1
