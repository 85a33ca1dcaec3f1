"""A file that came back (a .docx from a lawyer, a signed .pdf from a gebied): which stored version it is.

Found by content, never by its name: first its bytes against the hash of every stored version and PDF;
then, for a file that was re-saved or converted, what a reader sees. A .docx is the same version when it
reads the same as one (the version decision's own view: text, formatting as it renders, tables, notes,
headers and footers; ooxml/canonical.py). A .pdf has no such view: it is the same version only when its
text is the text of that version's stored PDF, read the same way; against a version without a stored PDF
it is compared with the version's text, and then reported as differing at least in what only a PDF has
(page numbers), never as equal. Otherwise the closest version and the differences, word by word.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import CompareError, RecordError, os_reason
from ..ooxml.canonical import reader_texts, reader_view
from ..ooxml.package import read_untrusted
from ..store.versions import Folder, MANIFEST

MAX_PDF_BYTES = 50 * 1024 * 1024  # an agreement's PDF is well under 1 MB
MAX_PDF_PAGES = 500
CONTEXT_WORDS = 6  # words shown on either side of a difference, to find it in the document


@dataclasses.dataclass(frozen=True)
class Candidate:
    """One stored version of one gebied."""

    slug: str
    number: int
    state: str  # the latest state it was put in, or "" when none
    state_time: str
    docx: Path
    docx_hash: str
    pdf: Path | None
    pdf_hash: str | None


@dataclasses.dataclass(frozen=True)
class Difference:
    where: str  # the words before it, to find it
    was: str
    wordt: str


@dataclasses.dataclass(frozen=True)
class Identification:
    """What the file is: `exact` when it is a stored version unchanged (`how` says by what)."""

    kind: str  # "docx" or "pdf"
    version: Candidate | None  # the version it is, or the closest one
    exact: bool
    how: str
    share: float  # the part of the words the file has in common with `version`
    differences: tuple[Difference, ...]
    skipped: tuple[str, ...] = ()  # gebieden whose record is refused: their versions were not compared, and why


def candidates(out: Path) -> tuple[list[Candidate], tuple[str, ...]]:
    """Every stored version in the output folder `out`, of every gebied; and, for each gebied whose record is
    refused (store/versions.py), that its versions are not among them and why: the others are still compared."""
    found = []
    skipped = []
    if not out.is_dir():
        raise CompareError(f"{out}: geen uitvoermap (maak eerst de afspraken, of geef --out)")
    for manifest in sorted(out.glob(f"*/{MANIFEST}")):
        folder = Folder(out, manifest.parent.name)
        try:
            versions = folder.versions()
        except RecordError as exc:
            skipped.append(f"de versies van {folder.slug} zijn niet vergeleken: {exc}")
            continue
        for entry in versions:
            marks = entry.marks
            pdf = entry.pdf
            found.append(Candidate(
                slug=folder.slug, number=entry.number,
                state=marks[-1].state if marks else "", state_time=marks[-1].time if marks else "",
                # The stored file's own hash: the manifest's document_hash is of the document before its version
                # was stamped into it.
                docx=folder.path / entry.file, docx_hash=_file_hash(folder.path / entry.file),
                pdf=folder.path / pdf.file if pdf is not None else None,
                pdf_hash=pdf.hash if pdf is not None else None,
            ))
    return found, tuple(skipped)


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # a version whose file is missing is compared with nothing
        return ""


def identify(path: Path, out: Path) -> Identification:
    """Which stored version in `out` the file at `path` is, or the closest one with the differences."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CompareError(f"{path}: kan niet gelezen worden ({os_reason(exc)})") from None
    kind = "pdf" if data.startswith(b"%PDF-") else "docx" if data.startswith(b"PK") else ""
    if not kind:
        raise CompareError(f"{path}: is geen Word-document (.docx) en geen PDF")
    stored, skipped = candidates(out)
    digest = hashlib.sha256(data).hexdigest()
    for candidate in stored:
        if digest == (candidate.docx_hash if kind == "docx" else candidate.pdf_hash):
            return Identification(kind, candidate, True, "hetzelfde bestand", 1.0, (), skipped)
    if not stored:
        raise CompareError("; ".join([f"{out}: bevat nog geen opgeslagen versies om mee te vergelijken", *skipped]))
    found = _by_reading(path, stored) if kind == "docx" else _by_pdf_text(path, data, stored)
    return dataclasses.replace(found, skipped=skipped)


