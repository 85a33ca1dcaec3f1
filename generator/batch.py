"""A batch: load and check every gebied, build the documents on all cores, store new versions.

A gebied whose data is invalid is reported and skipped; the others are still
generated. Nothing is printed here: the caller is told about progress through
a callback and gets the outcomes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .compute import Agreement, agreement
from .errors import DataError, Problem, RecordError, UsageError, os_reason
from .data import ronde
from .data.load import SourceMap, field_path, load_gebied, shown_path
from .data.models import Gebied, Landelijk, RondeGebied
from .results import Message, unique
from .results import Result as ResultOf
from .data.validate import checked_landelijk, duplicate_problems, gebied_problems
from .store.manifest import Entry, Snapshot, Source
from .store.create import remove_stale_temporaries
from .store.adopt import unknown_states_block
from .store.versions import Folder, docx_name, now, sha256, signed_block, version_label

if TYPE_CHECKING:
    from .pdf import Written

REFUSED = "fout in het verslag van de versies"  # why a gebied whose record is refused is not in the run


@dataclass(frozen=True)
class Job:
    slug: str
    gebied: Gebied
    source: SourceMap
    input_hash: str
    snapshot: Snapshot  # the inputs, kept with the version to tell later what changed


@dataclass
class Plan:
    landelijk: Landelijk
    template_hash: str
    jobs: list[Job]
    problems: list[Problem]  # of gebieden that will not be generated, and of files that are no gebied file
    missing: list[RondeGebied] = field(default_factory=list)  # gebieden of the round without a file
    asked: list[str] = field(default_factory=list)  # the slugs this run was asked for
    refused: list[str] = field(default_factory=list)  # slugs whose record of versions is refused (RecordError)

    @property
    def failed_files(self) -> list[Path]:
        return sorted({p.file for p in self.problems})

    @property
    def failed(self) -> list[str]:
        """Slugs of gebieden of the round whose file has problems."""
        listed = {g.slug for g in self.landelijk.gebieden}
        return [f.stem for f in self.failed_files if f.suffix == ".yaml" and f.stem in listed and f.stem in self.asked]

    def absent(self) -> dict[str, list[str]]:
        """Gebieden of the round not in this run's documents, by reason (for the summary and the overview)."""
        done = {job.slug for job in self.jobs}
        failed = set(self.failed)
        missing = {g.slug for g in self.missing}
        reasons: dict[str, list[str]] = {r: [] for r in ("ontbreekt", "fout in de gegevens", REFUSED, "niet gevraagd")}
        for g in self.landelijk.in_ronde:
            if g.slug in done:
                continue
            reason = ("ontbreekt" if g.slug in missing else "fout in de gegevens" if g.slug in failed else
                      REFUSED if g.slug in self.refused else "niet gevraagd")
            reasons[reason].append(g.naam)
        return {reason: names for reason, names in reasons.items() if names}


@dataclass
class Outcome:
    slug: str
    # "nieuw" | "ongewijzigd" | "getekend" (no new version: one is signed) | "onbekend" (no new version: one taken in
    status: str  # from a file the record did not know may be signed) | "geweigerd" (the record refused, `note` why)
    version: int
    files: list[str] = field(default_factory=list)
    note: str = ""
    messages: tuple[Message, ...] = ()  # of the review files (fallbacks taken), shown by the CLI


def gebied_files(data_dir: Path, slugs: list[str], everything: bool) -> list[Path]:
    """The files of the gebieden asked for (all of the round's that have one, with `everything`)."""
    landelijk, _ = checked_landelijk(data_dir)
    found = ronde.inventory(data_dir, landelijk)
    if everything or not slugs:
        if not found.files and not found.problems:
            raise UsageError(f"{found.folder}: geen gebieden gevonden (<slug>.yaml)")
        return list(found.files.values())
    check_known(slugs, landelijk)
    absent = [s for s in slugs if s not in found.files]
    if absent:
        raise UsageError(f"gebied {', '.join(absent)} ontbreekt: geen bestand "
                         + ", ".join(str(found.folder / f"{s}{ronde.SUFFIX}") for s in absent)
                         + "".join(f"\n{p}" for p in found.problems))
    return [found.files[s] for s in dict.fromkeys(slugs)]


def check_known(slugs: list[str], landelijk: Landelijk) -> None:
    """Every slug a gebied of the round, or a UsageError naming each one that is not (and what it may mean)."""
    known = [g.slug for g in landelijk.in_ronde]
    unknown = ronde.unknown_slugs(slugs, landelijk)
    if unknown:
        raise UsageError("\n".join(ronde.unknown_gebied(slug, known) for slug in dict.fromkeys(unknown)))


