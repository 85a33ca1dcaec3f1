"""What changed in the inputs between two versions, in the drafters' words and Dutch formatting.

Pure: it compares the JSON snapshots of the data (recorded with each version)
and the template's paragraph texts, and returns lines such as
"ORV – Herinrichting Plein 40-45, incl. btw: € 7.335.000 → € 7.500.000".
List items (measures, activities, requests, rows) are matched by their name,
so an added or removed measure reads as such rather than as shifted fields.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .. import formatting as fmt

# How a field's value is shown, by its name.
_AMOUNTS = {"bedrag_incl_btw", "cofinanciering", "indicatie_rijksbijdrage", "bedrag_per_woning", "afronding",
            "budget", "afspraken_totaal", "grootschalig", "overig", "soo_max_per_m2"}
_COUNTS = {"woningen", "betaalbaar", "basis_betaalbare_woningen", "woningen_versneld", "woningen_extra"}
_PERCENTS = {"btw_procent", "min_procent", "plus_procent", "cofinanciering_min_procent"}

_LABELS = {
    "bedrag_incl_btw": "incl. btw",
    "btw": "btw van toepassing",
    "cofinanciering": "cofinanciering",
    "indicatie_rijksbijdrage": "indicatie rijksbijdrage",
    "woningen": "woningen",
    "betaalbaar": "w.v. betaalbaar",
    "basis_betaalbare_woningen": "basis (betaalbare woningen)",
}

# Lists of named items: (path, what the items are called, the key that names an item).
_NAMED_LISTS = {
    ("orv", "maatregelen"): ("ORV", "naam"),
    ("capaciteit", "activiteiten"): ("Capaciteit", "naam"),
    ("wbi",): ("Wbi", "naam"),
    ("woningbouw",): ("Woningbouw", "label"),
}

_SECTIONS = {"orv": "ORV", "capaciteit": "Capaciteit", "wbi": "Wbi", "realisatiestimulans": "Realisatiestimulans",
             "ondertekenaar": "Ondertekenaar"}

PROSE_FIELDS = {"programma", "woningbouwprogramma", "fysieke_ingrepen"}


def field_label(name: str) -> str:
    """A field's name as the summaries write it: 'bedrag_incl_btw' → 'incl. btw'."""
    return _LABELS.get(name, name)


