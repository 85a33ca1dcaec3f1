"""The gebied's own prose: a small Markdown subset with references to computed values.

Drafters write paragraphs, bullets (two levels) and *emphasis* in the YAML.
Figures in the prose are never typed: `{woningen}` refers to a computed value
by name, and a name that does not exist is an error. Braces are the only
syntax; nothing in the prose is ever run as template code.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

REFERENCE = re.compile(r"\{([^{}\n]*)\}")
# A visible placeholder for a fact still to be filled in, e.g. "[naam wethouder]".
PLACEHOLDER = re.compile(r"\[[^\[\]\n]+\]")

_markdown = MarkdownIt("zero").enable(["list", "emphasis", "newline"])

MAX_LEVEL = 2


@functools.lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple:
    """markdown-it's tokens of a prose field, parsed once: validation reads them (too_deep), and so does the
    document (blocks), in a worker that inherits this cache. Only read, never changed."""
    return tuple(_markdown.parse(text))


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph: level 0 is body text, 1 and 2 are bullets.

    A bullet's second and later paragraphs are continuations: indented like
    the bullet's text, without a bullet of their own.
    """

    level: int
    runs: tuple[Run, ...]
    continuation: bool = False

    @property
    def soort(self) -> str:
        """The paragraph kind the template switches on: alinea, opsomming1/2, vervolg1/2."""
        if self.level == 0:
            return "alinea"
        return f"{'vervolg' if self.continuation else 'opsomming'}{self.level}"


@dataclass(frozen=True)
class Reference:
    name: str
    offset: int  # position of the opening brace in the prose


def references(text: str) -> Iterator[Reference]:
    for match in REFERENCE.finditer(text):
        yield Reference(match.group(1).strip(), match.start())


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def too_deep(text: str) -> int | None:
    """The source line (0-based) of a bullet nested deeper than two levels, if any."""
    depth = 0
    for token in _tokens(text):
        if token.type == "bullet_list_open":
            depth += 1
            if depth > MAX_LEVEL:
                return token.map[0] if token.map else 0
        elif token.type == "bullet_list_close":
            depth -= 1
    return None


def blocks(text: str, values: Mapping[str, str]) -> tuple[Block, ...]:
    """Parse the prose into paragraphs and bullets, with references replaced by their values.

    References must have been checked (see `references`); an unknown one raises KeyError.
    """
    result: list[Block] = []
    depth = 0
    first_in_item = False
    for token in _tokens(text):
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "list_item_open":
            first_in_item = True
        elif token.type == "inline":
            runs = _merged(_runs(token.children or [], values))
            result.append(Block(min(depth, MAX_LEVEL), runs, continuation=depth > 0 and not first_in_item))
            first_in_item = False
    return tuple(result)


def _merged(runs: Iterator[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same emphasis, so Word gets one run where one will do."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def _runs(children: list[Token], values: Mapping[str, str]) -> Iterator[Run]:
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("softbreak", "hardbreak"):
            yield Run(" ", bold, italic)
        elif child.type == "text" and child.content:
            text = REFERENCE.sub(lambda m: values[m.group(1).strip()], child.content)
            yield Run(text, bold, italic)
