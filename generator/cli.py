"""The command line: thin wiring of load → compute → render → write, and the one place errors are caught."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import batch, overview
from .errors import AfsprakenError, DataError, TemplateError, UsageError
from .render import TEMPLATE_FILE

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Maakt de bestuurlijke afspraken van de NPLV-gebieden als Word-documenten.",
)
out_console = Console()
err_console = Console(stderr=True)

DataOption = Annotated[Path, typer.Option("--data", help="Map met landelijk.yaml en gebieden/.")]
SlugsArgument = Annotated[Optional[list[str]], typer.Argument(help="Gebieden (slug), bv. amsterdam-nieuw-west.", show_default=False)]


@app.command()
def validate(slugs: SlugsArgument = None, data: DataOption = Path("data")) -> None:
    """Controleer de gegevens; meldt elke fout met bestand, regel en veld."""
    paths = batch.gebied_files(data, slugs or [], everything=not slugs)
    plan = batch.plan(data, paths)
    for job in plan.jobs:
        out_console.print(f"[green]in orde[/green]  {job.source.file}")
    if plan.problems:
        raise DataError(plan.problems)


TemplateOption = Annotated[Path, typer.Option("--template", help="Word-sjabloon (.docx).")]


@app.command("check-template")
def check_template(template: TemplateOption = TEMPLATE_FILE) -> None:
    """Controleer het Word-sjabloon; meldt elke fout met onderdeel, alinea en tag."""
    from .template_check import check

    report = check(template)
    for message in report.messages:
        out_console.print(f"[yellow]melding[/yellow] {message}", highlight=False, soft_wrap=True)
    if report.problems:
        raise TemplateError(list(report.problems), file=template)
    out_console.print(f"[green]in orde[/green]  {template}", highlight=False)


@app.command()
def generate(
    slugs: SlugsArgument = None,
    all_: Annotated[bool, typer.Option("--all", help="Alle gebieden in DATA/gebieden.")] = False,
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("output"),
    template: TemplateOption = TEMPLATE_FILE,
    pdf: Annotated[bool, typer.Option("--pdf", help="Schrijf ook een PDF/A-2 van elke nieuwe versie (LibreOffice).")] = False,
) -> None:
    """Maak de afspraken; een nieuwe versie alleen als het document verandert."""
    if not slugs and not all_:
        raise UsageError("noem een of meer gebieden, of gebruik --all")
    soffice = _soffice() if pdf else None
    paths = batch.gebied_files(data, slugs or [], everything=all_)
    pdf_notes: list[str] = []
    with _progress() as progress:
        task = progress.add_task("afspraken", total=len(paths))

        def done(outcome: batch.Outcome) -> None:
            progress.update(task, advance=1, description=outcome.slug)

        def to_pdf(outcome: batch.Outcome) -> None:
            from .pdf import write_for_version

            name, made = write_for_version(soffice, out, outcome.slug, outcome.version)
            outcome.files.append(name)
            pdf_notes.extend(f"{outcome.slug}: {m}" for m in made.messages)

        result = batch.run(data, paths, template, out, on_done=done, after_store=to_pdf if pdf else None)
    table, notes = _report(result, out)
    notes += [f"melding: {message}" for message in result.messages]
    notes += [f"melding {o.slug}: {message}" for o in result.outcomes for message in o.messages
              if message not in result.messages]
    # Piped into a file or a CI log there is no terminal width to respect: never crop a figure there.
    out_console.print(table, width=None if out_console.is_terminal else 200, crop=out_console.is_terminal)
    for note in notes + pdf_notes:
        out_console.print(note, highlight=False, soft_wrap=True)
    if result.plan.problems:
        raise DataError(result.plan.problems)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _soffice() -> str:
    from .pdf import soffice

    program = soffice()
    if not program:
        raise UsageError("een PDF vraagt om LibreOffice (soffice), dat hier niet geïnstalleerd is")
    return program


@app.command()
def pdf(
    slug: Annotated[str, typer.Argument(help="Het gebied (slug), bv. amsterdam-nieuw-west.", show_default=False)],
    version: Annotated[Optional[int], typer.Argument(help="Versienummer; standaard de laatste.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("output"),
) -> None:
    """Schrijf de PDF (PDF/A-2, getagd, reproduceerbaar) van een bestaande versie en noteer hem in manifest.json."""
    from .pdf import write_for_version
    from .write import exclusive

    program = _soffice()
    with exclusive(out):
        name, made = write_for_version(program, out, slug, version)
    out_console.print(f"geschreven: {out / slug / name} (PDF/A-2{made.conformance.lower()})", highlight=False, soft_wrap=True)
    for message in made.messages:
        out_console.print(f"let op: {message}", highlight=False, soft_wrap=True)


@app.command()
def redline(
    old: Annotated[Path, typer.Argument(help="De oude versie (.docx).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="De nieuwe versie (.docx).", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Het document met bijgehouden wijzigingen.")],
    author: Annotated[str, typer.Option("--author", help="Naam bij de wijzigingen.")] = "afspraken",
    date: Annotated[Optional[str], typer.Option("--date", help="Datum bij de wijzigingen (ISO 8601); standaard de "
                                                "wijzigingsdatum van NEW, zodat de uitvoer reproduceerbaar is.")] = None,
) -> None:
    """Schrijf NEW met elk verschil met OLD als bijgehouden wijziging (Word: Controleren)."""
    from .redline import redline_file

    moment = None
    if date is not None:
        try:
            moment = datetime.datetime.fromisoformat(date.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"--date: geen datum als 2025-06-24 of 2025-06-24T10:00:00Z: {date}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
    messages = redline_file(old, new, output, author, moment)
    for message in messages:
        out_console.print(f"[yellow]melding[/yellow] {message}", highlight=False, soft_wrap=True)
    out_console.print(f"geschreven: {output}")


def _status(outcome: batch.Outcome | None) -> str:
    if outcome is None:
        return "[red]fout[/red]"
    return f"[green]nieuw v{outcome.version}[/green]" if outcome.status == "nieuw" else f"v{outcome.version}"


def _report(result: batch.Result, out: Path) -> tuple[Table, list[str]]:
    """One screen: per gebied the version written (or not) and, for a batch, the national overview.

    The notes under the table are returned apart so that they wrap instead of being cut at the table's width."""
    from . import formatting as fmt

    outcomes = {o.slug: o for o in result.outcomes}
    failed = [f.stem for f in result.plan.failed_files]
    new = sum(o.status == "nieuw" for o in result.outcomes)
    counts = f"{new} nieuw, {len(result.outcomes) - new} ongewijzigd, {len(failed)} met fouten"
    if not result.overview:
        table = Table(title=f"Resultaat in {out}", header_style="bold")
        table.add_column("Gebied")
        table.add_column("Versie")
        table.add_column("Bestanden")
        for o in result.outcomes:
            table.add_row(o.slug, _status(o), ", ".join(o.files) if o.status == "nieuw" else "ongewijzigd")
        for slug in failed:
            table.add_row(slug, _status(None), "zie meldingen")
        return table, [counts]

    rows, nat, missing = result.overview

    def rng(low: int, high: int) -> str:
        return f"{fmt.miljoenen(low)}–{fmt.miljoenen(high)}"

    def cells(f: tuple[int, ...]) -> list[str]:
        return [fmt.aantal(f[0]), fmt.aantal(f[1]), rng(f[2], f[3]), fmt.miljoenen(f[4]), fmt.miljoenen(f[5]),
                fmt.miljoenen(f[6]), rng(f[7], f[8])]

    table = Table(title=f"{out}: landelijk overzicht (bedragen in € mln, incl. btw)", show_footer=True,
                  header_style="bold", pad_edge=False, box=None)
    # Figures never shrink; a long gebied name is what gives way on a narrow terminal.
    table.add_column("Gebied", footer="Totaal", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("Versie", no_wrap=True, min_width=8)
    widths = [max(len(c) for c in column) for column in zip(cells(overview.totals(nat)), *(cells(r.figures) for r in rows))]
    for name, footer, width in zip(("Won.", "Betaalb.", "Stimulans", "ORV", "Cap.", "Wbi", "Totaal"), cells(overview.totals(nat)), widths):
        table.add_column(name, justify="right", footer=footer, no_wrap=True, min_width=max(width, len(name)))
    by_name = {job.gebied.naam: job.slug for job in result.plan.jobs}
    for row in rows:
        table.add_row(row.naam + (" *" if row.illustratief else ""), _status(outcomes.get(by_name[row.naam])), *cells(row.figures))
    for slug in failed:
        table.add_row(slug, _status(None), *[""] * 7)
    budgets = [f"{name}: budget {fmt.miljoenen(budget)}, afspraken {fmt.miljoenen(total)}, over "
               f"{fmt.miljoenen(over)} ({fmt.procent_decimaal(percent * 100)}) — {verdict}"
               for name, budget, total, over, percent, verdict in overview.budget_lines(nat)]
    notes = [counts + ";  * illustratief", *budgets]
    if missing:
        notes.append(f"Onvolledig: {', '.join(missing)} niet meegeteld")
    notes.append(f"Overzicht: {out / 'overzicht.xlsx'}")
    return table, notes


def main() -> None:
    """Entry point: every error the engine knows becomes a message and an exit status, never a traceback."""
    try:
        app()  # typer reports its own usage errors (exit 2) and exits; our errors come out here
    except DataError as exc:
        for problem in exc.problems:
            err_console.print(f"[red]fout[/red] {problem}", highlight=False, soft_wrap=True)
        err_console.print(f"{len(exc.problems)} fout(en) in de gegevens; deze gebieden zijn niet gemaakt.", highlight=False)
        sys.exit(exc.exit_status)
    except TemplateError as exc:
        if not exc.problems:
            err_console.print(f"[red]fout[/red] {exc}", highlight=False, soft_wrap=True)
        for problem in exc.problems:
            err_console.print(f"[red]fout[/red] {exc.file}: {problem}", highlight=False, soft_wrap=True)
        if exc.problems:
            err_console.print(f"{len(exc.problems)} fout(en) in het sjabloon; er is niets gemaakt.", highlight=False)
        sys.exit(exc.exit_status)
    except AfsprakenError as exc:
        err_console.print(f"[red]fout[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_status)
