"""What the terminal shows: rich consoles made when first used, literal lines, the progress bar and the
table `generate` prints (per gebied the version written, and for a batch the national overview)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table
    from rich.text import Text

    from .. import batch
    from ..review import verwerk
    from ..review.identify import Identification
    from ..review.status import GebiedStatus
    from ..store.write import Placed


class LazyConsole:
    """A rich Console made when first used, so that a command that prints nothing through it never loads rich."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def get(self) -> "Console":
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


out_console = LazyConsole()
err_console = LazyConsole(stderr=True)

def line(*pieces: str | tuple[str, str]) -> "Text":
    """A line of output whose text is printed literally: a placeholder like [naam wethouder] is text, not markup.

    Each piece is a string or (string, style)."""
    from rich.text import Text

    return Text.assemble(*pieces)


def progress() -> "Progress":
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console.get(), transient=True)


def version_cell(outcome: "batch.Outcome | None", absent: str = "fout") -> "Text":
    if outcome is None:
        return line((absent, "red" if absent == "fout" else "yellow"))
    if outcome.status in ("getekend", "onbekend"):
        return line((f"{'getekend' if outcome.status == 'getekend' else 'staat onbekend'} v{outcome.version}", "yellow"))
    if outcome.status == "geweigerd":
        return line(("geweigerd", "red"))
    return line((f"nieuw v{outcome.version}", "green")) if outcome.status == "nieuw" else line(f"v{outcome.version}")


def generate_report(result: "batch.Result", out: Path) -> "tuple[Table, list[str]]":
    """One screen: per gebied the version written (or not) and, for a batch, the national overview.

    The notes under the table are returned apart so that they wrap instead of being cut at the table's width."""
    from rich.table import Table

    from .. import formatting as fmt
    from ..workbook import overview

    outcomes = {o.slug: o for o in result.outcomes}
    failed = [f.name for f in result.plan.failed_files]
    missing = [g.slug for g in result.plan.missing]
    new = sum(o.status == "nieuw" for o in result.outcomes)
    signed = sum(o.status == "getekend" for o in result.outcomes)
    unknown = sum(o.status == "onbekend" for o in result.outcomes)
    refused = sum(o.status == "geweigerd" for o in result.outcomes)
    counts = (f"{new} nieuw, {len(result.outcomes) - new - signed - unknown - refused} ongewijzigd, "
              f"{len(failed)} met fouten, {len(missing)} ontbreekt")
    if signed:
        counts += f", {signed} niet geschreven (getekend)"
    if unknown:
        counts += f", {unknown} niet geschreven (staat onbekend)"
    if refused:
        counts += f", {refused} geweigerd (verslag van de versies)"
    # Nothing silent: a gebied of the round without a file, and an output folder whose gebied is gone.
    missing_notes = [f"Ontbreekt: {g.naam} (geen bestand {g.slug}.yaml)" for g in result.plan.missing]
    orphan_notes = [f"Uitvoermap zonder gebied: {folder}" for folder in result.orphans]
    if not result.overview:
        table = Table(title=line(f"Resultaat in {out}"), header_style="bold")
        table.add_column("Gebied")
        table.add_column("Versie")
        table.add_column("Bestanden")
        for o in result.outcomes:
            table.add_row(line(o.slug), version_cell(o), line(", ".join(o.files) if o.status == "nieuw" else (o.note or "ongewijzigd")))
        for name in failed:
            table.add_row(line(name), version_cell(None), line("zie meldingen"))
        return table, [counts, *missing_notes, *orphan_notes, *signed_notes(result)]

    rows, nat, missing = result.overview  # missing: the round's gebieden not counted, by reason

    def rng(low: int, high: int) -> str:
        return f"{fmt.miljoenen(low)}–{fmt.miljoenen(high)}"

    def cells(f: tuple[int, ...]) -> list[str]:
        return [fmt.aantal(f[0]), fmt.aantal(f[1]), rng(f[2], f[3]), fmt.miljoenen(f[4]), fmt.miljoenen(f[5]),
                fmt.miljoenen(f[6]), rng(f[7], f[8])]

    table = Table(title=line(f"{out}: landelijk overzicht (bedragen in € mln, incl. btw)"), show_footer=True,
                  header_style="bold", pad_edge=False, box=None)
    # Figures never shrink; a long gebied name is what gives way on a narrow terminal.
    table.add_column("Gebied", footer="Totaal", no_wrap=True, overflow="ellipsis", max_width=26)
    table.add_column("Versie", no_wrap=True, min_width=9)
    widths = [max(len(c) for c in column) for column in zip(cells(overview.totals(nat)), *(cells(r.figures) for r in rows))]
    for name, footer, width in zip(("Won.", "Betaalb.", "Stimulans", "ORV", "Cap.", "Wbi", "Totaal"), cells(overview.totals(nat)), widths):
        table.add_column(name, justify="right", footer=footer, no_wrap=True, min_width=max(width, len(name)))
    by_name = {job.gebied.naam: job.slug for job in result.plan.jobs}
    for row in rows:
        table.add_row(line(row.naam + (" *" if row.illustratief else "")), version_cell(outcomes.get(by_name[row.naam])),
                      *cells(row.figures))
    for reason, names in missing.items():
        for name in names:
            table.add_row(line(name), version_cell(None, "fout" if reason.startswith("fout") else reason), *[""] * 7)
    budgets = [f"{name}: budget {fmt.miljoenen(budget)}, afspraken {fmt.miljoenen(total)}, over "
               f"{fmt.miljoenen(over)} ({fmt.procent_decimaal(percent * 100)}) — {verdict}"
               for name, budget, total, over, percent, verdict in overview.budget_lines(nat)]
    notes = [counts + ";  * illustratief", *budgets, *overview.incomplete(missing), *orphan_notes, *signed_notes(result)]
    notes.append(f"Overzicht: {out / 'overzicht.xlsx'}")
    return table, notes


