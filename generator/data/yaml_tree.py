"""The YAML reading that load's two paths share (ruamel's round trip and yaml_fast's C parser): the
constructor, plain scalars, the node limit and the field paths that locate a value."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor

from .models import Unquoted

MAX_NODES = 100_000

FieldPath = tuple[str | int, ...]


def field_path(loc: Iterable[str | int]) -> str:
    """('orv', 'maatregelen', 2, 'bedrag_incl_btw') → 'orv.maatregelen[2].bedrag_incl_btw'"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date (2025-02-30) as text, so that
    validation reports it with its line instead of the YAML library failing without one."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


    def construct_yaml_int(self, node: Any) -> Any:
        # YAML 1.2 reads 0x6fed18 as 7335192, 0o17 as 15 and 7_335_000 as 7335000: no policy officer means
        # that. Only decimal digits make a whole number; anything else stays the text that was typed.
        if not _DECIMAL.fullmatch(node.value):
            return Unquoted(node.value)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Any) -> Any:
        # 7.335e6, .inf and .nan are floats to YAML; as an amount or a count they are a mistake.
        if not _DECIMAL_FRACTION.fullmatch(node.value):
            return Unquoted(node.value)
        return super().construct_yaml_float(node)


_DECIMAL = re.compile(r"[-+]?[0-9]+")
_DECIMAL_FRACTION = re.compile(r"[-+]?[0-9]*\.[0-9]*")

Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_yaml_float)


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def scalar(value: Any) -> Any:
    # ruamel hands out subclasses (ScalarInt, ScalarBoolean, LiteralScalarString …); the
    # strict models want the plain types, and a YAML boolean must not pass as a number.
    if isinstance(value, bool) or type(value).__name__ == "ScalarBoolean":
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Unquoted):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    return value
