"""A lawyer's returned copy taken in (issue 25's `verwerk`): each edit of a gebied field becomes the field's new
value, validated by the models and written through the round trip (only those lines change); every other edit
is reported with why it is not taken (a computed figure names its inputs, template text is the template's).
Edits are tracked changes by anyone but the engine and, found by comparing the copy with the stored version it
came from, edits made without tracking them (said so); a paragraph merged, split or deleted whole is template
text when it holds no value with a source, and refused when it does.

The file must be a version of the gebied asked for (review/identify.py, by content). Each value's old text is
checked against the gebied's file as it is now, so an edit made on an old version never overwrites a newer value.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate
from os.path import commonprefix
from pathlib import Path
from typing import Any

from ..data.load import load_gebied, load_landelijk, read_yaml, validate
from ..data.models import Gebied
from ..data.yaml_tree import FieldPath, field_path
from ..errors import BudgetError, CompareError, DataError, Problem
from ..ooxml.edits import Note, ranges
from ..ooxml.package import read_untrusted
from ..ooxml.untracked import Found, differences
from .identify import Candidate, identify
from .returned import OWN_AUTHORS, Traced, TracedJoint, trace, trace_joints

MIN_SHARE = 0.5  # below this part of the words in common, a file is no version of the gebied


@dataclass(frozen=True)
class Item:
    """One edited value (or stretch of template text): `refused` says why it is not taken, "" when it is."""

    part: str
    paragraph: int
    was: str
    wordt: str
    where: str
    refused: str = ""
    kind: str = "gegevens"  # or "sjabloon", "berekend", "landelijk"
    untracked: bool = False  # made without tracking changes: found by comparing with the stored version
    said: str = ""  # for a paragraph merged, split or deleted: what happened to it


@dataclass
class Processed:
    version: str  # "amsterdam-nieuw-west v3"
    items: list[Item]
    notes: list[Note]
    file: Path
    changes: dict[FieldPath, Any] = field(default_factory=dict)
    written: bool = False

    @property
    def refused(self) -> list[Item]:
        return [item for item in self.items if item.refused]


def number(text: str) -> int | None:
    """A whole number in Dutch notation back: "€ 3.750.000" → 3750000, "14.551" → 14551; None if it is none."""
    digits = re.sub(r"[\s\u00a0\u202f]", "", text).removeprefix("€")
    return int(digits.replace(".", "")) if re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", digits) else None


def _resolve(gebied: Gebied, path: FieldPath) -> Any:
    node: Any = gebied
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


def _verdicts(traced: list[Traced]) -> dict[tuple[str, int], set[str]]:
    """Per stroke (part, group): the values it touches, "" for template text."""
    touched: dict[tuple[str, int], set[str]] = defaultdict(set)
    for t in traced:
        touched[(t.edit.part, t.edit.group)].add(_mark(t))
    return touched


def _mark(t: Traced) -> str:
    """The innermost bookmark of a value with a source around the edit, or ""."""
    return next((name for name in reversed(t.edit.inside) if t.place is not None and name.startswith("_af")), "")


UNTRACKED = "zonder wijzigingen bijhouden"


def _stored_parts(version: Candidate, exact: bool) -> dict[str, bytes]:
    """The version the copy came from, to find what was changed without tracking it; nothing when it is that
    file itself."""
    return {} if exact else read_untrusted(version.docx, CompareError)


def process(file: Path, slug: str, data: Path, out: Path) -> Processed:
    """What each edit of the returned copy `file` becomes; nothing is written here (see `write`)."""
    found = identify(file, out)
    version = found.version
    if version is None:
        raise CompareError(f"{file}: geen opgeslagen versie gevonden om het mee te vergelijken")
    name = f"{version.slug} v{version.number}"
    if version.slug != slug:
        raise CompareError(f"{file}: is een versie van {version.slug} ({name}), niet van {slug}; er is niets verwerkt")
    if not found.exact and found.share < MIN_SHARE:
        raise CompareError(f"{file}: is geen versie van {slug} (het meest gelijk aan {name}, maar slechts "
                           f"{round(found.share * 100)}% van de woorden); er is niets verwerkt")
    gebied_file = data / "gebieden" / f"{slug}.yaml"
    gebied, source = load_gebied(gebied_file)
    landelijk = load_landelijk(data)
    parts = read_untrusted(file, CompareError)
    stored = _stored_parts(version, found.exact)
    untracked = differences(stored, parts, OWN_AUTHORS) if stored else Found()
    docx = parts_bytes(file)
    traced, notes = trace(docx, gebied, landelijk, untracked=untracked.edits)
    joints = trace_joints(docx, gebied, landelijk, untracked=untracked.joints)
    spans = _spans(parts, stored, traced, untracked)
    strokes = _verdicts(traced)
    result = Processed(name, [], notes, gebied_file)
    cut = {(j.joint.part, j.joint.paragraph) for j in joints if j.joint.kind == "verwijderd" and j.joint.tracked}
    off_record = {_mark(t) for t in traced if not t.edit.tracked}
    seen: set[str] = set()
    seen_strokes: set[tuple[str, int]] = set()
    for t in traced:
        mark = _mark(t)
        stroke = (t.edit.part, t.edit.group)
        spanning = len(strokes[stroke]) > 1
        if t.edit.tracked and (t.edit.part, t.edit.paragraph) in cut:
            continue  # said once for the whole paragraph
        if mark and mark in seen and not spanning or not mark and not spanning and stroke in seen_strokes:
            continue  # the deletion and insertion of one value, or of one stretch of template text: one item
        seen.add(mark)
        seen_strokes.add(stroke)
        was, wordt = spans.get(mark, ("", "")) if mark else _template_texts(t, traced)
        at: dict[str, Any] = dict(part=t.edit.part, paragraph=t.edit.paragraph, was=was, wordt=wordt, kind=t.verdict,
                                  untracked=not t.edit.tracked or (bool(mark) and mark in off_record))
        if spanning:
            result.items.append(Item(**at, where=t.where, refused="de wijziging loopt over twee waarden (of over een "
                                     "waarde en de tekst eromheen); wijzig elke waarde apart"))
        elif t.verdict == "sjabloon":
            refused = ("wijziging in een tabel met berekende bedragen; pas het sjabloon aan" if t.edit.in_table else "")
            result.items.append(Item(**at, where="sjabloontekst", refused=refused))
        elif t.verdict == "berekend":
            result.items.append(Item(**at, where=t.where, refused="een berekend bedrag wordt niet overgenomen; "
                                     "wijzig de gegevens waaruit het volgt"))
        elif t.verdict == "landelijk":
            result.items.append(Item(**at, where=t.where, refused="een landelijke parameter geldt voor elk gebied; "
                                     "wijzig die in data/landelijk.yaml zelf"))
        else:
            assert t.source is not None
            result.items.append(_field_item(at, t.source.path, gebied, source.value_line(t.source.path),
                                            gebied_file, result.changes))
    # the space a paragraph end took the place of (or was put in for) is said with the merge or split
    ends = {(j.joint.part, j.joint.paragraph) for j in joints if j.joint.kind != "verwijderd"}
    result.items = [item for item in result.items if not (item.kind == "sjabloon" and (item.part, item.paragraph) in ends
                                                          and not (item.was + item.wordt).strip())]
    result.items.extend(_joint_item(j) for j in joints)
    result.items.sort(key=lambda item: (item.part != "word/document.xml", item.part, item.paragraph))
    return result


def _spans(parts: dict[str, bytes], stored: dict[str, bytes], traced: list[Traced], untracked: Found
           ) -> dict[str, tuple[str, str]]:
    """Per bookmark (was, wordt): from the tracked changes; a value changed only without tracking as the
    comparison found it; one changed both ways: as the stored version had it and the copy has it accepted."""
    spans = ranges(parts)
    tracked = {_mark(t) for t in traced if t.edit.tracked}
    engine = ranges(stored) if stored else {}
    for name, (was, wordt) in untracked.spans.items():
        if was == wordt:
            continue
        if name in tracked and name in spans:
            spans[name] = (engine.get(name, (was, was))[1], spans[name][1])
        else:
            spans[name] = (was, wordt)
    return spans


_JOINTS = {
    "verwijderd": ("de hele alinea is verwijderd", "verwijder of wijzig die in het gebiedsbestand, niet in het document"),
    "samengevoegd": ("deze alinea en de volgende zijn samengevoegd (het alinea-einde is verwijderd)",
                     "de alinea's komen uit het sjabloon en de gegevens; voeg ze daar samen als dat de bedoeling is"),
    "gesplitst": ("de alinea is in tweeën gesplitst (een alinea-einde ingevoegd)",
                  "een waarde kan niet over twee alinea's; wijzig de waarde in het gebiedsbestand"),
}


CLIP = 40  # characters of a paragraph shown on either side of where it was merged, or from its start


def _clipped(text: str) -> str:
    """A paragraph's text short enough for one line: its start, or around the merge ("… ¶ …")."""
    first, merge, second = text.partition(" ¶ ")
    if merge:
        return ("…" if len(first) > CLIP else "") + first[-CLIP:] + merge + second[:CLIP] + ("…" if len(second) > CLIP else "")
    return text[:2 * CLIP] + ("…" if len(text) > 2 * CLIP else "")