def generate_ending(result: "batch.Result") -> None:
    """After generate's table and notes: what was not done, as errors, and the exit status. A gebied whose data
    or record of versions is refused, or text no font can show, is status 2; a version not written because one
    is signed (or may be), or a PDF not made, status 1; the others were written."""
    from ..errors import DataError, FontError, NotWritten, RecordError

    failed = sorted(w.reason for w in result.pdfs if w.made is None)
    for reason in failed:  # the document named; its PDF was not written, the others were
        err_console.print(line(("fout", "red"), f" geen PDF: {reason}"), highlight=False, soft_wrap=True)
    refused = [o for o in result.outcomes if o.status == "geweigerd"]
    for outcome in refused:  # the gebied's record cannot be restored: said, and the others were still done
        err_console.print(line(("fout", "red"), f" {outcome.note}"), highlight=False, soft_wrap=True)
    if result.plan.problems:
        raise DataError(result.plan.problems)
    if refused:
        others = "; de andere gebieden wel" if len(refused) < len(result.outcomes) else ""
        raise RecordError(f"niet gemaakt: {', '.join(o.slug for o in refused)} (het verslag van de versies, zie "
                          f"hierboven){others}")
    unshown = [w.reason for w in result.pdfs if w.refused]
    if unshown:  # text the fonts cannot show is the data's mistake: status 2, as for any bad input
        raise FontError(f"{len(unshown)} PDF('s) geweigerd: tekens die geen lettertype kan tonen (zie hierboven)")
    blocked = [o.slug for o in result.outcomes if o.status in ("getekend", "onbekend")]
    if blocked:
        raise NotWritten(f"geen nieuwe versie geschreven van {', '.join(blocked)} (getekend of staat onbekend); zie hierboven")
    if failed:
        raise NotWritten(f"{len(failed)} PDF('s) niet gemaakt; de andere wel (zie hierboven)")


def signed_notes(result: "batch.Result") -> list[str]:
    return [f"{o.slug}: {o.note}" for o in result.outcomes if o.status in ("getekend", "onbekend")]


def moment(stamp: str) -> str:
    """A stored time (UTC, '2025-06-24T08:00:00Z') as a person reads it: Europe/Amsterdam, Dutch."""
    from ..formatting import tijdstip
    from ..store.versions import parse_time

    return tijdstip(parse_time(stamp))


def round_status(out: Path, rows: "list[GebiedStatus]") -> None:
    """`afspraken status`: the table, then every gebied whose record of versions is refused (status 2)."""
    from ..errors import RecordError

    out_console.print(round_table(out, rows), width=None if out_console.is_terminal else 200,
                      crop=out_console.is_terminal)
    for row in rows:
        if row.problem:
            err_console.print(line(("fout", "red"), f" {row.problem}"), highlight=False, soft_wrap=True)
    refused = [row.slug for row in rows if row.problem]
    if refused:
        raise RecordError(f"het verslag van de versies van {', '.join(refused)} is geweigerd (zie hierboven)")


def round_table(out: Path, rows: "list[GebiedStatus]") -> "Table":
    """`afspraken status`: per gebied of the round its latest version, state and its date, the signed version and
    whether anything changed since legal last reviewed it."""
    from rich.table import Table

    from ..formatting import tijdstip

    table = Table(title=line(f"De ronde in {out} (tijden in Amsterdam)"), header_style="bold", box=None, pad_edge=False)
    table.add_column("Gebied", no_wrap=True, min_width=max((len(r.naam) for r in rows), default=6))
    headings = ["Versie", "Staat", "Datum", "Getekend", "Sinds beoordeeld"]
    missing = any(row.missing for row in rows)
    for heading in headings + (["Bestand"] if missing else []):
        table.add_column(heading, no_wrap=heading not in ("Sinds beoordeeld", "Bestand"))
    for row in rows:
        table.add_row(line(row.naam), line(f"v{row.latest}" if row.latest else "–"),
                      line((row.state, "red" if row.problem else "yellow" if row.latest is None else
                            "green" if row.state == "getekend" else "")),
                      line(tijdstip(row.state_time, kort=True) if row.state_time else ""),
                      line(f"v{row.signed}" if row.signed else "–"),
                      line((row.review_text(), "yellow" if row.changed_since_review else "")),
                      *([line((row.missing_text(), "red"))] if missing else []))
    return table


