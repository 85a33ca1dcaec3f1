"""The controllers' figures into the gebied files: validated like the YAML, written all or none.

Each changed gebied's data, with the workbook's figures put in, goes through the same pydantic models
and the same checks across fields as a file the drafter wrote (load.validate, validate.gebied_problems);
a problem is reported at the workbook cell that holds the figure. Only when every gebied is right is
anything written, and then every changed file or, if one cannot be, none.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import formatting as fmt
from ..review.changes import data_changes, shown
from ..compute import BudgetCheck, National, agreement, national
from ..errors import BudgetError, DataError, Problem
from ..data.load import field_path, read_yaml, validate
from ..data.models import Gebied, Landelijk
from .figures import items, set_in
from .read import Figure, cell_problem, read_workbook
from .yaml_edit import replace_values


@dataclass
class ImportResult:
    changes: list[str]  # "Rotterdam-Zuid – ORV – …, incl. btw: € 4.200.000 → € 3.900.000"
    national: list[str]  # the national sums before and after against the budgets
    files: list[Path] = field(default_factory=list)  # the gebied files that change (or would, with --dry-run)
    written: bool = False
    warnings: list[str] = field(default_factory=list)  # per changed gebied whose last version is signed


def import_file(workbook: Path, data_dir: Path, dry_run: bool = False, out: Path | None = None) -> ImportResult:
    """The workbook's changed figures into the gebied files (all or none). With `out`, the output folder, each
    changed gebied whose last version there is signed gets a warning: its next version needs --herzien.
    Unless it is a dry run, it holds `out` from reading the data to writing it, as generate holds it from
    reading the data to storing the versions: the two never run interleaved (nor do two imports)."""
    from ..store.write import exclusive

    if dry_run or out is None:
        return _imported(workbook, data_dir, dry_run, out)
    with exclusive(out, "import-budget"):
        return _imported(workbook, data_dir, dry_run, out)


def _imported(workbook: Path, data_dir: Path, dry_run: bool, out: Path | None) -> ImportResult:
    from .. import batch
    from ..store.write import replace_all

    the_plan = batch.plan(data_dir, batch.gebied_files(data_dir, [], everything=True))
    if the_plan.problems:
        raise BudgetError([*the_plan.problems, Problem(workbook, None, "", (
            "niet ingelezen: de gegevens hebben al fouten (hierboven); herstel die eerst"))])
    jobs = {job.slug: job for job in the_plan.jobs}
    expected = [item for job in the_plan.jobs for item in items(job.gebied)]
    reading = read_workbook(workbook, expected, the_plan.landelijk)
    if reading.problems:
        raise BudgetError(reading.problems)

    per_gebied: dict[str, list[Figure]] = defaultdict(list)
    for figure in reading.figures:
        per_gebied[figure.item.slug].append(figure)
    problems: list[Problem] = []
    updates: dict[Path, tuple[bytes, bytes]] = {}
    after: dict[str, Gebied] = {}
    lines: list[str] = []
    for slug, job in jobs.items():
        changed = {f.item.path(f.field): f.value for f in per_gebied[slug] if f.changed}
        if not changed:
            after[slug] = job.gebied
            continue
        new, found = _validated(job.source.file, changed, the_plan.landelijk, workbook, per_gebied[slug])
        problems.extend(found)
        if new is None:
            continue
        after[slug] = new
        raw = job.source.file.read_bytes()
        updates[job.source.file] = (raw, replace_values(raw, changed, str(job.source.file)))
        lines += [f"{job.gebied.naam} – {line}" for line in
                  data_changes(job.gebied.model_dump(mode="json"), new.model_dump(mode="json"))]
    problems += [Problem(path, None, "", READ_ONLY) for path in sorted(updates) if read_only(path)]
    if problems:
        raise BudgetError(problems)
    before_sums = national([agreement(j.gebied, the_plan.landelijk) for j in the_plan.jobs], the_plan.landelijk)
    after_sums = national([agreement(after[s], the_plan.landelijk) for s in jobs], the_plan.landelijk)
    changed_slugs = [slug for slug, job in jobs.items() if job.source.file in updates]
    result = ImportResult(lines, national_lines(before_sums, after_sums), sorted(updates),
                          warnings=signed_warnings(out, [(s, jobs[s].gebied.naam) for s in changed_slugs]) if out else [])
    if updates and not dry_run:
        replace_all(updates)
        result.written = True
    return result


READ_ONLY = ("alleen-lezen (zonder schrijfrechten); er is niets geschreven, ook niet in de andere bestanden: "
             "maak het bestand schrijfbaar als de bedragen erin mogen veranderen, en lees de werkmap opnieuw in")


def read_only(path: Path) -> bool:
    """Made read-only by its owner (no write permission), or not writable for this user."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False  # replace_all reports a file that cannot be read
    return not mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def signed_warnings(out: Path, gebieden: list[tuple[str, str]]) -> list[str]:
    """For each (slug, naam) with a signed version in `out` not under revision: that the change needs --herzien."""
    from ..errors import RecordError
    from ..store.versions import Folder, signed_block

    warnings = []
    for slug, naam in gebieden:
        try:
            block = signed_block(Folder(out, slug).versions(), slug)
        except RecordError as exc:  # the import changes only the data; generate refuses this gebied until restored
            warnings.append(f"{naam} ({slug}): niet vast te stellen of een versie getekend is: {exc}")
            continue
        if block:
            warnings.append(f"{naam} ({slug}): een versie in {out} is {block}")
    return warnings


def _validated(file: Path, changed: dict, landelijk: Landelijk, workbook: Path,
               figures: list[Figure]) -> tuple[Gebied | None, list[Problem]]:
    """The gebied with the new figures, checked as if the drafter had typed them; problems at their cells."""
    from ..data.validate import gebied_problems

    data, source = read_yaml(file)
    for path, value in changed.items():
        set_in(data, path, value)
    at = {field_path(f.item.path(f.field)): f for f in figures}
    try:
        gebied = validate(Gebied, data, source)
    except DataError as exc:
        return None, [_at_cell(p, at, workbook) for p in exc.problems]
    return gebied, [_at_cell(p, at, workbook) for p in gebied_problems(gebied, source, landelijk)]


def _at_cell(problem: Problem, at: dict[str, Figure], workbook: Path) -> Problem:
    """A problem with a figure that the workbook holds is reported at its cell; any other stays where it is."""
    figure = at.get(problem.field)
    if figure is None:
        return problem
    return cell_problem(workbook, figure.sheet, figure.cell,
                        f"{figure.item.describe(figure.field)} {shown(figure.field, figure.value)}: {problem.message}")


def national_lines(before: National, after: National) -> list[str]:
    """Per budget: the sum of the agreements before → after, the budget, and the overprogrammering."""
    from ..workbook.overview import budget_lines

    out = []
    verdicts = {line[0]: line[-1] for line in budget_lines(after)}
    for name, old, new in (("ORV", before.orv, after.orv), ("Capaciteit", before.capaciteit, after.capaciteit)):
        def over(check: BudgetCheck) -> str:
            return f"{fmt.bedrag(check.over)} ({fmt.procent_decimaal(check.over_percent)})"

        total = fmt.bedrag(old.total) if old.total == new.total else f"{fmt.bedrag(old.total)} → {fmt.bedrag(new.total)}"
        excess = over(old) if old.total == new.total else f"{over(old)} → {over(new)}"
        out.append(f"{name}: afspraken {total} tegenover budget {fmt.bedrag(new.budget)}; "
                   f"overprogrammering {excess} — {verdicts[name]}")
    return out