def _joint_item(traced: TracedJoint) -> Item:
    """A paragraph merged, split or deleted: template text when no value with a source is in it, else refused."""
    joint = traced.joint
    what, remedy = _JOINTS[joint.kind]
    at: dict[str, Any] = dict(part=joint.part, paragraph=joint.paragraph, was=_clipped(joint.text), wordt="",
                              untracked=not joint.tracked, said=what)
    if traced.values:
        return Item(**at, where="; ".join(traced.values), kind="gegevens",
                    refused=f"{what}, met waarden uit de gegevens erin; {remedy}")
    return Item(**at, where="sjabloontekst", kind="sjabloon")


def parts_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise CompareError(f"{file}: kan niet gelezen worden ({exc.strerror})") from None


def _template_texts(t: Traced, traced: list[Traced]) -> tuple[str, str]:
    """The template text one stroke deleted and inserted."""
    stroke = [o.edit for o in traced if (o.edit.part, o.edit.group) == (t.edit.part, t.edit.group)]
    return ("".join(e.text for e in stroke if e.kind == "verwijderd"), "".join(e.text for e in stroke if e.kind == "ingevoegd"))


def _field_item(at: dict[str, Any], path: FieldPath, gebied: Gebied, line: int | None, file: Path,
                changes: dict[FieldPath, Any]) -> Item:
    where = f"{file} regel {line}: {field_path(path)}"
    was, wordt = at["was"], at["wordt"]
    current = _resolve(gebied, path)
    if not wordt.strip():
        return Item(**at, where=where, refused="de hele waarde is verwijderd; een veld uit de gegevens kan niet leeg")
    new: Any
    if isinstance(current, int):
        if number(was) != current:
            return Item(**at, where=where, refused=f"het gebiedsbestand heeft nu {current}, niet «{was}»: het is "
                        f"veranderd sinds deze versie; maak een nieuwe versie en laat die opnieuw beoordelen")
        new = number(wordt)
        if new is None:
            return Item(**at, where=where, refused=f"«{wordt}» is geen heel getal (schrijf bv. € 3.750.000 of 14.551)")
        if changes.get(path, new) != new:
            return Item(**at, where=where, refused=DIFFERENTLY)
    elif isinstance(current, str):
        # on top of the field's other edits (a text of several paragraphs, each its own value in the document)
        new = _replaced(changes.get(path, current), was, wordt)
        if new is None and path in changes and _replaced(current, was, wordt) not in (None, changes[path]):
            return Item(**at, where=where, refused=DIFFERENTLY)
        if new is None and path in changes:
            return Item(**at, where=where)  # the same value shown twice, changed the same way twice
        if new is None:
            return Item(**at, where=where, refused="de oude tekst staat niet (precies één keer) zo in het "
                        "gebiedsbestand; het is veranderd sinds deze versie, of de tekst is er bewerkt")
    else:
        return Item(**at, where=where, refused="dit veld is geen tekst of getal; wijzig het in het gebiedsbestand zelf")
    changes[path] = new
    return Item(**at, where=where)


