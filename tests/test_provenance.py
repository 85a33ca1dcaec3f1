"""Every explanation derived from the computation, judged as a lawyer would: from the documents' text.

Each input of Amsterdam Nieuw-West (every amount and count, the national parameters, a word of prose) is changed
alone, the document is built again and the redline made in-process. The oracle is the redline's text, never the
provenance record: with one input changed, every comment cites that input (by its file and line, which this test
knows because it edits that line) and nothing else; with two changed together, the comment on a change cites
exactly those of the two whose lone change made that same change.
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction
import shutil
from functools import cache
from pathlib import Path

import pytest

from generator.store.manifest import Snapshot
from generator import batch
from generator.document import agreement as document
from generator.review import files as review
from generator.ooxml import tracked
from generator.ooxml.names import w
from generator.ooxml.package import parse_xml
from generator.ooxml.text import paragraph_text
from generator.document.render import Template

from .conftest import DATA, TEMPLATE

ANW = "amsterdam-nieuw-west"
MOMENT = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.timezone.utc)

# (file, the line's text, the new line): one input each
EDITS = {
    "woningen Puur": ("gebied", "    woningen: 12475", "    woningen: 12480"),
    "betaalbaar Puur": ("gebied", "    betaalbaar: 9503", "    betaalbaar: 9550"),
    "woningen Grootschalig": ("gebied", "    woningen: 2076", "    woningen: 2080"),
    "betaalbaar Grootschalig": ("gebied", "    betaalbaar: 1727", "    betaalbaar: 1731"),
    "basis": ("gebied", "  basis_betaalbare_woningen: 9976", "  basis_betaalbare_woningen: 10100"),
    "Centrale": ("gebied", "      bedrag_incl_btw: 5700000", "      bedrag_incl_btw: 5750000"),
    "Meervaart": ("gebied", "      bedrag_incl_btw: 6000000", "      bedrag_incl_btw: 6050000"),
    "Plein": ("gebied", "      bedrag_incl_btw: 7335000", "      bedrag_incl_btw: 7500000"),
    "capaciteit": ("gebied", "      bedrag_incl_btw: 3750000", "      bedrag_incl_btw: 3900000"),
    "wbi cofinanciering": ("gebied", "    cofinanciering: 907500", "    cofinanciering: 910000"),
    "wbi rijksbijdrage": ("gebied", "    indicatie_rijksbijdrage: 907500", "    indicatie_rijksbijdrage: 900000"),
    "prose": ("gebied", "  partner een lange adem, een diepe motivatie", "  partner een lange adem, een grote motivatie"),
    "bedrag_per_woning": ("landelijk", "  bedrag_per_woning: 7000", "  bedrag_per_woning: 7200"),
    "teller": ("landelijk", "    teller: 100", "    teller: 105"),
    "noemer": ("landelijk", "    noemer: 130", "    noemer: 125"),
    "min_procent": ("landelijk", "    min_procent: 30", "    min_procent: 25"),
    "plus_procent": ("landelijk", "    plus_procent: 5", "    plus_procent: 8"),
    "afronding": ("landelijk", "  afronding: 100000", "  afronding: 1000"),
    "btw_procent": ("landelijk", "btw_procent: 21", "btw_procent: 9"),
    "ienw": ("landelijk", "  grootschalig: 1500000000", "  grootschalig: 1600000000"),
    "orv budget": ("landelijk", "  budget: 180000000", "  budget: 190000000"),
}
PAIRS = [("betaalbaar Puur", "capaciteit"), ("Plein", "capaciteit"), ("woningen Puur", "btw_procent"),
         ("basis", "bedrag_per_woning"), ("prose", "Plein"), ("wbi rijksbijdrage", "min_procent"),
         ("betaalbaar Puur", "basis")]

Key = tuple[str, str, str]  # where, was: the place of a tracked change; and its kind


def _file(data: Path, scope: str) -> Path:
    return data / "gebieden" / f"{ANW}.yaml" if scope == "gebied" else data / "landelijk.yaml"


def _apply(data: Path, names: tuple[str, ...]) -> set[tuple[str, int]]:
    """Make the edits; return each edited input as (file, 1-based line), counted here in the text."""
    where = set()
    for name in names:
        scope, old, new = EDITS[name]
        path = _file(data, scope)
        lines = path.read_text(encoding="utf-8").split("\n")
        (index,) = [i for i, line in enumerate(lines) if line.startswith(old)]
        lines[index] = new + lines[index][len(old):]
        path.write_text("\n".join(lines), encoding="utf-8")
        where.add((scope, index + 1))
    return where


@cache
def _template() -> Template:
    return Template(TEMPLATE)


def _version(data: Path) -> tuple["Snapshot", bytes]:
    plan = batch.plan(data, [data / "gebieden" / f"{ANW}.yaml"])
    (job,) = plan.jobs
    return job.snapshot, document.build(job.gebied, plan.landelijk, _template())


_CITED_GEBIED = re.compile(re.escape(f"{ANW}.yaml") + r", regel (\d+)")
_CITED_LANDELIJK = re.compile(r"landelijk\.yaml: [^;]*?\(regel (\d+)\)")


def cited(text: str) -> set[tuple[str, int]]:
    return ({("gebied", int(n)) for n in _CITED_GEBIED.findall(text)}
            | {("landelijk", int(n)) for n in _CITED_LANDELIJK.findall(text)})


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Path, dict, bytes]:
    data = tmp_path_factory.mktemp("base") / "data"
    shutil.copytree(DATA, data)
    return (data, *_version(data))


def redline(base, tmp_path: Path, names: tuple[str, ...]) -> tuple[dict[Key, str], str, set[tuple[str, int]], list[str]]:
    """The comment on every tracked change (by its place), the .md summary, and the inputs edited."""
    source, old_snapshot, old_docx = base
    data = tmp_path / "-".join(n.replace(" ", "_") for n in names) / "data"
    shutil.copytree(source, data)
    edited = _apply(data, names)
    new_snapshot, new_docx = _version(data)
    from generator.ooxml.package import read_parts
    marked, _, _, _ = review.explained_redline(read_parts(old_docx), read_parts(new_docx), old_snapshot, new_snapshot, MOMENT)
    comments = {c.get(w("id")): " ".join(paragraph_text(p) for p in c.iter(w("p")))
                for c in parse_xml(marked["word/comments.xml"], "word/comments.xml").iterchildren(w("comment"))}
    roots = tracked.parse_stories(marked)
    by_place: dict[Key, str] = {}
    inserted = []
    for change in tracked.changes(roots):
        inserted.append(change.wordt)
        start = change.first.getprevious()
        assert start is not None and start.tag == w("commentRangeStart"), change
        by_place[(change.where, change.was, change.kind)] = comments[start.get(w("id"))]
    summary = review.summary("t", old_snapshot, new_snapshot, tmp_path).value
    return by_place, summary, edited, inserted


@pytest.fixture(scope="module")
def alone(base, tmp_path_factory) -> dict[str, tuple[dict[Key, str], str, set[tuple[str, int]], list[str]]]:
    scratch = tmp_path_factory.mktemp("alone")
    return {name: redline(base, scratch, (name,)) for name in EDITS}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_lone_change_is_the_cause_of_every_change_it_makes(alone, name):
    by_place, summary, edited, _ = alone[name]
    assert by_place, f"{name}: nothing changed in the document"
    for place, comment in by_place.items():
        assert cited(comment) == edited, (name, place, comment)
        assert "niet gevonden" not in comment, (name, place, comment)


_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


def _values(text: str) -> set[Fraction]:
    return {Fraction(n.replace(".", "").replace(",", ".")) for n in _NUMBER.findall(text)}


@pytest.mark.parametrize("name", list(EDITS))
def test_every_figure_the_redline_changes_is_in_the_summary(alone, name):
    """Every number the redline inserts (a typed value or a computed figure) stands in the .md."""
    _, summary, _, inserted = alone[name]
    listed = _values(summary)
    for text in inserted:  # "€ 190 mln." in the document is € 190.000.000 in the summary
        for figure in _values(text):
            assert {figure, figure * 10**6, figure * 10**9} & listed, (name, text, figure)


@pytest.mark.parametrize("pair", PAIRS, ids=["+".join(p) for p in PAIRS])
def test_two_changes_together_each_figure_cites_the_inputs_whose_lone_change_changes_it(base, alone, tmp_path, pair):
    by_place, _, _, _ = redline(base, tmp_path, pair)
    for place, comment in by_place.items():
        expected = set().union(*(alone[n][2] for n in pair if place in alone[n][0]))
        assert expected, (pair, place, "a change neither lone change made")
        assert cited(comment) == expected, (pair, place, comment)


def test_the_block_text_cites_the_line_of_the_changed_word(alone):
    by_place, _, edited, _ = alone["prose"]
    assert edited == {("gebied", 23)}  # the word on line 23, inside `programma: |` (the key is on line 17)
    assert all("regel 23" in c and "regel 17" not in c for c in by_place.values()), by_place


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    """v1 and v2 (betaalbaar and capaciteit changed) made by the command, with an absolute --data."""
    from .test_batch import generate

    root = tmp_path_factory.mktemp("generated")
    data, out = root / "data", root / "out"
    shutil.copytree(DATA, data)
    assert data.is_absolute()
    assert generate(data, out, ANW).returncode == 0
    _apply(data, ("betaalbaar Puur", "capaciteit"))
    result = generate(data, out, ANW)
    assert result.returncode == 0, result.stderr
    return root, out / ANW


def test_with_an_absolute_data_folder_nothing_written_for_people_carries_a_path_of_the_disk(generated):
    import zipfile

    root, folder = generated
    texts = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.suffix in (".md", ".json")}
    for name in (f"{ANW}-v2-wijzigingen.docx", f"{ANW}-v2-wijzigingen-overzicht.docx"):
        with zipfile.ZipFile(folder / name) as package:
            texts |= {f"{name}:{part}": package.read(part).decode("utf-8") for part in package.namelist() if part.endswith(".xml")}
    assert len(texts) > 4
    for name, text in texts.items():
        assert str(root) not in text, name
        assert "/tmp/" not in text, name
    comments = texts[f"{ANW}-v2-wijzigingen.docx:word/comments.xml"]
    assert f"data/gebieden/{ANW}.yaml, regel" in comments


def test_the_overview_prints_as_lawyers_read_it(generated):
    from generator.ooxml.package import read_parts
    from generator.ooxml.parts import related_part

    _, folder = generated
    parts = read_parts((folder / f"{ANW}-v2-wijzigingen-overzicht.docx").read_bytes())
    body = parse_xml(parts["word/document.xml"], "word/document.xml")
    paragraphs = [_words(paragraph_text(p)) for p in body.iter(w("p"))]
    assert paragraphs[0] == "Wijzigingen Amsterdam Nieuw-West, versie 1 → 2"
    assert "UTC" not in " ".join(paragraphs)  # times in Amsterdam
    (table,) = body.iter(w("tbl"))
    rows = list(table.iterchildren(w("tr")))
    assert len(rows) > 2 and all(r.find(f"{w('trPr')}/{w('cantSplit')}") is not None for r in rows[1:])
    cells = [[_words(paragraph_text(p)) for p in c.iter(w("p"))] for r in rows[1:] for c in r.iterchildren(w("tc"))]
    amounts = [c[0] for c in cells if re.fullmatch(r"€ 3\.\d{3}\.\d{3}(,-)?", c[0] if c else "")]
    assert "€ 3.750.000" in amounts and "€ 3.900.000" in amounts, cells
    assert not [c for c in cells if c and re.fullmatch(r"3\.(750|900)\.000(,-)?", c[0])]
    # the coverage statement stays together, after its heading
    after = [p for p in body.iterchildren(w("p")) if p.getprevious() is not None and
             any(t is table for t in p.itersiblings(w("tbl"), preceding=True))]
    assert all(p.find(f"{w('pPr')}/{w('keepNext')}") is not None for p in after[:-1] if paragraph_text(p).strip())
    # page numbers in the footer
    footer = related_part(parts, "footer")
    assert footer and b"PAGE" in parts[footer] and b"NUMPAGES" in parts[footer]


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.libreoffice
def test_libreoffice_shows_every_footnote_of_the_redline_as_its_own(base, tmp_path):
    """LibreOffice's own PDF of the real redline (with its comments): every footnote's text stands in it as often
    as in the PDF of the new version. With comment ids that are also note ids, LibreOffice put one note's text under
    others and left some empty."""
    from generator.ooxml.package import read_parts, zip_bytes

    from . import libreoffice

    source, old_snapshot, old_docx = base
    data = tmp_path / "data"
    shutil.copytree(source, data)
    _apply(data, ("betaalbaar Puur", "prose", "bedrag_per_woning"))
    new_snapshot, new_docx = _version(data)
    marked, _, _, _ = review.explained_redline(read_parts(old_docx), read_parts(new_docx), old_snapshot, new_snapshot, MOMENT)
    assert b"commentReference" in marked["word/document.xml"]
    (tmp_path / "v2.docx").write_bytes(new_docx)
    (tmp_path / "v2-wijzigingen.docx").write_bytes(zip_bytes(marked))
    pdfs = libreoffice.convert_many([tmp_path / "v2.docx", tmp_path / "v2-wijzigingen.docx"], "pdf", tmp_path)
    version, redlined = (_words("".join(libreoffice.pdf_page_texts(p))) for p in pdfs)
    notes = parse_xml(read_parts(new_docx)["word/footnotes.xml"], "word/footnotes.xml")
    openings = [_words(paragraph_text(p))[:40] for n in notes.iterchildren(w("footnote"))
                if int(n.get(w("id"))) > 0 for p in list(n.iter(w("p")))[:1]]
    assert len(openings) >= 3
    for opening in openings:
        assert version.count(opening) >= 1, opening
        assert redlined.count(opening) == version.count(opening), opening


def test_the_lawyers_case_betaalbaar_and_capaciteit_together(generated):
    """The issue's case: betaalbaar of Puur NPLV 9.503 → 9.550 and the capaciteit activity 3.750.000 → 3.900.000."""
    import docx

    _, folder = generated
    summary = (folder / f"{ANW}-v2-wijzigingen.md").read_text(encoding="utf-8").replace("\u00a0", " ")
    # 9.503 + 1.727 = 11.230 → 9.550 + 1.727 = 11.277; excl. 21% btw: 3.750.000 / 1,21 = 3.099.173,55 → 3.099.174,
    # 3.900.000 / 1,21 = 3.223.140,50 (3.223.140,495…) → 3.223.140
    assert "Totaal betaalbare woningen: 11.230 → 11.277" in summary
    assert "€ 3.099.174 → € 3.223.140" in summary
    comments = [" ".join(c.text.replace("\u00a0", " ").split())
                for c in docx.Document(folder / f"{ANW}-v2-wijzigingen.docx").comments]
    totals = [c for c in comments if c.startswith("Totaal rijksbijdrage")]
    assert totals and all("Capaciteit" in c and "betaalbaar" not in c for c in totals), comments
