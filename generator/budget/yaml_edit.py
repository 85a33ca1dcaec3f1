"""Changing figures in a gebied file as the drafters wrote it: a changed amount changes that one line.

First through ruamel.yaml's round trip (comments, key order, quoting and layout kept). Its dump is
taken only if it differs from the original in exactly the lines of the changed values; a file whose
layout ruamel would write differently (other indentation, CRLF line ends, a directive) gets just the
value's characters replaced, at the line and column ruamel reports for it. Either way the result is
read back and must hold exactly the new values, and differ from the original in those lines only.
"""

from __future__ import annotations

import codecs
import difflib
import io
import re
from typing import Any

from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..errors import AfsprakenError
from ..data.yaml_tree import FieldPath, field_path, round_trip_yaml

# A plain scalar ends at white space, a comment or a flow indicator.
_PLAIN = re.compile(r"[^\s#,\[\]{}]+")


def replace_values(raw: bytes, changes: dict[FieldPath, Any], name: str) -> bytes:
    """`raw` (a gebied file) with the scalar at each path replaced by its new int, bool or text (a text only
    through the round trip: its quoting is ruamel's to keep)."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom):].decode("utf-8")
    tree = round_trip_yaml().load(text)
    lines = {line for path in changes for line in _lines(tree, path)}
    dumped = _dump(text, changes)
    result = dumped if _differs_only_in(text, dumped, lines) else _patch(text, tree, changes)
    _check(text, result, changes, lines, name)
    return bom + result.encode("utf-8")


def _parent(tree: Any, path: FieldPath) -> Any:
    node = tree
    for part in path[:-1]:
        node = node[part]
    return node


def _position(tree: Any, path: FieldPath) -> tuple[int, int]:
    """0-based line and column where the value at `path` starts in the text."""
    line, column = _parent(tree, path).lc.value(path[-1])
    return line, column


def _lines(tree: Any, path: FieldPath) -> range:
    """The 0-based lines the value at `path` takes: one, or a block scalar's indicator line and its lines."""
    line = _position(tree, path)[0]
    value = _parent(tree, path)[path[-1]]
    return range(line, line + 1 + (value.count("\n") if isinstance(value, _BLOCKS) else 0))


_BLOCKS = (LiteralScalarString, FoldedScalarString)


def _literal(value: Any, old: str = "") -> str:
    if isinstance(value, bool):
        word = "true" if value else "false"
        return word.upper() if old.isupper() else (word.capitalize() if old[:1].isupper() else word)
    if isinstance(value, int):
        return str(value)
    raise AssertionError(f"only whole numbers and booleans are written: {value!r}")


def _dump(text: str, changes: dict[FieldPath, Any]) -> str:
    yaml = round_trip_yaml()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line that the drafter wrote on one line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the shipped files
    edited = yaml.load(text)
    for path, value in changes.items():
        parent = _parent(edited, path)
        old = parent[path[-1]]
        # a text written as a block (| or >) stays one, its lines as the new text has them
        parent[path[-1]] = type(old)(value) if isinstance(old, _BLOCKS) and isinstance(value, str) else value
    return _to_text(yaml, edited)


def _to_text(yaml: Any, tree: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    return buffer.getvalue()


def _patch(text: str, tree: Any, changes: dict[FieldPath, Any]) -> str:
    starts = [0]
    for text_line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(text_line) + 1)
    spans = []
    for path, value in changes.items():
        line, column = _position(tree, path)
        if isinstance(value, str):
            raise AfsprakenError(f"kan de tekst van {field_path(path)} niet veilig vervangen op regel {line + 1}; "
                                 "er is niets geschreven")
        offset = starts[line] + column
        token = _PLAIN.match(text, offset)
        if token is None:
            raise AfsprakenError(f"kan de waarde van {path} niet vinden op regel {line + 1}")
        spans.append((token.start(), token.end(), _literal(value, token.group())))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _differs_only_in(old: str, new: str, lines: set[int]) -> bool:
    """Only the `lines` of `old` changed (a block scalar's may become more or fewer, within the block)."""
    a, b = old.split("\n"), new.split("\n")
    if len(a) == len(b):
        return all(x == y or i in lines for i, (x, y) in enumerate(zip(a, b)))
    return all(tag == "equal" or all(i in lines for i in range(i1 - (i1 == i2), max(i2, i1 + 1)))
               for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


def _check(old: str, new: str, changes: dict[FieldPath, Any], lines: set[int], name: str) -> None:
    """The new text holds the new values and everything else as before; otherwise nothing may be written."""
    expected = round_trip_yaml().load(old)
    for path, value in changes.items():
        _parent(expected, path)[path[-1]] = value
    found = round_trip_yaml().load(new)
    if found != expected or not _differs_only_in(old, new, lines):
        raise AfsprakenError(f"{name}: de waarden kunnen niet veilig in het bestand worden gezet; er is niets geschreven")