def identification(file: Path, found: "Identification") -> "list[Text]":
    """`afspraken controleer`: which stored version the file is, or the closest one and how it differs."""
    version = found.version
    assert version is not None  # identify raises when there is nothing to compare with
    state = f", {version.state} op {moment(version.state_time)}" if version.state else ", zonder staat"
    name = f"versie {version.number} van {version.slug}{state}"
    skipped = [line(("let op", "yellow"), f" {reason}") for reason in found.skipped]
    if found.exact:
        return [line((file.name, "bold"), f": {name} ({found.how})"), *skipped]
    if found.how:
        return [line((file.name, "bold"), f": {name}, maar niet onveranderd: {found.how}"), *skipped]
    share = f"{found.share * 100:.0f}"
    return [line((file.name, "bold"), f": geen opgeslagen versie; het meest gelijk aan {name} ({share}% van de woorden "
                 "gelijk)"), *(line(f"- {d.where}: «{d.was}» → «{d.wordt}»") for d in found.differences), *skipped]


def checked_template(template: Path, soort: str | None) -> None:
    """check-template: which template it is taken for, every finding, and in orde or every error at once."""
    from ..errors import TemplateError
    from ..template_check import check
    from ..template_check.kinds import chosen

    contract, kind = chosen(template, soort)
    out_console.print(kind, highlight=False, soft_wrap=True)
    report = check(template, contract)
    for message in report.messages:
        out_console.print(line(("melding", "yellow"), f" {message}"), highlight=False, soft_wrap=True)
    if report.problems:
        raise TemplateError(list(report.problems), file=template)
    out_console.print(line(("in orde", "green"), f"  {template}"), highlight=False)


def taken_in(result: "verwerk.Processed", apply: bool) -> "list[Text]":
    """`verwerk`'s lines: per edit where it sits, was → wordt and its source (or why it is not taken), the comments."""
    from ..review.verwerk import UNTRACKED

    lines = [line((result.version, "bold"), f"  {result.file}")]
    for item in result.items:
        status = ("geweigerd", "red") if item.refused else ("sjabloontekst", "yellow") if item.kind == "sjabloon" \
            else ("overgenomen" if apply else "over te nemen", "green")
        how = f" ({UNTRACKED})" if item.untracked else ""
        what = f"«{item.was}»: {item.said}" if item.said else _was_wordt(item.was, item.wordt)
        lines.append(line(status, f"{how} {item.part} alinea {item.paragraph}: {what} ({item.where})"))
        if item.refused:
            lines.append(line(f"    {item.refused}"))
        elif item.kind == "sjabloon":
            lines.append(line("    niet overgenomen: tekst van het sjabloon; pas zo nodig het sjabloon aan"))
    for note in result.notes:
        lines.append(line(("opmerking", "cyan"), f" {note.part} alinea {note.paragraph}, bij «{note.anchored}»: "
                          f"{note.author}: {note.text}"))
    untracked = sum(item.untracked for item in result.items)
    if untracked:
        lines.append(line(("let op", "yellow"), f" {untracked} wijziging(en) zijn {UNTRACKED} gemaakt: gevonden door "
                          f"het document te vergelijken met {result.version}; kijk die extra na"))
    if not result.items and not result.notes:
        lines.append(line("geen wijzigingen en geen opmerkingen van anderen in dit bestand"))
    elif not apply and result.changes and not result.refused:
        lines.append(line("niets geschreven; met --toepassen komen de gewijzigde gegevens in het gebiedsbestand"))
    return lines


WHOLE_UP_TO = 80  # characters: a longer value's edit is shown as its changed words, in the summary's style
MOSTLY_KEPT = 0.6  # share of the words in common above which a long text counts as edited, not replaced


def _was_wordt(was: str, wordt: str) -> str:
    """«was» → «wordt»; for a long text (a paragraph of prose) of which most words stay, only the words that
    changed, with their context: one changed word is seen, not two paragraphs to compare by eye."""
    import difflib

    from ..review.changes import text_changes

    whole = f"«{was}» → «{wordt}»"
    if max(len(was), len(wordt)) <= WHOLE_UP_TO:
        return whole
    if difflib.SequenceMatcher(None, was.split(), wordt.split(), autojunk=False).ratio() < MOSTLY_KEPT:
        return whole
    return "; ".join(text_changes([was], [wordt])) or whole


def placed(console: LazyConsole, folder: Path, files: "list[Placed]") -> None:
    """Per file written for people where it went, and which changed file was kept instead of overwritten."""
    for one in files:
        console.print(line(f"geschreven: {folder / one.name}"), highlight=False, soft_wrap=True)
        if one.kept:
            console.print(line(("bewaard", "yellow"), f" {folder / one.kept}: gewijzigd sinds afspraken het schreef; "
                               f"niet overschreven, het nieuwe bestand is {one.name}"), highlight=False, soft_wrap=True)
