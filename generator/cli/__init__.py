"""The command line: thin wiring of load → compute → render → write, and the one place errors are caught.

Each command imports what it uses inside its own function: defining the app loads only typer, the
errors and the defaults, so `afspraken --help` or `afspraken redline` does not pay for docxtpl,
openpyxl, pydantic or babel (benchmarks/cli_bench.py measures it). There is no `from __future__ import
annotations` here: typer reads the annotations of every command at each start, and as strings it would
have to evaluate them all (about 20 ms); the few names only a type checker imports are quoted instead.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..defaults import DEFAULT_AUTHOR, TEMPLATE_FILE
from ..errors import AfsprakenError, DataError, TemplateError, UsageError, error_text
from . import options, report
from .options import DataOption, OutOption, OverviewTemplateOption, SlugArgument, SlugsArgument, TemplateOption
from .report import err_console, line, out_console

if TYPE_CHECKING:
    from rich.progress import TaskID

    from .. import batch

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Maakt de bestuurlijke afspraken van de NPLV-gebieden als Word-documenten.",
)


@app.command()
def validate(slugs: SlugsArgument = None, data: DataOption = Path("data")) -> None:
    """Controleer de gegevens; meldt elke fout met bestand, regel en veld."""
    from .. import batch

    paths = batch.gebied_files(data, slugs or [], everything=not slugs)
    plan = batch.plan(data, paths)
    for job in plan.jobs:
        out_console.print(line(("in orde", "green"), f"  {job.source.file}"))
    for gebied in plan.missing:
        out_console.print(line(("ontbreekt", "yellow"), f" {gebied.naam}: geen bestand {data / 'gebieden' / (gebied.slug + '.yaml')}"),
                          soft_wrap=True)
    if plan.problems:
        raise DataError(plan.problems)


@app.command("check-template")
def check_template(template: TemplateOption = TEMPLATE_FILE, soort: Annotated[Optional[str], typer.Option(
        "--soort", help="afspraken of overzicht (standaard: herkend aan de namen in het sjabloon).")] = None) -> None:
    """Controleer het Word-sjabloon; meldt elke fout met onderdeel, alinea en tag."""
    report.checked_template(template, soort)


@app.command()
def generate(
    slugs: SlugsArgument = None,
    all_: Annotated[bool, typer.Option("--all", help="Alle gebieden in DATA/gebieden.")] = False,
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("output"),
    template: TemplateOption = TEMPLATE_FILE,
    overzicht_sjabloon: OverviewTemplateOption = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Schrijf ook een PDF/A-2 van elke nieuwe versie (LibreOffice).")] = False,
    herzien: Annotated[Optional[list[str]], typer.Option("--herzien", help="Gebied (slug) waarvan een getekende "
                                                         "versie herzien wordt: schrijf toch een nieuwe versie.")] = None,
) -> None:
    """Maak de afspraken; een nieuwe versie alleen als het document verandert."""
    from .. import batch

    if not slugs and not all_:
        raise UsageError("noem een of meer gebieden, of gebruik --all")
    paths = batch.gebied_files(data, slugs or [], everything=all_)
    if herzien:
        from .asked import check_herzien

        check_herzien(herzien, paths, data, out)
    soffice = options.soffice_program() if pdf else None
    with report.progress() as bar:
        task = bar.add_task("afspraken", total=len(paths))
        pdf_task: list[TaskID] = []  # the PDFs' bar (its task id), added when their number is known

        def done(outcome: "batch.Outcome") -> None:
            bar.update(task, advance=1, description=outcome.slug)

        def pdf_done(count: int, total: int, slug: str) -> None:
            if not pdf_task:
                pdf_task.append(bar.add_task("PDF's (LibreOffice)", total=total))
            bar.update(pdf_task[0], completed=count, description=f"PDF {slug}" if slug else "PDF's (LibreOffice)")

        result = batch.run(data, paths, template, out, on_done=done, pdf_program=soffice, on_pdf=pdf_done,
                           revise=frozenset(herzien or []), overview_template=overzicht_sjabloon)
    table, notes = report.generate_report(result, out)
    notes += [f"melding: {message}" for message in result.messages]
    notes += [f"melding {o.slug}: {message}" for o in result.outcomes for message in o.messages
              if message not in result.messages]
    # Piped into a file or a CI log there is no terminal width to respect: never crop a figure there.
    out_console.print(table, width=None if out_console.is_terminal else 200, crop=out_console.is_terminal)
    notes += [f"{w.slug}: {m}" for w in sorted(result.pdfs, key=lambda w: w.slug) if w.made for m in w.made.messages]
    for note in notes:
        out_console.print(line(note), highlight=False, soft_wrap=True)
    report.generate_ending(result)


@app.command()
def pdf(
    slug: Annotated[str, typer.Argument(help="Het gebied (slug), bv. amsterdam-nieuw-west.", show_default=False)],
    version: Annotated[Optional[int], typer.Argument(help="Versienummer; standaard de laatste.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap.")] = Path("output"),
) -> None:
    """Schrijf de PDF (PDF/A-2, getagd, reproduceerbaar) van een bestaande versie en noteer hem in manifest.json."""
    from .asked import check_asked
    from ..pdf import write_for_version
    from ..store.write import exclusive

    check_asked(slug, out, number=version)  # refused before the folder is locked (created)
    program = options.soffice_program()
    with exclusive(out, "pdf"):
        name, made = write_for_version(program, out, slug, version)
    out_console.print(f"geschreven: {out / slug / name} (PDF/A-2{made.conformance.lower()})", highlight=False, soft_wrap=True)
    for message in made.messages:
        out_console.print(f"let op: {message}", highlight=False, soft_wrap=True)


@app.command()
def redline(
    old: Annotated[Path, typer.Argument(help="De oude versie (.docx).", show_default=False)],
    new: Annotated[Path, typer.Argument(help="De nieuwe versie (.docx).", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Het document met bijgehouden wijzigingen.")],
    author: Annotated[str, typer.Option("--author", help="Naam bij de wijzigingen.")] = DEFAULT_AUTHOR,
    date: Annotated[Optional[str], typer.Option("--date", help="Datum bij de wijzigingen (ISO 8601); standaard de "
                                                "wijzigingsdatum van NEW, zodat de uitvoer reproduceerbaar is.")] = None,
) -> None:
    """Schrijf NEW met elk verschil met OLD als bijgehouden wijziging (Word: Controleren)."""
    from ..redline.coverage import not_compared
    from ..ooxml.package import read_untrusted
    from ..redline import write_redline

    old_parts, new_parts = read_untrusted(old), read_untrusted(new)  # each file read once, for both steps
    messages = write_redline(old_parts, new_parts, output, author, options.moment(date), str(new), str(old))
    typer.echo(f"geschreven: {output}")  # plain: rich is not loaded for a few lines
    for message in messages:  # fallbacks taken, and what differs but is not tracked ("niet bijgehouden: …")
        typer.echo(f"melding: {message}")
    differ = not_compared(old_parts, new_parts)
    if differ:
        typer.echo(f"let op: niet vergeleken, maar wel verschillend tussen de twee documenten: "
                   f"{', '.join(differ)}; dit staat niet als wijziging in {output.name}")


@app.command("export-budget")
def export_budget(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="De werkmap die geschreven wordt.")] = Path("begroting.xlsx"),
) -> None:
    """Schrijf de begroting (Excel): per gebied de bedragen en aantallen die de budgetcontrollers kunnen wijzigen."""
    from ..budget.export import export_file

    report.placed(out_console, out.parent, [export_file(data, out)])


@app.command("import-budget")
def import_budget(
    file: Annotated[Path, typer.Argument(help="De ingevulde begroting (.xlsx).", show_default=False)],
    data: DataOption = Path("data"),
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Toon wat er verandert; schrijf niets.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Uitvoermap, om te melden welke gebieden getekend zijn.")] = Path("output"),
) -> None:
    """Zet de gewijzigde bedragen en aantallen uit de begroting in de gebiedsbestanden (alles of niets)."""
    from ..budget.apply import import_file

    result = import_file(file, data, dry_run=dry_run, out=out)
    for text in [*(result.changes or ["geen wijzigingen in de begroting"]), *result.national]:
        out_console.print(line(text), highlight=False, soft_wrap=True)
    if result.written:
        out_console.print(line(f"bijgewerkt: {', '.join(str(p) for p in result.files)}"), highlight=False, soft_wrap=True)
    elif result.files:
        out_console.print(line(f"--dry-run: niets geschreven; zou bijwerken: {', '.join(str(p) for p in result.files)}"),
                          highlight=False, soft_wrap=True)
    for text in result.warnings:
        out_console.print(line(("let op:", "yellow"), f" {text}"), highlight=False, soft_wrap=True)


@app.command()
def mark(
    slug: SlugArgument,
    version: Annotated[str, typer.Argument(help="Het versienummer (3 of v3).", show_default=False)],
    state: Annotated[str, typer.Argument(help="verzonden, beoordeeld of getekend.", show_default=False)],
    note: Annotated[Optional[str], typer.Option("--note", help="Toelichting bij de staat.")] = None,
    herstel: Annotated[bool, typer.Option("--herstel", help="Een correctie (zo vastgelegd): ook een versie ouder dan de getekende, of een tweede keer.")] = False,
    out: OutOption = Path("output"),
) -> None:
    """Leg vast dat een versie verzonden, juridisch beoordeeld of getekend is (in manifest.json)."""
    from .asked import check_asked
    from ..store.versions import Folder, check_state, now
    from ..store.write import exclusive

    check_asked(slug, out, versions=False)
    check_state(state)
    folder = Folder(out, slug)
    folder.resolve(version)  # an unknown version is refused before anything is touched
    with exclusive(out, "mark"):
        number = folder.resolve(version)
        recorded = folder.mark(number, state, note, now(), correction=herstel)
    from ..formatting import tijdstip
    from ..store.versions import parse_time

    out_console.print(line(f"{slug} v{number}: {state} ({tijdstip(parse_time(recorded.time))})"), highlight=False)


@app.command()
def history(slug: SlugArgument, out: OutOption = Path("output")) -> None:
    """Toon elke versie met tijd, staten en wat er veranderde."""
    from .asked import check_asked
    from ..review.files import history as rows
    from ..store.versions import Folder

    check_asked(slug, out)
    out_console.print(line((slug, "bold"), f" in {out}"), highlight=False)
    folder = Folder(out, slug)
    for row in rows(folder):
        states = "".join(f"; {state}" for state in row.states)
        out_console.print(line((f"v{row.number}", "bold"), f"  {row.time}{states}"), highlight=False, soft_wrap=True)
        out_console.print(line(f"    {row.change}"), highlight=False, soft_wrap=True)
    for note in folder.notes:
        out_console.print(line(("melding", "yellow"), f" {note}"), highlight=False, soft_wrap=True)


@app.command()
def status(out: OutOption = Path("output"), data: DataOption = Path("data")) -> None:
    """Toon de ronde: per gebied de laatste versie, haar staat, de getekende versie en of er sinds de juridische
    beoordeling iets veranderde."""
    from ..data.validate import checked_landelijk
    from ..review.status import of_round

    report.round_status(out, of_round(out, checked_landelijk(data)[0]))


@app.command()
def compare(
    slug: SlugArgument,
    start: Annotated[str, typer.Option("--from", help="Versie N, of de laatste die verzonden, beoordeeld of getekend is.",
                                       show_default=False)],
    end: Annotated[Optional[str], typer.Option("--to", help="Versie M (standaard de laatste).")] = None,
    out: OutOption = Path("output"),
    date: Annotated[Optional[str], typer.Option("--date", help="Datum bij de wijzigingen (ISO 8601); standaard de "
                                                "tijd waarop de nieuwe versie gemaakt is.")] = None,
    overzicht_sjabloon: OverviewTemplateOption = None,
) -> None:
    """Schrijf de wijzigingen tussen twee opgeslagen versies (Word met bijgehouden wijzigingen, en overzicht)."""
    from .asked import check_asked
    from ..review.files import compare as compare_versions
    from ..store.versions import Folder
    from ..store.write import exclusive

    check_asked(slug, out, versions=False)
    moment = options.moment(date)
    folder = Folder(out, slug)
    folder.resolve(start)
    with exclusive(out, "compare"):
        files = compare_versions(folder, start, end, moment, overzicht_sjabloon)
        written = folder.write_for_people(files.value)
    report.placed(out_console, folder.path, written)
    for message in files.messages:
        out_console.print(line(("melding", "yellow"), f" {message}"), highlight=False, soft_wrap=True)


@app.command()
def controleer(
    file: Annotated[Path, typer.Argument(help="Het teruggekomen bestand (.docx of .pdf).", show_default=False)],
    out: OutOption = Path("output"),
) -> None:
    """Zeg welke opgeslagen versie een bestand is (op inhoud), of waarin het verschilt van de meest gelijke."""
    from ..review.identify import identify

    found = identify(file, out)
    for text in report.identification(file, found):
        out_console.print(text, highlight=False, soft_wrap=True)
    if not found.exact:
        raise typer.Exit(1)


@app.command()
def verwerk(
    slug: SlugArgument,
    file: Annotated[Path, typer.Argument(help="Het teruggekomen Word-document (met of zonder bijgehouden wijzigingen).", show_default=False)],
    toepassen: Annotated[bool, typer.Option("--toepassen", help="Zet de gewijzigde waarden in het gebiedsbestand.")] = False,
    data: DataOption = Path("data"),
    out: OutOption = Path("output"),
) -> None:
    """Zeg per wijziging in een teruggekomen document waar ze vandaan komt; --toepassen zet ze in de gegevens."""
    from ..review import verwerk as taken_in

    result = taken_in.process(file, slug, data, out)
    for text in report.taken_in(result, toepassen):
        out_console.print(text, highlight=False, soft_wrap=True)
    if result.refused:
        raise UsageError(f"{len(result.refused)} wijziging(en) niet over te nemen (zie hierboven); er is niets geschreven")
    if toepassen:
        taken_in.write(result)
        out_console.print(line(f"bijgewerkt: {result.file}" if result.written else "geen gegevens te wijzigen"), highlight=False)


def command() -> None:
    """The `afspraken` command (and `python -m generator`): `main`, then the process ends without the
    interpreter's clean-up of every module and object of the run (pydantic's schemas, openpyxl, the XML
    trees), which takes 0,05 to 0,2 s and does nothing for a process that is ending anyway
    (benchmarks/cli_bench.py). The command's files were closed and fsynced before it returned; the
    atexit handlers still run and the output is flushed. An error that is not the engine's (a bug) ends
    the usual way, with its traceback."""
    import atexit
    import os
    import threading

    try:
        main()
        status = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            status = exc.code or 0
        else:  # as Python itself does with sys.exit("message")
            print(exc.code, file=sys.stderr)
            status = 1
    if threading.active_count() > 1:  # a thread still running is waited for, as Python would
        sys.exit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (afspraken … | head): nothing more can be said
            pass
    os._exit(status)


def main() -> None:
    """Entry point: every error the engine knows becomes a message and an exit status, never a traceback."""
    try:
        # Not standalone: typer's usage errors come out here too, to be said in Dutch (usage.py); --help and
        # an interrupt come back as an exit status.
        status = app(prog_name="afspraken", standalone_mode=False)
    except typer.TyperException as exc:
        _usage_error(exc)
    except typer.Abort:  # typer's own signal (end of input where it asked for some)
        err_console.print(line(("afgebroken", "red")), highlight=False)
        sys.exit(1)
    except DataError as exc:
        for problem in exc.problems:
            err_console.print(line(("fout", "red"), f" {problem}"), highlight=False, soft_wrap=True)
        err_console.print(line(f"{len(exc.problems)} fout(en) in de gegevens; {exc.consequence}"), highlight=False)
        sys.exit(exc.exit_status)
    except TemplateError as exc:
        if not exc.problems:
            err_console.print(f"[red]fout[/red] {exc}", highlight=False, soft_wrap=True)
        for template_problem in exc.problems:
            err_console.print(f"[red]fout[/red] {exc.file}: {template_problem}", highlight=False, soft_wrap=True)
        if exc.problems:
            err_console.print(f"{len(exc.problems)} fout(en) in het sjabloon; er is niets gemaakt.", highlight=False)
        sys.exit(exc.exit_status)
    except (AfsprakenError, OSError) as exc:  # OSError: the last net, a file the library did not expect to fail
        err_console.print(line(("fout", "red"), f" {error_text(exc)}"), highlight=False, soft_wrap=True)
        sys.exit(exc.exit_status if isinstance(exc, AfsprakenError) else 1)
    sys.exit(status if isinstance(status, int) else 0)


def _usage_error(exc: "typer.TyperException") -> None:
    """A mistake on the command line: what is wrong, in Dutch, the command's usage and where its help is."""
    from . import usage

    for number, text in enumerate(usage.error_lines(exc)):
        err_console.print(line(("fout", "red"), f" {text}") if number == 0 else line(text), highlight=False, soft_wrap=True)
    sys.exit(exc.exit_code)
