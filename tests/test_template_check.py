"""`afspraken check-template` and the same check in `generate`: a test per problem, with its message and exit
status; templates as Word and LibreOffice write them (entities, split runs) read as typed."""

from __future__ import annotations

import datetime
import shutil
import sys
import typing

import pytest

from generator import batch
from generator.document import context, agreement as document
from generator.compute import agreement
from generator.errors import TemplateError
from generator.data.load import load_gebied
from generator.ooxml.names import w
from generator.ooxml.package import parse_xml, read_parts
from generator.ooxml.text import story_texts
from generator.document.render import Template
from generator.template_check import check

from . import template_edits as edits
from .conftest import DATA, TEMPLATE


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from generator import cli

    monkeypatch.setattr(sys, "argv", ["afspraken", *args])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return stop.value.code or 0, " ".join(out.split()), " ".join(err.split())


def problems_of(path) -> list[str]:
    return [str(p) for p in check(path).problems]


# ---------------------------------------------------------------- the shipped template

def test_the_shipped_template_is_in_order(monkeypatch, capsys):
    assert not check(TEMPLATE).problems and not check(TEMPLATE).messages
    status, out, _ = run_cli(monkeypatch, capsys, "check-template")
    assert status == 0 and "in orde" in out


def test_the_context_is_its_typed_definition(landelijk):
    """context.build gives exactly the names and attributes context.Context declares, for every gebied:
    the check reads the contract from that definition, so the two may not drift apart."""

    def same(value, annotation, path):
        origin = typing.get_origin(annotation)
        if typing.is_typeddict(annotation):
            hints = typing.get_type_hints(annotation)
            assert isinstance(value, dict) and set(value) == set(hints), (path, set(value) ^ set(hints))
            for key, hint in hints.items():
                same(value[key], hint, f"{path}.{key}")
        elif origin is list:
            assert isinstance(value, list), path
            for item in value:
                same(item, typing.get_args(annotation)[0], f"{path}[]")
        elif origin is typing.Union:
            if value is not None:
                same(value, next(a for a in typing.get_args(annotation) if a is not type(None)), path)
        elif origin is typing.Literal:
            assert value in typing.get_args(annotation), (path, value)
        else:
            assert isinstance(value, annotation), (path, type(value))

    for path in sorted((DATA / "gebieden").glob("*.yaml")):
        gebied = load_gebied(path)[0]
        same(context.build(gebied, agreement(gebied, landelijk), landelijk), context.Context, gebied.slug)


# ---------------------------------------------------------------- one test per problem

def test_misspelled_attribute_named_with_its_tag_and_place(tmp_path, monkeypatch, capsys):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ orv.incl }}", "{{ orv.totaal_inc }}"))
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(path))
    assert status == 2
    assert "hoofdtekst" in err and "{{ orv.totaal_inc }}: «orv» heeft geen «totaal_inc»" in err
    assert "wel: excl, incl, incl_streep, rijen" in err
    assert "1 fout(en) in het sjabloon" in err and "Traceback" not in err


def test_names_used_only_in_some_branch_are_checked(tmp_path):
    # Amsterdam is not illustratief: this branch is never rendered for it, and still checked.
    path = edits.edited(tmp_path / "t.docx",
                        edits.on_text("word/document.xml", "{%p if gebied.illustratief %}", "{%p if gebied.illustratif %}"),
                        edits.on_text("word/header1.xml", "{{ datum }}", "{{ datum_brief }}"),
                        edits.on_text("word/footnotes.xml", "{{ landelijk.prijspeil }}", "{{ landelijk.prijspijl }}"))
    found = problems_of(path)
    assert any(p.startswith("hoofdtekst, alinea «{%p if gebied.illustratif %}»") and "«illustratief»?" in p for p in found)
    assert any(p.startswith("koptekst") and "onbekende naam «datum_brief»" in p for p in found)
    assert any(p.startswith("voetnoot 3, alinea «De Rijksbijdrage voor de maatregelen") and "«prijspeil»?" in p for p in found)
    assert len(found) == 3  # every problem at once


