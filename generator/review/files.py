"""The files for legal review: the redline between two versions and the summary of what changed.

With every new version N>1 (against N−1, and since the last reviewed version), and on request
(`afspraken compare`) between any two stored versions."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from . import changes, explain, overview_doc
from ..redline import coverage
from .. import formatting as fmt
from ..defaults import BATCH_AUTHOR
from ..errors import UsageError
from ..ooxml import comments, tracked
from ..ooxml.package import read_parts, serialize, zip_bytes
from ..ooxml.finish import identify
from ..ooxml.parts import track_revisions
from ..redline import redline_with_messages
from ..results import Message, Result, unique
from .template_memory import remembered
from ..store.manifest import Entry, Snapshot
from ..store.versions import SIGNED, Folder, last_in_state, parse_time

AUTHOR = BATCH_AUTHOR
INITIALS = "VRO"


def summary(title: str, old: Snapshot, new: Snapshot, out: Path, notes: Sequence[str] = (),
            messages: tuple[Message, ...] = ()) -> Result[str]:
    """The Markdown summary of what in the inputs caused the new version (`notes` first: a departure from
    the signed version), with the messages of every fallback taken (here, in the redline, in reading the
    template) in it and beside it."""
    found = list(messages)
    if not old.gebied:  # the version before was taken in from a file (store/adopt.py), without its data
        found.append(Message("samenvatting", "de vorige versie is overgenomen zonder de gegevens waaruit ze gemaakt "
                             "is; wat er in de gegevens veranderde kan niet worden genoemd (zie de bijgehouden "
                             "wijzigingen)"))
        return Result(changes.markdown(title, [], [], [], [], [str(m) for m in found], notes), tuple(found))
    gebied = changes.data_changes(old.gebied, new.gebied)
    landelijk = changes.data_changes(old.landelijk, new.landelijk, prefix="Landelijk")
    template: list[str] = []
    if old.template != new.template:
        before, after = remembered(out, old.template), remembered(out, new.template)
        if before is not None and after is not None:
            template = changes.text_changes(before, after)
        else:
            template = ["het sjabloon is gewijzigd"]
            found.append(Message("samenvatting", "de tekst van het vorige sjabloon is niet bewaard; welke woorden "
                                 "veranderden kan niet worden genoemd (zie de bijgehouden wijzigingen)"))
    figures = _figure_changes(old, new, found)
    found = list(dict.fromkeys(found))
    return Result(changes.markdown(title, gebied, landelijk, template, figures, [str(m) for m in found], notes),
                  tuple(found))


def _figure_changes(old: Snapshot, new: Snapshot, messages: list[Message]) -> list[str]:
    """Every computed figure that differs, with the changed inputs its provenance record names."""
    found = explain.figure_changes(old, new)
    if found is None:  # an old snapshot from an earlier schema: the figures cannot be recomputed
        messages.append(Message("samenvatting", "de bedragen van de vorige versie konden niet opnieuw berekend worden "
                                "(opgeslagen in een oudere vorm); hun gevolgen staan er niet bij"))
        return []
    given = explain.inputs(old, new)
    lines = []
    for figure in found:
        origin = given.origin(figure)
        lines.append(figure.line + (", volgt uit: " + "; ".join(c.change.label for c in origin) if origin else ""))
    return lines


def new_version_files(folder: Folder, title: str, number: int, time: str, snapshot: Snapshot, docx: bytes,
                      messages: tuple[Message, ...] = (), overview_template: Path | None = None) -> Result[dict[str, bytes]]:
    """The review files of a new version N: the redline against N−1 and, when the last version legal
    reviewed (`beoordeeld`) is older than N−1, the redline since that one too."""
    versions = folder.versions()
    latest = versions[-1]
    new = Side(number, snapshot, docx, time)
    files = pair_files(folder, title, Side.of(folder, latest), new, versions, messages=messages,
                       overview_template=overview_template)
    reviewed = last_in_state(versions, "beoordeeld")
    if reviewed is not None and reviewed.number < latest.number:
        since = pair_files(folder, title, Side.of(folder, reviewed), new, versions, messages=messages,
                           overview_template=overview_template)
        files = Result({**files.value, **since.value}, unique(files.messages + since.messages))
    return files


def compare(folder: Folder, start: str, end: str | None, date: datetime.datetime | None = None,
            overview_template: Path | None = None) -> Result[dict[str, bytes]]:
    """The review files between two stored versions (`afspraken compare`); the overview from `overview_template`
    (the shipped one when None), checked before anything is compared."""
    checked = overview_doc.template(overview_template)
    versions = folder.versions()
    if not versions:
        raise UsageError(f"{folder.slug}: geen versies in {folder.path}")
    first = folder.resolve(start)
    last = folder.resolve(end) if end is not None else versions[-1].number
    if first >= last:
        raise UsageError(f"{folder.slug}: --from (v{first}) moet een eerdere versie zijn dan --to (v{last})")
    old, new = folder.entry(first), folder.entry(last)
    naam = new.inputs().gebied.get("naam")
    title = naam if isinstance(naam, str) and naam else folder.slug
    files = pair_files(folder, title, Side.of(folder, old), Side.of(folder, new), versions, date,
                       overview_template=overview_template)
    return Result(files.value, unique(checked.messages + files.messages))


@dataclass(frozen=True)
class Side:
    """One of the two versions compared: its number, input snapshot, document and time."""

    number: int
    snapshot: Snapshot
    document: bytes
    time: str

    @classmethod
    def of(cls, folder: Folder, entry: Entry) -> "Side":
        return cls(entry.number, entry.inputs(), folder.document(entry), entry.time)


def stem(slug: str, old: int, new: int) -> str:
    """Review files against the previous version are named after the new one only (as before)."""
    return f"{slug}-v{new}-wijzigingen" if old == new - 1 else f"{slug}-v{old}-v{new}-wijzigingen"


def pair_files(folder: Folder, title: str, old: Side, new: Side, versions: list[Entry],
               date: datetime.datetime | None = None, messages: tuple[Message, ...] = (),
               overview_template: Path | None = None) -> Result[dict[str, bytes]]:
    """Redline (with a comment at each change saying why), summary and overview of OLD → NEW; revisions and
    comments dated with NEW's time unless `date` is given."""
    moment = date if date is not None else parse_time(new.time)
    old_parts, new_parts = read_parts(old.document), read_parts(new.document)
    marked, rows, coverage_lines, found = explained_redline(old_parts, new_parts, old.snapshot, new.snapshot, moment)
    heading = f"Wijzigingen in {title}, versie {old.number} → {new.number}"
    notes = _signed_notes(versions, new.number)
    summarised = summary(heading, old.snapshot, new.snapshot, folder.path.parent, notes,
                         tuple(messages) + tuple(Message("wijzigingen", m.text) for m in found))
    text = summarised.value
    text += "\n## Wat is vergeleken\n\n" + "".join(f"- {line}\n" for line in coverage_lines)
    comparison = f"versie {old.number} ({_moment(old.time)}) → versie {new.number} ({_moment(new.time)})"
    overview = overview_doc.document(f"Wijzigingen {title}, versie {old.number} → {new.number}", comparison, [n.replace("**", "") for n in notes], rows,
                                     coverage_lines, moment.date(), overview_template)
    name = stem(folder.slug, old.number, new.number)
    return Result({f"{name}.docx": zip_bytes(marked), f"{name}.md": text.encode("utf-8"), f"{name}-overzicht.docx": overview},
                  summarised.messages)


