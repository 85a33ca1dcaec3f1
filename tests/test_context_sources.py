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
    sources = context.sources(gebied, built)
    shown = leaves(built)
    for path, value in shown.items():
        if isinstance(value, (str, Block)) and path[0] not in ("landelijk", "titel") and path[-1] != "soort":
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
    sources = context.sources(gebied, context.build(gebied, agreement(gebied, landelijk), landelijk, True), revision=True)
    assert ("datum",) not in sources and ("ondertekening", "plaats") in sources


def built_documents():
    """ANW's document as the engine builds it, and as it was built before values were marked."""
    import functools

    from generator.document import agreement as document
    from generator.document.render import Template
    from generator.ooxml.finish import finish
    from generator.ooxml.package import zip_bytes

    from .conftest import TEMPLATE

    landelijk = load_landelijk(DATA)
    gebied, _ = load_gebied(DATA / "gebieden" / "amsterdam-nieuw-west.yaml")
    template = Template(TEMPLATE)
    built = context.build(gebied, agreement(gebied, landelijk), landelijk)
    unmarked = zip_bytes(finish(template.render(built), title=context.title(gebied), subject=context.subject(landelijk),
                                date=landelijk.ondertekening.datum, creator=f"Ministerie van {landelijk.ministerie.naam}"))
    return gebied, built, document.build(gebied, landelijk, template), unmarked


def test_bookmarks_enclose_exactly_the_values_and_change_nothing_a_reader_sees():
    import io
    import zipfile

    from lxml import etree

    from generator.ooxml.canonical import looks_the_same
    from generator.document.provenance import bookmark_name

    gebied, built, docx, unmarked = built_documents()
    assert docx != unmarked and looks_the_same(unmarked, docx)
    names = {bookmark_name(path): path for path in context.sources(gebied, built)}
    shown = leaves(built)
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    package = zipfile.ZipFile(io.BytesIO(docx))
    found = 0
    for part in ("word/document.xml", "word/footnotes.xml", "word/header1.xml", "word/header2.xml"):
        if part not in package.namelist():
            continue
        root = etree.fromstring(package.read(part))
        assert "\ue000" not in etree.tostring(root, encoding="unicode")
        texts: dict[str, list[str]] = {}
        inside: list[str] = []
        for element in root.iter(W + "bookmarkStart", W + "bookmarkEnd", W + "t"):
            if element.tag == W + "bookmarkStart":
                texts[element.get(W + "id")] = []
                inside.append(element.get(W + "id"))
                texts["name:" + element.get(W + "id")] = [element.get(W + "name")]
            elif element.tag == W + "bookmarkEnd":
                inside.remove(element.get(W + "id"))
            else:
                for id_ in inside:
                    texts[id_].append(element.text or "")
        for key, name in [(k, v[0]) for k, v in texts.items() if k.startswith("name:")]:
            stem, _, _ = name.rpartition("_")
            if not stem.startswith("_af"):
                continue
            path = names[stem]
            value = shown[path]
            expected = value if isinstance(value, str) else "".join(run.text for run in value.runs)
            assert "".join(texts[key[5:]]) == expected, (path, part)
            found += 1
    # every table figure, every name and every paragraph of the prose is bookmarked at least once
    assert found >= len([p for p, v in shown.items() if p in names and v]) - 2
