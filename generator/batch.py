"""A batch: load and check every gebied, build the documents on all cores, store new versions.

A gebied whose data is invalid is reported and skipped; the others are still
generated. Nothing is printed here: the caller is told about progress through
a callback and gets the outcomes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .compute import Agreement, agreement
from .errors import DataError, Problem, UsageError
from . import ronde
from .load import SourceMap, field_path, load_gebied, shown_path
from .models import Gebied, Landelijk, RondeGebied
from .results import Message
from .results import Result as ResultOf
from .validate import checked_landelijk, duplicate_problems, gebied_problems
from .versions import Folder, Version, docx_name, now, sha256, signed_block


@dataclass(frozen=True)
class Job:
    slug: str
    gebied: Gebied
    source: SourceMap
    input_hash: str
    snapshot: dict  # the inputs as JSON, kept with the version to tell later what changed


@dataclass
class Plan:
    landelijk: Landelijk
    template_hash: str
    jobs: list[Job]
    problems: list[Problem]  # of gebieden that will not be generated, and of files that are no gebied file
    missing: list[RondeGebied] = field(default_factory=list)  # gebieden of the round without a file
    asked: list[str] = field(default_factory=list)  # the slugs this run was asked for

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
        reasons = {"ontbreekt": [], "fout in de gegevens": [], "niet gevraagd": []}
        for g in self.landelijk.in_ronde:
            if g.slug in done:
                continue
            reason = "ontbreekt" if g.slug in missing else "fout in de gegevens" if g.slug in failed else "niet gevraagd"
            reasons[reason].append(g.naam)
        return {reason: names for reason, names in reasons.items() if names}


@dataclass
class Outcome:
    slug: str
    status: str  # "nieuw" | "ongewijzigd" | "getekend" (a new version was refused: the latest is signed)
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
    unknown = ronde.unknown_slugs(slugs, landelijk)
    if unknown:
        known = ", ".join(g.slug for g in landelijk.in_ronde)
        raise UsageError(f"onbekend gebied: {', '.join(unknown)}; de gebieden van de ronde (landelijk.yaml): {known}")
    absent = [s for s in slugs if s not in found.files]
    if absent:
        raise UsageError(f"gebied {', '.join(absent)} ontbreekt: geen bestand "
                         + ", ".join(str(found.folder / f"{s}{ronde.SUFFIX}") for s in absent)
                         + "".join(f"\n{p}" for p in found.problems))
    return [found.files[s] for s in dict.fromkeys(slugs)]


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
        Job(g.slug, g, s, sha256(raw + shared), {"gebied": g.model_dump(mode="json"), "landelijk": national_snapshot, "sjabloon": template_hash,
                                                 "bron": {"gebied": _lines(s), "landelijk": _lines(national_source)}})
        for g, s, raw in loaded if s.file not in refused
    ]
    return Plan(landelijk, template_hash, jobs, problems, files.missing, [p.stem for p in paths])


def _lines(source: SourceMap) -> dict:
    """Where each field stood in its file when the version was made, so a later comparison can still say
    which line of which file a change came from: {"bestand": ..., "regels": {"orv.maatregelen[2].naam": 139}}."""
    lines = {field_path(path): line for path, line in sorted(source.lines.items(), key=lambda item: item[1])
             if path and "<value>" not in path}
    return {"bestand": shown_path(source.file), "regels": lines}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: sjabloon kan niet gelezen worden ({exc.strerror})") from None


# (job, new number, latest entry, latest document, new document, the new version's time) → review files
Review = Callable[["Job", int, dict, bytes, bytes, str], "ResultOf[dict[str, bytes]]"]


def store(out: Path, job: Job, docx: bytes, review: Review | None = None, revise: bool = False) -> Outcome:
    """Write a new version if the document differs from the latest one (with its review files).

    A signed latest version is not followed by a new one unless `revise` (--herzien) says so."""
    folder = Folder(out, job.slug)
    latest = folder.latest()
    document_hash = sha256(docx)
    previous = folder.latest_document() if latest and latest["document_hash"] != document_hash else None
    if latest is not None and (latest["document_hash"] == document_hash or (previous is not None and looks_the_same(previous, docx))):
        return Outcome(job.slug, "ongewijzigd", latest["versie"], [latest["bestand"]])
    blocked = signed_block(latest, job.slug) if not revise else None
    if blocked:
        return Outcome(job.slug, "getekend", latest["versie"], [], note=blocked)
    number = latest["versie"] + 1 if latest else 1
    time = now()
    files = {docx_name(job.slug, number): docx}
    messages: tuple[Message, ...] = ()
    if latest is not None and previous is not None and review is not None:
        reviewed = review(job, number, latest, previous, docx, time)
        files.update(reviewed.value)
        messages = reviewed.messages
    extra = {"bestanden": sorted(files), "invoer": job.snapshot}
    version = Version(number, docx_name(job.slug, number), time, job.input_hash, document_hash, extra)
    folder.record(version, files)
    return Outcome(job.slug, "nieuw", number, sorted(files), messages=messages)


def looks_the_same(old: bytes, new: bytes) -> bool:
    """Whether a reader sees any difference: a template re-saved by Word or LibreOffice changes many bytes
    (rsids, runs, styles, cached field results) and nothing on the page, and makes no new version."""
    from .ooxml.canonical import reader_view
    from .ooxml.package import read_parts

    return reader_view(read_parts(old)) == reader_view(read_parts(new))


def agreements(jobs: list[Job], landelijk: Landelijk) -> list[tuple[Job, Agreement]]:
    return [(job, agreement(job.gebied, landelijk)) for job in jobs]


def remove_stale_temporaries(out: Path) -> None:
    """Temporary files of a run that was killed; only ever called while holding the folder's lock."""
    for stale in out.glob("**/.*.tmp"):
        stale.unlink(missing_ok=True)


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
    overview: tuple | None  # (rows, national, absent) when more than one gebied was asked for
    orphans: list[Path] = field(default_factory=list)  # output folders without a gebied
    messages: tuple[Message, ...] = ()  # findings that are not errors (the template's, for one), for the CLI to show