def explained_redline(old_parts: dict[str, bytes], new_parts: dict[str, bytes], old_snapshot: Snapshot, new_snapshot: Snapshot,
                      moment: datetime.datetime) -> tuple[dict[str, bytes], list[overview_doc.Row], list[str], tuple[Message, ...]]:
    """The redline with change tracking on and a comment at every change; the overview's rows; the coverage;
    the redline's messages (fallbacks taken, what it could not track)."""
    result = redline_with_messages(old_parts, new_parts, AUTHOR, moment)
    marked = result.value
    roots = tracked.parse_stories(marked)
    found = tracked.changes(roots)
    given = explain.inputs(old_snapshot, new_snapshot)
    reasons = [explain.cause(change, given) for change in found]
    notes: list = []
    touched: set[str] = set()
    next_id = comments.first_id_past_notes(marked, comments.existing(marked))
    for change, reason in zip(found, reasons):
        if change.part in tracked.COMMENTABLE or tracked.kind_of(change.part) in ("footnotes", "endnotes"):
            comments.anchor(change.first, change.last, next_id)
            notes.append(comments.comment(next_id, change.author or AUTHOR, change.date, reason, INITIALS))
            touched.add(change.part)
            next_id += 1
    marked = dict(marked)
    for name in touched:
        marked[name] = serialize(roots[name])
    # identify last: the redline gets a document id of its own, not the one of the version it was made from
    marked = identify(track_revisions(comments.with_comments(marked, notes)))
    rows = [overview_doc.Row(number, change.where, *_shown(change, reason),
                             reason if change.kind != "opmaak" else f"opmaak gewijzigd; {reason}")
            for number, (change, reason) in enumerate(zip(found, reasons), start=1)]
    return marked, rows, coverage.statement(old_parts, new_parts, found), result.messages


