"""A template re-saved by Word or LibreOffice: noise is no change, one changed word is exactly one change.

Word's noise is made with lxml on a template copy (tests/template_edits.py); LibreOffice, the editor we can
run, opens the template through UNO, changes a word or nothing, and saves as "MS Word 2007 XML"."""

from __future__ import annotations

import json

import pytest

from lxml import etree

from generator import batch
from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts

from . import template_edits as edits
from .conftest import TEMPLATE

CHANGED = ("toegewijde", "hechte")  # a word of the Introductie: in every gebied's agreement


def generate(data, template, out):
    paths = batch.gebied_files(data, [], everything=True)
    return batch.run(data, paths, template, out)


def statuses(result) -> set[str]:
    return {o.status for o in result.outcomes}


REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "trPrChange", "tcPrChange", "tblPrChange",
             "sectPrChange")


def revisions(redline: bytes) -> list[tuple[str, str]]:
    """Every tracked change in the redline's stories: (kind, the text it holds); a concept's version mark in the
    header (stamp.py: "Versie 1 …" → "Versie 2 …") is the version's own, and left out here."""
    from generator.ooxml.stamp import in_version_mark

    parts = read_parts(redline)
    found = []
    for name in sorted(n for n in parts if n.startswith("word/") and n.endswith(".xml") and "/_rels" not in n):
        root = parse_xml(parts[name])
        for element in root.iter(*(w(t) for t in REVISIONS)):
            if in_version_mark(element):
                continue
            found.append((etree.QName(element).localname, "".join(t.text or "" for t in element.iter(w("t"), w("delText")))))
    return found


def assert_only_the_word(out, outcome) -> None:
    folder = out / outcome.slug
    assert revisions((folder / f"{outcome.slug}-v2-wijzigingen.docx").read_bytes()) == [("del", CHANGED[0]), ("ins", CHANGED[1])]


def test_word_noise_makes_no_new_version(tmp_path, data_copy):
    out = tmp_path / "out"
    generate(data_copy, TEMPLATE, out)
    noisy = edits.edited(tmp_path / "noisy.docx", edits.word_resave_noise)
    assert read_parts(noisy)["word/document.xml"] != read_parts(TEMPLATE)["word/document.xml"]
    result = generate(data_copy, noisy, out)
    assert statuses(result) == {"ongewijzigd"}
    assert not list(out.rglob("*-v2*"))  # no new version, so no redline with revisions either


def test_word_noise_with_one_word_changed_is_that_word(tmp_path, data_copy):
    out = tmp_path / "out"
    first = generate(data_copy, TEMPLATE, out)
    edited = edits.edited(tmp_path / "edited.docx", edits.word_resave_noise, edits.on_text("word/document.xml", *CHANGED))
    result = generate(data_copy, edited, out)
    assert statuses(result) == {"nieuw"} and len(result.outcomes) == len(first.outcomes)
    for outcome in result.outcomes:
        summary = (out / outcome.slug / f"{outcome.slug}-v2-wijzigingen.md").read_text(encoding="utf-8")
        # The section up to the next heading (the coverage statement "## Wat is vergeleken" follows it).
        template_part = summary.split("## Gewijzigd in het sjabloon", 1)[1].split("\n## ", 1)[0].strip().splitlines()
        assert template_part == ["- «toegewijde» → «hechte» (in «De NPLV-gebieden hebben hechte allianties gevormd waarin de …»)"]
        assert_only_the_word(out, outcome)


@pytest.mark.libreoffice
def test_libreoffice_resave_without_edit_and_with_one_word(tmp_path, data_copy):
    from .libreoffice import run_jobs

    out = tmp_path / "out"
    first = generate(data_copy, TEMPLATE, out)
    same, word = tmp_path / "lo-same.docx", tmp_path / "lo-word.docx"
    run_jobs([{"path": str(TEMPLATE), "action": "none", "save": str(same)},
              {"path": str(TEMPLATE), "action": "none", "save": str(word), "replace": list(CHANGED)}])
    assert same.exists() and word.exists()
    assert statuses(generate(data_copy, same, out)) == {"ongewijzigd"}
    result = generate(data_copy, word, out)
    assert statuses(result) == {"nieuw"} and len(result.outcomes) == len(first.outcomes)
    for outcome in result.outcomes:
        folder = out / outcome.slug
        summary = (folder / f"{outcome.slug}-v2-wijzigingen.md").read_text(encoding="utf-8")
        assert "«toegewijde» → «hechte»" in summary and "Pagina" not in summary
        # One change listed; the coverage statement after it ("## Wat is vergeleken") has bullets of its own.
        assert summary.split("\n## Wat is vergeleken", 1)[0].count("\n- ") == 1, summary
        assert_only_the_word(out, outcome)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert [v["versie"] for v in manifest["versies"]] == [1, 2]