def test_a_loop_variable_has_the_attributes_of_its_rows(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ r.label }}", "{{ r.lable }}"))
    (problem,) = problems_of(path)
    assert "{{ r.lable }}: «r» heeft geen «lable» (bedoeld: «label»?)" in problem


def test_a_choice_that_never_occurs(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", '"opsomming1"', '"opsoming1"'))
    (problem,) = problems_of(path)
    assert 'blok.soort» is nooit "opsoming1"; mogelijk: "alinea", "opsomming1"' in problem


def test_syntax_error_at_the_tag_that_causes_it(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ orv.excl }}", "{{ orv.excl + }}"))
    (problem,) = problems_of(path)
    assert problem.startswith("hoofdtekst, alinea «{{ orv.excl + }}»: {{ orv.excl + }}: Jinja kan deze tag niet lezen")


def test_a_tag_one_brace_short(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ orv.excl }}", "{{ orv.excl }"),
                        edits.on_text("word/document.xml", "{{ orv.incl_streep }}", "{ orv.incl_streep }}"))
    found = problems_of(path)
    assert len(found) == 2
    assert any("{{ orv.excl }: de tag is niet gesloten: «}}» ontbreekt" in p for p in found)
    assert any("alinea «Voor bovenplanse openbare ruimte en collectieve" in p and "{ orv.incl_streep }}: sluit geen tag af: "
               "ontbreekt er een openingsaccolade («{{»)?" in p for p in found)


def test_an_if_without_its_endif_names_the_opening_tag(tmp_path, monkeypatch, capsys):
    path = edits.edited(tmp_path / "t.docx", edits.on_xml("word/document.xml", edits.delete_paragraph("{%p endif %}")))
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(path))
    assert status == 2
    assert "hoofdtekst, alinea «{%p if gebied.illustratief %}»: {%p if gebied.illustratief %}: niet afgesloten: " \
           "«{% endif %}» ontbreekt" in err


def test_an_end_tag_that_closes_the_wrong_block(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{%tr endfor %}", "{%tr endif %}"))
    found = problems_of(path)
    assert any("{%tr endif %}" in p and "niet afgesloten" in p or "past niet bij" in p for p in found), found
    assert any("{%tr for r in woningbouw.rijen %}" in p for p in found), found


def test_a_paragraph_tag_joined_to_a_sentence_quotes_the_sentence(tmp_path, monkeypatch, capsys, data_copy):
    # One press of Delete in Word: "{%p endif %}" joins the sentence above it, which docxtpl would drop.
    path = edits.edited(tmp_path / "t.docx", edits.on_xml("word/document.xml", edits.join_next("De afspraken voor alle NPLV-gebieden samen")))
    status, _, err = run_cli(monkeypatch, capsys, "generate", "--all", "--data", str(data_copy),
                             "--out", str(tmp_path / "out"), "--template", str(path))
    assert status == 2
    assert "hoofdtekst, alinea «De afspraken voor alle NPLV-gebieden samen, tellen op…»: {%p endif %}: deze tag " \
           "vervangt zijn hele alinea; deze tekst zou verdwijnen: «De afspraken voor alle NPLV-gebieden samen, tellen " \
           "op tot {{ landelijk.orv_afspraken }} (incl. btw)." in err
    assert not (tmp_path / "out").exists()


def test_tracked_changes_left_in_the_template(tmp_path, monkeypatch, capsys):
    path = edits.edited(tmp_path / "t.docx", edits.on_xml("word/document.xml", edits.tracked_insertion("Mid-term review")))
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(path))
    assert status == 2
    assert "bijgehouden wijziging (ingevoegd «Mid-term review" in err and "accepteer of weiger eerst" in err


