"""The command line: thin wiring of load → compute → render → write, and the one place errors are caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import batch, overview
from .errors import AfsprakenError, DataError, OutputError, UsageError
from .render import TEMPLATE_FILE
from .versions import docx_name
from .write import write_atomic

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


@app.command()
def generate(
    slugs: SlugsArgument = None,
    all_: Annotated[bool, typer.Option("--all", help="Alle gebieden in DATA/gebieden.")] = False,
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("output"),
    template: Annotated[Path, typer.Option("--template", help="Word-sjabloon (.docx).")] = TEMPLATE_FILE,
    pdf: Annotated[bool, typer.Option("--pdf", help="Schrijf ook een PDF van elke nieuwe versie (LibreOffice).")] = False,
) -> None:
    """Maak de afspraken; een nieuwe versie alleen als het document verandert."""
    if not slugs and not all_:
        raise UsageError("noem een of meer gebieden, of gebruik --all")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if pdf and not soffice:
        raise UsageError("--pdf vraagt om LibreOffice (soffice), dat hier niet geïnstalleerd is")
    paths = batch.gebied_files(data, slugs or [], everything=all_)
    with _progress() as progress:
        task = progress.add_task("afspraken", total=len(paths))

        def done(outcome: batch.Outcome) -> None:
            progress.update(task, advance=1, description=outcome.slug)

        def to_pdf(outcome: batch.Outcome) -> None:
            outcome.files.append(_pdf(soffice, out / outcome.slug / docx_name(outcome.slug, outcome.version)))

        result = batch.run(data, paths, template, out, on_done=done, after_store=to_pdf if pdf else None)
    if result.overview:
        out_console.print(_overview_table(*result.overview))
    _summary(result.outcomes, result.plan, out)
    if result.plan.problems:
        raise DataError(result.plan.problems)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


def _pdf(soffice: str, docx: Path) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([soffice, f"-env:UserInstallation=file://{scratch}/profile", "--headless", "--convert-to", "pdf",
                        "--outdir", scratch, str(docx)], check=False, capture_output=True, timeout=300)
        produced = Path(scratch) / (docx.stem + ".pdf")
        if not produced.exists():
            raise OutputError(f"{docx}: LibreOffice kon er geen PDF van maken")
        write_atomic(docx.with_suffix(".pdf"), produced.read_bytes())
    return docx.with_suffix(".pdf").name


def _overview_table(table: list[overview.Row], nat, missing: list[str]) -> Table:
    from . import formatting as fmt

    shown = Table(title="Landelijk overzicht (incl. btw)", show_footer=True, header_style="bold")
    sums = overview.totals(nat)
    shown.add_column("Gebied", footer="Totaal")
    for index, name in enumerate(("Woningen", "Betaalbaar", "Realisatiestimulans", "ORV", "Capaciteit", "Wbi", "Totaal")):
        if name == "Realisatiestimulans":
            footer = f"{fmt.bedrag(sums[2])} – {fmt.bedrag(sums[3])}"
        elif name == "Totaal":
            footer = f"{fmt.bedrag(sums[7])} – {fmt.bedrag(sums[8])}"
        else:
            value = sums[{"Woningen": 0, "Betaalbaar": 1, "ORV": 4, "Capaciteit": 5, "Wbi": 6}[name]]
            footer = fmt.aantal(value) if index < 2 else fmt.bedrag(value)
        shown.add_column(name, justify="right", footer=footer)
    for row in table:
        f = row.figures
        shown.add_row(
            row.naam + (" *" if row.illustratief else ""), fmt.aantal(f[0]), fmt.aantal(f[1]),
            f"{fmt.bedrag(f[2])} – {fmt.bedrag(f[3])}", fmt.bedrag(f[4]), fmt.bedrag(f[5]), fmt.bedrag(f[6]),
            f"{fmt.bedrag(f[7])} – {fmt.bedrag(f[8])}",
        )
    lines = [f"{name}: budget {fmt.bedrag(budget)}, afspraken {fmt.bedrag(total)}, overprogrammering "
             f"{fmt.bedrag(over)} ({percent:.1%}) — {verdict}".replace(".", ",", 0)
             for name, budget, total, over, percent, verdict in overview.budget_lines(nat)]
    notes = ["* illustratief"] + lines + ([f"Onvolledig: {', '.join(missing)} niet meegeteld"] if missing else [])
    shown.caption = "\n".join(notes)
    return shown


def _summary(outcomes: list[batch.Outcome], plan: batch.Plan, out: Path) -> None:
    table = Table(title=f"Resultaat in {out}", header_style="bold")
    table.add_column("Gebied")
    table.add_column("Resultaat")
    table.add_column("Bestanden")
    for o in outcomes:
        label = f"[green]nieuw: v{o.version}[/green]" if o.status == "nieuw" else f"ongewijzigd (v{o.version})"
        table.add_row(o.slug, label, ", ".join(o.files) if o.status == "nieuw" else "")
    for file in plan.failed_files:
        table.add_row(file.stem, "[red]fout in gegevens[/red]", "zie meldingen hieronder")
    new = sum(o.status == "nieuw" for o in outcomes)
    table.caption = f"{new} nieuw, {len(outcomes) - new} ongewijzigd, {len(plan.failed_files)} met fouten"
    out_console.print(table)


def main() -> None:
    """Entry point: every error the engine knows becomes a message and an exit status, never a traceback."""
    try:
        app()  # typer reports its own usage errors (exit 2) and exits; our errors come out here
    except DataError as exc:
        for problem in exc.problems:
            err_console.print(f"[red]fout[/red] {problem}", highlight=False, soft_wrap=True)
        err_console.print(f"{len(exc.problems)} fout(en) in de gegevens; deze gebieden zijn niet gemaakt.", highlight=False)
        sys.exit(exc.exit_status)
    except AfsprakenError as exc:
        err_console.print(f"[red]fout[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_status)
