"""The context's provenance: every value it puts into the document names the field or figure it comes from.

The oracle is the data and the arithmetic's record, not the mapping itself: a field's source must resolve
in the gebied's model to the value the context shows (its digits, or its text), a figure's label must be one
`compute.figures` records, with the figure's digits shown; and every shown leaf outside the national
parameters must have a source.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.compute import agreement, figures
from generator.data.load import load_gebied, load_landelijk
from generator.document import context
from generator.document.prose import Block

from .conftest import DATA

GEBIEDEN = sorted((DATA / "gebieden").glob("*.yaml"))


def leaves(value: Any, path: tuple = ()) -> dict[tuple, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in leaves(item, path + (key,)).items()}
    if isinstance(value, list):
        return {k: v for index, item in enumerate(value) for k, v in leaves(item, path + (index,)).items()}
    return {path: value}


def resolve(model: Any, path: tuple) -> Any:
    for step in path:
        model = model[step] if isinstance(step, int) else getattr(model, step)
    return model


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("file", GEBIEDEN, ids=lambda p: p.stem)
def test_every_shown_value_names_its_source(file):
    landelijk = load_landelijk(DATA)
    gebied, _ = load_gebied(file)
    figures_ = figures(gebied, landelijk)
    built = context.build(gebied, agreement(gebied, landelijk), landelijk)
    sources = context.sources(gebied, agreement(gebied, landelijk), landelijk)
    shown = leaves(built)
    for path, value in shown.items():
        if isinstance(value, (str, Block)) and path[0] != "landelijk" and path[-1] != "soort":  # soort: a style switch
            assert path in sources, f"{path} ({value!r}) has no source"
    for path, source in sources.items():
        assert path in shown, f"{path} is no place of the context"
        value = shown[path]
        if source.kind == "figuur":
            assert source.label in figures_, source.label
            assert digits(value) == str(figures_[source.label].value), (path, value)
        elif source.kind == "gebied" and not isinstance(value, Block):
            typed = resolve(gebied, source.path)
            if isinstance(typed, int):
                assert digits(value) == str(typed), (path, value)
            else:
                assert typed in value, (path, value, typed)
        elif source.kind == "gebied":
            assert isinstance(resolve(gebied, source.path), str)


def test_a_revision_leaves_the_date_to_the_template():
    landelijk = load_landelijk(DATA)
    gebied, _ = load_gebied(DATA / "gebieden" / "amsterdam-nieuw-west.yaml")
    sources = context.sources(gebied, agreement(gebied, landelijk), landelijk, revision=True)
    assert ("datum",) not in sources and ("ondertekening", "plaats") in sources