def shown(name: str, value: Any) -> str:
    if value is None:
        return "(geen)"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int) and name in _AMOUNTS:
        return fmt.bedrag(value)
    if isinstance(value, int) and name in _COUNTS:
        return fmt.aantal(value)
    if isinstance(value, int) and name in _PERCENTS:
        return fmt.procent(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return fmt.datum(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    """One changed field (or list item, or section) of the inputs, with where it stands in the snapshot."""

    path: tuple  # in the new snapshot; in the old one for what was removed (`removed`)
    label: str  # "ORV – Herinrichting Plein 40-45, incl. btw"
    before: str | None  # the values as the document shows them; None where there is none
    after: str | None
    text: str  # the summary line
    details: tuple[str, ...] = ()  # a prose field's changed sentences, as summary lines
    sentences: tuple[tuple[str, str], ...] = ()  # the same as (before, after) pairs
    removed: bool = False

    @property
    def lines(self) -> list[str]:
        return [self.text, *self.details]


def data_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[str]:
    """Every changed field of a gebied (or, with a prefix, of landelijk.yaml)."""
    return [line for change in field_changes(old, new, prefix) for line in change.lines]


def field_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[FieldChange]:
    return list(_walk(old, new, (), prefix))


def _walk(old: Any, new: Any, path: tuple, prefix: str) -> Iterator[FieldChange]:
    if old == new:
        return
    if path in _NAMED_LISTS and isinstance(old or [], list) and isinstance(new or [], list):
        yield from _named_list(old or [], new or [], path, prefix)
    elif isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            yield from _walk(old.get(key), new.get(key), path + (key,), prefix)
    elif isinstance(old, dict) or isinstance(new, dict):  # a whole section added or dropped
        label = _label(path, prefix)
        yield FieldChange(path, label, None, None, f"{label}: {'toegevoegd' if old is None else 'vervallen'}",
                          removed=new is None)
        yield from _walk(old or {}, new or {}, path, prefix)
    elif path and path[-1] in PROSE_FIELDS:
        pairs = tuple(_sentence_changes(old or "", new or ""))
        details = tuple(f"    «{before}» → «{after}»" if before and after else (f"    toegevoegd: «{after}»" if after else f"    geschrapt: «{before}»")
                        for before, after in pairs)
        yield FieldChange(path, f"Tekst – {path[-1]}", None, None, f"Tekst – {path[-1]}: gewijzigd", details, pairs)
    else:
        name = str(path[-1]) if path else ""
        label = _label(path, prefix)
        before, after = shown(name, old), shown(name, new)
        yield FieldChange(path, label, before, after, f"{label}: {before} → {after}")


def _named_list(old: list, new: list, path: tuple, prefix: str) -> Iterator[FieldChange]:
    kind, key = _NAMED_LISTS[path]
    before = {item.get(key): (index, item) for index, item in enumerate(old) if isinstance(item, dict)}
    after = {item.get(key): (index, item) for index, item in enumerate(new) if isinstance(item, dict)}
    for name, (index, item) in before.items():
        if name not in after:
            yield FieldChange(path + (index,), f"{kind} – {name}", str(name), None,
                              f"{kind} – {name}: vervallen ({_describe(item, key)})", removed=True)
    for name, (index, item) in after.items():
        if name not in before:
            yield FieldChange(path + (index,), f"{kind} – {name}", None, str(name), f"{kind} – {name}: toegevoegd ({_describe(item, key)})")
        else:
            previous = before[name][1]
            for field in item:
                if item[field] != previous.get(field):
                    label = f"{kind} – {name}, {_LABELS.get(field, field)}"
                    was, wordt = shown(field, previous.get(field)), shown(field, item[field])
                    yield FieldChange(path + (index, field), label, was, wordt, f"{label}: {was} → {wordt}")
    if [i.get(key) for i in old if i.get(key) in after] != [i.get(key) for i in new if i.get(key) in before]:
        yield FieldChange(path, kind, None, None, f"{kind}: volgorde gewijzigd")


def _describe(item: dict, key: str) -> str:
    return ", ".join(f"{_LABELS.get(k, k)} {shown(k, v)}" for k, v in item.items() if k != key)


def _label(path: tuple, prefix: str) -> str:
    words = [str(p) for p in path if not isinstance(p, int)]
    if prefix:
        return f"{prefix} – {'.'.join(words)}"
    if words and words[0] in _SECTIONS:
        rest = ", ".join(_LABELS.get(w, w) for w in words[1:])
        return _SECTIONS[words[0]] + (f" – {rest}" if rest else "")
    return ", ".join(_LABELS.get(w, w) for w in words)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+|\n\s*\n", " ".join(text.split("\n")).strip()) if s.strip()] if text else []


def _sentence_changes(old: str, new: str) -> Iterator[tuple[str, str]]:
    a, b = _sentences(old), _sentences(new)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        yield " ".join(a[i1:i2]), " ".join(b[j1:j2])


PARAGRAPH = "\u00b6"  # a paragraph boundary, as a token of its own
CONTEXT_WORDS = 4


def text_changes(old: list[str], new: list[str]) -> list[str]:
    """The words of the template that changed, were added or removed, each with the words around it:
    «toegewijde» → «hechte» (in «De NPLV-gebieden hebben … allianties gevormd»). Compared word by word over
    the whole template, so a paragraph re-cut by an editor, or a change of spacing, is no change."""
    a, b = _tokens(old), _tokens(new)
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before, after = _words(a[i1:i2]), _words(b[j1:j2])
        if before == after:  # only where a paragraph ends moved
            lines.append(f"alineagrens verplaatst bij «{_around(b, j1, j2)}»")
            continue
        where = f" (in «{_around(b, j1, j2)}»)"
        if before and after:
            lines.append(f"«{before}» → «{after}»{where}")
        elif after:
            lines.append(f"toegevoegd: «{after}»{where}")
        else:
            lines.append(f"geschrapt: «{before}» (na «{_words(a[max(0, i1 - CONTEXT_WORDS):i1]) or '…'}»)")
    return lines


def _tokens(paragraphs: list[str]) -> list[str]:
    tokens: list[str] = []
    for text in paragraphs:
        tokens.extend(text.split())
        tokens.append(PARAGRAPH)
    return tokens


def _words(tokens: list[str]) -> str:
    return " ".join(t for t in tokens if t != PARAGRAPH)


def _around(tokens: list[str], start: int, end: int) -> str:
    """The changed words with a few words either side, within their paragraph."""
    low = start
    while low > 0 and start - low < CONTEXT_WORDS and tokens[low - 1] != PARAGRAPH:
        low -= 1
    high = end
    while high < len(tokens) and high - end < CONTEXT_WORDS and tokens[high] != PARAGRAPH:
        high += 1
    text = _words(tokens[low:high])
    return ("… " if low > 0 and tokens[low - 1] != PARAGRAPH else "") + text + (" …" if high < len(tokens) and tokens[high] != PARAGRAPH else "")


def markdown(title: str, gebied: list[str], landelijk: list[str], template: list[str], figures: list[str],
             notes: Sequence[str] = (), leading: Sequence[str] = ()) -> str:
    """The summary: `leading` right under the title (a departure from the signed version), `notes` under Meldingen."""
    parts = [f"# {title}", ""] + [line for note in leading for line in (note, "")]
    for heading, lines in (
        ("Gewijzigd in de gegevens van het gebied", gebied),
        ("Gewijzigd in de landelijke gegevens", landelijk),
        ("Gewijzigd in het sjabloon", template),
        ("Gevolgen voor de berekende bedragen", figures),
        ("Meldingen", list(notes)),
    ):
        if lines:
            parts += [f"## {heading}", ""] + [f"- {line}" if not line.startswith("    ") else f"  {line.strip()}" for line in lines] + [""]
    if not (gebied or landelijk or template):
        parts += ["Geen wijziging in de gegevens of het sjabloon gevonden; alleen de opmaak van het document verschilt.", ""]
    return "\n".join(parts)


def short(lines: list[str], width: int = 160) -> str:
    """One line for a list of changes (`afspraken history`): the changes themselves, not their detail lines."""
    heads = [line for line in lines if not line.startswith("    ")]
    if not heads:
        return "geen wijziging in de gegevens of het sjabloon"
    text = ""
    for count, line in enumerate(heads):
        rest = len(heads) - count
        candidate = f"{text}; {line}" if text else line
        if len(candidate) > width and text:
            return f"{text}; en {rest} meer"
        text = candidate
    return text
