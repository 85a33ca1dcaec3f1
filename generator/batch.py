"""A batch: load and check every gebied, build the documents on all cores, store new versions.

A gebied whose data is invalid is reported and skipped; the others are still
generated. Nothing is printed here: the caller is told about progress through
a callback and gets the outcomes back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import document
from .compute import Agreement, agreement
from .errors import DataError, Problem, UsageError
from .load import SourceMap, load_gebied, load_landelijk
from .models import Gebied, Landelijk
from .render import Template
from .results import Message
from .results import Result as ResultOf
from .validate import duplicate_problems, gebied_problems
from .versions import Folder, Version, docx_name, now, sha256


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
    problems: list[Problem]  # of gebieden that will not be generated

    @property
    def failed_files(self) -> list[Path]:
        return sorted({p.file for p in self.problems})


@dataclass
class Outcome:
    slug: str
    status: str  # "nieuw" | "ongewijzigd"
    version: int
    files: list[str] = field(default_factory=list)
    messages: tuple[Message, ...] = ()  # of the review files (fallbacks taken), shown by the CLI


def gebied_files(data_dir: Path, slugs: list[str], everything: bool) -> list[Path]:
    folder = data_dir / "gebieden"
    available = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if everything or not slugs:
        if not available:
            raise UsageError(f"{folder}: geen gebieden gevonden (*.yaml)")
        return available
    known = {p.stem: p for p in available}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise UsageError(f"onbekend gebied: {', '.join(unknown)}; bekend in {folder}: {', '.join(known) or 'geen'}")
    return [known[s] for s in dict.fromkeys(slugs)]


def plan(data_dir: Path, paths: list[Path], template: Path | None = None) -> Plan:
    """Load and check everything; a broken landelijk.yaml stops the batch, a broken gebied only itself."""
    landelijk = load_landelijk(data_dir)
    template_bytes = _read(template) if template else b""
    shared = (data_dir / "landelijk.yaml").read_bytes() + template_bytes
    template_hash = sha256(template_bytes)
    loaded: list[tuple[Gebied, SourceMap, bytes]] = []
    problems: list[Problem] = []
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
        Job(g.slug, g, s, sha256(raw + shared), {"gebied": g.model_dump(mode="json"), "landelijk": national_snapshot, "sjabloon": template_hash})
        for g, s, raw in loaded if s.file not in refused
    ]
    return Plan(landelijk, template_hash, jobs, problems)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: sjabloon kan niet gelezen worden ({exc.strerror})") from None


# --- building, spread over the cores -----------------------------------------

_worker_template: Template | None = None
_worker_landelijk: Landelijk | None = None


def _init_worker(template: Template, landelijk: Landelijk) -> None:
    global _worker_template, _worker_landelijk
    _worker_template, _worker_landelijk = template, landelijk


def _build(gebied: Gebied) -> bytes:
    assert _worker_template is not None and _worker_landelijk is not None
    return document.build(gebied, _worker_landelijk, _worker_template)


def build_all(jobs: list[Job], landelijk: Landelijk, template: Template, workers: int | None = None) -> Iterator[tuple[Job, bytes]]:
    """Each job's document, in the jobs' order, built in a pool of worker processes."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 2:
        _init_worker(template, landelijk)
        for job in jobs:
            yield job, _build(job.gebied)
        return
    # fork: the workers inherit the compiled template instead of unpickling it.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(template, landelijk)) as pool:
        chunk = max(1, len(jobs) // (workers * 4))
        yield from zip(jobs, pool.map(_build, [j.gebied for j in jobs], chunksize=chunk))


Review = Callable[["Job", int, dict, bytes, bytes], "ResultOf[dict[str, bytes]]"]


def store(out: Path, job: Job, docx: bytes, review: Review | None = None) -> Outcome:
    """Write a new version if the document differs from the latest one (with its review files)."""
    folder = Folder(out, job.slug)
    latest = folder.latest()
    document_hash = sha256(docx)
    previous = folder.latest_document() if latest and latest["document_hash"] != document_hash else None
    if latest is not None and (latest["document_hash"] == document_hash or (previous is not None and looks_the_same(previous, docx))):
        return Outcome(job.slug, "ongewijzigd", latest["versie"], [latest["bestand"]])
    number = latest["versie"] + 1 if latest else 1
    files = {docx_name(job.slug, number): docx}
    messages: tuple[Message, ...] = ()
    if latest is not None and previous is not None and review is not None:
        reviewed = review(job, number, latest, previous, docx)
        files.update(reviewed.value)
        messages = reviewed.messages
    extra = {"bestanden": sorted(files), "invoer": job.snapshot}
    version = Version(number, docx_name(job.slug, number), now(), job.input_hash, document_hash, extra)
    folder.record(version, files)
    return Outcome(job.slug, "nieuw", number, sorted(files), messages)


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


@dataclass
class Result:
    plan: Plan
    outcomes: list[Outcome]
    overview: tuple | None  # (rows, national, missing) when more than one gebied was asked for
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
) -> Result:
    """The whole batch: check, build on all cores, store new versions, write the overview."""
    from . import overview, review
    from .compute import national
    from .write import exclusive, write_atomic

    the_plan = plan(data_dir, paths, template_path)
    template = Template(template_path)
    outcomes: list[Outcome] = []
    summary = None
    with exclusive(out):
        remove_stale_temporaries(out)
        # Every document is built before any is stored: a template that fails while rendering one
        # gebied (in whichever worker) leaves nothing written for any of them.
        built = list(build_all(the_plan.jobs, the_plan.landelijk, template, workers))
        review.remember_template(out, the_plan.template_hash, template.parts)

        def review_files(job: Job, number: int, latest: dict, previous: bytes, docx: bytes) -> ResultOf[dict[str, bytes]]:
            old_snapshot = latest.get("invoer") or {"gebied": {}, "landelijk": {}}
            return review.files(job.slug, number, job.gebied.naam, old_snapshot, job.snapshot, previous, docx,
                                the_plan.landelijk, out, template.messages)

        for job, docx in built:
            outcome = store(out, job, docx, review_files)
            if after_store is not None and outcome.status == "nieuw":
                after_store(outcome)
            outcomes.append(outcome)
            on_done(outcome)
        if len(paths) > 1:
            pairs = [(job.gebied, a) for job, a in agreements(the_plan.jobs, the_plan.landelijk)]
            nat = national([a for _, a in pairs], the_plan.landelijk)
            rows = overview.rows(pairs)
            missing = [f.stem for f in the_plan.failed_files]
            write_atomic(out / "overzicht.xlsx", overview.workbook(rows, nat, missing, the_plan.landelijk.ondertekening.datum))
            summary = (rows, nat, missing)
    return Result(the_plan, outcomes, summary, template.messages)