def plan(data_dir: Path, paths: list[Path], template: Path | None = None) -> Plan:
    """Load and check everything; a broken landelijk.yaml stops the batch, a broken gebied only itself.

    Files in the gebieden folder that are no gebied file of the round are problems of every run (so a file saved
    as .yml is never skipped silently); gebieden of the round without a file are the plan's `missing`."""
    landelijk, national_source = checked_landelijk(data_dir)
    files = ronde.inventory(data_dir, landelijk)
    template_bytes = _read(template) if template else b""
    shared = (data_dir / "landelijk.yaml").read_bytes() + template_bytes
    template_hash = sha256(template_bytes)
    loaded: list[tuple[Gebied, SourceMap, bytes]] = []
    problems: list[Problem] = list(files.problems)
    for path in paths:
        try:
            gebied, source = load_gebied(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        found = gebied_problems(gebied, source, landelijk)
        if found:
            problems.extend(found)
        else:
            loaded.append((gebied, source, path.read_bytes()))
    duplicates = duplicate_problems([(g, s) for g, s, _ in loaded])
    problems.extend(duplicates)
    refused = {p.file for p in duplicates}
    national_snapshot = landelijk.model_dump(mode="json")
    jobs = [
        Job(g.slug, g, s, sha256(raw + shared), Snapshot(gebied=g.model_dump(mode="json"), landelijk=national_snapshot,
                                                         template=template_hash,
                                                         sources={"gebied": _lines(s), "landelijk": _lines(national_source)}))
        for g, s, raw in loaded if s.file not in refused
    ]
    return Plan(landelijk, template_hash, jobs, problems, files.missing, [p.stem for p in paths])


def _lines(source: SourceMap) -> Source:
    """Where each field stood in its file when the version was made, so a later comparison can still say
    which line of which file a change came from: {"bestand": ..., "regels": {"orv.maatregelen[2].naam": 139}}."""
    lines = {field_path(path): line for path, line in sorted(source.lines.items(), key=lambda item: item[1])
             if path and "<value>" not in path}
    return Source(file=shown_path(source.file), lines=lines)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: sjabloon kan niet gelezen worden ({os_reason(exc)})") from None


# (job, new number, latest entry, latest document, new document, the new version's time) → review files
Review = Callable[["Job", int, Entry, bytes, bytes, str], "ResultOf[dict[str, bytes]]"]


def store(out: Path, job: Job, docx: bytes, review: Review | None = None, revise: bool = False,
          concept: bool = False) -> Outcome:
    """Write a new version if the document differs from the latest one (with its review files).

    A signed latest version is not followed by a new one unless `revise` (--herzien) says so. `concept`: built as
    a revision of a signed version (a concept whatever its data's status), so marked on the page too."""
    folder = Folder(out, job.slug)
    folder.keep_taken()  # version files the record did not know, recorded before anything else is written
    latest = folder.latest()
    document_hash = sha256(docx)
    previous = folder.latest_document() if latest and latest.document_hash != document_hash else None
    missing = (f"versie {latest.number} ontbreekt: het bestand staat in manifest.json maar niet in de map"
               if latest is not None and not folder.has_file(latest) else None)
    restore = "zet het terug uit wat verstuurd of bewaard is"
    restored = tuple(Message("", note) for note in folder.notes)  # a manifest restored from the journal
    from .ooxml.canonical import looks_the_same

    if latest is not None and (latest.document_hash == document_hash or (previous is not None and looks_the_same(previous, docx))):
        return Outcome(job.slug, "ongewijzigd", latest.number, [latest.file],
                       messages=restored + ((Message(latest.file, f"{missing}; {restore}"),) if missing else ()))
    blocked = signed_block(folder.versions(), job.slug) if not revise else None
    if blocked and latest is not None:
        unknown = unknown_states_block(folder.versions(), job.slug)  # no state known: it may be signed
        gone = (Message(latest.file, f"{missing}; {restore}"),) if missing else ()
        return Outcome(job.slug, "onbekend" if unknown else "getekend", latest.number, [], note=blocked,
                       messages=restored + gone)
    number = latest.number + 1 if latest is not None else 1
    time = folder.pending_time(number) or now()  # a version a killed run began is completed as it was begun
    docx = stamp_version(docx, number, time, on_page=concept or job.gebied.status == "concept")
    files = {docx_name(job.slug, number): docx}
    messages: tuple[Message, ...] = restored
    if missing is not None and latest is not None:
        messages += (Message(latest.file, f"{missing}; versie {number} is daarom niet met versie {latest.number} "
                            f"vergeleken (geen wijzigingen-bestanden); {restore}"),)
    if latest is not None and previous is not None and review is not None:
        reviewed = review(job, number, latest, previous, docx, time)
        files.update(reviewed.value)
        messages += reviewed.messages
    version = Entry(number=number, file=docx_name(job.slug, number), time=time, input_hash=job.input_hash,
                    document_hash=document_hash, files=sorted(files), snapshot=job.snapshot, revision=revise)
    folder.record(version, files)
    return Outcome(job.slug, "nieuw", number, sorted(files), messages=messages)


def stamp_version(docx: bytes, number: int, time: str, on_page: bool) -> bytes:
    """The document as stored: its version number and time in the core properties (and so in its PDF), and
    with `on_page` (a concept) in its header. Called once the version decision is made: the comparison
    with the latest version leaves the mark out (canonical.py), and `document_hash` is of the document
    as built, so the same inputs are still recognised as unchanged."""
    from .ooxml.package import read_parts, zip_bytes
    from .ooxml.stamp import stamped
    from .store.versions import parse_time

    parts = stamped(read_parts(docx), number, parse_time(time), version_label(number, time), on_page)
    return zip_bytes(parts)


def agreements(jobs: list[Job], landelijk: Landelijk) -> list[tuple[Job, Agreement]]:
    return [(job, agreement(job.gebied, landelijk)) for job in jobs]


def orphan_folders(out: Path, plan: Plan) -> list[Path]:
    """Output folders (with a manifest) of a gebied that has no file any more, or is no longer in the round."""
    if not out.is_dir():
        return []
    missing = {m.slug for m in plan.missing}
    have_file = {g.slug for g in plan.landelijk.in_ronde if g.slug not in missing}
    return sorted(d for d in out.iterdir() if (d / "manifest.json").is_file() and d.name not in have_file)


@dataclass
class Result:
    plan: Plan
    outcomes: list[Outcome]
    overview: tuple | None  # (rows, national, absent) of this run, when more than one gebied was asked for
    orphans: list[Path] = field(default_factory=list)  # output folders without a gebied
    messages: tuple[Message, ...] = ()  # findings that are not errors (the template's, for one), for the CLI to show
    pdfs: list[Written] = field(default_factory=list)  # with a LibreOffice program: the PDF of each new version, or why not


def run(
    data_dir: Path,
    paths: list[Path],
    template_path: Path,
    out: Path,
    *,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    pdf_program: str | None = None,
    on_pdf: Callable[[int, int, str], None] = lambda done, total, slug: None,
    workers: int | None = None,
    revise: frozenset[str] = frozenset(),
    overview_template: Path | None = None,
) -> Result:
    """The whole batch: check, build on all cores, store new versions, write the overview; with `pdf_program`
    (LibreOffice) then the PDFs of the new versions, all in one LibreOffice, `on_pdf(done, total, slug)` told
    of each. The lawyers' overviews from `overview_template` (the shipped one when None)."""
    from .document.builders import Builders
    from .review.template_memory import is_remembered, remember_template, template_texts
    from .store.write import exclusive, write_recorded

    several = len(paths) > 1  # a batch: built in parallel, with an overview
    # Started first: with several gebieden another process compiles the template while the data is checked.
    # The folder is held from before the data is read: an import-budget (which holds it too) is never read
    # half-done, and two runs never store the same version number.
    with Builders(template_path, parallel=several, workers=workers) as builders, exclusive(out, "generate"):
        the_plan = plan(data_dir, paths, template_path)
        if several:
            from .workbook import overview  # noqa: F401  (openpyxl loads while the template is still being compiled)
        template = builders.template()  # every error in the template is raised here, before anything is written
        if overview_template is not None:  # a restyled overview template too, before anything is written
            from .review.overview_doc import template as overview_template_of
            template = ResultOf(template.value, unique(template.messages + overview_template_of(overview_template).messages))

        remove_stale_temporaries(out)
        refused = refuse_records(out, the_plan, on_done)  # said, and the other gebieden go on
        # Storing a version makes no folder an orphan: they are known before anything is stored.
        orphans = orphan_folders(out, the_plan)
        revised = revisions(out, the_plan, revise)

        def meanwhile() -> tuple[tuple | None, list[str] | None]:
            """While the documents are built: the overview and the template's texts, to be stored."""
            made = _overview(the_plan, orphans) if several else None  # for the terminal
            return made, None if is_remembered(out, the_plan.template_hash) else template_texts(template.value)

        # Every document is built before any is stored: a template that fails while rendering one
        # gebied (in whichever worker) leaves nothing written for any of them.
        documents, (made, texts) = builders.build_all([job.gebied for job in the_plan.jobs], the_plan.landelijk,
                                                      meanwhile=meanwhile,
                                                      revisions=revised)
        if texts is not None:
            remember_template(out, the_plan.template_hash, texts)
        outcomes = refused + _store_all(out, list(zip(the_plan.jobs, documents)), template.messages, revise, on_done,
                                        revised, overview_template)
        placed = write_recorded(out, {OVERVIEW: overview_workbook(out, the_plan, orphans)})[0]  # every run
        pdfs = _pdfs(pdf_program, out, outcomes, on_pdf) if pdf_program else []
    messages = template.messages + ((Message(OVERVIEW, f"gewijzigd sinds afspraken het schreef; bewaard zoals het is, "
                                             f"het nieuwe overzicht staat in {placed.name}"),) if placed.kept else ())
    return Result(the_plan, outcomes, made, orphans, messages, pdfs)


def refuse_records(out: Path, the_plan: Plan, on_done: Callable[[Outcome], None]) -> list[Outcome]:
    """The gebieden whose record of versions cannot be restored, taken out of the plan with why (nothing is built
    or written for them; the others go on)."""
    refused = [Outcome(j.slug, "geweigerd", 0, note=why) for j in the_plan.jobs if (why := Folder(out, j.slug).refusal())]
    for outcome in refused:
        on_done(outcome)
    the_plan.refused = [o.slug for o in refused]
    the_plan.jobs = [job for job in the_plan.jobs if job.slug not in the_plan.refused]
    return refused


def _pdfs(program: str, out: Path, outcomes: list[Outcome], on_pdf: Callable[[int, int, str], None]) -> list[Written]:
    """The PDF of every new version, each named in its outcome's files once written."""
    from .pdf import write_versions

    new = {o.slug: o for o in outcomes if o.status == "nieuw"}
    count = 0
    on_pdf(count, len(new), "")

    def written(one: Written) -> None:
        nonlocal count
        if one.made is not None:
            new[one.slug].files.append(one.name)
        count += 1
        on_pdf(count, len(new), one.slug)

    return write_versions(program, out, [(o.slug, o.version) for o in new.values()], written)


def revisions(out: Path, the_plan: Plan, revise: frozenset[str]) -> frozenset[str]:
    """The gebieden whose next version revises a signed one (--herzien now, or a revision made earlier and not yet
    signed) while the data still gives the signed version's date: those are built as a concept, the date open."""
    from .store.versions import SIGNED, last_in_state

    date = the_plan.landelijk.ondertekening.datum.isoformat()
    found = set()
    for job in the_plan.jobs:
        versions = Folder(out, job.slug).versions()
        signed = last_in_state(versions, SIGNED)
        if signed is None or not (job.slug in revise or versions[-1].number > signed.number):
            continue
        if signed.inputs().signing_date() in (None, date):
            found.add(job.slug)
    return frozenset(found)


def _store_all(out: Path, built: list[tuple[Job, bytes]], messages: tuple[Message, ...], revise: frozenset[str],
               on_done: Callable[[Outcome], None], revised: frozenset[str] = frozenset(),
               overview_template: Path | None = None) -> list[Outcome]:
    """Store each built document as a new version where it changed, with its review files."""

    def review_files(job: Job, number: int, latest: Entry, previous: bytes, docx: bytes, time: str) -> ResultOf[dict[str, bytes]]:
        from .review import files as review  # only when there is an earlier version to compare with

        return review.new_version_files(Folder(out, job.slug), job.gebied.naam, number, time, job.snapshot, docx, messages,
                                        overview_template)

    outcomes: list[Outcome] = []
    for job, docx in built:
        try:
            outcome = store(out, job, docx, review_files, revise=job.slug in revise, concept=job.slug in revised)
        except RecordError as exc:  # a file in the way of its new version: said, the others still stored
            outcome = Outcome(job.slug, "geweigerd", 0, note=str(exc))
        outcomes.append(outcome)
        on_done(outcome)
    return outcomes


def _overview(the_plan: Plan, orphans: list[Path]) -> tuple:
    """(rows, national, absent) of this run's documents, for the command line's summary."""
    from .workbook import overview
    from .compute import national

    pairs = [(job.gebied, a) for job, a in agreements(the_plan.jobs, the_plan.landelijk)]
    return overview.rows(pairs), national([a for _, a in pairs], the_plan.landelijk), the_plan.absent()


OVERVIEW = "overzicht.xlsx"


def overview_workbook(out: Path, the_plan: Plan, orphans: list[Path]) -> bytes:
    """overzicht.xlsx from the latest version of every gebied in OUT (not only this run's), written by every
    run, so a run for one gebied leaves no figure behind and a gebied without its file is seen."""
    from .workbook import overview
    from .store.versions import parse_time

    lines, nat = overview.from_output(out, the_plan.landelijk, frozenset(g.slug for g in the_plan.missing))
    notes = [f"uitvoermap zonder gebied: {folder.name}" for folder in orphans]
    return overview.workbook(lines, nat, parse_time(now()), notes)
