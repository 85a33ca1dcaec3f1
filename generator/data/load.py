"""Load: YAML files → pydantic models, every problem located by file, line and field.

YAML 1.2 (ruamel.yaml), so `NO` stays text and `01234` is not octal; repeated
keys, anchors and aliases are refused (no "billion laughs"), files are read
with a size limit, and all problems of a file are reported together.
A valid file is read by ruamel's C parser (yaml_fast); whatever that path is not
sure to read identically goes through the round trip, which reports the errors.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..errors import DataError, Problem, os_reason
from .models import Gebied, Landelijk, Unquoted, readable
from .yaml_tree import MAX_NODES, FieldPath, field_path, round_trip_yaml, scalar

MAX_FILE_BYTES = 1024 * 1024  # a gebied file is a few kB; anything this big is a mistake

def shown_path(file: str | PurePath) -> str:
    """A data file as its user knows it, never a path of their disk: a gebied file relative to the data
    folder's parent ('data/gebieden/amsterdam-nieuw-west.yaml'), any other file by its name alone."""
    path = PurePath(file)
    if path.parent.name == "gebieden" and path.parent.parent.name:
        return f"{path.parent.parent.name}/gebieden/{path.name}"
    return path.name


@dataclass(frozen=True)
class SourceMap:
    """Where each field of a YAML file stands: 1-based line of every key and list item."""

    file: Path
    lines: dict[FieldPath, int]

    def line(self, path: FieldPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def value_line(self, path: FieldPath) -> int | None:
        return self.lines.get(path + ("<value>",), self.line(path))

    def problem(self, path: FieldPath, message: str, line: int | None = None) -> Problem:
        return Problem(self.file, line if line is not None else self.line(path), field_path(path), message)


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """The plain Python data of a YAML file and where each field stands."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError([Problem(path, None, "", f"bestand is te groot ({size:,} bytes; hooguit {MAX_FILE_BYTES:,})")])
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(path, None, "", f"kan niet gelezen worden ({os_reason(exc)})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(path, line, "", f"is geen UTF-8-tekst (byte 0x{raw[exc.start]:02x}); sla het bestand op als UTF-8")]) from None
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        raise DataError([Problem(path, None, "", "bestand is leeg")])
    from .yaml_fast import read

    fast = read(text)
    if fast is not None:
        return fast[0], SourceMap(path, fast[1])
    return _round_trip(text, path)


def _round_trip(text: str, path: Path) -> tuple[Any, SourceMap]:
    """ruamel's pure-Python round trip: slower, but it is the reader that explains a mistake."""
    try:
        document = round_trip_yaml().load(text)
    except MarkedYAMLError as exc:
        from .yaml_errors import explain

        line, message = explain(exc, text)
        raise DataError([Problem(path, line, "", message)]) from None
    except YAMLError as exc:
        raise DataError([Problem(path, None, "", "YAML kan niet gelezen worden (de opbouw van het bestand klopt niet); vergelijk het met een ander gebiedsbestand")]) from None
    lines: dict[FieldPath, int] = {(): 1}
    data = _plain(document, (), lines, path, set(), [0])
    return data, SourceMap(path, lines)


def _plain(node: Any, path: FieldPath, lines: dict[FieldPath, int], file: Path, seen: set[int], count: list[int]) -> Any:
    """ruamel's round-trip tree → plain dicts, lists and scalars, recording lines as it goes."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise DataError([Problem(file, None, field_path(path), "bestand bevat te veel gegevens")])
    if isinstance(node, (CommentedMap, CommentedSeq)):
        # Anchors and aliases are not needed in these files and are how "billion laughs" works.
        if id(node) in seen:
            raise DataError([Problem(file, lines.get(path), field_path(path), "verwijzingen (&anker / *alias) zijn niet toegestaan")])
        seen.add(id(node))
    if isinstance(node, CommentedMap):
        if node.merge:  # `<<:` copies fields from elsewhere; what the file says would no longer be what is read
            line = node.lc.line + 1 if node.lc.line is not None else lines.get(path)
            raise DataError([Problem(file, line, field_path(path), "samenvoegen met '<<:' is niet toegestaan; schrijf de velden zelf uit")])
        result = {}
        for key, value in node.items():
            child = path + (str(key),)
            key_line, _, value_line, _ = node.lc.data[key]
            lines[child] = key_line + 1
            lines[child + ("<value>",)] = value_line + 1
            result[str(key)] = _plain(value, child, lines, file, seen, count)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = path + (index,)
            lines[child] = node.lc.item(index)[0] + 1
            items.append(_plain(value, child, lines, file, seen, count))
        return items
    return scalar(node)


M = typing.TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: Any, source: SourceMap) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError([_problem(model, error, source) for error in exc.errors(include_url=False)]) from None


def load(model: type[M], path: Path) -> tuple[M, SourceMap]:
    data, source = read_yaml(path)
    return validate(model, data, source), source


def load_landelijk(data_dir: Path) -> Landelijk:
    return load(Landelijk, data_dir / "landelijk.yaml")[0]


def load_gebied(path: Path) -> tuple[Gebied, SourceMap]:
    return load(Gebied, path)


# --- pydantic errors in the drafter's language ----------------------------


def _problem(model: type[BaseModel], error: ErrorDetails, source: SourceMap) -> Problem:
    loc = tuple(error["loc"])
    kind, found = error["type"], error.get("input")
    if kind == "missing":
        return source.problem(loc, "ontbreekt (verplicht veld)", source.line(loc[:-1]))
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; bedoelde u '{guess[0]}'?" if guess else (f"; toegestaan: {', '.join(known)}" if known else "")
        return source.problem(loc, f"onbekend veld{hint}")
    line = source.value_line(loc)
    if kind == "value_error":  # our own validators say what they found
        return source.problem(loc, _expected(kind, error), line)
    return source.problem(loc, f"{_expected(kind, error)}, gevonden: {_shown(found)}", line)


def _expected(kind: str, error: ErrorDetails) -> str:
    ctx = error.get("ctx") or {}
    found = error.get("input")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(found, Unquoted) or (isinstance(found, str) and _LOOKS_LIKE_A_NUMBER.fullmatch(found)):
            return WHOLE_NUMBER_HINT
        if isinstance(found, float):
            return "verwacht een geheel getal (hele euro's, geen decimalen)"
        return "verwacht een geheel getal"
    if kind == "greater_than":
        return f"moet groter zijn dan {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"mag niet kleiner zijn dan {ctx.get('ge')}"
    if kind == "less_than_equal":
        bound = ctx.get("le")
        if isinstance(bound, int) and bound >= 10_000:  # a plausibility bound: said as the figure is read
            return f"mag niet groter zijn dan {bound:,} (zo'n groot getal is vast een tikfout)".replace(",", ".")
        return f"mag niet groter zijn dan {bound}"
    if kind == "bool_type":
        return "verwacht true of false"
    if kind == "string_type":
        if isinstance(found, list):
            # naam: [naam wethouder] is a YAML list; the placeholder was meant.
            return ("verwacht tekst (YAML leest een waarde die met [ begint als lijst; zet een invulplek tussen "
                    "aanhalingstekens: \"[naam wethouder]\")")
        return "verwacht tekst"
    if kind == "literal_error":
        return f"verwacht een van: {str(ctx.get('expected')).replace(' or ', ' of ')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return "verwacht een geldige datum als JJJJ-MM-DD"
    if kind == "string_pattern_mismatch":
        return "verwacht alleen kleine letters, cijfers en streepjes (zoals amsterdam-nieuw-west)"
    if kind in ("too_short", "string_too_short"):
        return "mag niet leeg zijn"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "verwacht velden (naam: waarde) op de regels eronder"
    if kind == "list_type":
        return "verwacht een lijst (regels die met '- ' beginnen)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


WHOLE_NUMBER_HINT = "verwacht een geheel getal van alleen cijfers, zonder aanhalingstekens, punten of €-teken (zoals 7335000)"
# Text that a person means as a number: "7.335.000", "€ 7.335.000", "7 335 000" (harde spaties), "7,335,000".
_LOOKS_LIKE_A_NUMBER = re.compile(r"\s*(€\s*)?[-+]?[0-9][0-9.,_ \u00a0\u202f\u2009]*(,-)?\s*")


def _shown(value: Any) -> str:
    return readable(value)


def _field_names(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The field names allowed at `loc` inside `model`, to suggest a correction for a typo."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