def test_comments_are_listed_and_never_reach_an_agreement(tmp_path, monkeypatch, capsys, amsterdam, landelijk):
    path = edits.edited(tmp_path / "t.docx", edits.add_comment("De afspraken voor alle NPLV-gebieden samen",
                                                               "Intern: nog afstemmen met Financiën"))
    status, out, _ = run_cli(monkeypatch, capsys, "check-template", "--template", str(path))
    assert status == 0
    assert "melding hoofdtekst, alinea «De afspraken voor alle NPLV-gebieden samen, tellen op…»: opmerking van " \
           "Redacteur «Intern: nog afstemmen met Financiën» blijft in het sjabloon en komt niet in de afspraken" in out
    template = Template(path)
    assert [m.text for m in template.messages if "Financiën" in m.text]
    parts = read_parts(document.build(amsterdam, landelijk, template))
    assert not [name for name in parts if "comment" in name]
    everything = b"".join(parts.values())
    assert b"afstemmen met" not in everything and b"comment" not in everything.lower()


def test_a_dotx_gives_plain_docx_output(tmp_path, amsterdam, landelijk):
    dotx = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    path = edits.edited(tmp_path / "t.dotx", edits.main_content_type(dotx))
    template = Template(path)
    assert any(".dotx" in m.text for m in template.messages)
    types = read_parts(document.build(amsterdam, landelijk, template))["[Content_Types].xml"].decode()
    assert "wordprocessingml.document.main+xml" in types and "template.main" not in types


@pytest.mark.parametrize("edit", [
    edits.main_content_type("application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    edits.add_macros,
], ids=["dotm", "vbaProject"])
def test_macros_are_refused(tmp_path, monkeypatch, capsys, edit):
    path = edits.edited(tmp_path / "t.docx", edit)
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(path))
    assert status == 2 and "pakket: het sjabloon bevat macro's" in err and "worden geweigerd" in err


def test_every_problem_at_once(tmp_path):
    path = edits.edited(tmp_path / "t.docx", edits.add_macros,
                        edits.on_text("word/document.xml", "{{ orv.incl }}", "{{ orv.totaal_inc }}"),
                        edits.on_xml("word/document.xml", edits.join_next("De afspraken voor alle NPLV-gebieden samen")),
                        edits.on_xml("word/document.xml", edits.tracked_insertion("Mid-term review")))
    found = problems_of(path)
    assert len(found) == 4, found


# ---------------------------------------------------------------- as Word and LibreOffice write it

def _texts(docx: bytes) -> dict[str, list[str]]:
    return story_texts(read_parts(docx))


def test_libreoffice_quote_entities_are_read_as_quotes(tmp_path, amsterdam, landelijk):
    path = edits.edited(tmp_path / "t.docx", edits.quotes_as_entities)
    assert b"&quot;alinea&quot;" in read_parts(path)["word/document.xml"]
    assert not check(path).problems
    assert _texts(document.build(amsterdam, landelijk, Template(path))) == _texts(document.build(amsterdam, landelijk, Template(TEMPLATE)))


def test_a_tag_split_over_runs_is_read_as_typed(tmp_path, amsterdam, landelijk):
    path = edits.edited(tmp_path / "t.docx",
                        edits.on_xml("word/document.xml", edits.split_tag("{{ orv.incl_streep }}")),
                        edits.on_xml("word/footnotes.xml", edits.split_tag("{{ landelijk.correctie }}")))
    body = parse_xml(read_parts(path)["word/document.xml"])
    assert any(p.find(f".//{w('bookmarkStart')}") is not None and "orv.incl_streep" in "".join(p.itertext())
               for p in body.iter(w("p")))
    template = Template(path)
    split = [m for m in template.messages if "stukken" in m.text]
    assert len(split) == 2 and "{{ orv.incl_streep }} stond in 5 stukken" in str(split[0])
    assert _texts(document.build(amsterdam, landelijk, template)) == _texts(document.build(amsterdam, landelijk, Template(TEMPLATE)))


# ---------------------------------------------------------------- nothing written, however many workers