_BARE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?(?:,-)?")


def _priced(text: str, reason: str) -> str:
    """A bare amount of a tracked change ("7.335.000", the "€ " left standing) with its "€ ", when its cause
    shows it as an amount, so the overview's was/wordt read as money."""
    bare = text.strip()
    if _BARE_NUMBER.fullmatch(bare) and f"€\u00a0{bare.removesuffix(',-')}" in reason.replace("€ ", "€\u00a0"):
        return f"€\u00a0{bare}"
    return text


def _shown(change: tracked.Change, reason: str) -> tuple[str, str]:
    """Was and wordt as the overview shows them: an amount with its €, a change of words in its sentence with
    the change marked «…»."""
    was, wordt = _priced(change.was, reason), _priced(change.wordt, reason)
    if was != change.was or wordt != change.wordt or _BARE_NUMBER.fullmatch(change.was.strip() or change.wordt.strip()):
        return was, wordt
    before, after = tracked.in_sentence(change)
    return (before or change.was), (after or change.wordt)


def _signed_notes(versions: list[Entry], number: int) -> list[str]:
    signed = last_in_state([v for v in versions if v.number < number], SIGNED)
    if signed is None:
        return []
    signed_at = signed.state_time(SIGNED)
    assert signed_at is not None  # last_in_state found it in that state
    when = fmt.datum(parse_time(signed_at).date())
    return [f"**Let op:** deze versie wijkt af van de getekende versie {signed.number} (getekend op {when})."]


@dataclass(frozen=True)
class HistoryRow:
    number: int
    time: str
    states: list[str]  # "beoordeeld 3 december 2026 (notitie)"
    change: str


def history(folder: Folder) -> list[HistoryRow]:
    """Every version with its time, its states and one line of what changed in the inputs since the one before."""
    versions = folder.versions()
    if not versions:
        raise UsageError(f"{folder.slug}: geen versies in {folder.path}")
    rows, before = [], None
    for entry in versions:
        after = entry.inputs()
        if entry.adopted is not None or (before is not None and not before.gebied):
            change = ("overgenomen uit een bestand dat niet in het verslag stond; wat er veranderde is niet bekend"
                      if entry.adopted is not None else "niet bekend (de versie ervoor is overgenomen zonder gegevens)")
        elif before is None:
            change = "eerste versie"
        else:
            lines = changes.data_changes(before.gebied, after.gebied)
            lines += changes.data_changes(before.landelijk, after.landelijk, prefix="Landelijk")
            if before.template != after.template:
                lines.append("sjabloon gewijzigd")
            change = changes.short(lines)
        marks = [f"{m.state} {_moment(m.time)}" + (" (herstel)" if m.correction else "") + (f" ({m.note})" if m.note else "")
                 for m in entry.marks]
        if entry.states_unknown:
            marks.append("staten onbekend (overgenomen)")
        if not folder.has_file(entry):
            marks.append(f"ontbreekt: {entry.file} staat niet in de map")
        rows.append(HistoryRow(entry.number, _moment(entry.time), marks, change))
        before = after
    return rows


def _moment(stamp: str) -> str:
    """A manifest time (UTC) as the user reads it, in Amsterdam: "1 december 2026 09:50"."""
    return fmt.tijdstip(parse_time(stamp))