def _by_reading(path: Path, stored: list[Candidate]) -> Identification:
    parts = read_untrusted(path, CompareError)
    if "word/document.xml" not in parts:
        raise CompareError(f"{path}: is geen Word-document (geen word/document.xml)")
    view = reader_view(parts)
    words = _docx_words(parts)
    best: tuple[float, Candidate, list[str]] | None = None
    for candidate in stored:
        theirs = read_untrusted(candidate.docx, CompareError)
        their_view = reader_view(theirs)
        if their_view == view:
            return Identification("docx", candidate, True, "dezelfde inhoud (opnieuw opgeslagen)", 1.0, ())
        their_words = _docx_words(theirs)
        if their_words == words:
            # The same words, but formatting or layout recorded otherwise (a re-save in another word processor
            # writes table and paragraph properties its own way): not called unchanged.
            lines = sum(1 for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, their_view, view, autojunk=False)
                        .get_opcodes() if tag != "equal" for _ in range(max(i2 - i1, j2 - j1)))
            how = (f"dezelfde tekst, maar de opmaak is anders vastgelegd in {lines} alinea's of tabellen (opnieuw "
                   f"opgeslagen?); vergelijk met `afspraken redline` of dat zichtbaar is")
            return Identification("docx", candidate, False, how, 1.0, ())
        share = _share(their_words, words)
        if best is None or share > best[0]:
            best = (share, candidate, their_words)
    assert best is not None  # `stored` is not empty
    share, candidate, their_words = best
    return Identification("docx", candidate, False, "", share, tuple(_differences(their_words, words)))


def _by_pdf_text(path: Path, data: bytes, stored: list[Candidate]) -> Identification:
    words = _pdf_words(data, path)
    best: tuple[float, Candidate, list[str]] | None = None
    for candidate in stored:
        if candidate.pdf is not None and candidate.pdf.exists():
            their_words = _pdf_words(candidate.pdf.read_bytes(), candidate.pdf)
            if their_words == words:
                return Identification("pdf", candidate, True, "dezelfde tekst als de opgeslagen PDF", 1.0, ())
        else:  # no PDF of this version: its text, which lacks what only the pages have
            their_words = _docx_words(read_untrusted(candidate.docx, CompareError))
        share = _share(their_words, words)
        if best is None or share > best[0]:
            best = (share, candidate, their_words)
    assert best is not None
    share, candidate, their_words = best
    return Identification("pdf", candidate, False, "", share, tuple(_differences(their_words, words)))


def _docx_words(parts: dict[str, bytes]) -> list[str]:
    """The words a reader sees in the body, notes, headers and footers (deleted text left out; a field by its
    code, so that the page count another word processor stored is no difference)."""
    return _words(" ".join(reader_texts(parts)))


def _pdf_words(data: bytes, path: Path) -> list[str]:
    if len(data) > MAX_PDF_BYTES:
        raise CompareError(f"{path}: PDF is te groot ({len(data):,} bytes; hooguit {MAX_PDF_BYTES:,})".replace(",", "."))
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise CompareError(f"{path}: PDF is versleuteld; de tekst kan niet gelezen worden")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise CompareError(f"{path}: PDF heeft te veel pagina's ({len(reader.pages)}; hooguit {MAX_PDF_PAGES})")
        text = " ".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError):  # pypdf's words are English: said here in Dutch
        raise CompareError(f"{path}: PDF kan niet gelezen worden (beschadigd of geen geldige PDF)") from None
    words = _words(text)
    if not words:
        raise CompareError(f"{path}: de PDF bevat geen tekst (een scan?); die kan alleen met het oog vergeleken worden")
    return words


def _words(text: str) -> list[str]:
    # A PDF breaks words at the end of a line ("NPLV-\ngebieden"); non-breaking spaces are spaces.
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text.replace("\u00a0", " ").replace("\u202f", " "))
    return text.split()


def _share(theirs: list[str], mine: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return 2 * same / (len(theirs) + len(mine)) if theirs or mine else 1.0


def _differences(theirs: list[str], mine: list[str]) -> Iterator[Difference]:
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(theirs[max(0, i1 - CONTEXT_WORDS):i1])
        yield Difference(f"na «{before}»" if before else "aan het begin", " ".join(theirs[i1:i2]), " ".join(mine[j1:j2]))