def test_a_template_error_writes_nothing_on_several_workers(tmp_path, data_copy):
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ wbi.rijksbijdrage }}", "{{ wbi.rijksbijdrag }}"))
    paths = batch.gebied_files(data_copy, [], everything=True)
    with pytest.raises(TemplateError) as error:
        batch.run(data_copy, paths, path, tmp_path / "out", workers=2)
    assert "«wbi» heeft geen «rijksbijdrag»" in str(error.value)
    # Found in the process that compiles the template, and handed over with its location intact.
    (problem,) = error.value.problems
    assert problem.tag == "{{ wbi.rijksbijdrag }}" and error.value.file == path
    assert not (tmp_path / "out").exists()


def test_a_failure_while_rendering_one_gebied_writes_nothing_for_any(tmp_path, data_copy):
    # Passes the check (nothing unknown), fails only when rendered for a gebied with Wbi, in a worker.
    path = edits.edited(tmp_path / "t.docx", edits.on_text("word/document.xml", "{{ wbi.rijksbijdrage }}",
                                                           "{{ wbi.rijksbijdrage ~ (1 // 0) }}"))
    assert not check(path).problems
    paths = batch.gebied_files(data_copy, [], everything=True)
    assert sum("wbi:" in p.read_text(encoding="utf-8") for p in paths) < len(paths)  # some gebieden render fine
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as error:
        batch.run(data_copy, paths, path, out, workers=2)
    assert "fout bij het invullen van het sjabloon" in str(error.value)
    assert not list(out.rglob("*.docx")) and not list(out.rglob("manifest.json"))
    shutil.rmtree(out, ignore_errors=True)


# ---------------------------------------------------------------- the overview's template (issue 28)

OVERVIEW = TEMPLATE.parent / "wijzigingen-overzicht.docx"
OVERVIEW_NAMES = ("titel", "vergelijking", "notities", "wijzigingen", "dekking")  # review/overview_doc.py's context


def test_the_shipped_overview_template_is_checked_against_its_own_contract(monkeypatch, capsys):
    status, out, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(OVERVIEW))
    assert status == 0 and "in orde" in out and "wijzigingenoverzicht" in out, (out, err)
    status, out, _ = run_cli(monkeypatch, capsys, "check-template", "--template", str(OVERVIEW), "--soort", "overzicht")
    assert status == 0 and "in orde" in out
    # Named as the agreement's, its own names are unknown there: the contract really is the one chosen.
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(OVERVIEW), "--soort", "afspraken")
    assert status == 2 and all(f"onbekende naam «{n}»" in err for n in OVERVIEW_NAMES[1:])


def test_the_agreement_template_is_still_told_as_such(monkeypatch, capsys):
    status, out, _ = run_cli(monkeypatch, capsys, "check-template", "--template", str(TEMPLATE))
    assert status == 0 and "in orde" in out and "sjabloon van de afspraken" in out


def test_a_restyled_overview_template_passes_and_renders_with_its_style(monkeypatch, capsys, tmp_path):
    from generator.review import overview_doc

    copy = edits.edited(tmp_path / "overzicht.docx", edits.on_text(
        "word/styles.xml", 'w:ascii="Verdana" w:hAnsi="Verdana"/>', 'w:ascii="Georgia" w:hAnsi="Georgia"/><w:color w:val="1F4E79"/>'),
        source=OVERVIEW)
    status, out, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(copy))
    assert status == 0 and "in orde" in out and "wijzigingenoverzicht" in out, (out, err)
    made = overview_doc.document("Wijzigingen X, versie 1 → 2", "versie 1 met versie 2", [], [], ["alles"],
                                 datetime.date(2026, 1, 1), path=copy)
    styles = read_parts(made)["word/styles.xml"].decode()
    assert 'w:ascii="Georgia"' in styles and 'w:val="1F4E79"' in styles


