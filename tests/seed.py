"""The signed agreement's text (extracted from its PDF), split into body, footnotes and page header."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from .conftest import SEED

HEADER_LINES = {"Datum", "24 juni 2025", "Pagina 5 van 13"}
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
# A footnote marker printed as a superscript digit glued to the word before it: "maken1.", "Rijksbijdrage3".
MARKER = re.compile(r"(?<=[a-z])[1-5](?=[\s.,]|$)")


@dataclass(frozen=True)
class Seed:
    body: str
    footnotes: tuple[str, ...]


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ")
    text = re.sub(r",\s+-", ",-", text)  # "€ 19.035.000, -" is how the PDF extraction spaces "€ 19.035.000,-"
    text = re.sub(r"€(?=\d)", "€ ", text)
    return " ".join(text.split())


def _join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.rstrip()
        # A word broken over two lines at its hyphen: "NPLV-" + "gebieden".
        if text.endswith("-") and not text.endswith(" -") and line[:1].isalpha():
            text += line
        else:
            text += " " + line
    return text


def load() -> Seed:
    body: list[str] = []
    notes: dict[int, list[str]] = {}
    current = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([1-5]) \S", line)
        if match and int(match.group(1)) == len(notes) + 1:
            current = int(match.group(1))
            notes[current] = [line[2:]]
            continue
        if current is not None and line and not line.startswith(" "):
            notes[current].append(line)
            continue
        current = None
        if line.strip() in HEADER_LINES:
            continue
        # Bullet glyphs are Word numbering in our document, not text.
        body.append(MARKER.sub("", re.sub(r"^\s*[•o] (?=\S)", "", line)))
    return Seed(normalise(_join_lines(body)), tuple(normalise(_join_lines(n)) for n in notes.values()))


def in_order_share(expected: str, actual: str) -> float:
    """Share of the expected words that appear in the actual text, in the same order."""
    a, b = expected.split(), actual.split()
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(a)


def differences(expected: str, actual: str, allowed_extra: tuple[str, ...] = ()) -> list[str]:
    """Where `actual` departs from `expected`, word by word in both directions: every expected word in
    order, and no word beyond them except the stretches listed in `allowed_extra` (each at most once).
    Empty when the texts agree. Compared after `normalise` only (spaces, the PDF's "€ 19.035.000, -")."""
    a, b = expected.split(), actual.split()
    allowed = list(allowed_extra)
    found = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        missing, extra = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag in ("delete", "replace"):
            found.append(f"missing: {missing!r}" + (f" (instead: {extra!r})" if extra else ""))
        elif tag == "insert":
            if extra in allowed:
                allowed.remove(extra)
            else:
                found.append(f"not in the signed text: {extra!r} (after {' '.join(b[max(0, j1 - 6):j1])!r})")
    return found


def figures(text: str) -> Counter:
    return Counter(FIGURE.findall(text))


def pages() -> int:
    """The signed agreement's page count, from its header ("Pagina 5 van 13")."""
    (count,) = set(re.findall(r"Pagina \d+ van (\d+)", SEED.read_text(encoding="utf-8")))
    return int(count)