def run(
    data_dir: Path,
    paths: list[Path],
    template_path: Path,
    out: Path,
    *,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    after_store: Callable[[Outcome], None] | None = None,
    workers: int | None = None,
    revise: frozenset[str] = frozenset(),
) -> Result:
    """The whole batch: check, build on all cores, store new versions, write the overview."""
    from .builders import Builders
    from .template_memory import is_remembered, remember_template, template_texts
    from .write import exclusive, write_atomic

    several = len(paths) > 1  # a batch: built in parallel, with an overview
    # Started first: with several gebieden another process compiles the template while the data is checked.
    with Builders(template_path, parallel=several, workers=workers) as builders:
        the_plan = plan(data_dir, paths, template_path)
        if several:
            from . import overview  # noqa: F401  (openpyxl loads while the template is still being compiled)
        template = builders.template()  # every error in the template is raised here, before anything is written

        with exclusive(out):
            remove_stale_temporaries(out)
            # Storing a version makes no folder an orphan: they are known before anything is stored.
            orphans = orphan_folders(out, the_plan)

            def meanwhile() -> tuple[tuple | None, list[str] | None]:
                """While the documents are built: the overview and the template's texts, to be stored."""
                made = _overview(the_plan, orphans) if several else None
                return made, None if is_remembered(out, the_plan.template_hash) else template_texts(template.value)

            # Every document is built before any is stored: a template that fails while rendering one
            # gebied (in whichever worker) leaves nothing written for any of them.
            documents, (made, texts) = builders.build_all([job.gebied for job in the_plan.jobs], the_plan.landelijk,
                                                          meanwhile=meanwhile)
            if texts is not None:
                remember_template(out, the_plan.template_hash, texts)
            outcomes = _store_all(out, list(zip(the_plan.jobs, documents)), template.messages, revise, on_done,
                                  after_store)
            summary = None
            if made is not None:
                summary, workbook = made
                write_atomic(out / "overzicht.xlsx", workbook)
    return Result(the_plan, outcomes, summary, orphans, template.messages)


def _store_all(out: Path, built: list[tuple[Job, bytes]], messages: tuple[Message, ...], revise: frozenset[str],
               on_done: Callable[[Outcome], None], after_store: Callable[[Outcome], None] | None) -> list[Outcome]:
    """Store each built document as a new version where it changed, with its review files."""

    def review_files(job: Job, number: int, latest: dict, previous: bytes, docx: bytes, time: str) -> ResultOf[dict[str, bytes]]:
        from . import review  # only when there is an earlier version to compare with

        return review.new_version_files(Folder(out, job.slug), job.gebied.naam, number, time, job.snapshot, docx, messages)

    outcomes: list[Outcome] = []
    for job, docx in built:
        outcome = store(out, job, docx, review_files, revise=job.slug in revise)
        if after_store is not None and outcome.status == "nieuw":
            after_store(outcome)
        outcomes.append(outcome)
        on_done(outcome)
    return outcomes


def _overview(the_plan: Plan, orphans: list[Path]) -> tuple[tuple, bytes]:
    """(rows, national, absent) of the overview, for the command line's summary, and overzicht.xlsx."""
    from . import overview  # openpyxl
    from .compute import national

    pairs = [(job.gebied, a) for job, a in agreements(the_plan.jobs, the_plan.landelijk)]
    rows, nat, absent = overview.rows(pairs), national([a for _, a in pairs], the_plan.landelijk), the_plan.absent()
    notes = [f"uitvoermap zonder gebied: {folder.name}" for folder in orphans]
    return (rows, nat, absent), overview.workbook(rows, nat, absent, the_plan.landelijk.ondertekening.datum, notes)