def test_an_unknown_name_in_the_overview_template_is_named_with_part_and_tag(monkeypatch, capsys, tmp_path):
    copy = edits.edited(tmp_path / "overzicht.docx", edits.on_text(edits.DOCUMENT, "{{ vergelijking }}", "{{ vergelijkingen }}"),
                        source=OVERVIEW)
    status, out, err = run_cli(monkeypatch, capsys, "check-template", "--template", str(copy))
    assert status == 2 and "wijzigingenoverzicht" in out
    assert "hoofdtekst" in err and "{{ vergelijkingen }}: onbekende naam «vergelijkingen» (bedoeld: «vergelijking»?)" in err, err
    assert "onbekende naam «notities»" not in err  # the rest of its names are the overview's


def test_an_unknown_kind_is_refused(monkeypatch, capsys):
    status, _, err = run_cli(monkeypatch, capsys, "check-template", "--soort", "begroting")
    assert status == 2 and "kies afspraken of overzicht" in err


def _restyled(tmp_path):
    return edits.edited(tmp_path / "mijn-overzicht.docx", edits.on_text(
        "word/styles.xml", 'w:ascii="Verdana" w:hAnsi="Verdana"/>', 'w:ascii="Georgia" w:hAnsi="Georgia"/>'),
        source=OVERVIEW)


def _font_of_overview(path) -> str:
    styles = read_parts(path.read_bytes())["word/styles.xml"].decode()
    return "Georgia" if 'w:ascii="Georgia"' in styles else "Verdana" if 'w:ascii="Verdana"' in styles else "?"


def test_generate_and_compare_take_a_restyled_overview_template(data_copy, tmp_path):
    from .cli import afspraken, generate

    out, slug = tmp_path / "out", "amsterdam-nieuw-west"
    copy = _restyled(tmp_path)
    assert generate(data_copy, out, slug).returncode == 0
    path = data_copy / "gebieden" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    woningen: 12475\n" in text
    path.write_text(text.replace("    woningen: 12475\n", "    woningen: 12480\n", 1), encoding="utf-8")
    made = generate(data_copy, out, slug, "--overzicht-sjabloon", str(copy))
    assert made.returncode == 0, made.stderr
    overview = out / slug / f"{slug}-v2-wijzigingen-overzicht.docx"
    assert _font_of_overview(overview) == "Georgia"
    # compare without the option uses the shipped one again (the file nobody changed is written in place) ...
    assert afspraken("compare", slug, "--from", "1", "--to", "2", "--out", str(out)).returncode == 0
    assert _font_of_overview(overview) == "Verdana"
    # ... and with it the restyled one
    assert afspraken("compare", slug, "--from", "1", "--to", "2", "--out", str(out),
                     "--overzicht-sjabloon", str(copy)).returncode == 0
    assert _font_of_overview(overview) == "Georgia"


@pytest.mark.parametrize("command", ["generate", "compare"])
def test_a_broken_overview_template_writes_nothing(data_copy, tmp_path, command):
    from .cli import afspraken, generate

    out, slug = tmp_path / "out", "amsterdam-nieuw-west"
    broken = edits.edited(tmp_path / "kapot-overzicht.docx", edits.on_text(
        edits.DOCUMENT, "{{ vergelijking }}", "{{ vergelijkingen }}"), source=OVERVIEW)
    assert generate(data_copy, out, slug).returncode == 0
    path = data_copy / "gebieden" / f"{slug}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    woningen: 12475\n", "    woningen: 12480\n", 1),
                    encoding="utf-8")
    if command == "compare":
        assert generate(data_copy, out, slug).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".afspraken.lock"}
    args = (["generate", "--data", str(data_copy), "--out", str(out), "--template", str(TEMPLATE), slug]
            if command == "generate" else ["compare", slug, "--from", "1", "--to", "2", "--out", str(out)])
    result = afspraken(*args, "--overzicht-sjabloon", str(broken))
    assert result.returncode == 2, result.stdout + result.stderr
    said = " ".join(result.stderr.split())
    assert str(broken) in said and "«vergelijkingen»" in said, said
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".afspraken.lock"}
    assert after == before, "nothing written"
