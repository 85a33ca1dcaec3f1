"""The template context's shape, read from its typed definition in generator/context.py.

No second list of names: every record (TypedDict), list and optional section of
`context.Context` becomes a `Shape` the check walks, so a name or attribute used
only in some branch of the template is checked all the same.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, Union, get_args, get_origin, get_type_hints


@dataclass(frozen=True)
class Leaf:
    """A printable value (text, a flag, prose); `values` when only these can occur (Literal)."""

    kind: object
    values: tuple = ()


@dataclass(frozen=True)
class Record:
    name: str
    fields: dict[str, Shape] = field(hash=False)


@dataclass(frozen=True)
class ListOf:
    item: Shape


Shape = Union["Leaf", "Record", "ListOf"]
ANY = Leaf(object)


def shape(annotation: object) -> Shape:
    if typing.is_typeddict(annotation):
        return _record(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, tuple):
        return ListOf(shape(args[0]) if args else ANY)
    if origin in (Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        return shape(present[0]) if len(present) == 1 else ANY
    if origin is Literal:
        return Leaf(str, tuple(args))
    return Leaf(annotation)


@cache
def _record(typed_dict: type) -> Record:
    return Record(typed_dict.__name__, {name: shape(hint) for name, hint in get_type_hints(typed_dict).items()})


def context_shape(contract: type | None = None) -> Record:
    """The shape of `contract` (a TypedDict), by default the agreement's context.Context."""
    from ..document.context import Context

    return _record(contract or Context)