DIFFERENTLY = "dit veld staat meer dan eens in het document en is verschillend gewijzigd"


def _replaced(text: str, was: str, wordt: str) -> str | None:
    """`text` with the one place that reads `was` reading `wordt`, or None when `was` is not there exactly once.
    A line break or a run of spaces in the file is one space in the document (a paragraph's lines are joined),
    so whitespace matches any whitespace; only the changed middle is replaced, the lines around it keep their
    breaks."""
    pieces = re.split(r"(\s+)", was)  # words and the spaces between them, alternately
    pattern = "".join(r"(\s+)" if i % 2 else f"({re.escape(piece)})" for i, piece in enumerate(pieces))
    found = list(re.finditer(pattern, text))
    if len(found) != 1:
        return None
    match, starts = found[0], list(accumulate([0, *map(len, pieces)]))
    head = len(commonprefix([was, wordt]))
    tail = len(commonprefix([was[head:][::-1], wordt[head:][::-1]]))
    begin, end = head, len(was) - tail
    for index in range(1, len(pieces), 2):  # the change takes whole runs of spaces, as they stand in the file
        if starts[index] < begin < starts[index + 1]:
            begin = starts[index]
        if starts[index] < end < starts[index + 1]:
            end = starts[index + 1]

    def in_text(offset: int) -> int:
        if offset == len(was):
            return match.end()
        index = next(i for i in range(len(pieces)) if starts[i] <= offset < starts[i + 1])
        return match.start(index + 1) + offset - starts[index]

    return text[:in_text(begin)] + wordt[begin:len(wordt) - (len(was) - end)] + text[in_text(end):]


def write(result: Processed) -> None:
    """The accepted changes into the gebied file, validated as if the drafter had typed them; all or nothing."""
    from ..budget.apply import read_only
    from ..budget.yaml_edit import replace_values
    from ..data.validate import gebied_problems
    from ..store.write import replace_all

    if not result.changes:
        return
    plain, source = read_yaml(result.file)
    for path, value in result.changes.items():
        node = plain
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    try:
        gebied = validate(Gebied, plain, source)
    except DataError as exc:  # named at file, line and field; said as "nothing written"
        raise BudgetError(exc.problems) from None
    problems = gebied_problems(gebied, source, load_landelijk(result.file.parent.parent))
    if read_only(result.file):
        problems.append(Problem(result.file, None, "", "alleen-lezen (zonder schrijfrechten); er is niets geschreven"))
    if problems:
        raise BudgetError(problems)
    raw = result.file.read_bytes()
    replace_all({result.file: (raw, replace_values(raw, result.changes, str(result.file)))})
    result.written = True
